"""A share of points right (an accuracy) as a picture: a horizontal bar that fills to the share
while the narrator says the number, with the number printed at its end. ``drawn()`` reads the
share back from the rectangle, so a test checks the picture against the model."""

from __future__ import annotations

import numpy as np
from manim import LEFT, RIGHT, Rectangle, UpdateFromAlphaFunc, VGroup

from .bars import MIN_WIDTH, drawn_width
from .base import text
from .palette import ACCENT, GRID_AXIS


class ScoreBar(VGroup):
    """A frame ``width`` long with a fill from its left end; ``grow(share)`` fills it to ``share``
    and shows ``words`` (the number as the narration says it) beside it."""

    def __init__(self, words: str, width: float = 2.6, height: float = 0.28, colour=ACCENT, left=(-6.6, 2.75),
                 size: float = 26):
        super().__init__()
        self.width_units = float(width)
        self.left = np.array([left[0], left[1], 0.0])
        self.frame = Rectangle(width=width, height=height, stroke_color=GRID_AXIS, stroke_width=2, fill_opacity=0)
        self.frame.move_to(self.left + RIGHT * width / 2)
        self.fill = Rectangle(width=1.0, height=height, stroke_width=0, fill_color=colour, fill_opacity=0.9)
        self.words = text(words, size, colour).next_to(self.frame, RIGHT, buff=0.2)
        self.add(self.frame, self.fill, self.words)
        self.set_share(0.0)

    def set_share(self, share: float) -> "ScoreBar":
        self.share = float(share)
        self.fill.stretch_to_fit_width(max(self.share * self.width_units, MIN_WIDTH))
        self.fill.move_to(self.left, aligned_edge=LEFT)
        self.fill.set_y(self.left[1])
        return self

    def drawn(self) -> float:
        """The share as the rectangle shows it: its width over the frame's."""
        return drawn_width(self.fill) / self.width_units

    def grow(self, share: float, run_time: float = 1.2) -> UpdateFromAlphaFunc:
        """Fill from empty to ``share``, the words fading in with it."""
        def update(bar, alpha):
            bar.set_share(alpha * share)
            bar.words.set_opacity(alpha)

        return UpdateFromAlphaFunc(self, update, run_time=run_time)
