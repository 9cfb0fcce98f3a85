"""A square of the input plane drawn on screen: model coordinates in [-half, half]^2 mapped
to a square of ``side`` scene units at ``centre``. Chapters that put flat pictures side by side
(a neuron's line, a unit's region, small multiples) draw through one of these."""

from __future__ import annotations

import numpy as np
from manim import ImageMobject, Line, Polygon, Square, VGroup, VMobject

from .animate import View
from .geometry import box_corners, clip_polygon_halfplane, line_in_box
from .palette import ACCENT, GRID_LINE
from .pointcloud import DiscCloud


class Panel:
    def __init__(self, half: float, side: float, centre=(0.0, 0.0)):
        self.half = float(half)
        self.side = float(side)
        self.centre = np.array([*centre, 0.0][:3], dtype=float)
        self.view = View(side / (2 * self.half), self.centre)

    def to_scene(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=float)
        return self.view.apply(np.pad(points, ((0, 0), (0, 3 - points.shape[1]))))

    def to_model(self, points: np.ndarray) -> np.ndarray:
        """Scene points (n, 3) back to model coordinates (n, 2): the inverse of to_scene."""
        points = np.atleast_2d(np.asarray(points, dtype=float))
        return (points[:, :2] - self.centre[:2]) / self.view.scale

    def image(self, rgb: np.ndarray) -> ImageMobject:
        """An (n, n, 3) uint8 picture of the square (row 0 at the top), laid exactly over it."""
        picture = ImageMobject(np.asarray(rgb, dtype=np.uint8))
        picture.stretch_to_fit_width(self.side).stretch_to_fit_height(self.side)
        return picture.move_to(self.centre)

    def frame(self, color=GRID_LINE, stroke_width: float = 2.0) -> Square:
        return Square(self.side, color=color, stroke_width=stroke_width).move_to(self.centre)

    def cloud(self, X: np.ndarray, colors: list, radius: float = 0.04) -> DiscCloud:
        return DiscCloud(self.to_scene(X), colors, radius=radius)

    def polygon(self, poly: np.ndarray, color, opacity: float = 0.2, stroke_width: float = 0) -> Polygon:
        return Polygon(*self.to_scene(poly), stroke_width=stroke_width, stroke_color=color, fill_color=color,
                       fill_opacity=opacity)

    def polygons(self, polys: list[np.ndarray], color, opacity: float = 0.2) -> VGroup:
        return VGroup(*[self.polygon(p, color, opacity) for p in polys if len(p) >= 3])

    def halfplane(self, w: np.ndarray, b: float, color, opacity: float = 0.2) -> Polygon | VGroup:
        """The part of the square where w.x + b >= 0."""
        poly = clip_polygon_halfplane(box_corners(self.half), np.asarray(w, dtype=float), float(b))
        return self.polygon(poly, color, opacity) if len(poly) >= 3 else VGroup()

    def line(self, w: np.ndarray, b: float, color=ACCENT, stroke_width: float = 5) -> Line | VGroup:
        """The segment of w.x + b = 0 inside the square (an empty group if it misses)."""
        segment = line_in_box(np.asarray(w, dtype=float), float(b), self.half)
        if segment is None:
            return VGroup()
        a, c = self.to_scene(segment)
        return Line(a, c, color=color, stroke_width=stroke_width)

    def segments(self, segments: list[np.ndarray], color=ACCENT, stroke_width: float = 5) -> VGroup:
        return VGroup(*[Line(*self.to_scene(s), color=color, stroke_width=stroke_width) for s in segments])

    def polyline(self, points: np.ndarray, color=ACCENT, stroke_width: float = 5) -> VMobject:
        return VMobject(color=color, stroke_width=stroke_width).set_points_as_corners(self.to_scene(points))
