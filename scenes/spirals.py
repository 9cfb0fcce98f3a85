"""Chapter 6 — Unfolding the spirals.

Two spirals that no line separates pass through a tanh network whose hidden layers are all 2
neurons wide, so every layer is itself a plane. Each layer is shown as three smooth steps
(linear map, shift, tanh) acting on the points and on the grid of the plane. After the last
hidden layer the output neuron's line w.h + b = 0 separates the two classes.

Render alone:  manim -ql scenes/spirals.py UnfoldingSpirals
"""

from __future__ import annotations

import numpy as np
from manim import RIGHT, UR, Create, FadeIn, FadeOut, Line, Polygon, VGroup, Write

from scenes.kit import FlowScene, FlowView, Tracked, caption, corner_label, line_in_box, matrix_tex, text, title
from scenes.kit.geometry import box_corners, clip_polygon_halfplane
from scenes.kit.palette import ACCENT, MUTED_TEXT
from scenes.kit.reference import ScaleSquare
from scenes.kit.separability import StageLineFits, line_accuracy


class UnfoldingSpirals(FlowScene):
    flow_name = "spirals"
    script_name = "spirals"
    centre = np.array([0.4, -0.3, 0.0])
    radius = 2.9
    step_run_time = 1.6
    pause = 0.35
    split_affine = True  # show W x (as rotate, stretch, rotate) and + b as separate steps
    scale_reference = True  # the square (-1, 1)², rescaling with the view

    def construct(self):
        flow = self.flow = self.load()
        self.line_fits = StageLineFits(flow.trace, flow.y)  # said in the cue and shown on screen: fit once
        output_stage = flow.affine_indices()[-1]
        view = FlowView(flow, split_affine=self.split_affine, stop_before=output_stage, dims=self.dims)
        player = self.build_player(flow, view, radius=self.radius, centre=self.centre)
        hidden_layers = len(flow.affine_indices()) - 1
        reference = self.add_scale_reference(player) if self.scale_reference else None

        heading = title(self.heading)
        with self.cue("intro", points=f"{len(flow.X):,}", line=f"{line_accuracy(flow.X, flow.y):.1%}"):
            self.play(Write(heading), run_time=1.0)
            intro = caption(self.intro_text(flow))
            shown = [player.grid.mobject, player.cloud.mobject, intro] + ([reference] if reference else [])
            self.play(*[FadeIn(m) for m in shown], run_time=1.2)
        with self.cue("architecture", **self.architecture_values(flow)):
            arch = caption(self.architecture_text(flow))
            self.play(FadeOut(heading), FadeOut(intro), FadeIn(arch), run_time=0.8)

        label = None
        detail = None
        for layer_no in range(1, hidden_layers + 1):
            steps = [s for s in view.steps if self.layer_of(s) == layer_no]
            with self.cue(f"layer-{layer_no}", line=f"{self.line_fits.after(steps[-1].stage):.1%}") as c:
                step_time = c.fit(self.step_run_time * len(steps), 0.85) / len(steps)
                for step in steps:
                    new_label = corner_label(f"layer {layer_no} of {hidden_layers}", self.describe(step, layer_no),
                                             *self.projection_note(view, step), *self.separability_note(step))
                    new_detail = self.detail(flow, step, layer_no)
                    fades = [FadeIn(new_label)] + ([FadeIn(new_detail)] if new_detail is not None else [])
                    fades += [FadeOut(m) for m in (label, detail) if m is not None]
                    self.play(*fades, run_time=0.4)
                    label, detail = new_label, new_detail
                    self.play(player.step(step, run_time=step_time))
                    self.wait(self.pause)

        self.play(*[FadeOut(m) for m in (label, detail, arch) if m is not None], run_time=0.4)
        self.show_separating_line(flow, player)

    def layer_of(self, step) -> int:
        return sum(1 for k in self.flow.affine_indices() if k <= step.stage)

    def add_scale_reference(self, player):
        """The square (-1, 1)², tanh's range, drawn in model units so it rescales with every zoom."""
        square = ScaleSquare(1.0)
        player.add_reference(Tracked(square, square.model_corners, player.view))
        label = text("(-1, 1)²", 20, MUTED_TEXT)
        label.add_updater(lambda m: m.next_to(square.top_right(), UR, buff=0.05))
        return VGroup(square, label)

    def separability_note(self, step) -> list[str]:
        """After a layer's activation: how well the best straight line does on it now."""
        if step.part != "activation" or self.flow.trace[step.stage + 1].shape[1] > 2:
            return []
        return [f"best straight line: {self.line_fits.after(step.stage):.1%}"]

    def architecture_values(self, flow) -> dict:
        hidden = flow.meta["architecture"]["widths"][1:-1]
        return {"layers": str(len(hidden)), "width": str(hidden[0])}

    heading = "Unfolding the spirals"

    def intro_text(self, flow) -> str:
        return f"{len(flow.X):,} points, two spirals: no straight line separates them"

    def architecture_text(self, flow) -> str:
        hidden = flow.meta["architecture"]["widths"][1:-1]
        return (f"a {flow.meta['architecture']['hidden']} network, {len(hidden)} hidden layers, "
                f"each {hidden[0]} wide; a spread penalty in training kept each layer's points spread out")

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
        with self.cue("separate", accuracy=f"{accuracy:.1%}"):
            summary = caption(self.summary_text(accuracy))
            label = corner_label("output neuron", "sigmoid(w·h + b)")
            self.play(*parts, FadeIn(summary), FadeIn(label), run_time=1.5)
            self.wait(1.5)

    def summary_text(self, accuracy: float) -> str:
        return f"the output neuron's line w·h + b = 0 now separates them: {accuracy:.1%} correct"


class Bottleneck(UnfoldingSpirals):
    """Chapter 7 — a wider network whose last hidden layer has 2 neurons: the points arrive
    there linearly separable, and the output is logistic regression on those 2 numbers."""

    flow_name = "bottleneck"
    script_name = "bottleneck"
    heading = "The bottleneck"
    split_affine = False
    scale_reference = False  # ELU is not bounded: no (-1, 1)² to press into

    def architecture_text(self, flow) -> str:
        hidden = flow.meta["architecture"]["widths"][1:-1]
        return f"hidden layers {' → '.join(map(str, hidden))}: the last one has only 2 neurons, so we can look at it"

    def architecture_values(self, flow) -> dict:
        hidden = [str(w) for w in flow.meta["architecture"]["widths"][1:-1]]
        return {"widths": ", ".join(hidden[:-1]) + " and " + hidden[-1]}

    def summary_text(self, accuracy: float) -> str:
        return f"in the 2-neuron layer a line separates them: logistic regression, {accuracy:.1%} correct"
