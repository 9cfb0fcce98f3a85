"""A small picture of a network's shape: one column of circles per layer (input, hidden layers,
output), as many circles as the layer has neurons, each layer joined to the next by its weights;
and, for the spirals' opening, the arms of two spirals in the order they wind and the best
straight line through the input with the points it puts on the wrong side. numpy + Manim
shapes only; the chapters choreograph them and tests compare them with the model.
"""

from __future__ import annotations

import numpy as np
from manim import RIGHT, UP, Arrow, Circle, Line, VGroup

from .base import text
from .palette import ACCENT, GRID_AXIS, MUTED_TEXT, TEXT
from .separability import logistic_line


class NetworkDiagram(VGroup):
    """``widths`` = [inputs, hidden..., outputs]: column i holds ``widths[i]`` circles, stacked
    ``gap`` apart around ``centre``'s height, columns ``spacing`` apart; ``edges[i]`` joins every
    circle of column i to every circle of column i + 1. ``labels[i]`` is the column's width as a
    number, above it."""

    def __init__(self, widths: list[int], centre=(0.0, 0.0), spacing: float = 0.72, gap: float = 0.5,
                 radius: float = 0.13, max_height: float = 2.6, label_size: float = 26):
        super().__init__()
        self.widths = [int(w) for w in widths]
        gap = min(gap, max_height / max(max(self.widths) - 1, 1))
        radius = min(radius, 0.42 * gap)
        cx, cy = float(centre[0]), float(centre[1])
        xs = cx + spacing * (np.arange(len(self.widths)) - (len(self.widths) - 1) / 2)
        self.columns = VGroup()
        for x, w in zip(xs, self.widths):
            ys = cy + gap * ((w - 1) / 2 - np.arange(w))
            self.columns.add(VGroup(*[Circle(radius, color=TEXT, stroke_width=2.5, fill_color=TEXT, fill_opacity=0.15)
                                      .move_to([x, y, 0]) for y in ys]))
        self.edges = VGroup(*[VGroup(*[Line(a.get_center(), b.get_center(), buff=radius, color=GRID_AXIS,
                                            stroke_width=1.2, stroke_opacity=0.8)
                                       for a in left for b in right])
                              for left, right in zip(self.columns[:-1], self.columns[1:])])
        top = cy + gap * (max(self.widths) - 1) / 2 + radius
        self.labels = VGroup(*[text(str(w), label_size, MUTED_TEXT).move_to([x, top + 0.25, 0])
                               for x, w in zip(xs, self.widths)])
        self.add(self.edges, self.columns, self.labels)

    @property
    def hidden(self) -> list[VGroup]:
        """The hidden layers' columns (every column but the input and the output)."""
        return list(self.columns[1:-1])

    def counts(self) -> list[int]:
        """How many circles each column draws (tests compare it with the model's widths)."""
        return [len(c) for c in self.columns]

    def two_axes(self, index: int, length: float = 0.45, color=ACCENT) -> VGroup:
        """Two short perpendicular arrows under column ``index``: the two directions (a plane) a
        layer wider than two is drawn along."""
        column = self.columns[index]
        corner = np.array([column.get_center()[0] - length / 2, column.get_bottom()[1] - 0.25 - length, 0.0])
        return VGroup(*[Arrow(corner, corner + length * d, buff=0, color=color, stroke_width=3,
                              max_tip_length_to_length_ratio=0.3) for d in (RIGHT, UP)])

    def lit(self, index: int, color=ACCENT) -> VGroup:
        """A copy of column ``index`` in ``color``, filled: the layer being played."""
        return self.columns[index].copy().set_stroke(color).set_fill(color, opacity=0.6)


def arm_order(X: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Indices of class ``k``'s points from the centre outwards (by distance from the data's
    middle): the order an arm of a spiral winds out, so drawing them in this order sweeps the
    arm in from its centre."""
    X = np.asarray(X, dtype=float)
    idx = np.flatnonzero(np.asarray(y) == k)
    r = np.linalg.norm(X[idx] - X.mean(axis=0), axis=1)
    return idx[np.argsort(r, kind="stable")]


def revealed(n: int, order: np.ndarray, t: float) -> np.ndarray:
    """A mask of the ``n`` points with the first ``round(t * len(order))`` of ``order`` shown."""
    mask = np.zeros(n, dtype=bool)
    mask[order[: int(round(np.clip(t, 0.0, 1.0) * len(order)))]] = True
    return mask


def best_line_misses(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """(w, b, wrong): the best straight line w·x + b = 0 through the points (one logistic neuron,
    separability.logistic_line) and a mask of the points on the wrong side of it; the share right
    is 1 - wrong.mean(), the number the chapter says (separability.line_accuracy)."""
    w, b = logistic_line(X, y)
    wrong = (np.asarray(X) @ w + b >= 0) != (np.asarray(y) == 1)
    return w, b, wrong

