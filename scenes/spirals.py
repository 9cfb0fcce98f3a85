"""Chapter 6 — Unfolding the spirals.

Two spirals that no line separates pass through a tanh network whose hidden layers are all 2
neurons wide, so every layer is itself a plane. Each layer is shown as three smooth steps
(linear map, shift, tanh) acting on the points and on the grid of the plane. After the last
hidden layer the output neuron's line w.h + b = 0 separates the two classes.

Render alone:  manim -ql scenes/spirals.py UnfoldingSpirals
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, RIGHT, UR, Create, FadeIn, FadeOut, Line, Polygon, VGroup, Write, config

from scenes.kit import (AnyFlowMixin, FlowScene, FlowView, Tracked, caption, corner_label, fit_width, line_in_box,
                        matrix_tex, text, title)
from scenes.kit.boundaries import softmax_boundaries, softmax_regions_at
from scenes.kit.fits import (class_count, data_name, hidden_activations, hidden_widths, unfold_hard_to_see,
                             unfold_misfit)
from scenes.kit.geometry import box_corners, clip_polygon_halfplane
from scenes.kit.palette import ACCENT, MUTED_TEXT
from scenes.kit.reference import ScaleSquare
from scenes.kit.separability import StageLineFits, linear_accuracy


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
        with self.cue("intro", **self.intro_values(flow)):
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
            cue_id, values = self.layer_cue(layer_no, hidden_layers, steps[-1].stage)
            with self.cue(cue_id, **values) as c:
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

    def intro_values(self, flow) -> dict:
        return {"points": f"{len(flow.X):,}", "line": f"{linear_accuracy(flow.X, flow.y):.1%}"}

    def layer_cue(self, layer_no: int, hidden_layers: int, last_stage: int) -> tuple[str, dict]:
        """The cue id of a hidden layer's beat, and its values."""
        return f"layer-{layer_no}", {"line": f"{self.line_fits.after(last_stage):.1%}"}

    def layer_of(self, step) -> int:
        return sum(1 for k in self.flow.affine_indices() if k <= step.stage)

    def add_scale_reference(self, player):
        """The square (-1, 1)², tanh's range, drawn in model units so it rescales with every zoom."""
        square = ScaleSquare(1.0)
        player.add_reference(Tracked(square, square.model_corners, player.view))
        label = text("(-1, 1)²", 20, MUTED_TEXT)
        label.add_updater(lambda m: m.next_to(square.top_right(), UR, buff=0.05))
        label.rides_with_points = True  # a tag on the picture, not a caption: the points may pass over it
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
        return [f"{emb.width} neurons, seen along their", f"top 2 axes ({emb.explained:.0%} of variance)"]

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
        cue_id, values = self.separate_cue(flow)
        with self.cue(cue_id, **values):
            summary = caption(self.summary_text(accuracy))
            label = corner_label("output neuron", "sigmoid(w·h + b)")
            self.play(*parts, FadeIn(summary), FadeIn(label), run_time=1.5)
            self.wait(1.5)

    def separate_cue(self, flow) -> tuple[str, dict]:
        return "separate", {"accuracy": f"{flow.accuracy():.1%}"}

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


