"""Chapter "When a line is not enough" — part 1: one sigmoid neuron on data a line cannot split.

Two single neurons (no hidden layer), each trained to convergence: on the corner (L-shaped)
set the best it can do is one straight boundary; on the circles (a disc inside a ring) a line
is no better than a coin. Every line, shaded side and accuracy is read from the flows.

Render alone:  manim -ql scenes/line_not_enough.py LineNotEnough
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, UP, Create, FadeIn, FadeOut, Write

from scenes.kit import FlowScene, caption, text, title
from scenes.kit.palette import ACCENT, MUTED_TEXT
from scenes.kit.panels import Panel


def pct(value: float) -> str:
    return f"{value:.1%}"


class LineNotEnough(FlowScene):
    script_name = "line-not-enough"
    heading = "When a line is not enough"
    flows = ("corner_line", "circles_line")  # left panel, right panel
    names = ("the corner set", "the circles")
    panel_side = 4.8
    panel_x = 3.45
    point_radius = 0.04
    fill_opacity = 0.16

    def construct(self):
        heading = title(self.heading)
        self.play(Write(heading), run_time=1.0)
        flows = [self.load(name) for name in self.flows]
        panels = [Panel(1.08 * float(np.max(np.abs(f.X))), self.panel_side, (x, 0.05))
                  for f, x in zip(flows, (-self.panel_x, self.panel_x))]
        note = None
        for k, (flow, panel, name) in enumerate(zip(flows, panels, self.names)):
            label = text(f"{name}: {len(flow.X):,} points", 26).next_to(panel.frame(), UP, buff=0.15)
            with self.cue(f"data-{k + 1}", points=f"{len(flow.X):,}") as c:
                cloud = panel.cloud(flow.X, self.point_colors(flow), self.point_radius)
                self.play(FadeIn(panel.frame()), FadeIn(cloud), FadeIn(label), run_time=c.fit(1.2))
            out = flow.output_affine()
            w, b = out.W[0], float(out.b[0])
            fills = [panel.halfplane(w, b, self.palette[1], self.fill_opacity),
                     panel.halfplane(-w, -b, self.palette[0], self.fill_opacity)]
            score = text(f"one neuron: {pct(flow.accuracy())} right", 26, ACCENT).next_to(panel.frame(), DOWN, buff=0.15)
            with self.cue(f"line-{k + 1}", accuracy=pct(flow.accuracy())) as c:
                self.play(*[FadeIn(f) for f in fills], Create(panel.line(w, b)), run_time=c.fit(1.5))
                self.bring_to_front(cloud)
                self.play(FadeIn(score), run_time=0.6)
                self.wait(self.pause * 2)
        with self.cue("not-enough") as c:
            note = caption("a single neuron can only draw a line: it needs new features, or hidden layers")
            self.play(FadeOut(heading), FadeIn(note), run_time=c.fit(1.0))
            self.wait(1.5)
