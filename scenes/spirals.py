"""Chapter 6 — Unfolding the spirals.

Two spirals that no line separates pass through a tanh network whose hidden layers are all 2
neurons wide, so every layer is itself a plane. Each layer is shown as three smooth steps
(linear map, shift, tanh) acting on the points and on the grid of the plane. After the last
hidden layer the output neuron's line w.h + b = 0 separates the two classes.

Render alone:  manim -ql scenes/spirals.py UnfoldingSpirals
"""

from __future__ import annotations

import numpy as np
from manim import RIGHT, Create, FadeIn, FadeOut, Line, Polygon, VGroup, Write

from scenes.kit import FlowScene, FlowView, caption, corner_label, line_in_box, matrix_tex, title
from scenes.kit.geometry import box_corners, clip_polygon_halfplane
from scenes.kit.palette import ACCENT


class UnfoldingSpirals(FlowScene):
    flow_name = "spirals"
    centre = np.array([0.4, -0.3, 0.0])
    radius = 2.9
    step_run_time = 1.6
    pause = 0.35
    split_affine = True  # show W x and + b as separate steps

    def construct(self):
        flow = self.flow = self.load()
        output_stage = flow.affine_indices()[-1]
        view = FlowView(flow, split_affine=self.split_affine, stop_before=output_stage, dims=self.dims)
        player = self.build_player(flow, view, radius=self.radius, centre=self.centre)
        hidden_layers = len(flow.affine_indices()) - 1

        heading = title(self.heading)
        self.play(Write(heading), run_time=1.0)
        intro = caption(self.intro_text(flow))
        self.play(FadeIn(player.grid.mobject), FadeIn(player.cloud.mobject), FadeIn(intro), run_time=1.2)
        self.wait(0.8)
        arch = caption(self.architecture_text(flow))
        self.play(FadeOut(heading), FadeOut(intro), FadeIn(arch), run_time=0.8)

        label = None
        detail = None
        for step in view.steps:
            layer_no = sum(1 for k in flow.affine_indices() if k <= step.stage)
            new_label = corner_label(f"layer {layer_no} of {hidden_layers}", self.describe(step, layer_no),
                                     *self.projection_note(view, step))
            new_detail = self.detail(flow, step, layer_no)
            fades = [FadeIn(new_label)] + ([FadeIn(new_detail)] if new_detail is not None else [])
            if label is not None:
                fades.append(FadeOut(label))
            if detail is not None:
                fades.append(FadeOut(detail))
            self.play(*fades, run_time=0.4)
            label, detail = new_label, new_detail
            self.play(player.step(step, run_time=self.step_run_time))
            self.wait(self.pause)

        self.play(*[FadeOut(m) for m in (label, detail, arch) if m is not None], run_time=0.4)
        self.show_separating_line(flow, player)

    heading = "Unfolding the spirals"

    def intro_text(self, flow) -> str:
        return f"{len(flow.X):,} points, two spirals: no straight line separates them"

    def architecture_text(self, flow) -> str:
        hidden = flow.meta["architecture"]["widths"][1:-1]
        return (f"a {flow.meta['architecture']['hidden']} network, {len(hidden)} hidden layers, "
                f"each {hidden[0]} neurons wide: every layer is a plane")

    def describe(self, step, layer_no: int) -> str:
        if step.phase is not None:  # a square map, played as Olah's rotate, stretch, rotate
            return f"W{layer_no} = U Σ Vᵀ: " + step.label.split(", ", 1)[1]
        name = self.flow.stages[step.stage].name if step.part == "activation" else ""
        return {
            "linear": f"linear map  h = W{layer_no} x",
            "shift": f"shift  h + b{layer_no}",
            "affine": f"affine  W{layer_no} x + b{layer_no}",
            "activation": "tanh, squashing into (-1, 1)" if name == "tanh" else f"{name}, point by point",
        }[step.part]

    @staticmethod
    def projection_note(view, step) -> list[str]:
        """Say so on screen when a layer wider than the plane is drawn through a projection."""
        emb = view.embeddings[step.stage + 1]
        if not emb.is_projection:
            return []
        first, rest = emb.describe().split(" top ", 1)  # two short lines fit the corner label
        return [first, "top " + rest]

    @staticmethod
    def detail(flow, step, layer_no: int):
        stage = flow.stages[step.stage]
        if step.part == "linear":
            m = matrix_tex(f"W_{{{layer_no}}}", stage.W)
        elif step.part == "shift":
            m = matrix_tex(f"b_{{{layer_no}}}", stage.b[:, None])
        else:
            return None
        return m.scale(0.75).to_edge(RIGHT, buff=0.35).shift(1.6 * np.array([0, 1, 0]))

    def show_separating_line(self, flow, player):
        """The output neuron's boundary w.h + b = 0, drawn in the last hidden plane."""
        out = flow.output_affine()
        w, b = out.W[0], float(out.b[0])
        half = 1.08 * self.radius / player.view.scale  # model units visible around the centre
        segment = line_in_box(w, b, half)
        accuracy = flow.accuracy()
        to_screen = lambda p: player.view.apply(np.pad(p, ((0, 0), (0, 1))))
        regions = VGroup()
        for sign, colour in ((-1, self.palette[0]), (1, self.palette[1])):
            poly = clip_polygon_halfplane(box_corners(half), sign * w, sign * b)
            if len(poly) >= 3:
                regions.add(Polygon(*to_screen(poly), stroke_width=0, fill_color=colour, fill_opacity=0.13))
        parts = [FadeIn(regions)]
        if segment is not None:
            ends = to_screen(segment)
            parts.append(Create(Line(ends[0], ends[1], color=ACCENT, stroke_width=5)))
        summary = caption(self.summary_text(accuracy))
        label = corner_label("output neuron", "sigmoid(w·h + b)")
        self.play(*parts, FadeIn(summary), FadeIn(label), run_time=1.5)
        self.wait(2.0)

    def summary_text(self, accuracy: float) -> str:
        return f"the output neuron's line w·h + b = 0 now separates them: {accuracy:.1%} correct"


class Bottleneck(UnfoldingSpirals):
    """Chapter 7 — a wider network whose last hidden layer has 2 neurons: the points arrive
    there linearly separable, and the output is logistic regression on those 2 numbers."""

    flow_name = "bottleneck"
    heading = "The bottleneck"
    split_affine = False

    def architecture_text(self, flow) -> str:
        hidden = flow.meta["architecture"]["widths"][1:-1]
        return f"hidden layers {' → '.join(map(str, hidden))}: the last one has only 2 neurons, so we can look at it"

    def summary_text(self, accuracy: float) -> str:
        return f"in the 2-neuron layer a line separates them: logistic regression, {accuracy:.1%} correct"
