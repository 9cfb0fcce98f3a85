"""Chapter "Layers build on layers": what a second hidden layer adds, drawn exactly.

A 2 -> 6 -> 4 -> 1 ReLU net trained on a five-pointed star. Each first-layer neuron is active
on a half-plane: one line. Each second-layer neuron adds up first-layer neurons, so it is
active on a region whose edge is straight inside each cell of those lines and bends where it
crosses one. The output combines those regions into
the star. Every region and segment comes from the weights (scenes/kit/regions.py), neuron by
neuron: small pictures at the right keep each one as it is built. What the narrator names moves
as it is named: a line slid across the star, a point read across the first neuron's line
(w.x + b, scenes/kit/unit_probe.py), the second neuron's weights, the first-layer lines its edge
bends on, the output's pieces counted, its accuracy as a bar (scenes/kit/line_sweep.py).

Render alone:  manim -ql scenes/layers_build.py LayersBuild
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, FadeOut, GrowFromCenter, Group, Indicate,
                   Integer, LaggedStart, MathTex, ReplacementTransform, ShowPassingFlash, TransformFromCopy,
                   UpdateFromAlphaFunc, ValueTracker, VGroup, Write, always_redraw)

from scenes.kit import FlowScene, caption, text, title
from scenes.kit.palette import ACCENT, BACKGROUND, GRID_AXIS, MUTED_TEXT, TEXT
from scenes.kit.line_sweep import AccuracyBar
from scenes.kit.panels import Panel
from scenes.kit.readout import ReadOut
from scenes.kit.regions import network_regions
from scenes.kit.separability import logistic_line
from scenes.kit.unit_probe import lines_through, probe_path, unit_value


def pct(value: float) -> str:
    return f"{value:.1%}"


def bend_points(segments: list[np.ndarray], half: float, tol: float = 1e-6) -> np.ndarray:
    """Where a region's edge bends: the ends of its straight pieces inside the square (an end on
    the square's border is where the edge leaves the picture, not a bend)."""
    ends = np.unique(np.round(np.concatenate(segments), 9), axis=0) if segments else np.zeros((0, 2))
    return ends[np.max(np.abs(ends), axis=1) < half - tol]


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
        big = self.big = Panel(half, self.big_side, self.big_centre)
        _, units, output = network_regions(hidden, out.W[0], float(out.b[0]), half)
        widths = [len(b) for _, b in hidden]
        blue = flow.y == 1

        heading = title(self.heading)
        row1 = self.thumb_row(half, widths[0], y=1.75)
        row2 = self.thumb_row(half, widths[1], y=-0.45)
        frames1, frames2 = (VGroup(*[p.frame() for p in row]) for row in (row1, row2))
        others = big.cloud(flow.X[~blue], [self.palette[0]] * int(np.sum(~blue)),
                           self.point_radius)
        star = big.cloud(flow.X[blue], [self.palette[1]] * int(np.sum(blue)), self.point_radius)
        cloud = Group(others, star)
        with self.cue("star", points=f"{len(flow.X):,}", h1=str(widths[0]), h2=str(widths[1])) as c:
            self.play(Write(heading), FadeIn(big.frame()), FadeIn(others), run_time=1.0)
            self.wait_until(c.at("star"))
            self.play(FadeIn(star, scale=1.15), run_time=1.2)  # the blue points: the star
            # A straight line slides across the star, its star side shaded: wherever it stands,
            # orange lies on both sides.
            self.wait_until(c.at("line"))
            w, offsets = self.slide = self.sliding_line(flow)
            offset = ValueTracker(offsets[0])
            shade = always_redraw(lambda: big.halfplane(w, offset.get_value(), self.palette[1], 0.22))
            slider = always_redraw(lambda: big.line(w, offset.get_value(), ACCENT, 4))
            self.play(FadeIn(shade), FadeIn(slider), run_time=0.4)
            self.bring_to_front(cloud, slider)
            self.play(offset.animate.set_value(offsets[1]), run_time=c.to("first", self.scene_time(), 1.5))
            shade.clear_updaters()
            slider.clear_updaters()
            self.wait_until(c.at("first"))
            self.play(LaggedStart(*[FadeIn(f, shift=0.2 * DOWN) for f in frames1], lag_ratio=0.25), FadeOut(shade), FadeOut(slider),
                      run_time=1.2)
            self.wait_until(c.at("second"))
            self.play(LaggedStart(*[FadeIn(f, shift=0.2 * DOWN) for f in frames2], lag_ratio=0.25), run_time=1.0)

        # Layer 1: one line each.
        label1 = text("layer 1: each neuron is a line", 24, MUTED_TEXT).next_to(row1[0].frame(), UP, buff=0.2)
        label1.align_to(row1[0].frame(), LEFT)
        lines_big = VGroup()
        W1, b1 = hidden[0]
        with self.cue("layer1-first") as c:
            # A point carried across the neuron's line while w.x + b is read: negative, zero on the
            # line, positive where the neuron is active.
            w0, c0 = W1[0], float(b1[0])
            start, end = self.probe_ends = probe_path(w0, c0, half)
            probe = Dot(big.to_scene(start[None])[0], radius=0.11, color=TEXT, stroke_color=BACKGROUND, stroke_width=2)
            reading = VGroup(MathTex(r"w \cdot x + b =", font_size=40, color=TEXT),
                             ReadOut(unit_value(w0, c0, start), num_decimal_places=2, include_sign=True,
                                     font_size=40, color=MUTED_TEXT)).arrange(RIGHT, buff=0.2)
            reading.move_to([self.right_left + self.right_width / 2, -2.1, 0])
            def read(m):  # the value at the point, in the layer's colour once the neuron is active
                value = float(unit_value(w0, c0, big.to_model(probe.get_center())[0]))
                m.set_value(value).set_color(self.layer_colors[0] if value >= 0 else MUTED_TEXT)
            reading[1].add_updater(read)
            self.wait_until(c.at("active"))
            self.play(FadeIn(probe), FadeIn(reading), run_time=0.5)
            self.play(probe.animate.move_to(big.to_scene(end[None])[0]), run_time=c.to("positive", self.scene_time(), 1.0))
            reading[1].clear_updaters()
            reading[1].set_value(float(unit_value(w0, c0, end)))
            self.probe_read = (float(reading[1].get_value()), probe.get_center().copy())
            self.wait_until(c.at("positive"))
            fill = big.polygons(units[0][0].polygons, self.layer_colors[0], 0.28)
            self.play(FadeIn(fill), FadeIn(label1), run_time=1.0)
            self.bring_to_front(cloud, probe)
            self.wait_until(c.at("line"))
            line = big.segments(units[0][0].boundary, ACCENT, 5)
            self.play(Create(line), run_time=1.0)
            self.play(FadeOut(probe), FadeOut(reading), run_time=0.4)
            lines_big.add(self.to_thumb(big, row1[0], units[0][0], fill, line))
        with self.cue("layer1-rest") as c:
            self.wait_until(c.at("rest"))
            each = max(self.rest_run_time, (c.duration - c.mark("rest")) / (widths[0] - 1) - 0.7)
            for i in range(1, widths[0]):
                fill = big.polygons(units[0][i].polygons, self.layer_colors[0], 0.28)
                line = big.segments(units[0][i].boundary, ACCENT, 5)
                self.play(FadeIn(fill), Create(line), run_time=each)
                self.bring_to_front(cloud)
                lines_big.add(self.to_thumb(big, row1[i], units[0][i], fill, line))

        # Layer 2: regions whose edges bend on those lines.
        label2 = text("layer 2: each neuron is a region whose edge bends on those lines", 24, MUTED_TEXT)
        fit = min(1.0, self.right_width / label2.width)
        label2.scale(fit).next_to(row2[0].frame(), UP, buff=0.2).align_to(row2[0].frame(), LEFT)
        # Shown first: the unit whose edge bends fewest times inside the square (but at least once),
        # the one that shows the bend the narrator names; the others after it, each in its own slot.
        bends_of = [len(bend_points(u.boundary, half)) for u in units[1]]
        first2 = min((j for j in range(widths[1]) if bends_of[j] > 0), key=lambda j: bends_of[j], default=0)
        rest2 = [j for j in range(widths[1]) if j != first2]
        with self.cue("layer2-first") as c:
            self.wait_until(c.at("adds"))
            # the first layer's outputs, each fed to the second-layer neuron
            self.play(LaggedStart(*[Indicate(f, color=ACCENT, scale_factor=1.08) for f in frames1], lag_ratio=0.2),
                      FadeIn(label2), run_time=1.2)
            # each with its own weight: the neuron's row of W2, under the pictures it weighs
            weights = VGroup(*[ReadOut(float(hidden[1][0][first2, i]), num_decimal_places=2, include_sign=True,
                                       font_size=22, color=TEXT).next_to(row1[i].frame(), DOWN, buff=0.1)
                               for i in range(widths[0])])
            self.wait_until(c.at("weight"))
            self.play(LaggedStart(*[FadeIn(n, shift=0.15 * DOWN) for n in weights], lag_ratio=0.25), run_time=1.2)
            self.wait_until(c.at("active"))
            fill = big.polygons(units[1][first2].polygons, self.layer_colors[1], 0.32)
            self.play(FadeIn(fill), run_time=1.0)
            self.bring_to_front(cloud)
            self.wait_until(c.at("straight"))
            edge = big.segments(units[1][first2].boundary, ACCENT, 5)
            self.play(Create(edge), run_time=c.to("meets", self.scene_time(), 1.0))
            # where it bends: on a first-layer line, whose neuron switches there
            bend_at = bend_points(units[1][first2].boundary, half)
            met = sorted({int(i) for ids in lines_through(bend_at, *hidden[0]) for i in ids})
            self.wait_until(c.at("meets"))
            crossed = VGroup(*[big.segments(units[0][i].boundary, self.layer_colors[0], 3) for i in met])
            self.play(LaggedStart(*[Create(m) for m in crossed], lag_ratio=0.3), run_time=1.0)
            self.bring_to_front(edge)
            self.wait_until(c.at("switches"))
            self.play(LaggedStart(*[Indicate(row1[i].frame(), color=self.layer_colors[0], scale_factor=1.12) for i in met],
                                  lag_ratio=0.3), *[Indicate(weights[i], color=ACCENT) for i in met], run_time=1.0)
            self.wait_until(c.at("bends"))
            bends = VGroup(*[Dot(p, radius=0.07, color=TEXT) for p in big.to_scene(bend_at)])
            if len(bends):
                self.play(LaggedStart(*[GrowFromCenter(d) for d in bends], lag_ratio=0.2), run_time=1.0)
                self.play(FadeOut(bends), FadeOut(crossed), FadeOut(weights), run_time=0.4)
            self.to_thumb(big, row2[first2], units[1][first2], fill, edge, lines=units[0], keep=False)
        with self.cue("layer2-rest") as c:
            self.wait_until(c.at("rest"))
            each = max(self.rest_run_time, (c.duration - c.mark("rest")) / max(len(rest2), 1) - 0.7)
            for j in rest2:
                fill = big.polygons(units[1][j].polygons, self.layer_colors[1], 0.32)
                edge = big.segments(units[1][j].boundary, ACCENT, 5)
                self.play(FadeIn(fill), Create(edge), run_time=each)
                self.bring_to_front(cloud)
                self.to_thumb(big, row2[j], units[1][j], fill, edge, lines=units[0], keep=False)

        # The output: the regions combined.
        fill = big.polygons(output.polygons, self.palette[1], 0.3)
        edge = big.segments(output.boundary, ACCENT, 5)
        x_mid = self.right_left + self.right_width / 2
        count = self.count = Integer(0, font_size=34, color=ACCENT)
        counted = VGroup(text("straight pieces:", 26, MUTED_TEXT), count).arrange(RIGHT, buff=0.2).move_to([x_mid, -1.75, 0])
        bar = self.bar = AccuracyBar(ACCENT, 3.6, (x_mid - 1.8, -2.55), digits=0, number_size=30)
        bar_label = text("right", 22, MUTED_TEXT).next_to(bar.track, LEFT, buff=0.15)
        with self.cue("output", accuracy=pct(flow.accuracy()), pieces=str(len(output.boundary))) as c:
            self.wait_until(c.at("combines"))
            self.play(*[TransformFromCopy(f, fill) for f in frames2], lines_big.animate.set_stroke(opacity=0.35),
                      run_time=1.4)
            self.bring_to_front(cloud)
            # its pieces drawn one by one, counted as they are said
            self.wait_until(c.at("made"))
            shown = edge.copy()
            self.play(FadeIn(counted), run_time=0.3)
            self.play(UpdateFromAlphaFunc(VGroup(shown, count), lambda m, a: self.draw_pieces(m[0], edge, m[1], a)),
                      run_time=c.to("traces", self.scene_time(), 0.8))
            self.remove(shown)
            self.add(edge)
            count.set_value(len(edge))
            self.wait_until(c.at("traces"))
            self.play(ShowPassingFlash(edge.copy().set_stroke(TEXT, width=9), time_width=0.5), run_time=1.2)
            self.wait_until(c.at("gets"))
            self.play(FadeIn(bar), FadeIn(bar_label), run_time=0.3)
            share = ValueTracker(0.0)
            bar.add_updater(lambda m: m.set_value(share.get_value()))
            self.play(share.animate.set_value(flow.accuracy()), run_time=c.to("right", self.scene_time(), 0.8))
            bar.clear_updaters()
            bar.set_value(flow.accuracy())
            self.wait_until(c.at("right"))
            self.play(bar.refine(1), run_time=0.5)
            self.play(Indicate(bar.number, color=ACCENT), run_time=0.8)
        with self.cue("summary") as c:
            note = caption("lines, then regions bent along those lines, then the star: features of features")
            self.play(Write(note), run_time=c.to("lines", self.scene_time(), 0.8))
            for mark, group, then in (("lines", frames1, "regions"), ("regions", frames2, "shape")):
                self.wait_until(c.at(mark))
                self.play(LaggedStart(*[Indicate(f, color=ACCENT, scale_factor=1.08) for f in group], lag_ratio=0.2),
                          run_time=min(2.0, c.to(then, self.scene_time(), 1.0)))
            self.wait_until(c.at("shape"))
            self.play(ShowPassingFlash(edge.copy().set_stroke(TEXT, width=9), time_width=0.5),
                      run_time=c.to(None, self.scene_time(), 1.4))

    @staticmethod
    def draw_pieces(shown, pieces, count, alpha: float) -> None:
        """At ``alpha`` of the way, the first alpha * n pieces drawn (the next one partly) and
        ``count`` showing how many are complete."""
        x = alpha * len(pieces)
        for i, (piece, whole) in enumerate(zip(shown, pieces)):
            piece.pointwise_become_partial(whole, 0.0, float(min(max(x - i, 0.0), 1.0)))
        count.set_value(int(np.floor(x + 1e-9)))

    def sliding_line(self, flow) -> tuple[np.ndarray, tuple[float, float]]:
        """The direction of the best logistic line on the input, and the offsets b that carry the
        line w.x + b = 0 across the star, from just past its points on one side to the other."""
        w, _ = logistic_line(flow.X, flow.y)
        w = w / np.linalg.norm(w)
        along = flow.X[flow.y == 1] @ w
        return w, (-float(along.min()) + 0.05, -float(along.max()) - 0.05)

    def to_thumb(self, big: Panel, panel: Panel, region, fill, edge, lines=None, keep: bool = True):
        """The unit's region moves into its small picture; on the big panel its line stays, thin
        (first layer), or goes (second layer). Returns the thin line kept, if any."""
        small = self.unit_picture(panel, region, self.layer_colors[0 if lines is None else 1], lines=lines)
        thin = big.segments(region.boundary, GRID_AXIS, 2) if keep else None
        after = [ReplacementTransform(edge, thin)] if keep else [FadeOut(edge)]
        self.play(TransformFromCopy(VGroup(fill, edge), small), FadeOut(fill), *after, run_time=0.7)
        return thin

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
