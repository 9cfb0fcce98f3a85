"""Chapter "Anatomy of a layer": a = f(Wx + b), with the shapes W (n × m), x (m × 1), b (n × 1),
on the real numbers of the star network's first layer (star_relu, stage 0) for one of its
data points; then the output stage turning scores into probabilities, p = σ(z), for three of
its points (numbers read from the flow's trace).

Render alone:  manim -ql scenes/layer_anatomy.py LayerAnatomy
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, DashedLine, Dot, FadeIn, FadeOut, MathTex,
                   ReplacementTransform, Transform, TransformFromCopy, UpdateFromAlphaFunc, VGroup, Write)

from scenes.kit import FlowScene, caption, text, title
from scenes.kit.anatomy import Piece, equation_row, example_points
from scenes.kit.bars import ValueBars
from scenes.kit.matrix_rows import row_box, row_boxes, row_glyphs
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
        general = MathTex("a", "=", "f(", "W", r"\,x", "+", "b", ")", color=TEXT, font_size=60).move_to(UP * 1.3)
        shapes = MathTex(r"W:\ n \times m", r"\qquad x:\ m \times 1", r"\qquad b:\ n \times 1", color=MUTED_TEXT,
                         font_size=38).next_to(general, DOWN, buff=0.5)
        words = text("m inputs, n neurons: each row of W is one neuron's weights", 26, MUTED_TEXT)
        words.next_to(shapes, DOWN, buff=0.4)
        self.formula = general
        with self.cue("equation") as c:
            self.play(Write(heading), run_time=c.to("multiplies", self.scene_time(), 1.0))
            # the formula is written term by term as each step is named, then each shape as it is said
            steps = (("multiplies", "adds", general[3:5]), ("adds", "applies", general[5:7]),
                     ("applies", "inputs", VGroup(general[0:3], general[7])))
            for mark, then, part in steps:
                self.wait_until(c.at(mark))
                self.play(Write(part), run_time=min(3.0, c.to(then, self.scene_time(), 0.6)))
            for mark, then, part in (("inputs", "rows", words), ("rows", "column", shapes[0]),
                                     ("column", "bias", shapes[1]), ("bias", None, shapes[2])):
                self.wait_until(c.at(mark))
                self.play(FadeIn(part, shift=0.2 * UP), run_time=min(3.0, c.to(then, self.scene_time(), 0.8)))

        # The real layer: its W, one data point x, its b.
        panel = Panel(float(np.max(np.abs(flow.X))), self.panel_side, self.panel_centre)
        cloud = panel.cloud(flow.X, self.point_colors(flow), self.point_radius)
        at_x = panel.to_scene(x[None])[0]
        ring = Circle(radius=0.12, color=ACCENT, stroke_width=4).move_to(at_x)
        W, xp, bp = Piece("W", layer.W), Piece("x", x), Piece("b", layer.b)
        zp, ap = Piece("z", z, color=ACCENT), Piece("a", a, color=ACCENT)
        row = equation_row(W, xp, MathTex("+", color=TEXT), bp, MathTex("=", color=TEXT), zp,
                           MathTex(r"\xrightarrow{\ \mathrm{" + act_name + r"}\ }", color=TEXT), ap)
        row.move_to([1.25, -0.35, 0])
        self.pieces = {"W": W, "x": xp, "b": bp, "z": zp, "a": ap}
        with self.cue("numbers", n=str(n), m=str(m)) as c:
            self.play(FadeOut(VGroup(general, shapes, words)), run_time=0.8)
            self.play(FadeIn(panel.frame()), FadeIn(cloud), run_time=min(3.0, c.to("neurons", self.scene_time(), 0.8)))
            self.wait_until(c.at("neurons"))  # one row per neuron
            self.play(FadeIn(W.label), FadeIn(W.body, shift=0.3 * DOWN),
                      run_time=min(2.0, c.to("matrix", self.scene_time(), 0.5)))
            self.wait_until(c.at("matrix"))  # n rows, one per neuron, counted down the matrix
            count = row_box(W, 0, ACCENT)
            per_row = min(0.5, c.to("point", self.scene_time(), 0.2 * n) / n)
            self.play(FadeIn(W.shape_label, shift=0.2 * UP), Create(count), run_time=per_row)
            for i in range(1, n):
                self.play(Transform(count, row_box(W, i, ACCENT)), run_time=per_row)
            self.play(FadeOut(count), run_time=min(0.8, c.to("point", self.scene_time(), 0.3)))
            self.wait_until(c.at("point"))  # the ringed point's coordinates become the column x
            self.play(FadeIn(ring), ReplacementTransform(Dot(at_x, radius=0.05, color=ACCENT), xp),
                      run_time=c.to(None, self.scene_time(), 1.2))
        boxes = [row_box(W, i, ACCENT) for i in range(n)]
        with self.cue("pre-activation") as c:
            self.wait_until(c.at("row"))  # neuron by neuron: its row of W
            box = boxes[0].copy()
            per_row = max(0.3, c.to("bias", self.scene_time(), 0.3 * n) / n)
            self.play(Create(box), run_time=per_row)
            for i in range(1, n):
                self.play(Transform(box, boxes[i]), run_time=per_row)
            self.wait_until(c.at("bias"))
            self.play(FadeIn(row[2]), FadeIn(bp, shift=0.3 * DOWN), FadeOut(box),
                      run_time=min(2.0, c.to("z", self.scene_time(), 0.8)))
            self.wait_until(c.at("z"))
            self.play(FadeIn(row[4]), TransformFromCopy(VGroup(W.body, xp.body, bp.body), zp),
                      run_time=c.to(None, self.scene_time(), 1.2))
        off_rows = np.flatnonzero(a == 0)
        self.off_rows = off_rows
        a_boxes = row_boxes(ap, off_rows, ACCENT)
        with self.cue("activation", act=act_name, off=str(int(np.sum(a == 0))), n=str(n)) as c:
            self.wait_until(c.at("activation"))
            self.play(FadeIn(row[6], shift=0.3 * RIGHT), run_time=min(2.0, c.to("each", self.scene_time(), 0.6)))
            self.wait_until(c.at("each"))
            self.play(TransformFromCopy(zp, ap), run_time=c.to("negative", self.scene_time(), 1.0))
            self.wait_until(c.at("negative"))  # the negative pre-activations...
            z_boxes = row_boxes(zp, off_rows, ACCENT)
            self.play(Create(z_boxes), run_time=0.6)
            z_rows, a_rows = row_glyphs(zp), row_glyphs(ap)  # each negative value carried over: it lands as a zero
            landing = [a_rows[i].copy() for i in off_rows]
            self.play(*[ReplacementTransform(z_rows[i].copy(), to) for i, to in zip(off_rows, landing)],
                      run_time=min(2.5, c.to("off", self.scene_time(), 1.0)))
            self.remove(*landing)  # the copies sit exactly on a's own zeros
            self.wait_until(c.at("off"))  # ...are the zeros of a: the neurons that are off
            self.play(TransformFromCopy(z_boxes, a_boxes), run_time=c.to(None, self.scene_time(), 1.0))

        # The output stage: scores into probabilities.
        self.play(FadeOut(VGroup(row, ring, z_boxes, a_boxes)), run_time=0.6)
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
        accuracy = 100.0 * flow.accuracy()
        bar = ValueBars([ACCENT], [r"\%\ \text{right}"], 1.8 / 100.0, origin=(self.panel_centre[0], -2.6),
                        digits=1)
        self.accuracy_bar = (bar, accuracy)
        with self.cue("output", accuracy=f"{flow.accuracy():.1%}") as c:
            self.play(FadeIn(axes_group, shift=0.3 * UP), run_time=min(2.0, c.to("sigmoid", self.scene_time(), 1.0)))
            self.wait_until(c.at("sigmoid"))  # the sigmoid, drawn from low scores to high, and its name
            self.play(Create(s_curve), Write(out_name), run_time=min(2.0, c.to("between", self.scene_time(), 1.2)))
            self.wait_until(c.at("between"))  # the two bounds it never crosses
            # each bound in two pieces, broken where the p axis's "0.0" and "1.0" are printed
            bounds = VGroup(*[DashedLine(axes.c2p(lo, p), axes.c2p(hi, p), color=MUTED_TEXT, stroke_width=2,
                                         dash_length=0.1) for p in (0.0, 1.0) for lo, hi in ((-6.0, -1.1), (0.0, 6.0))])
            self.play(Create(bounds), run_time=min(2.0, c.to("negative", self.scene_time(), 0.8)))
            # each example: ringed in the picture, its score on the z axis, read up to its probability
            for j, (mark, then) in enumerate((("negative", "zero"), ("zero", "large"), ("large", "right"))):
                self.wait_until(c.at(mark))
                rise = min(3.0, c.to(then, self.scene_time(), 1.0))
                start = Dot(axes.c2p(picked_z[j], 0), radius=0.08, color=ACCENT)
                up = DashedLine(axes.c2p(picked_z[j], 0), axes.c2p(picked_z[j], picked_p[j]), color=ACCENT,
                                stroke_width=2, dash_length=0.08)
                # read across to the p axis (at z = 0), unless the point sits on it already
                across = (DashedLine(axes.c2p(picked_z[j], picked_p[j]), axes.c2p(0.0, picked_p[j]), color=ACCENT,
                                     stroke_width=2, dash_length=0.08) if abs(picked_z[j]) > 0.3 else VGroup())
                self.play(FadeIn(rings[j], scale=3.0), ReplacementTransform(start, marks[j]), Create(up),
                          run_time=0.4 * rise)
                self.play(Create(across), FadeIn(labels[j]), run_time=0.4 * rise)
                self.play(FadeOut(up), FadeOut(across), run_time=0.2 * rise)
            self.wait_until(c.at("right"))  # the share of points right, as a bar
            self.play(FadeIn(bar.baseline), FadeIn(bar.labels),
                      UpdateFromAlphaFunc(bar, lambda m, u: m.set_values([u * accuracy])),
                      run_time=min(3.0, c.to(None, self.scene_time(), 1.5)))
        with self.cue("summary") as c:
            note = caption("every layer: a matrix, a shift, and a bend; the last one turns a score into a probability")
            again = general.copy().move_to([1.3, 0.2, 0])
            self.play(FadeOut(VGroup(marks, labels, rings, out_name, axes_group, s_curve, bounds)), FadeIn(note),
                      FadeIn(again, shift=0.3 * UP), run_time=min(2.5, c.to("matrix", self.scene_time(), 1.0)))
            # each part of the formula lights up as it is named
            for mark, then, part in (("matrix", "shift", again[3]), ("shift", "bend", again[5:7]),
                                     ("bend", None, VGroup(again[2], again[7]))):
                self.wait_until(c.at(mark))
                self.play(part.animate.set_color(ACCENT), run_time=min(1.5, c.to(then, self.scene_time(), 0.5)))
