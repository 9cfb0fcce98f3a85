"""The plain data the publish folder is built from: a scene as a `Chapter`, the video's title
and summary, and `PublishError`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TITLE = "What hidden layers really do"
SUMMARY = ("Small neural networks, trained for real and drawn stage by stage: every point, line and "
           "number on screen comes from the trained model. One neuron draws a line; when a line is "
           "not enough, hidden layers bend and fold the plane until a straight cut separates the "
           "classes, and ReLU pieces add up to curves.")


class PublishError(RuntimeError):
    """A problem the user can fix; one line."""


@dataclass(frozen=True)
class Chapter:
    """One scene of the joined video, as plain data."""
    id: str
    title: str
    start: float  # in the joined video, seconds
    duration: float
    video: Path  # the scene's own MP4
    cues: list[dict] = field(default_factory=list)  # id, text, start, duration, in scene time
    facts: list[str] = field(default_factory=list)  # one line per model shown

    @property
    def end(self) -> float:
        return self.start + self.duration
