"""Numbers as bars: a row of vertical bars on one baseline, each printing its value, and a
column of the same values stacked end to end (probabilities adding up to one). Heights are
``value * unit`` scene units; ``drawn()`` reads the values back from the rectangles, so tests
check the picture itself against the model.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, UP, Line, MathTex, Rectangle, VGroup

from .palette import GRID_AXIS, TEXT
from .readout import ReadOut

MIN_HEIGHT = 1e-3  # a rectangle of height zero cannot be stretched back
MIN_WIDTH = 1e-3  # the same for the horizontal bars (a share, a score, a signed value)


def drawn_width(rect) -> float:
    """A horizontal bar's width as drawn, 0.0 for the MIN_WIDTH stand-in of an empty bar."""
    width = float(rect.get_right()[0] - rect.get_left()[0])
    return 0.0 if width <= MIN_WIDTH + 1e-9 else width


class ValueBars(VGroup):
    """``len(colors)`` bars side by side, their bottoms (tops, for negative values) on a baseline
    through ``origin``; each with its TeX label under the baseline and its value beyond its end."""

    def __init__(self, colors: list, labels: list[str], unit: float, origin=(0.0, 0.0), bar_width: float = 0.55,
                 gap: float = 0.3, digits: int = 2, number_size: float = 26, label_size: float = 30,
                 label_drop: float = 0.0):
        super().__init__()
        self.unit, self.colors, self.digits = float(unit), list(colors), digits
        k = len(colors)
        self.origin = np.array([*origin, 0.0][:3], dtype=float)
        span = k * bar_width + (k - 1) * gap
        self.xs = self.origin[0] - span / 2 + bar_width / 2 + np.arange(k) * (bar_width + gap)
        self.bar_width = bar_width
        self.baseline = Line([self.origin[0] - span / 2 - 0.15, self.origin[1], 0],
                             [self.origin[0] + span / 2 + 0.15, self.origin[1], 0], color=GRID_AXIS, stroke_width=2)
        self.bars = VGroup(*[Rectangle(width=bar_width, height=1.0, stroke_width=0, fill_color=c, fill_opacity=0.9)
                             for c in colors])
        self.numbers = VGroup(*[ReadOut(0.0, num_decimal_places=digits, font_size=number_size, color=c)
                                for c in colors])
        self.labels = VGroup(*[MathTex(s, font_size=label_size, color=TEXT) for s in labels])
        for x, label in zip(self.xs, self.labels):
            label.move_to([x, self.origin[1] - 0.3 - label_drop - label.height / 2, 0])
        self.add(self.baseline, self.bars, self.numbers, self.labels)
        self.set_values(np.zeros(k))

    def set_values(self, values: np.ndarray) -> "ValueBars":
        self.values = np.asarray(values, dtype=float).copy()
        for x, v, bar, number in zip(self.xs, self.values, self.bars, self.numbers):
            h = max(abs(v) * self.unit, MIN_HEIGHT)
            bar.stretch_to_fit_height(h)
            bar.move_to([x, self.origin[1] + np.sign(v or 1.0) * h / 2, 0])
            number.set_value(float(v))
            if v >= 0:
                number.next_to(bar, UP, buff=0.1)
            else:  # under a negative bar's end, over its label's column
                number.next_to(bar, DOWN, buff=0.1)
            number.set_x(x)
        return self

    def drawn(self) -> np.ndarray:
        """The values as the rectangles show them: signed height over ``unit``."""
        out = []
        for bar in self.bars:
            top, bottom = bar.get_top()[1], bar.get_bottom()[1]
            h = top - bottom
            sign = 1.0 if bottom >= self.origin[1] - 1e-9 else -1.0
            out.append(0.0 if h <= MIN_HEIGHT + 1e-9 else sign * h / self.unit)
        return np.array(out)

    def bar_left(self) -> float:
        return float(self.xs[0] - self.bar_width / 2)


class StackedColumn(VGroup):
    """One column of ``len(colors)`` pieces stacked from a baseline, piece i ``values[i] * unit``
    high, with a tick and a label at ``total * unit`` (the sum's place: 1 for probabilities)."""

    def __init__(self, colors: list, unit: float, origin=(0.0, 0.0), width: float = 0.55, total: float = 1.0,
                 total_label: str = "1", label_size: float = 30):
        super().__init__()
        self.unit, self.width = float(unit), width
        self.origin = np.array([*origin, 0.0][:3], dtype=float)
        self.pieces = VGroup(*[Rectangle(width=width, height=1.0, stroke_width=0, fill_color=c, fill_opacity=0.9)
                               for c in colors])
        y = self.origin[1] + total * self.unit
        self.tick = Line([self.origin[0] - width / 2 - 0.1, y, 0], [self.origin[0] + width / 2 + 0.1, y, 0],
                         color=TEXT, stroke_width=3)
        self.total_label = MathTex(total_label, font_size=label_size, color=TEXT).next_to(self.tick, UP, buff=0.1)
        self.add(self.pieces, self.tick, self.total_label)
        self.set_values(np.full(len(colors), total / len(colors)))

    def set_values(self, values: np.ndarray) -> "StackedColumn":
        self.values = np.asarray(values, dtype=float).copy()
        bottom = self.origin[1]
        for v, piece in zip(self.values, self.pieces):
            h = max(v * self.unit, MIN_HEIGHT)
            piece.stretch_to_fit_height(h)
            piece.move_to([self.origin[0], bottom + h / 2, 0])
            bottom += h
        return self

    def drawn(self) -> np.ndarray:
        """Each piece's height over ``unit``."""
        return np.array([(p.get_top()[1] - p.get_bottom()[1]) / self.unit for p in self.pieces])

    def top(self) -> float:
        """Where the stack ends, in the column's units (the sum it shows)."""
        return float((self.pieces[-1].get_top()[1] - self.origin[1]) / self.unit)


def log_bars(values: np.ndarray, floor: float, height: float) -> np.ndarray:
    """Bar heights (scene units) of positive values on a log axis: ``floor`` at 0, 1 at ``height``."""
    values = np.asarray(values, dtype=float)
    return height * (np.log10(values) - np.log10(floor)) / (0 - np.log10(floor))

