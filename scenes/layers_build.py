"""Chapter "Layers build on layers": what a second hidden layer adds, drawn exactly.

A 2 -> 6 -> 4 -> 1 ReLU net trained on a five-pointed star. Each first-layer neuron is active
on a half-plane: one line. Each second-layer neuron adds up first-layer neurons, so it is
active on a region whose edge is straight inside each cell of those lines and bends where it
crosses one. The output combines those regions into
the star. Every region and segment comes from the weights (scenes/kit/regions.py), neuron by
neuron: small pictures at the right keep each one as it is built.

Render alone:  manim -ql scenes/layers_build.py LayersBuild
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, Create, FadeIn, FadeOut, ReplacementTransform, TransformFromCopy, VGroup, Write

from scenes.kit import FlowScene, caption, text, title
from scenes.kit.palette import ACCENT, GRID_AXIS, MUTED_TEXT
from scenes.kit.panels import Panel
from scenes.kit.regions import network_regions


def pct(value: float) -> str:
    return f"{value:.1%}"


class LayersBuild(FlowScene):
    flow_name = "star_relu"
    script_name = "layers-build"
    heading = "Layers build on layers"
    big_side, big_centre = 5.7, (-3.45, -0.2)
    right_left, right_width = 0.35, 6.5  # the column of small pictures
    point_radius = 0.035
    layer_colors = ("#CC79A7", "#009E73")  # active regions of layer 1, layer 2
    first_run_time = 1.6
    rest_run_time = 0.9

    def construct(self):
        flow = self.flow = self.load()
        idx = flow.affine_indices()
        hidden = [(flow.stages[i].W, flow.stages[i].b) for i in idx[:-1]]
        out = flow.output_affine()
        half = 1.0 * float(np.max(np.abs(flow.X)))
        big = Panel(half, self.big_side, self.big_centre)
        _, units, output = network_regions(hidden, out.W[0], float(out.b[0]), half)
        widths = [len(b) for _, b in hidden]

        heading = title(self.heading)
        cloud = big.cloud(flow.X, self.point_colors(flow), self.point_radius)
        with self.cue("star", points=f"{len(flow.X):,}", h1=str(widths[0]), h2=str(widths[1])) as c:
            self.play(Write(heading), FadeIn(big.frame()), FadeIn(cloud), run_time=c.fit(1.5))
            self.wait(0.5)

        # Layer 1: one line each.
        row1 = self.thumb_row(half, widths[0], y=1.75)
        label1 = text("layer 1: each neuron is a line", 24, MUTED_TEXT).next_to(row1[0].frame(), UP, buff=0.2)
        label1.align_to(row1[0].frame(), LEFT)
        lines_big = VGroup()
        W1, b1 = hidden[0]
        for i in range(widths[0]):
            cue_id = "layer1-first" if i == 0 else "layer1-rest"
            first = i == 0
            with self.cue(cue_id) if i <= 1 else _silent() as c:
                run = (c.fit(self.first_run_time) if c else self.first_run_time) if first else self.rest_run_time
                fill = big.polygons(units[0][i].polygons, self.layer_colors[0], 0.28)
                line = big.segments(units[0][i].boundary, ACCENT, 5)
                adds = [FadeIn(label1), FadeIn(VGroup(*[p.frame() for p in row1]))] if first else []
                self.play(FadeIn(fill), Create(line), *adds, run_time=run)
                self.bring_to_front(cloud)
                small = self.unit_picture(row1[i], units[0][i], self.layer_colors[0])
                thin = big.segments(units[0][i].boundary, GRID_AXIS, 2)
                self.play(TransformFromCopy(VGroup(fill, line), small), FadeOut(fill), ReplacementTransform(line, thin),
                          run_time=0.8 if first else 0.6)
                lines_big.add(thin)

        # Layer 2: regions whose edges bend on those lines.
        row2 = self.thumb_row(half, widths[1], y=-0.45)
        label2 = text("layer 2: each neuron is a region whose edge bends on those lines", 24, MUTED_TEXT)
        fit = min(1.0, self.right_width / label2.width)
        label2.scale(fit).next_to(row2[0].frame(), UP, buff=0.2).align_to(row2[0].frame(), LEFT)
        for j in range(widths[1]):
            first = j == 0
            cue_id = "layer2-first" if first else "layer2-rest"
            with self.cue(cue_id) if j <= 1 else _silent() as c:
                run = (c.fit(self.first_run_time) if c else self.first_run_time) if first else self.rest_run_time
                fill = big.polygons(units[1][j].polygons, self.layer_colors[1], 0.32)
                edge = big.segments(units[1][j].boundary, ACCENT, 5)
                adds = [FadeIn(label2), FadeIn(VGroup(*[p.frame() for p in row2]))] if first else []
                self.play(FadeIn(fill), Create(edge), *adds, run_time=run)
                self.bring_to_front(cloud)
                small = self.unit_picture(row2[j], units[1][j], self.layer_colors[1], lines=units[0])
                self.play(TransformFromCopy(VGroup(fill, edge), small), FadeOut(fill), FadeOut(edge),
                          run_time=0.8 if first else 0.6)

        # The output: the regions combined.
        fill = big.polygons(output.polygons, self.palette[1], 0.3)
        edge = big.segments(output.boundary, ACCENT, 5)
        score = text(f"the output: {pct(flow.accuracy())} right", 28, ACCENT)
        score.move_to([self.right_left + self.right_width / 2, -2.35, 0])
        with self.cue("output", accuracy=pct(flow.accuracy()), pieces=str(len(output.boundary))) as c:
            self.play(FadeIn(fill), Create(edge), lines_big.animate.set_stroke(opacity=0.35), run_time=c.fit(2.0))
            self.bring_to_front(cloud)
            self.play(FadeIn(score), run_time=0.6)
        with self.cue("summary") as c:
            note = caption("lines, then regions bent along those lines, then the star: features of features")
            self.play(FadeIn(note), run_time=c.fit(1.0))
            self.wait(2.0)

    # ---------------------------------------------------------------- drawing helpers

    def thumb_row(self, half: float, count: int, y: float, gap: float = 0.12) -> list[Panel]:
        side = min(1.45, (self.right_width - gap * (count - 1)) / count)
        x0 = self.right_left + side / 2
        return [Panel(half, side, (x0 + k * (side + gap), y)) for k in range(count)]

    def unit_picture(self, panel: Panel, region, color, lines=None) -> VGroup:
        """A small copy of one unit's region: its fill and its edge (over faint first-layer lines)."""
        parts = VGroup()
        if lines is not None:
            parts.add(VGroup(*[panel.segments(u.boundary, GRID_AXIS, 1) for u in lines]).set_stroke(opacity=0.5))
        parts.add(panel.polygons(region.polygons, color, 0.45), panel.segments(region.boundary, ACCENT, 2))
        return parts


class _silent:
    """Stands in for a cue on the quick repeats of a neuron-by-neuron sequence (spoken once, by
    the sequence's cue)."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
