"""The render qualities, as Manim's -q flags name them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quality:
    name: str
    flag: str  # manim -q flag
    width: int
    height: int
    fps: int


QUALITIES = {
    "low": Quality("low", "l", 854, 480, 15),
    "medium": Quality("medium", "m", 1280, 720, 30),
    "high": Quality("high", "h", 1920, 1080, 60),
    "4k": Quality("4k", "k", 3840, 2160, 60),
}
