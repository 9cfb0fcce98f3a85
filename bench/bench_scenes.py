"""Scene variants the render benchmark compares (not part of the story).

    EmptyScene   nothing on screen for BENCH_SECONDS: the floor every render pays (encoding)
    <Chapter>Dots  a chapter drawn the naive way, one Dot per point: the peer baseline
"""

import os

from manim import Scene

from scenes.kit.palette import BACKGROUND
from scenes.spirals import UnfoldingSpirals


class EmptyScene(Scene):
    def construct(self):
        self.camera.background_color = BACKGROUND
        self.wait(float(os.environ.get("BENCH_SECONDS", "10")))


class UnfoldingSpiralsDots(UnfoldingSpirals):
    point_style = "dots"
