"""A scale reference that rescales with the view: the square (-1, 1)² in model units.

Flat chapters re-frame the points every frame, so without a reference a squash looks like a
zoom. The square is tanh's (and sigmoid's) range: while a tanh squashes, the viewer sees the
points pressed into it; when a linear map spreads them, the square shrinks on screen with the
zoom, so a zoom is never mistaken for the data growing or shrinking.
"""

from __future__ import annotations

import numpy as np
from manim import DashedVMobject, VGroup, VMobject

from .palette import MUTED_TEXT

UNIT_SQUARE = np.array([[-1.0, -1.0, 0.0], [1.0, -1.0, 0.0], [1.0, 1.0, 0.0], [-1.0, 1.0, 0.0]])


class ScaleSquare(VGroup):
    """The square of half-width ``half`` model units, dashed; ``set_positions`` takes its four
    corners in scene units (a Tracked mobject, moved by every step with the view). The view only
    scales and shifts, so the dashes are built once and each frame maps their points."""

    def __init__(self, half: float = 1.0, color=MUTED_TEXT, stroke_width: float = 2.0, dashes: int = 40):
        super().__init__()
        self.half = half
        self.model_corners = half * UNIT_SQUARE
        outline = VMobject(color=color, stroke_width=stroke_width)
        outline.set_points_as_corners([*self.model_corners, self.model_corners[0]])
        self.add(*DashedVMobject(outline, num_dashes=dashes).submobjects)
        self._model_points = [dash.points.copy() for dash in self.submobjects]
        self.corners = self.model_corners.copy()

    def set_positions(self, corners: np.ndarray) -> "ScaleSquare":
        corners = np.asarray(corners, dtype=float)
        scale = (corners[1, 0] - corners[0, 0]) / (2 * self.half)
        centre = (corners[0] + corners[2]) / 2
        for dash, model in zip(self.submobjects, self._model_points):
            dash.points = centre + scale * model
        self.corners = corners
        return self

    def top_right(self) -> np.ndarray:
        return self.corners[2]
