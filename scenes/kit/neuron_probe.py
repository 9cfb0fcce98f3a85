"""Testing points against one neuron: a point's sum z = w.x + b, a straight path that carries a
training point across the neuron's line z = 0 (along w, so z changes at an even rate), the
neuron's weights turned to show that any weights still draw one line, and two small pictures of
the numbers: ``SignBar`` (z as a bar whose length is z and whose side and colour are its sign)
and ``UnitBar`` (an output in [0, 1]: the step's 0 or 1, or the sigmoid's p). numpy plus Manim
shapes; the chapters draw what these return and tests compare it with the flow's predictions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, Line, MathTex, Rectangle, VGroup

from .bars import MIN_WIDTH, drawn_width
from .geometry import box_corners, clip_polygon_halfplane
from .palette import GRID_AXIS, TEXT
from .readout import ReadOut


def z_of(w: np.ndarray, b: float, x: np.ndarray) -> np.ndarray:
    """z = w.x + b for one point (2,) or many (n, 2)."""
    return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + float(b)


@dataclass(frozen=True)
class Crossing:
    index: int  # the training point followed
    start: np.ndarray  # (2,) the point itself, on the side z < 0
    cross: np.ndarray  # (2,) where the path meets z = 0
    end: np.ndarray  # (2,) its mirror image across the line, z as far above 0 as it was below

    def at(self, t: float) -> np.ndarray:
        """The path: start at t = 0, the line at t = 0.5, the end at t = 1 (a straight line)."""
        return self.start + float(t) * (self.end - self.start)


def crossing(w: np.ndarray, b: float, X: np.ndarray, half: float, reach: float = 1.0,
             margin: float = 0.25) -> Crossing:
    """A training point on the side z < 0 to follow, and its path straight across the line along
    w to its mirror image. The point is the one whose distance to the line is nearest ``reach``
    model units (far enough that z is seen to change, near enough that the path is short), among
    those whose path stays ``margin`` inside the box [-half, half]^2."""
    w, X = np.asarray(w, dtype=float), np.asarray(X, dtype=float)
    norm2 = float(w @ w)
    z = z_of(w, b, X)
    best, best_key = None, np.inf
    for n in np.flatnonzero(z < 0):
        cross = X[n] - z[n] / norm2 * w
        end = X[n] - 2 * z[n] / norm2 * w
        if np.any(np.abs(end) > half - margin):
            continue
        key = abs(abs(z[n]) / np.sqrt(norm2) - reach)
        if key < best_key:
            best, best_key = Crossing(int(n), X[n].copy(), cross, end), key
    if best is None:
        raise ValueError("no training point can be carried across the line inside the box")
    return best


def turned(w: np.ndarray, b: float, angle: float, shift: float = 0.0) -> tuple[np.ndarray, float]:
    """Other weights: w turned by ``angle`` radians, its length kept, and b moved by ``shift``
    times |w| (the line slides by ``shift`` model units). Any (w, b) still draws one line."""
    c, s = np.cos(angle), np.sin(angle)
    w = np.asarray(w, dtype=float)
    return np.array([c * w[0] - s * w[1], s * w[0] + c * w[1]]), float(b) + shift * float(np.linalg.norm(w))


def turning(w: np.ndarray, b: float, u: float, slide: float = 0.6) -> tuple[np.ndarray, float]:
    """A full turn of the weights at u in [0, 1]: w goes once round, the line sliding out and back
    by up to ``slide`` model units; at u = 0 and u = 1 these are the neuron's own weights."""
    return turned(w, b, 2 * np.pi * u, slide * np.sin(2 * np.pi * u))


def side_band(w: np.ndarray, b: float, half: float, depth: float) -> np.ndarray:
    """The part of the box [-half, half]^2 where 0 <= w.x + b <= depth: the side the neuron calls
    one, grown out from its line as depth goes from 0 to ``side_depth`` (then it is the whole side).
    For the other side pass -w, -b."""
    w = np.asarray(w, dtype=float)
    poly = clip_polygon_halfplane(box_corners(half), w, float(b))
    return clip_polygon_halfplane(poly, -w, float(depth) - float(b)) if len(poly) >= 3 else poly


