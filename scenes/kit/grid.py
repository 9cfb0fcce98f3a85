"""A background grid that bends with the data: every line densely sampled, all lines of one
style drawn as subpaths of a single VMobject (one Cairo stroke, not one mobject per line)."""

from __future__ import annotations

import numpy as np
from manim import VGroup, VMobject

from .palette import GRID_AXIS, GRID_LINE


def grid_lines(half_width: float, spacing: float, samples: int = 81) -> tuple[np.ndarray, np.ndarray]:
    """Lines x = c and y = c over the square [-half_width, half_width]^2, in model space.

    Returns (lines (L, samples, 2), is_axis (L,)) where is_axis marks the lines through 0.
    """
    count = int(round(half_width / spacing))
    values = np.arange(-count, count + 1) * spacing
    s = np.linspace(-half_width, half_width, samples)
    vertical = np.stack([np.column_stack([np.full_like(s, v), s]) for v in values])
    horizontal = np.stack([np.column_stack([s, np.full_like(s, v)]) for v in values])
    lines = np.concatenate([vertical, horizontal])
    is_axis = np.abs(np.concatenate([values, values])) < 1e-12
    return lines, is_axis


def polyline_bezier_points(lines: np.ndarray) -> np.ndarray:
    """Cubic Bezier control points (4 per segment) tracing each polyline as straight segments.
    Manim starts a new subpath wherever one curve's end is not the next curve's start."""
    a, b = lines[:, :-1], lines[:, 1:]
    d = b - a
    quads = np.stack([a, a + d / 3.0, a + 2.0 * d / 3.0, b], axis=2)  # (L, m-1, 4, 3)
    return quads.reshape(-1, 3)


class WarpGrid(VGroup):
    """Grid lines given as sample points; ``set_positions`` moves every sample at once."""

    def __init__(self, is_axis: np.ndarray, samples: int, stroke_width: float = 1.5, opacity: float = 0.55):
        super().__init__()
        self.samples = samples
        self.is_axis = np.asarray(is_axis, dtype=bool)
        self.minor = VMobject(stroke_color=GRID_LINE, stroke_width=stroke_width, stroke_opacity=opacity)
        self.axes = VMobject(stroke_color=GRID_AXIS, stroke_width=stroke_width * 1.6, stroke_opacity=min(1.0, opacity + 0.3))
        for part in (self.minor, self.axes):
            part.set_fill(opacity=0)
        self.add(self.minor, self.axes)

    def set_positions(self, points: np.ndarray) -> "WarpGrid":
        lines = np.asarray(points, dtype=float).reshape(len(self.is_axis), self.samples, 3)
        self.minor.points = polyline_bezier_points(lines[~self.is_axis])
        self.axes.points = polyline_bezier_points(lines[self.is_axis])
        return self
