"""The base of chapters that lift the data into a 3-D space of hidden units or features and cut
it with the output neuron's plane: caption swaps, and that plane drawn where the points are."""

from __future__ import annotations

import numpy as np
from manim import FadeOut, FadeIn, Polygon

from .base import FlowThreeDScene, caption
from .geometry import plane_in_box
from .palette import ACCENT


class HiddenSpaceScene(FlowThreeDScene):
    """Subclasses set ``self.model_view`` (a View) before drawing the plane."""

    plane_opacity = 0.35

    def swap_caption(self, text: str, *also_out) -> None:
        """Replace the caption at the bottom (and fade out ``also_out``)."""
        new = self.fixed(caption(text))
        outs = [FadeOut(m) for m in (getattr(self, "_caption", None), *also_out) if m is not None]
        self.play(*outs, FadeIn(new), run_time=0.6)
        self._caption = new

    def output_plane(self, flow, hidden: np.ndarray, scale: float) -> Polygon:
        """The output neuron's plane w.a + b = 0, cut to the box of the hidden points (and the origin)."""
        out = flow.output_affine()
        lo = np.minimum(hidden.min(axis=0), 0)
        hi = hidden.max(axis=0)
        poly = plane_in_box(out.W[0], float(out.b[0]), lo, hi)
        return Polygon(*self.model_view.apply(poly), stroke_color=ACCENT, stroke_width=2, fill_color=ACCENT,
                       fill_opacity=self.plane_opacity)
