"""Mobjects for the learning sections: a share-of-points bar and a loss curve over log-spaced
training steps (the numbers as pictures, never as lists). Positions come from scenes/kit/learning.py."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, MathTex, Rectangle, VGroup, VMobject

from .base import text
from .learning import curve_until, log_step_axis
from .palette import ACCENT, GRID_AXIS, TEXT
from .plots import NUMBER_SIZE, axis_range, plot_axes, to_scene


class ShareBar(VGroup):
    """A horizontal bar filled to a share in [0, 1], with a caption and the share in per cent."""

    def __init__(self, caption: str, share: float, width: float = 3.0, height: float = 0.3, color=ACCENT):
        super().__init__()
        self.bar_width, self.color = width, color
        self.outline = Rectangle(width=width, height=height, stroke_color=GRID_AXIS, stroke_width=2)
        self.fill = Rectangle(width=width, height=height, stroke_width=0, fill_color=color, fill_opacity=0.85)
        self.caption = text(caption, 24, TEXT).next_to(self.outline, UP, buff=0.1, aligned_edge=LEFT)
        self.value = text("", 24, color)
        self.add(self.outline, self.fill, self.caption, self.value)
        self.set_share(share)

    def set_share(self, share: float) -> "ShareBar":
        self.share = float(np.clip(share, 0.0, 1.0))
        width = max(self.share, 1e-3) * self.bar_width
        self.fill.stretch_to_fit_width(width).align_to(self.outline, LEFT).match_y(self.outline)
        printed = f"{self.share:.0%}"
        if printed != getattr(self, "printed", None):  # a new Text only when the per cent changes
            self.printed = printed
            self.value.become(text(printed, 24, self.color))
        self.value.next_to(self.outline, RIGHT, buff=0.15)
        return self


class LossPlot(VGroup):
    """The loss at every checkpoint against log10(1 + step), drawn up to a checkpoint time u
    (``set_time``), with a dot at its head and the step reached printed beside it."""

    def __init__(self, steps: np.ndarray, loss: np.ndarray, width: float = 4.6, height: float = 1.5,
                 color=ACCENT):
        super().__init__()
        self.steps, self.loss, self.color = np.asarray(steps), np.asarray(loss, dtype=float), color
        self.x = log_step_axis(self.steps)
        lo, hi, step = axis_range(self.loss, max_ticks=3)
        top = float(np.ceil(self.x[-1] * 10) / 10)
        group = plot_axes((0.0, top, top), (lo, hi, step), width, height, r"\text{step}", r"\text{loss}",
                          label_size=28, x_numbers=False)
        self.axes = group.axes
        ticks = [s for s in (0, 10, 100, 1000, 10000) if s <= self.steps[-1]]
        bottom = self.axes.c2p(0, lo)[1]
        for s in ticks:
            label = MathTex(str(s), color=TEXT, font_size=NUMBER_SIZE)
            label.move_to([self.axes.c2p(log_step_axis(s), lo)[0], bottom - 0.12 - label.height / 2, 0])
            group.add(label)
        self.frame_group = group
        self.curve = VMobject(color=color, stroke_width=4)
        self.head = Dot(radius=0.07, color=color)
        self.add(group, self.curve, self.head)
        self.set_time(0.0)

    def head_point(self, u: float) -> np.ndarray:
        """(x, loss) of the curve's head at checkpoint time u (scenes/kit/learning.curve_until)."""
        return curve_until(self.x, self.loss, u)[-1]

    def set_time(self, u: float) -> "LossPlot":
        self.u = float(u)
        points = curve_until(self.x, self.loss, u)
        scene = to_scene(self.axes, points[:, 0], points[:, 1])
        if len(scene) == 1:
            scene = np.vstack([scene, scene])
        self.curve.set_points_as_corners(scene)
        self.head.move_to(scene[-1])
        return self
