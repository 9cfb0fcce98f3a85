"""A tiny narrated scene for the narration tests: three cues, a few seconds at -ql."""

from __future__ import annotations

from pathlib import Path

from manim import PI, Circle, Create, Rotate, Scene, Square, Transform

from scenes.kit.narrate import NarrationMixin


class TinyNarrated(NarrationMixin, Scene):
    script_name = "tiny"
    scripts_dir = Path(__file__).parent / "scripts"
    turn_degrees = 90

    def construct(self):
        square = Square()
        with self.cue("square") as c:
            self.play(Create(square), run_time=c.fit(0.5, 0.5))
        with self.cue("turn", angle=f"{self.turn_degrees}") as c:
            self.play(Rotate(square, self.turn_degrees * PI / 180), run_time=c.fit(1.0))
        with self.cue("circle") as c:
            self.play(Transform(square, Circle()), run_time=c.fit(0.5, 0.5))
        self.wait(0.3)