class GeneralUnfold(AnyFlowMixin, UnfoldingSpirals):
    """The unfolding chapter for any flow that fits (`hidden-layers render unfold --flow mine`):
    a classifier of 2-D points, 2 or more classes, whose last hidden layer is 2 wide. Each
    class in its own colour; wider layers drawn along their top two principal components (said
    on screen); at the end the output layer's regions in the last hidden plane: one line for two
    classes, the k softmax regions for k. Every word comes from the flow (scenes/scripts/unfold.toml)."""

    flow_name = "spirals5"  # the example; a run's --flow replaces it
    script_name = "unfold"
    misfit = staticmethod(unfold_misfit)
    hard_to_see = staticmethod(unfold_hard_to_see)
    # Right of the corner label (up to 5 lines for a projected layer): any flow's points, at
    # any moment, stay in the frame and clear of every word (tests/test_general_chapters.py).
    centre = np.array([1.55, -0.35, 0.0])
    radius = 2.75

    @property
    def heading(self) -> str:
        return f"Through the hidden layers: {data_name(self.flow)}"

    @property
    def scale_reference(self) -> bool:  # the (-1, 1)² square only means something after tanh
        return all(a == "tanh" for a in hidden_activations(self.flow))

    @staticmethod
    def detail(flow, step, layer_no: int):
        """The matrix with its numbers when it is small, a wide one by its shape only; in the
        left column under the corner label, where no point goes (the points keep right of it)."""
        W = flow.stages[step.stage].W
        if step.part not in ("linear", "shift"):
            return None
        if max(W.shape) > 4:
            name = f"W{layer_no}" if step.part == "linear" else f"b{layer_no}"
            shape = f"{W.shape[0]} × {W.shape[1]}" if step.part == "linear" else f"{W.shape[0]} numbers"
            m = text(f"{name}: {shape}", 26)
        else:
            m = UnfoldingSpirals.detail(flow, step, layer_no)
        left_of_points = GeneralUnfold.centre[0] - GeneralUnfold.radius - 0.3 - (-config.frame_width / 2 + 0.4)
        return fit_width(m, left_of_points).to_edge(LEFT, buff=0.4).set_y(-0.9)

    def linear_words(self) -> str:
        return "best straight line" if class_count(self.flow) == 2 else "best linear softmax"

    def intro_values(self, flow) -> dict:
        return {**super().intro_values(flow), "data": data_name(flow), "classes": str(class_count(flow)),
                "linear": self.linear_words()}

    def intro_text(self, flow) -> str:
        return (f"{len(flow.X):,} points of {data_name(flow)}, {class_count(flow)} classes: "
                f"the {self.linear_words()} gets {linear_accuracy(flow.X, flow.y):.1%} right")

    def architecture_values(self, flow) -> dict:
        widths = [str(w) for w in hidden_widths(flow)]
        layers = f"{len(widths)} hidden layer" + ("s" if len(widths) > 1 else "")
        return {"layers": layers, "widths": ", ".join(widths[:-1]) + " and " + widths[-1] if len(widths) > 1 else widths[0],
                "activation": " and ".join(dict.fromkeys(hidden_activations(flow)))}

    def architecture_text(self, flow) -> str:
        widths = hidden_widths(flow)
        note = "each drawn as it is" if max(widths) == 2 else "a wider one along its top 2 principal components"
        return f"hidden layers {' → '.join(map(str, widths))}, {', '.join(dict.fromkeys(hidden_activations(flow)))}: {note}"

    def layer_cue(self, layer_no: int, hidden_layers: int, last_stage: int) -> tuple[str, dict]:
        cue = "last-layer" if layer_no == hidden_layers else "first-layer" if layer_no == 1 else "next-layer"
        return cue, {"number": str(layer_no), "linear": self.linear_words(),
                     "line": f"{self.line_fits.after(last_stage):.1%}"}

    def separability_note(self, step) -> list[str]:
        if step.part != "activation":
            return []
        return [f"{self.linear_words()}: {self.line_fits.after(step.stage):.1%}"]

    def show_separating_line(self, flow, player):
        if class_count(flow) == 2:
            return super().show_separating_line(flow, player)
        self.show_softmax_regions(flow, player)

    def separate_cue(self, flow) -> tuple[str, dict]:
        return "output", self.output_cue(flow)

    def output_cue(self, flow) -> dict:
        k = class_count(flow)
        how = ("the output neuron draws one line in this plane" if k == 2 else
               f"the {k} output neurons and their softmax cut this plane into {k} regions, one per class")
        return {"how": how, "accuracy": f"{flow.accuracy():.1%}"}

    def summary_text(self, accuracy: float) -> str:
        return f"in the last hidden plane one line separates the classes: {accuracy:.1%} correct"

    def show_softmax_regions(self, flow, player):
        """The k softmax regions of the last hidden plane, each in its class's colour, and the
        boundaries between them (where two scores tie above every other)."""
        out = flow.output_affine()
        view = player.view
        centre = -np.asarray(view.centre[:2]) / view.scale  # the model point at the frame's middle
        half = 7.5 / view.scale  # model units: the whole frame
        to_screen = lambda p: view.apply(np.pad(p, ((0, 0), (0, 1))))
        regions = VGroup(*[Polygon(*to_screen(poly), stroke_width=0, fill_color=self.palette[i], fill_opacity=0.16)
                           for i, poly in enumerate(softmax_regions_at(out.W, out.b, centre, half)) if len(poly) >= 3])
        shifted_b = out.W @ centre + out.b
        edges = VGroup(*[Line(*to_screen(e.segment + centre), color=ACCENT, stroke_width=4)
                         for e in softmax_boundaries(out.W, shifted_b, half)])
        k = class_count(flow)
        cue_id, values = self.separate_cue(flow)
        with self.cue(cue_id, **values):
            summary = caption(f"softmax over {k} outputs: {k} regions, one per class; {flow.accuracy():.1%} correct")
            summary.add_background_rectangle(opacity=0.75, buff=0.08)  # boundary lines run under it
            label = corner_label("output layer", "class = argmax(W h + b)")
            self.play(FadeIn(regions), *[Create(e) for e in edges], FadeIn(summary), FadeIn(label), run_time=1.5)
            self.wait(1.5)
