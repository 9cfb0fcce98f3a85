"""Chapter "Anatomy of a layer": a = f(Wx + b), with the shapes W (n × m), x (m × 1), b (n × 1),
on the real numbers of the star network's first layer (star_relu, stage 0) for one of its
data points; then the output stage turning scores into probabilities, p = σ(z), for three of
its points (numbers read from the flow's trace).

Render alone:  manim -ql scenes/layer_anatomy.py LayerAnatomy
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circle, FadeIn, FadeOut, MathTex, TransformFromCopy, VGroup, Write

from scenes.kit import FlowScene, caption, text, title
from scenes.kit.anatomy import Piece, equation_row, example_points
from scenes.kit.palette import ACCENT, CURVE, MUTED_TEXT, TEXT
from scenes.kit.panels import Panel
from scenes.kit.plots import curve, dots_at, plot_axes
from scenes.kit.zoo import ZOO, curve_samples


class LayerAnatomy(FlowScene):
    flow_name = "star_relu"
    script_name = "layer-anatomy"
    heading = "Anatomy of a layer"
    affine_index = 0  # the layer shown
    point_index = None  # which data point x is; None: the toss-up point of the output stage
    panel_side, panel_centre = 2.6, (-5.3, 0.9)
    point_radius = 0.022
    score_targets = (-3.0, 0.0, 3.0)

    def construct(self):
        flow = self.load()
        k = self.affine_index
        layer = flow.stages[k]
        act_name = flow.stages[k + 1].name
        scores, probs = flow.trace[-2][:, 0], flow.trace[-1][:, 0]
        chosen = example_points(scores, self.score_targets)
        i = chosen[-1] if self.point_index is None else self.point_index
        x, z, a = flow.trace[k][i], flow.trace[k + 1][i], flow.trace[k + 2][i]
        n, m = layer.W.shape

        heading = title(self.heading)
        general = MathTex(r"a = f(W\,x + b)", color=TEXT, font_size=60).move_to(UP * 1.3)
        shapes = MathTex(r"W:\ n \times m \qquad x:\ m \times 1 \qquad b:\ n \times 1", color=MUTED_TEXT,
                         font_size=38).next_to(general, DOWN, buff=0.5)
        words = text("m inputs, n neurons: each row of W is one neuron's weights", 26, MUTED_TEXT)
        words.next_to(shapes, DOWN, buff=0.4)
        with self.cue("equation") as c:
            self.play(Write(heading), Write(general), run_time=c.fit(1.5))
            self.play(FadeIn(shapes), FadeIn(words), run_time=1.0)
            self.wait(1.0)

        # The real layer: its W, one data point x, its b.
        panel = Panel(float(np.max(np.abs(flow.X))), self.panel_side, self.panel_centre)
        cloud = panel.cloud(flow.X, self.point_colors(flow), self.point_radius)
        ring = Circle(radius=0.12, color=ACCENT, stroke_width=4).move_to(panel.to_scene(x[None])[0])
        W, xp, bp = Piece("W", layer.W), Piece("x", x), Piece("b", layer.b)
        zp, ap = Piece("z", z, color=ACCENT), Piece("a", a, color=ACCENT)
        row = equation_row(W, xp, MathTex("+", color=TEXT), bp, MathTex("=", color=TEXT), zp,
                           MathTex(r"\xrightarrow{\ \mathrm{" + act_name + r"}\ }", color=TEXT), ap)
        row.move_to([1.25, -0.35, 0])
        self.pieces = {"W": W, "x": xp, "b": bp, "z": zp, "a": ap}
        with self.cue("numbers", n=str(n), m=str(m)) as c:
            self.play(FadeOut(VGroup(general, shapes, words)), FadeIn(panel.frame()), FadeIn(cloud), run_time=0.8)
            self.play(FadeIn(ring), FadeIn(W), FadeIn(xp), FadeIn(row[2]), FadeIn(bp), run_time=c.fit(1.5))
            self.wait(1.0)
        with self.cue("pre-activation") as c:
            self.play(FadeIn(row[4]), TransformFromCopy(VGroup(W.body, xp.body, bp.body), zp), run_time=c.fit(1.5))
            self.wait(0.8)
        with self.cue("activation", act=act_name, off=str(int(np.sum(a == 0))), n=str(n)) as c:
            self.play(FadeIn(row[6]), TransformFromCopy(zp, ap), run_time=c.fit(1.5))
            self.wait(1.2)

        # The output stage: scores into probabilities.
        self.play(FadeOut(VGroup(row, ring)), run_time=0.6)
        axes_group = plot_axes((-6.0, 6.0, 2.0), (0.0, 1.0, 0.5), 6.0, 3.2, x_label="z", y_label="p",
                               label_size=32)
        axes_group.move_to([1.6, -0.2, 0])
        axes = axes_group.axes
        sig = ZOO[0]
        zz, pp = curve_samples(sig, -6.0, 6.0)
        s_curve = curve(axes, zz, pp, CURVE, stroke_width=5)
        self.output_curve = (axes, s_curve)
        out_name = MathTex(r"\text{output layer: } p = \sigma(z)", color=TEXT, font_size=36)
        out_name.next_to(axes_group, UP, buff=0.3)
        picked_z, picked_p = scores[chosen], probs[chosen]
        marks = dots_at(axes, picked_z, picked_p, ACCENT, radius=0.08)
        rings = VGroup(*[Circle(radius=0.1, color=ACCENT, stroke_width=3).move_to(panel.to_scene(flow.X[j][None])[0])
                         for j in chosen])
        labels = VGroup()
        for (zj, pj), dot in zip(zip(picked_z, picked_p), marks):
            lab = MathTex(f"z = {zj:.2f} \\ \\to\\ p = {pj:.2f}", color=ACCENT, font_size=28)
            if zj >= 1:  # high on the curve: to its right, under the flat top (left would cross the rise)
                lab.next_to(dot, RIGHT, buff=0.2).shift(DOWN * 0.5)
            elif zj <= -1:  # low on the curve: above its flat tail, clear of the curve and the axis numbers
                lab.next_to(dot, UP, buff=0.35).shift(LEFT * 1.3)
            else:
                lab.next_to(dot, RIGHT, buff=0.2)
            labels.add(lab)
        self.shown_scores = [(float(zj), float(pj)) for zj, pj in zip(picked_z, picked_p)]
        self.score_labels = labels
        with self.cue("output", accuracy=f"{flow.accuracy():.1%}") as c:
            self.play(FadeIn(axes_group), FadeIn(out_name), FadeIn(s_curve), run_time=c.fit(1.2))
            self.play(FadeIn(marks), FadeIn(labels), FadeIn(rings), run_time=1.0)
            self.wait(1.5)
        with self.cue("summary") as c:
            note = caption("every layer: a matrix, a shift, and a bend; the last one turns a score into a probability")
            self.play(FadeIn(note), run_time=c.fit(1.0))
            self.wait(2.0)
