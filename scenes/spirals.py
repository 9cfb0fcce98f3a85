"""Chapter 6 — Unfolding the spirals.

Two spirals that no line separates pass through a tanh network whose hidden layers are all 2
neurons wide, so every layer is itself a plane. The opening moves on its words (issue #14): each
arm sweeps in from its centre on its colour's name, the best straight line is drawn as it is named,
a bar fills to its share of points right as the share is said and the points it gets wrong are
ringed; then a diagram of the network (scenes/kit/network_diagram.py) grows its hidden columns on
"hidden layers", shows their widths on the width's word and, under each column, that layer's
points (every layer is a plane). The diagram stays, lighting the layer being played. Each layer is shown as three smooth steps
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
from manim import (DOWN, LEFT, RIGHT, UP, UR, Create, FadeIn, FadeOut, Group, GrowArrow, Indicate, LaggedStart, Line,
                   Mobject, Polygon, Square, UpdateFromAlphaFunc, ValueTracker, VGroup, Write, config, linear,
                   there_and_back)

from scenes.kit import (AnyFlowMixin, FlowScene, FlowView, Tracked, View, caption, corner_label, fit_width,
                        line_in_box, matrix_tex, text, title)
from scenes.kit.boundaries import softmax_boundaries, softmax_regions_at
from scenes.kit.fits import (class_count, data_name, hidden_activations, hidden_widths, unfold_hard_to_see,
                             unfold_misfit)
from scenes.kit.geometry import box_corners, clip_polygon_halfplane, segment_in_polygon
from scenes.kit.learn_view import LossPlot, ShareBar
from scenes.kit.learning import checkpoint_framing, framing_at, layer_between, output_line_between, value_at
from scenes.kit.network_diagram import NetworkDiagram, arm_order, best_line_misses, revealed
from scenes.kit.palette import ACCENT, MUTED_TEXT, TEXT
from scenes.kit.pointcloud import DiscCloud
from scenes.kit.reference import ScaleSquare
from scenes.kit.separability import StageLineFits, linear_accuracy


class UnfoldingSpirals(FlowScene):
    flow_name = "spirals"
    script_name = "spirals"
    # The points keep below the corner label (its score line ends at y 2.17) and the matrix in the
    # right column, and above the caption: after tanh they fill the square's corners
    # (tests/test_spirals_motion.py probes every move).
    centre = np.array([0.4, -0.56, 0.0])
    radius = 2.63
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
        with self.cue("intro", **self.intro_values(flow)) as c:
            self.play(Write(heading), run_time=1.0)
            intro = caption(self.intro_text(flow))
            backdrop = [player.grid.mobject, intro] + ([reference] if reference else [])
            opening = self.opening(c, flow, player, backdrop)
        with self.cue("architecture", **self.architecture_values(flow)) as c:
            arch = caption(self.architecture_text(flow))
            diagram = self.architecture(c, flow, [heading, intro, *opening], arch)

        label = None
        detail = None
        lit = None
        for layer_no in range(1, hidden_layers + 1):
            steps = [s for s in view.steps if self.layer_of(s) == layer_no]
            cue_id, values = self.layer_cue(layer_no, hidden_layers, steps[-1].stage)
            with self.cue(cue_id, **values) as c:
                step_time = c.fit(self.step_run_time * len(steps), 0.85) / len(steps)
                for step in steps:
                    new_label = corner_label(f"layer {layer_no} of {hidden_layers}", self.describe(step, layer_no),
                                             *self.projection_note(view, step), *self.separability_note(step))
                    new_detail = self.detail(flow, step, layer_no)
                    shown = [new_label] + ([new_detail] if new_detail is not None else [])
                    gone = [m for m in (label, detail) if m is not None]
                    if diagram is not None and step is steps[0]:  # the layer being played, lit in the diagram
                        new_lit = diagram.lit(layer_no)
                        shown, gone = shown + [new_lit], gone + ([lit] if lit is not None else [])
                        lit = new_lit
                    label, detail = new_label, new_detail
                    # the labels change in the corner in the step's first 0.4 s: no still beat between steps
                    fades = [FadeIn(m, run_time=0.4) for m in shown] + [FadeOut(m, run_time=0.4) for m in gone]
                    self.play(player.step(step, run_time=step_time), *fades)
                    self.wait(self.pause)

        self.play(*[FadeOut(m) for m in (label, detail, arch, lit) if m is not None], run_time=0.4)
        self.diagram = diagram
        self.show_separating_line(flow, player)
        if self.watch_it_learn:
            self.learn(flow, player)

    # ---------------------------------------------------------------- the opening beats

    arm_marks = (("orange", (0,)), ("blue", (1,)))  # mark -> the classes whose arms sweep in on its word
    diagram_centre = (-4.95, -0.55)  # the network's picture, in the left column (the points keep right of it)
    thumbnails = True  # each hidden layer's points, small, under its column

    def opening(self, c, flow, player, shown: list) -> list:
        """The data, each arm sweeping in from its centre on its colour's word; then the best
        straight line through them, the share of points it gets right as a bar, and the points it
        puts on the wrong side ringed. Returns what the architecture beat fades out. Without the
        marks in the script (a user's flow), the points simply fade in."""
        cloud = player.cloud.mobject
        if not all(mark in c.marks for mark, _ in self.arm_marks):
            self.play(*[FadeIn(m) for m in [cloud] + shown], run_time=1.2)
            return []
        full = cloud.rgbas[:, 3].copy()
        cloud.rgbas[:, 3] = 0.0
        self.add(cloud)
        first = self.arm_marks[0][0]
        self.play(*[FadeIn(m) for m in shown], run_time=c.to(first, self.scene_time(), 0.5))
        shown_mask = np.zeros(len(flow.X), dtype=bool)
        for (mark, classes), after in zip(self.arm_marks, [m for m, _ in self.arm_marks[1:]] + ["line"]):
            orders = [arm_order(flow.X, flow.y, k) for k in classes]  # arms named together grow together
            before = shown_mask.copy()

            def sweep(m, t, orders=orders, before=before):
                mask = before.copy()
                for order in orders:
                    mask |= revealed(len(full), order, t)
                m.rgbas[:, 3] = np.where(mask, full, 0.0)

            self.wait_until(c.at(mark))
            self.play(UpdateFromAlphaFunc(cloud, sweep, rate_func=linear),
                      run_time=min(2.0, c.to(after, self.scene_time(), 0.8)))
            for order in orders:
                shown_mask |= revealed(len(full), order, 1.0)
        cloud.rgbas[:, 3] = full
        w, b, wrong = self.opening_line = best_line_misses(flow.X, flow.y)
        half = 1.08 * self.radius / player.view.scale
        to_screen = lambda p: player.view.apply(np.pad(p, ((0, 0), (0, 1))))
        line = Line(*to_screen(line_in_box(w, b, half)), color=ACCENT, stroke_width=5)
        share = 1.0 - float(wrong.mean())
        bar = self.opening_bar = self.share_bar("best straight line")
        rings = DiscCloud(to_screen(flow.X[wrong]), [TEXT] * int(wrong.sum()), radius=2.4 * self.point_radius,
                          opacity=0.55)
        self.wait_until(c.at("line"))
        self.play(Create(line), run_time=c.to("share", self.scene_time(), 0.6))
        self.wait_until(c.at("share"))  # the share is said: the bar fills to it
        self.add(bar)
        fill_time = min(1.2, c.to("apart", self.scene_time(), 0.5)) if "apart" in c.marks else 1.2
        self.play(UpdateFromAlphaFunc(bar, lambda m, t: m.set_share(t * share)), run_time=fill_time)
        if "apart" in c.marks:  # the points the line gets wrong: no line tells them apart
            self.wait_until(c.at("apart"))
            self.add(rings)
            self.bring_to_front(cloud, line)
            self.play(FadeIn(rings), run_time=1.0)
        return [line, bar, rings]

    def share_bar(self, name: str) -> ShareBar:
        """An empty bar of points right, right of the picture (it fills as its number is said)."""
        left = self.centre[0] + 1.08 * self.radius + 0.35  # clear of the picture's square
        # narrower where the picture sits further right, so "100%" after it stays in frame
        bar = ShareBar(name, 0.0, width=min(2.2, config.frame_width / 2 - 1.2 - left))
        return bar.shift([left - bar.outline.get_left()[0], 0.9 - bar.outline.get_y(), 0])

    def architecture(self, c, flow, old: list, arch):
        """The network's shape as it is named: its hidden columns on their word, each layer's
        width on its number, each layer's points (a plane) under its column, the training penalty
        as a caption on its word. Returns the diagram (None without the marks: a user's flow)."""
        if "layers" not in c.marks:
            self.play(*[FadeOut(m) for m in old], FadeIn(arch), run_time=0.8)
            return None
        widths = flow.meta["architecture"]["widths"]
        diagram = NetworkDiagram(widths, self.diagram_centre)
        ends = [diagram.columns[0], diagram.columns[-1], diagram.labels[0], diagram.labels[-1]]
        self.play(*[FadeOut(m) for m in old], *[FadeIn(m) for m in ends],
                  run_time=c.to("layers", self.scene_time(), 0.6))
        self.wait_until(c.at("layers"))
        hidden = list(range(1, len(widths) - 1))
        if "width" in c.marks:  # the layers on their word, then all their widths on "{width} neurons"
            grow = [FadeIn(VGroup(diagram.edges[i - 1], diagram.columns[i])) for i in hidden]
            self.play(LaggedStart(*grow, FadeIn(diagram.edges[-1]), lag_ratio=0.6),
                      run_time=c.to("width", self.scene_time(), 1.0))
            self.wait_until(c.at("width"))  # every hidden layer's width as it is said
            self.play(*[FadeIn(diagram.labels[i], shift=0.15 * UP) for i in hidden],
                      *[Indicate(diagram.columns[i], color=ACCENT) for i in hidden], run_time=1.2)
        else:  # the widths are the words: each column with its number, one after the other
            grow = [FadeIn(VGroup(diagram.edges[i - 1], diagram.columns[i], diagram.labels[i])) for i in hidden]
            self.play(LaggedStart(*grow, FadeIn(diagram.edges[-1]), lag_ratio=0.7),
                      run_time=min(2.5, c.to("wide", self.scene_time(), 1.0)) if "wide" in c.marks else 2.0)
        if "wide" in c.marks:  # the layers wider than the plane: drawn along two directions
            self.wait_until(c.at("wide"))
            wide = [i for i in hidden if widths[i] > 2]
            self.play(*[Indicate(diagram.columns[i], color=ACCENT) for i in wide],
                      run_time=min(1.2, c.to("two", self.scene_time(), 0.5)) if "two" in c.marks else 1.2)
            if "two" in c.marks:  # "their two most important directions": two axes under each wide layer
                axes = VGroup(*[diagram.two_axes(i) for i in wide])
                self.wait_until(c.at("two"))
                self.play(*[GrowArrow(a) for pair in axes for a in pair], run_time=1.0)
                diagram.add(axes)
        if "waist" in c.marks:  # the two-neuron layer, the waist
            self.wait_until(c.at("waist"))
            self.play(Indicate(diagram.columns[hidden[-1]], color=ACCENT, scale_factor=1.4), run_time=1.2)
        extras = []
        if self.thumbnails and "plane" in c.marks:
            thumbs = self.layer_thumbnails(flow, diagram)
            self.wait_until(c.at("plane"))  # every layer is a plane: its points, left to right
            self.play(LaggedStart(*[FadeIn(t) for t in thumbs], lag_ratio=0.5),
                      run_time=c.to("penalty", self.scene_time(), 1.0) if "penalty" in c.marks else 2.0)
            extras.append(thumbs)
        if "penalty" in c.marks:
            self.wait_until(c.at("penalty"))
            self.play(FadeIn(arch), run_time=0.8)
            if "spread" in c.marks and extras:
                self.wait_until(c.at("spread"))  # each layer's points, kept spread out
                self.play(*[Indicate(t[0], color=ACCENT, scale_factor=1.15) for t in extras[0]], run_time=1.2)
        else:
            self.play(FadeIn(arch), run_time=0.8)
        diagram.extras = extras
        self.add(*extras)
        return diagram

    def layer_thumbnails(self, flow, diagram) -> Group:
        """Under each hidden column, that layer's points in a small (-1, 1)² frame: the plane it is."""
        out = Group()
        side = 0.56  # clear of the next column's picture, even as it pulses
        for i, k in enumerate(flow.affine_indices()[:-1], 1):
            h = flow.trace[k + 2]
            half = max(1.0, float(np.max(np.abs(h))))
            x = diagram.columns[i].get_center()[0]
            y = diagram.columns[i].get_bottom()[1] - 0.25 - side / 2
            frame = Square(side, stroke_color=MUTED_TEXT, stroke_width=1.5)
            frame.move_to([x, y, 0])
            pts = np.pad(h[:, :2] * (side / 2) / half, ((0, 0), (0, 1))) + np.array([x, y, 0])
            out.add(Group(frame, DiscCloud(pts, self.point_colors(flow), radius=0.012)))
        return out

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
        diagram = getattr(self, "diagram", None)
        with self.cue(cue_id, **values) as c:
            summary = caption(self.summary_text(accuracy))
            label = corner_label("output neuron", "sigmoid(w·h + b)")
            words = [summary, label]
            if diagram is None or "neuron" not in c.marks:
                self.play(*parts, FadeIn(summary), FadeIn(label), run_time=1.5)
                self.wait(1.5)
            else:  # the output neuron on its word, its two sides as they are said, the share on its number
                early = c.at("neuron") - self.scene_time() > 0.6  # time to put the label up first
                if early:
                    self.play(FadeIn(label), run_time=c.to("neuron", self.scene_time(), 0.5))
                self.wait_until(c.at("neuron"))
                out_lit = diagram.lit(len(diagram.columns) - 1)
                self.play(FadeIn(out_lit), *parts[1:], *([] if early else [FadeIn(label)]),
                          run_time=c.to("splits", self.scene_time(), 1.0))
                self.wait_until(c.at("splits"))
                self.play(parts[0], FadeIn(summary), run_time=c.to("share", self.scene_time(), 0.8))
                bar = self.share_bar("the network")
                self.wait_until(c.at("share"))
                self.add(bar)
                self.play(UpdateFromAlphaFunc(bar, lambda m, t: m.set_share(t * accuracy)), run_time=1.2)
                words += [bar, out_lit, diagram, *diagram.extras]
        self.separating_words = words
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
    arm_marks = (("arms", (0, 1)),)  # "the same two spirals": both arms at once
    thumbnails = False  # its wide layers are projections: the chapter says so when it plays them
    diagram_centre = (-4.95, -0.9)  # its 8-wide columns are taller: below the 5-line corner label
    # Right of and below the spirals' framing: its 8-wide layers' projections reach up-left, into
    # the corner label's projection note and line score (tests/test_spirals_motion.py probes it).
    centre = np.array([0.9, -0.4, 0.0])
    radius = 2.75
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
