"""A line turned about a point, and how many points it gets right: the maths behind "turn the
line, and the share of points on their own colour's side changes", and a bar that shows that
share as it changes.

A line w.x + b = 0 says class 1 where w.x + b >= 0 (a sigmoid neuron's p >= 0.5). ``turned``
rotates it by an angle about a pivot on it; ``swing`` is a path of such lines from a start angle
back to the trained line (angle 0), eased, so a chapter can turn the line and read each position's
accuracy on the way. ``AccuracyBar`` draws a share in [0, 1] as a horizontal bar with its
percentage; ``drawn()`` reads the share back from the rectangle, so tests check the picture.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, Line, Rectangle, Transform, VGroup

from .bars import MIN_WIDTH, drawn_width
from .base import text
from .palette import GRID_AXIS, TEXT
from .readout import ReadOut


def side_accuracy(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """The share of points on their class's side: class 1 where w.x + b >= 0."""
    return float(np.mean((np.asarray(X) @ np.asarray(w, dtype=float) + float(b) >= 0) == (np.asarray(y) == 1)))


def pivot_on_line(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """The point of the line nearest the data's centre: where the line turns."""
    w = np.asarray(w, dtype=float)
    c = np.asarray(X, dtype=float).mean(axis=0)
    return c - (c @ w + float(b)) / float(w @ w) * w


def turned(w: np.ndarray, b: float, pivot: np.ndarray, angle: float) -> tuple[np.ndarray, float]:
    """The line w.x + b = 0 rotated by ``angle`` (radians, anticlockwise) about ``pivot`` (on it):
    the same |w|, the same side called class 1 (the one w points to)."""
    c, s = np.cos(angle), np.sin(angle)
    w2 = np.array([[c, -s], [s, c]]) @ np.asarray(w, dtype=float)
    return w2, float(-w2 @ np.asarray(pivot, dtype=float))


def eased(t: float) -> float:
    """0 -> 1 with zero speed at both ends (smoothstep)."""
    t = min(max(float(t), 0.0), 1.0)
    return t * t * (3 - 2 * t)


def swing_angle(start: float, t: float) -> float:
    """The angle at time t in [0, 1] of a turn from ``start`` to 0 (the trained line)."""
    return float(start) * (1.0 - eased(t))


def swing_accuracies(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, start: float,
                     samples: int = 721) -> tuple[np.ndarray, np.ndarray]:
    """(angles, accuracies) along the swing, ``samples`` evenly spread angles from start to 0."""
    pivot = pivot_on_line(w, b, X)
    angles = np.linspace(float(start), 0.0, samples)
    return angles, np.array([side_accuracy(X, y, *turned(w, b, pivot, a)) for a in angles])


class AccuracyBar(VGroup):
    """A share in [0, 1] as a bar ``length`` scene units long at 1, left end at ``origin``, with a
    faint track to 100 % and the value printed beyond the bar's end; ``show_mark`` adds a tick at
    ``mark`` (e.g. one half: a coin) with its label under it."""

    def __init__(self, color, length: float = 3.0, origin=(0.0, 0.0), height: float = 0.22, digits: int = 1,
                 number_size: float = 24):
        super().__init__()
        self.length, self.height = float(length), float(height)
        self.origin = np.array([*origin, 0.0][:3], dtype=float)
        self.track = Rectangle(width=self.length, height=height, stroke_color=GRID_AXIS, stroke_width=1.5,
                               fill_opacity=0).move_to(self.origin + [self.length / 2, 0, 0])
        self.bar = Rectangle(width=1.0, height=height, stroke_width=0, fill_color=color, fill_opacity=0.9)
        self.number = ReadOut(0.0, num_decimal_places=digits, unit=r"\%", font_size=number_size, color=color)
        self.add(self.track, self.bar, self.number)
        self.set_value(0.0)

    def set_value(self, share: float) -> "AccuracyBar":
        self.value = float(share)
        w = max(self.value * self.length, MIN_WIDTH)
        self.bar.stretch_to_fit_width(w)
        self.bar.move_to(self.origin + [w / 2, 0, 0])
        self.number.set_value(100 * self.value)
        self.number.next_to(self.track, RIGHT, buff=0.15)
        return self

    def drawn(self) -> float:
        """The share as the rectangle shows it: its width over ``length``."""
        return drawn_width(self.bar) / self.length

    def refine(self, digits: int) -> Transform:
        """The printed value turning into one with ``digits`` decimals (a whole percent while the
        bar moves, the exact share once it stops)."""
        target = self.number.copy()
        target.num_decimal_places = digits
        target.set_value(100 * self.value).next_to(self.track, RIGHT, buff=0.15)
        self.number.num_decimal_places = digits
        return Transform(self.number, target)

    def mark(self, share: float, label: str, size: float = 20) -> VGroup:
        """A tick across the bar at ``share`` with ``label`` under it (not added: the chapter shows it)."""
        x = self.origin[0] + float(share) * self.length
        tick = Line([x, self.origin[1] - self.height, 0], [x, self.origin[1] + self.height, 0], color=TEXT,
                    stroke_width=3)
        words = text(label, size, TEXT).next_to(tick, DOWN, buff=0.08)
        return VGroup(tick, words)