def side_depth(w: np.ndarray, b: float, half: float) -> float:
    """The largest z = w.x + b in the box: past this depth the band is the whole side."""
    return float(np.max(z_of(w, b, box_corners(half))))


class SignBar(VGroup):
    """A signed value as a horizontal bar from a zero mark: right and in ``colors[1]`` when it is
    zero or more, left and in ``colors[0]`` when it is below zero; ``unit`` scene units per 1,
    the value printed past the bar's end, a TeX name on the left."""

    def __init__(self, name: str, colors: tuple, unit: float, reach: float, digits: int = 2,
                 font_size: float = 30):
        super().__init__()
        self.unit, self.colors, self.reach = float(unit), tuple(colors), float(reach)
        self.name = MathTex(name, color=TEXT, font_size=font_size)
        self.zero = Line([0, -0.22, 0], [0, 0.22, 0], color=GRID_AXIS, stroke_width=3)
        self.track = Line([-reach, 0, 0], [reach, 0, 0], color=GRID_AXIS, stroke_width=1.5)
        self.name.next_to(self.track, LEFT, buff=0.25)
        self.bar = Rectangle(width=1.0, height=0.26, stroke_width=0, fill_opacity=0.9)
        self.number = ReadOut(0.0, num_decimal_places=digits, font_size=font_size - 4, color=TEXT,
                              include_sign=True)
        self.add(self.track, self.bar, self.zero, self.name, self.number)
        self.set_value(0.0)

    def set_value(self, value: float) -> "SignBar":
        self.value = float(value)
        x0 = self.zero.get_center()
        width = float(np.clip(abs(self.value) * self.unit, MIN_WIDTH, self.reach))
        side = 1.0 if self.value >= 0 else -1.0
        self.bar.stretch_to_fit_width(width).set_fill(self.colors[1] if self.value >= 0 else self.colors[0])
        self.bar.move_to(x0 + np.array([side * width / 2, 0, 0]))
        self.number.set_value(self.value)
        self.number.next_to(self.track, RIGHT, buff=0.2)
        return self

    def drawn(self) -> float:
        """The value as the rectangle shows it: signed width over ``unit``."""
        right_of_zero = self.bar.get_left()[0] >= self.zero.get_center()[0] - 1e-9
        return (1.0 if right_of_zero else -1.0) * drawn_width(self.bar) / self.unit


class UnitBar(VGroup):
    """A value in [0, 1] as a horizontal bar in an outline ``width`` long, coloured by the class it
    is nearer (``colors[0]`` under one half, ``colors[1]`` from one half), the value printed after
    it and a TeX name before it; a tick marks one half."""

    def __init__(self, name: str, colors: tuple, width: float, digits: int = 2, font_size: float = 30,
                 half_tick: bool = True):
        super().__init__()
        self.width_, self.colors = float(width), tuple(colors)
        self.outline = Rectangle(width=width, height=0.26, stroke_color=GRID_AXIS, stroke_width=2)
        self.name = MathTex(name, color=TEXT, font_size=font_size).next_to(self.outline, LEFT, buff=0.25)
        self.bar = Rectangle(width=1.0, height=0.26, stroke_width=0, fill_opacity=0.9)
        self.number = ReadOut(0.0, num_decimal_places=digits, font_size=font_size - 4, color=TEXT)
        self.add(self.outline, self.bar, self.name, self.number)
        if half_tick:
            mid = self.outline.get_center()
            self.tick = Line(mid + 0.22 * DOWN, mid - 0.22 * DOWN, color=TEXT, stroke_width=2)
            self.add(self.tick)
        self.set_value(0.0)

    def set_value(self, value: float) -> "UnitBar":
        self.value = float(np.clip(value, 0.0, 1.0))
        width = max(self.value * self.width_, MIN_WIDTH)
        self.bar.stretch_to_fit_width(width).set_fill(self.colors[1] if self.value >= 0.5 else self.colors[0])
        self.bar.align_to(self.outline, LEFT).match_y(self.outline)
        self.number.set_value(self.value)
        self.number.next_to(self.outline, RIGHT, buff=0.2)
        return self

    def drawn(self) -> float:
        return drawn_width(self.bar) / self.width_
