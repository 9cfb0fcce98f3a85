"""Chapter 6 — Unfolding the spirals.

Two spirals that no line separates pass through a tanh network whose hidden layers are all 2
neurons wide, so every layer is itself a plane. Each layer is shown as three smooth steps
(linear map, shift, tanh) acting on the points and on the grid of the plane. After the last
hidden layer the output neuron's line w.h + b = 0 separates the two classes.

Then the same network learns (issue #15): its training replayed from 100 log-spaced checkpoints
(assets/flows/history/spirals.npz), the last hidden plane, its grid and the output line moving
from checkpoint to checkpoint while the loss curve falls and a bar of points right fills. It is a
section of this chapter, not a chapter after it: the chapter ends on exactly the picture training
arrives at (the last hidden plane, cut by the output line), so the replay needs no new setup and
ends where the viewer already is; a chapter of its own would have to build that picture again.

Render alone:  manim -ql scenes/spirals.py UnfoldingSpirals
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, UR, Create, FadeIn, FadeOut, Indicate, Line, Mobject, Polygon, Square,
                   ValueTracker, VGroup, Write, config, linear, there_and_back)

from scenes.kit import (AnyFlowMixin, FlowScene, FlowView, Tracked, View, caption, corner_label, fit_width,
                        line_in_box, matrix_tex, text, title)
from scenes.kit.boundaries import softmax_boundaries, softmax_regions_at
from scenes.kit.fits import (class_count, data_name, hidden_activations, hidden_widths, unfold_hard_to_see,
                             unfold_misfit)
from scenes.kit.geometry import box_corners, clip_polygon_halfplane, segment_in_polygon
from scenes.kit.learn_view import LossPlot, ShareBar
from scenes.kit.learning import checkpoint_framing, framing_at, layer_between, output_line_between, value_at
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
        reference = self.reference = self.add_scale_reference(player) if self.scale_reference else None

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
        if self.watch_it_learn:
            self.learn(flow, player)

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
        self.separating_words = [summary, label]
        self.separating_sides = [regions] + [p.mobject for p in parts[1:]]  # and the line

    # ---------------------------------------------------------------- watching it learn

    watch_it_learn = True  # the spirals network's training replayed after the unfolding (its history)
    learn_centre = np.array([-2.75, -0.3, 0.0])  # the last hidden plane moves left: the gauges go right
    learn_half = 2.85  # scene units from the centre to the edge of the picture
    learn_run_min = 12.0  # the training run plays at least this long

    def learn(self, flow, player):
        """Training replayed from the history: a checkpoint time u runs over the 100 log-spaced
        checkpoints evenly in time. Each frame passes the 1,000 points (and the grid) from the input
        through the network at u to the last hidden layer, and draws the output neuron's line and
        sides there. Between checkpoints the weights are interpolated, not the points
        (History.stages_between): every frame is then a real network's picture and its line really
        is that network's boundary, while straight-line points would be no network's. At a whole
        u the frame is exactly checkpoint u's replay, and the loss curve's head and the bar are
        that checkpoint's loss and share of points right.

        The untrained network packs the points onto a needle a few hundredths long, so the view
        frames each checkpoint's points (scenes/kit/learning.checkpoint_framing: zoomed in on the
        needle, widening as training spreads them). The grid and the dashed square, far outside
        the frame when zoomed in, are faded out meanwhile; a small (-1, 1)² square beside the
        gauges shows which part of it the picture shows, so the zoom is seen, not hidden."""
        history = self.history = self.load_history(flow)
        last = len(history) - 1
        hidden = flow.affine_indices()[-1]  # trace index of the last hidden layer
        embed = player.flow_view.embeddings[hidden]
        grid_x = player.grid_trace[0]
        u = self.learn_time = ValueTracker(float(last))
        blend = ValueTracker(0.0)  # 0: the chapter's framing, 1: the learning layout
        start_view = player.view
        mids, scales = checkpoint_framing([history.replay(flow, c)[hidden] for c in range(len(history))])

        def view_now() -> View:
            mid, scale = framing_at(mids, scales, u.get_value())
            scale *= self.learn_half
            end_centre = self.learn_centre - scale * np.pad(mid, (0, 1))
            s = blend.get_value()
            return View((1 - s) * start_view.scale + s * scale, (1 - s) * np.asarray(start_view.centre) + s * end_centre)

        def redraw_points(_=None) -> None:
            view, t = view_now(), u.get_value()
            player.cloud.show(embed(layer_between(history, flow, t, flow.X, hidden)), view)
            player.grid.show(embed(layer_between(history, flow, t, grid_x, hidden)), view)
            for ref in player.references:
                ref.show(ref.model_points, view)

        def sides_now() -> VGroup:
            """The output neuron's two sides and line, inside the picture's square: at first the
            chapter's box (show_separating_line), then the learning picture's, whatever the zoom."""
            w, b = output_line_between(history, flow, u.get_value())
            view, s = view_now(), blend.get_value()
            screen_centre = (1 - s) * self.centre + s * self.learn_centre
            screen_half = (1 - s) * 1.08 * self.radius + s * self.learn_half
            box = box_corners(screen_half / view.scale) + (screen_centre - view.centre)[:2] / view.scale
            to_screen = lambda p: view.apply(np.pad(p, ((0, 0), (0, 1))))
            # always the same three parts, an empty one drawn invisible at one point, so that
            # `become` redraws them in place frame after frame
            parts = []
            for sign, colour in ((-1, self.palette[0]), (1, self.palette[1])):
                poly = clip_polygon_halfplane(box, sign * w, sign * b)
                shown = len(poly) >= 3
                corners = to_screen(poly) if shown else np.repeat(to_screen(box[:1]), 3, axis=0)
                parts.append(Polygon(*corners, stroke_width=0, fill_color=colour, fill_opacity=0.13 if shown else 0.0))
            segment = self.learn_segment = segment_in_polygon(box, w, b)
            ends = to_screen(segment) if segment is not None else np.repeat(to_screen(box[:1]), 2, axis=0)
            parts.append(Line(*ends, color=ACCENT, stroke_width=5, stroke_opacity=1.0 if segment is not None else 0.0))
            return VGroup(*parts)

        self.learn_redraw, self.learn_player, self.learn_view = redraw_points, player, view_now  # for the tests
        driver = Mobject().add_updater(redraw_points)
        sides = self.learn_sides = sides_now().add_updater(lambda m: m.become(sides_now()))
        plot = self.loss_plot = LossPlot(history.steps, history.loss, width=4.5, height=1.9)
        plot.move_to([3.95, 1.2, 0])
        bar = self.accuracy_bar = ShareBar("points right", history.accuracy[last], width=3.8)
        bar.next_to(plot, DOWN, buff=0.8).align_to(plot, LEFT)
        plot.add_updater(lambda m: m.set_time(u.get_value()))
        bar.add_updater(lambda m: m.set_share(value_at(history.accuracy, u.get_value())))
        heading = fit_width(text("training, seen in the last hidden layer", 28), 5.3)
        heading.next_to(plot, UP, buff=0.45).align_to(plot, LEFT)
        # Where the picture is: the (-1, 1)² square small, and the part of it in view (the zoom as a picture)
        mini_half = 0.62
        mini = Square(2 * mini_half, stroke_color=MUTED_TEXT, stroke_width=2)
        mini.next_to(bar, DOWN, buff=0.55).align_to(bar, LEFT)
        mini_centre = mini.get_center()

        def in_view_now() -> Polygon:
            view, s = view_now(), blend.get_value()
            mid = (self.learn_centre - view.centre)[:2] / view.scale
            box = np.clip(box_corners(self.learn_half / view.scale) + mid, -1.0, 1.0)
            return Polygon(*(mini_centre + mini_half * np.pad(box, ((0, 0), (0, 1)))), stroke_color=ACCENT,
                           stroke_width=3, fill_color=ACCENT, fill_opacity=0.25)

        in_view = in_view_now().add_updater(lambda m: m.become(in_view_now()))
        mini_label = VGroup(text("(-1, 1)², and the part", 20, MUTED_TEXT), text("the picture shows", 20, ACCENT))
        mini_label.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(mini, RIGHT, buff=0.25)
        minimap = VGroup(mini, mini_label)

        with self.cue("learn") as c:
            self.add(driver)
            self.remove(*self.separating_sides)  # the same sides and line, now redrawn from the history
            self.add(sides)
            self.bring_to_front(player.cloud.mobject)
            self.play(*[FadeOut(m) for m in self.separating_words], run_time=0.8)
            self.wait_until(c.at("rewind"))
            zoomed_out = [player.grid.mobject] + ([self.reference] if self.reference is not None else [])
            self.play(u.animate.set_value(0.0), blend.animate.set_value(1.0), FadeIn(heading),
                      *[FadeOut(m) for m in zoomed_out], run_time=2.5)  # zoomed in, they would cross the gauges
            self.wait_until(c.at("class"))  # one side holds every point: that side lights up
            sides.suspend_updating()  # u holds still; its redraw would repaint the flash away
            self.play(*[part.animate(rate_func=there_and_back).set_fill(opacity=0.45) for part in sides[:2]],
                      run_time=1.2)
            sides.resume_updating()
            self.wait_until(c.at("gauges"))
            self.play(FadeIn(plot), FadeIn(bar), FadeIn(minimap), FadeIn(in_view), run_time=1.0)
        checkpoints = len(history)
        with self.cue("learn-run", steps=f"{int(history.steps[-1]):,}", checkpoints=str(checkpoints)) as c:
            note = caption(f"each frame: a real network, its weights between two of the {checkpoints} saved "
                           "checkpoints, the points passed through it", size=26)
            self.wait_until(c.at("run"))
            self.play(FadeIn(note), run_time=0.5)
            self.play(u.animate.set_value(float(last)), rate_func=linear,
                      run_time=max(self.learn_run_min, c.start + c.duration - self.scene_time() - 0.8))
        with self.cue("learn-end", accuracy=f"{flow.accuracy():.1%}") as c:
            for m in (driver, sides, plot, bar, in_view):
                m.clear_updaters()
            self.remove(driver)
            self.play(*[FadeIn(m) for m in zoomed_out], FadeOut(note), FadeOut(minimap), FadeOut(in_view),
                      run_time=0.8)  # the trained network's grid, and the square in the picture again
            self.bring_to_front(player.cloud.mobject)
            self.wait_until(c.at("same"))
            self.play(Indicate(sides[2], color=ACCENT, scale_factor=1.0), run_time=1.2)

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
    watch_it_learn = False  # no training history: the spirals chapter just showed learning
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
    watch_it_learn = False  # a user's flow has no training history
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
