"""3-D axes through the origin with a TeX label past each positive end: one builder for every
3-D chapter, varied by an AxesLook, plus the two ways chapters size the axes to their points.

Sizes are in model units (the flow's numbers); the axes are drawn at ``scale`` scene units per
model unit, as ``View(scale)`` draws the points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import Line, MathTex, ThreeDAxes, VGroup

from .animate import View
from .palette import TEXT


@dataclass(frozen=True)
class AxesLook:
    colour: str = TEXT
    stroke_width: float | None = 2  # None keeps Manim's own
    shaded_pieces: int | None = None  # None: flat lines. A number: Manim's ThreeDAxes, shaded in that many pieces
    label_size: float = 40
    label_backing: float | None = None  # opacity of a dark box behind each label, legible over points
    label_gap: float = 0.6  # from an axis's positive end to its label's centre ...
    gap_in_scene_units: bool = False  # ... in model units, or in scene units
    reach: float = 0.9  # model units past each positive end that axis and label take up (for framing)


def whole_unit_box(points: np.ndarray, pad: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) per coordinate: the points' range widened to whole units, the low end to 0 at
    least (the axes go through the origin), then ``pad`` more each side."""
    lo = np.minimum(np.floor(points.min(axis=0)), 0) - pad
    hi = np.ceil(points.max(axis=0)) + pad
    return lo, hi


def input_box(X: np.ndarray) -> np.ndarray:
    """2-D inputs as 3-D points on the floor (z = 0), plus one point as high as the inputs reach:
    what a 3-D axes drawn at the input's size spans (its z axis as long as the others)."""
    floor = np.pad(np.asarray(X, dtype=float), ((0, 0), (0, 1)))
    return np.vstack([floor, [0.0, 0.0, float(np.max(np.abs(X)))]])


def tight_box(points: np.ndarray, lo_pad: float, hi_pad: float) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) per coordinate: the points' range including the origin, just a little longer."""
    lo = np.minimum(points.min(axis=0), 0) - lo_pad
    hi = np.maximum(points.max(axis=0), 0) + hi_pad
    return lo, hi


def axes3d(lo: np.ndarray, hi: np.ndarray, scale: float, names: list[str], look: AxesLook = AxesLook()) -> VGroup:
    """VGroup(axes, labels), also as ``.axes`` and ``.labels``: axis i runs from lo[i] to hi[i]
    through the origin; ``names`` are the labels' TeX. ``.ends`` are scene points the axes and
    labels reach. The labels are meant to be kept upright by the scene (keep_upright)."""
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    view = View(scale)
    if look.shaded_pieces is None:
        stroke = {} if look.stroke_width is None else {"stroke_width": look.stroke_width}
        axes = VGroup(*[Line(*view.apply(np.array([lo[i] * e, hi[i] * e])), color=look.colour, **stroke)
                        for i, e in enumerate(np.eye(3))])
        to_scene = lambda p: view.apply(np.asarray(p)[None])[0]
    else:
        axes = shaded_axes(lo, hi, scale, look)
        to_scene = lambda p: axes.c2p(*p)  # where the shaded axes themselves put the point
    labels = VGroup()
    for i, name in enumerate(names):
        label = MathTex(name, color=TEXT, font_size=look.label_size)
        label.rides_with_points = True  # a tag on the picture's axes, not a caption: points may pass over it
        if look.label_backing is not None:
            label.add_background_rectangle(opacity=look.label_backing)
        if look.gap_in_scene_units:
            label.move_to([scale * hi[i] + look.label_gap if j == i else 0 for j in range(3)])
        else:
            label.move_to(to_scene([hi[j] + look.label_gap if j == i else 0 for j in range(3)]))
        labels.add(label)
    group = VGroup(axes, labels)
    group.axes, group.labels = axes, labels
    group.ends = view.apply(np.vstack([np.diag(lo), np.diag(hi + look.reach)]))
    return group


def shaded_axes(lo: np.ndarray, hi: np.ndarray, scale: float, look: AxesLook) -> ThreeDAxes:
    """Manim's ThreeDAxes without ticks or tips, shifted so model 0 is the scene's origin."""
    ranges = [[lo[i], hi[i], max(1.0, float(np.ceil((hi[i] - lo[i]) / 8)))] for i in range(3)]
    lengths = [(hi[i] - lo[i]) * scale for i in range(3)]
    axis_config = {"color": look.colour, "include_ticks": False, "include_tip": False}
    if look.stroke_width is not None:
        axis_config["stroke_width"] = look.stroke_width
    axes = ThreeDAxes(num_axis_pieces=look.shaded_pieces, x_range=ranges[0], y_range=ranges[1], z_range=ranges[2],
                      x_length=lengths[0], y_length=lengths[1], z_length=lengths[2], axis_config=axis_config,
                      tips=False)
    axes.shift(-axes.c2p(0, 0, 0))
    return axes


def axes_reach(axes: VGroup) -> np.ndarray:
    """Scene points an axes3d group and its labels reach: what must stay in the frame."""
    return np.vstack([axes.ends, *[label.get_center()[None, :] for label in axes.labels]])
