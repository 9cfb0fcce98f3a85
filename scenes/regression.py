"""Chapter 8 — ReLU pieces sum into a parabola.

Regression on y = -(x - 0.5)^2 + 0.25 (100 points, x in [0, 1]):
  1. one linear neuron draws a line;
  2. a linear hidden layer (1 -> 10 identity -> 1) still draws a line, c + d x, with c and d
     computed from its weights;
  3. 1 -> 10 ReLU -> 1: one hidden unit relu(w x + b) bends at its kink x = -b/w, the output
     weight scales it, each of the ten units gives such a piece, and the output bias plus the
     pieces, added one at a time, grow into the network's curve;
  4. 400 ReLU units beside the ten, with both errors read from the flows' metadata.

Every curve is the flow's own weights evaluated on a dense grid of x (scenes/kit/pieces.py).

Render alone:  manim -ql scenes/regression.py ReluPiecesParabola
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, FadeOut, Group, LaggedStart, Line,
                   MathTex, ReplacementTransform, Transform, UpdateFromAlphaFunc, VGroup, Write)
from manim.utils.rate_functions import linear as steady

from scenes.kit import AnyFlowMixin, FlowScene, caption, text, title
from scenes.kit.bars import ValueBars
from scenes.kit.fit_motion import collapse_steps, leg_samples, residual_segments, step_at, sweep_legs, worst
from scenes.kit.fits import data_name, pieces_misfit
from scenes.kit.narrate import spoken_number
from scenes.kit.palette import ACCENT, CURVE, MUTED_TEXT, TARGET, TEXT
from scenes.kit.pieces import (collapse_linear, dense_grid, hidden_activations, input_range, kink_order, kinks,
                               kinks_inside, network_curve, one_hidden_layer, pick_unit, pieces, running_sums)
from scenes.kit.plots import (affine_tex, axis_range, column_tex, curve, dashed_curve, dots_at, error_lines,
                              error_where, fit_errors, number, plot_axes, target_cloud, text_lines, vertical_marker)
from scenes.kit.readout import ReadOut

# Where things sit on the 14.2 x 8 frame: one plot on the left with notes on the right, or
# two plots side by side.
PLOT_LEFT = np.array([-3.35, -0.35, 0.0])
NOTES_RIGHT = np.array([3.6, 0.0, 0.0])
PAIR_LEFT = np.array([-3.25, -0.5, 0.0])
PAIR_RIGHT = np.array([3.6, -0.5, 0.0])
PAIR_SIZE = (5.4, 3.5)
WIDE_SIZE = (5.4, 1.9)  # part 4: each fit, its errors above it and its error strip below
WIDE_FIT_BOTTOM = -0.8
STRIP_HEIGHT = 0.95
STRIP_BOTTOM = -2.5
NOTES_WIDTH = 6.0


def unit_words(w: float, w2: float) -> tuple[str, str]:
    """How a scaled ReLU piece looks, in words: (where it is flat, what the output weight does)."""
    flat = "left" if w > 0 else "right"
    scale = "flips it and " if w2 < 0 else ""
    scale += "shrinks it" if abs(w2) < 1 else "stretches it"
    return flat, scale


class ReluPiecesParabola(FlowScene):
    linear_flow = "parabola_linear"
    linear_hidden_flow = "parabola_linear_hidden"
    relu_flow = "parabola_relu10"
    wide_flow = "parabola_relu400"
    samples = 400  # x values every curve is evaluated at
    piece_run_time = 0.8
    point_radius = 0.055
    script_name = "regression"  # scenes/scripts/regression.toml

    def construct(self):
        relu = self.load(self.relu_flow)
        self.x_data, self.y_data = relu.X[:, 0], np.asarray(relu.y, dtype=float).reshape(-1)
        self.xs = dense_grid(*input_range(relu), self.samples)
        self.x_axis_range = axis_range(self.xs, pad=0.0)

        self.heading = title("ReLU pieces sum into a parabola")
        self.play(Write(self.heading), run_time=1.0)
        self.lines_part(self.load(self.linear_flow), self.load(self.linear_hidden_flow))
        handover = self.relu_part(relu)
        self.wide_part(relu, self.load(self.wide_flow), *handover)

    # ------------------------------------------------------------------------- helpers

    def new_heading(self, s: str, run_time: float = 0.6):
        new = title(s, size=36)
        self.play(ReplacementTransform(self.heading, new), run_time=run_time)
        self.heading = new

    def say(self, old, s: str, run_time: float = 0.5):
        new = caption(s)
        self.play(*([FadeOut(old)] if old is not None else []), FadeIn(new), run_time=run_time)
        return new

    def axes_for(self, *ys, size=(6.2, 4.3), at=PLOT_LEFT, y_label="y", with_targets=True, max_ticks=6, **kwargs):
        """Axes over the inputs, framed to the targets (if drawn on them) and the curves ``ys``."""
        y_range = axis_range(*((self.y_data,) if with_targets else ()), *ys, max_ticks=max_ticks)
        return plot_axes(self.x_axis_range, y_range, *size, y_label=y_label, **kwargs).move_to(at)

    @staticmethod
    def corner_at(group, point):
        """Shift a plot so its axes' bottom-left corner (x_min, y_min) sits at ``point``."""
        axes = group.axes
        return group.shift(np.asarray(point) - axes.c2p(axes.x_range[0], axes.y_range[0]))

    def targets(self, axes):
        return target_cloud(axes, self.x_data, self.y_data, TARGET, radius=self.point_radius)

    def notes(self, *mobjects, at=NOTES_RIGHT, width=NOTES_WIDTH) -> VGroup:
        group = VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        if group.width > width:
            group.scale_to_fit_width(width)
        return group.move_to(at)

    # ------------------------------------------------------------------------- 1 and 2: lines

    def reveal(self, cloud, order: np.ndarray):
        """An animation-progress function showing the cloud's points one by one in ``order``."""
        rank = np.empty(len(order))
        rank[np.asarray(order)] = np.arange(len(order))
        full = cloud.rgbas[:, 3].copy()

        def show(m, u):
            m.rgbas[:, 3] = full * np.clip(u * (len(order) + 1) - rank, 0.0, 1.0)
        return show

    def lines_part(self, linear, linear_hidden):
        xs = self.xs
        line_y = network_curve(linear, xs)
        hidden_y = network_curve(linear_hidden, xs)
        c, d = collapse_linear(linear_hidden)
        hidden_net = one_hidden_layer(linear_hidden)
        unit_lines = pieces(linear_hidden, xs)  # each identity unit's line, times its output weight
        partial = running_sums(unit_lines, hidden_net.b2)  # the weighted sum, one unit at a time
        plot = self.axes_for(line_y, hidden_y, partial)
        axes = plot.axes
        cloud = self.targets(axes)
        by_x = np.argsort(self.x_data, kind="stable")
        intro = caption(f"{len(self.x_data)} target points on the parabola y = −(x − 0.5)² + 0.25, x from 0 to 1")
        shape = curve(axes, self.x_data[by_x], self.y_data[by_x], TARGET, stroke_width=2)
        with self.cue("targets", points=f"{len(self.x_data)}") as c_:
            show = self.reveal(cloud, by_x)
            show(cloud, 0.0)
            self.play(FadeIn(plot), run_time=min(2.5, c_.to("points", self.scene_time(), 1.2)))
            self.add(cloud)
            self.wait_until(c_.at("points"))  # the points appear left to right as they are named: up, then down
            self.play(UpdateFromAlphaFunc(cloud, show), Create(shape), run_time=c_.to("learn", self.scene_time(), 2.0),
                      rate_func=steady)
            self.wait_until(c_.at("learn"))  # "this curve": its formula
            self.play(FadeIn(intro, shift=0.2 * UP), run_time=c_.to(None, self.scene_time(), 1.0))

        # 1. One linear neuron.
        self.new_heading("One linear neuron draws a line")
        b, W = collapse_linear(linear)  # one affine stage: its own weight and bias
        notes = self.notes(
            text("one neuron, no activation", 28),
            MathTex(r"\hat y = w\,x + b", color=TEXT),
            MathTex(rf"w = {number(W, 3)},\quad b = {number(b, 3)}", color=TEXT),
            text_lines(*error_lines(linear.meta), size=26, color=MUTED_TEXT),
            at=NOTES_RIGHT + 0.9 * UP,
        )
        line = curve(axes, xs, line_y, CURVE)
        at_points = network_curve(linear, self.x_data)
        gaps = residual_segments(axes, self.x_data, at_points, self.y_data, ACCENT)
        i_worst, worst_gap = worst(at_points, self.y_data)
        y_unit = axes.c2p(0, 1)[1] - axes.c2p(0, 0)[1]  # the bar on the plot's own y scale
        bar = ValueBars([ACCENT], [r"\max\,|\hat y - y|"], y_unit, origin=(NOTES_RIGHT[0], -2.55), digits=2)
        self.worst_bar = (bar, worst_gap)
        with self.cue("one-neuron", max_error=spoken_number(fit_errors(linear.meta)[0])) as said:
            cap = self.say(intro, "trained on the points, the best it can do is a straight line")
            self.play(FadeOut(shape), FadeIn(notes[0]), run_time=min(1.5, said.to("line", self.scene_time(), 0.6)))
            self.wait_until(said.at("line"))
            self.play(Create(line), FadeIn(notes[1:3]), run_time=said.to("misses", self.scene_time(), 1.0))
            self.wait_until(said.at("misses"))  # each point's miss, from the line to the point
            self.play(LaggedStart(*[Create(g) for g in gaps], lag_ratio=0.02),
                      run_time=said.to("most", self.scene_time(), 0.8))
            self.wait_until(said.at("most"))  # the largest miss grows into a bar as its size is said
            self.play(gaps[i_worst].animate.set_stroke(width=6), FadeIn(bar.baseline), FadeIn(bar.labels),
                      UpdateFromAlphaFunc(bar, lambda m, u: m.set_values([u * worst_gap])),
                      FadeIn(notes[3]), run_time=1.5)

        # 2. A linear hidden layer.
        self.new_heading("A linear hidden layer still draws a line")
        W1, b1 = linear_hidden.stages[0].W, linear_hidden.stages[0].b
        W2, b2 = linear_hidden.stages[-1].W, linear_hidden.stages[-1].b
        width = W1.shape[0]
        weights = VGroup(column_tex("W_1", W1), column_tex("b_1", b1), column_tex(r"W_2^{\top}", W2),
                         column_tex("b_2", b2)).arrange(RIGHT, buff=0.4, aligned_edge=UP)
        weights.scale_to_fit_height(4.1)
        c_steps, d_steps = collapse_steps(linear_hidden)
        d_value = ReadOut(d_steps[0], num_decimal_places=3, color=TEXT)
        c_value = ReadOut(c_steps[0], num_decimal_places=3, color=TEXT)
        collapse = VGroup(
            VGroup(MathTex(r"d = W_2 W_1 =", color=TEXT), d_value).arrange(RIGHT, buff=0.2),
            VGroup(MathTex(r"c = W_2 b_1 + b_2 =", color=TEXT), c_value).arrange(RIGHT, buff=0.2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        notes2 = self.notes(weights, collapse)
        same = VGroup(text("one neuron:", 28), MathTex(rf"w = {number(W, 3)},\quad b = {number(b, 3)}", color=TEXT),
                      ).arrange(DOWN, buff=0.25)
        self.collapse_values = (c_value, d_value)
        order = np.arange(width)
        lines = VGroup(*[curve(axes, xs, unit_lines[:, i], MUTED_TEXT, stroke_width=2) for i in order])
        with self.cue("linear-hidden", width=f"{width}") as said:
            cap = self.say(cap, f"1 → {width} identity units → 1: the two affine maps compose into one")
            self.play(FadeOut(notes), FadeOut(gaps), FadeOut(bar), run_time=0.6)
            self.wait_until(said.at("units"))  # the hidden layer's weights and biases, then the output's
            self.play(FadeIn(weights[:2], shift=0.3 * RIGHT),
                      run_time=min(1.0, said.to("output", self.scene_time(), 0.5)))
            self.wait_until(said.at("output"))
            self.play(FadeIn(weights[2:], shift=0.3 * RIGHT), run_time=0.8)
            self.wait_until(said.at("lines"))  # each unit's line, scaled by its output weight
            self.play(LaggedStart(*[Create(m) for m in lines], lag_ratio=0.15),
                      run_time=said.to("sum", self.scene_time(), 0.8))
            self.wait_until(said.at("sum"))  # the sum, one line added at a time, lands on a line
            total = curve(axes, xs, partial[0], CURVE)
            self.play(FadeOut(line), FadeIn(total), run_time=0.4)
            step = max(0.3, said.to(None, self.scene_time(), 3.0) / width)
            for j, i in enumerate(order, start=1):
                self.play(lines[i].animate.set_stroke(ACCENT, width=3),
                          Transform(total, curve(axes, xs, partial[j], CURVE)), run_time=step)
                lines[i].set_stroke(MUTED_TEXT, width=2, opacity=0.3)
            line = total
        with self.cue("collapse") as said:
            collapsed = dashed_curve(axes, xs, c + d * xs, ACCENT, stroke_width=5)
            self.play(FadeOut(lines), FadeIn(collapse), run_time=0.6)
            for mark, then, value, steps in (("slope", "intercept", d_value, d_steps),
                                             ("intercept", "dashed", c_value, c_steps)):
                self.wait_until(said.at(mark))  # the value adds up unit by unit as it is named
                self.play(UpdateFromAlphaFunc(value, lambda m, u, s=steps: m.set_value(step_at(s, u))),
                          rate_func=steady, run_time=min(1.5, said.to(then, self.scene_time(), 0.6)))
            self.wait_until(said.at("dashed"))
            cap = self.say(cap, "the line c + d x (dashed), from the weights alone, lies on the network's output")
            self.play(Create(collapsed), run_time=said.to("nothing", self.scene_time(), 1.0))
            self.wait_until(said.at("nothing"))  # the layer's weights go; one neuron's w and b give the same line
            self.play(FadeOut(weights), FadeIn(same.move_to(weights)), run_time=1.2)
        self.play(*[FadeOut(m) for m in (notes2[1], same, collapsed, line, cloud, plot, cap)], run_time=0.8)

    # ------------------------------------------------------------------------- 3: ReLU pieces

    def relu_part(self, relu):
        xs = self.xs
        net = one_hidden_layer(relu)
        width = net.width
        piece_y = pieces(relu, xs)
        order = kink_order(relu)
        sums = running_sums(piece_y, net.b2, order)
        lo, hi = input_range(relu)
        k = pick_unit(relu, lo, hi)
        act_k = hidden_activations(relu, xs)[:, k]
        kink = float(kinks(relu)[k])
        inside = kinks_inside(relu, lo, hi)

        self.new_heading(f"{width} ReLU units: {width} bent lines")
        left = self.axes_for(piece_y[:, k], act_k, size=PAIR_SIZE, at=PAIR_LEFT, with_targets=False)
        pa = left.axes
        # 3a. One hidden unit, traced by an input moving along x: flat side first, as it is said.
        unit = curve(pa, xs, act_k, ACCENT, stroke_width=5)
        marker = vertical_marker(pa, kink, ACCENT, rf"x = -b/w = {number(kink, 2)}", label_size=30)
        flat, scale_words = unit_words(net.w1[k], net.w2[k])
        unit_tex = MathTex(rf"a = \operatorname{{relu}}({affine_tex(net.w1[k], net.b1[k])})", color=TEXT)
        notes = self.notes(text(f"hidden unit {k + 1} of {width}", 28), unit_tex, at=PAIR_RIGHT + 0.6 * UP)
        relu_k = lambda x: max(0.0, float(net.w1[k]) * x + float(net.b1[k]))  # noqa: E731 - the unit, exactly
        legs = sweep_legs(lo, kink, hi, flat_left=flat == "left")
        x_in = Dot(pa.c2p(legs[0][0], 0), radius=0.06, color=TEXT)
        a_out = Dot(pa.c2p(legs[0][0], relu_k(legs[0][0])), radius=0.08, color=ACCENT)
        y_lo, y_hi = pa.y_range[0], pa.y_range[1]
        at_x = Line(pa.c2p(legs[0][0], y_lo), pa.c2p(legs[0][0], y_hi), color=MUTED_TEXT, stroke_width=2)
        self.tracer = (pa, x_in, a_out, relu_k)

        def trace(start, stop):
            path = leg_samples(xs, start, stop)
            drawn = curve(pa, path, np.array([relu_k(v) for v in path]), ACCENT, stroke_width=5)

            def move(_, u):
                v = start + u * (stop - start)
                x_in.move_to(pa.c2p(v, 0))
                a_out.move_to(pa.c2p(v, relu_k(v)))
                at_x.put_start_and_end_on(pa.c2p(v, y_lo), pa.c2p(v, y_hi))
            return drawn, [Create(drawn), UpdateFromAlphaFunc(VGroup(at_x, x_in, a_out), move)]

        with self.cue("one-unit", unit=f"{k + 1}", flat=flat, kink=spoken_number(kink)) as c:
            cap = self.say(None, f"one unit: zero {flat} of its kink at x = −b/w, a line on the other side")
            self.play(FadeIn(left), FadeIn(notes), FadeIn(at_x), FadeIn(x_in), FadeIn(a_out), run_time=1.0)
            drawn = VGroup()
            for mark, then, (start, stop) in zip(("zero", "line"), ("kink", None), legs):
                self.wait_until(c.at(mark))
                piece_drawn, moves = trace(start, stop)
                self.play(*moves, rate_func=steady, run_time=c.to(then, self.scene_time(), 1.0))
                drawn.add(piece_drawn)
                if mark == "zero":
                    self.wait_until(c.at("kink"))  # the kink, as its x is said
                    self.play(FadeIn(marker), run_time=0.8)
            self.remove(*drawn)
            self.add(unit)

        # 3b. The output weight scales it: the factor runs from 1 to w2 and the line follows.
        factor = ReadOut(1.0, num_decimal_places=2, include_sign=True, color=TEXT)
        scaled_tex = VGroup(MathTex(r"w_2 \, a =", color=TEXT), factor, MathTex(r"\, a", color=TEXT)
                            ).arrange(RIGHT, buff=0.15)
        scaled_notes = self.notes(text(f"hidden unit {k + 1} of {width}", 28), unit_tex.copy(), scaled_tex,
                                  at=PAIR_RIGHT + 0.6 * UP)
        factor_at = factor.get_center()
        scaled = curve(pa, xs, piece_y[:, k], ACCENT, stroke_width=5)
        w2k = float(net.w2[k])
        with self.cue("output-weight", weight=spoken_number(net.w2[k]), scale=scale_words) as c:
            cap = self.say(cap, f"its output weight w₂ = {number(net.w2[k], 2)} {scale_words}".replace("-", "−"))
            self.play(ReplacementTransform(notes, scaled_notes), FadeOut(VGroup(at_x, x_in, a_out)), run_time=0.8)
            self.wait_until(c.at("times"))

            def scale(m, u):
                s_ = 1.0 + u * (w2k - 1.0)
                m.become(curve(pa, xs, s_ * act_k, ACCENT, stroke_width=5))
                factor.set_value(s_).move_to(factor_at)
            self.play(UpdateFromAlphaFunc(unit, scale), run_time=c.to(None, self.scene_time(), 1.5))
            unit.become(scaled)
        self.scaled_factor = factor

        # 3c. All the pieces.
        # Reframe the left plot to all the pieces (they are smaller than the lone unit).
        zoomed = self.axes_for(piece_y, size=PAIR_SIZE, at=PAIR_LEFT, with_targets=False)
        others = VGroup(*[curve(zoomed.axes, xs, piece_y[:, i], MUTED_TEXT, stroke_width=3)
                          for i in range(width) if i != k])
        kink_dots = dots_at(zoomed.axes, inside, np.zeros(len(inside)), ACCENT)
        with self.cue("all-pieces", width=f"{width}") as c:
            cap = self.say(cap, f"every one of the {width} units gives such a piece, each with its own kink and slope")
            self.play(FadeOut(marker), FadeOut(left), FadeIn(zoomed),
                      Transform(unit, curve(zoomed.axes, xs, piece_y[:, k], ACCENT, stroke_width=5)), run_time=1.0)
            left, pa = zoomed, zoomed.axes
            self.wait_until(c.at("piece"))  # the other units' pieces, one after another
            self.play(LaggedStart(*[Create(m) for m in others], lag_ratio=0.3), FadeIn(kink_dots),
                      run_time=c.to(None, self.scene_time(), 1.5))
            self.play(unit.animate.set_stroke(MUTED_TEXT, width=3), run_time=0.5)
        by_unit = dict(zip([i for i in range(width) if i != k], others))
        by_unit[k] = unit
        all_pieces = VGroup(*[by_unit[i] for i in range(width)])
        left_title = text("the pieces  w₂ᵢ · relu(w₁ᵢ x + b₁ᵢ)", 26).next_to(left, UP, buff=0.25)

        # 3d. Their running sum grows into the network's curve: each piece flies over and lands on it.
        right = self.axes_for(sums, size=PAIR_SIZE, at=PAIR_RIGHT)
        sa = right.axes
        cloud = self.targets(sa)
        total = curve(sa, xs, sums[0], CURVE, stroke_width=5)
        count = text(f"output bias b₂ = {number(net.b2, 3)}", 26).next_to(right, UP, buff=0.25)
        with self.cue("running-sum") as c:
            cap = self.say(cap, "start from the output bias, then add the pieces, left to right by kink")
            self.play(FadeOut(scaled_notes), FadeIn(right), FadeIn(cloud), FadeIn(left_title), run_time=1.0)
            self.wait_until(c.at("flat"))
            self.play(Create(total), FadeIn(count), run_time=min(1.0, c.to("add", self.scene_time(), 0.5)))
            self.wait_until(c.at("add"))
            per_piece = max(0.5, c.to(None, self.scene_time(), self.piece_run_time * width) / width)
            for j, i in enumerate(order, start=1):
                piece = all_pieces[i]
                new_count = text(f"bias + {j} of {width} pieces", 26).move_to(count)
                new_total = curve(sa, xs, sums[j], CURVE, stroke_width=5)
                self.play(piece.animate.set_stroke(ACCENT, width=5),
                          ReplacementTransform(piece.copy().set_stroke(ACCENT, width=5), new_total),
                          FadeOut(total), Transform(count, new_count), run_time=0.75 * per_piece)
                total = new_total
                self.play(piece.animate.set_stroke(MUTED_TEXT, width=3, opacity=0.35), run_time=0.25 * per_piece)
        bends = dots_at(sa, inside, network_curve(relu, inside), ACCENT)
        worst_line = text(error_lines(relu.meta)[0], 26).move_to(count)
        with self.cue("the-curve", width=f"{width}", max_error=spoken_number(fit_errors(relu.meta)[0])) as c:
            cap = self.say(cap, f"the bias plus all {width} pieces is the network's curve, bent at the kinks")
            self.wait_until(c.at("all"))  # all the pieces at once, beside the curve they add up to
            self.play(all_pieces.animate.set_stroke(ACCENT, width=4, opacity=1.0),
                      run_time=min(3.0, c.to("kinks", self.scene_time(), 1.0)))
            self.wait_until(c.at("kinks"))
            self.play(FadeIn(bends, scale=2.0), all_pieces.animate.set_stroke(MUTED_TEXT, width=3, opacity=0.35),
                      run_time=min(3.0, c.to("error", self.scene_time(), 0.8)))
            self.wait_until(c.at("error"))
            self.play(Transform(count, worst_line), run_time=min(2.5, c.to(None, self.scene_time(), 0.6)))
        self.play(FadeOut(bends), run_time=0.4)
        # What part 4 keeps (the sum plot becomes the 10-unit fit) and what it clears away.
        return VGroup(left, all_pieces, left_title, kink_dots, count), (right, total, cloud), cap

    # ------------------------------------------------------------------------- 4: 400 units

    def wide_part(self, relu, wide, clear, sum_plot, cap):
        xs = self.xs
        flows = (relu, wide)
        fits = [network_curve(f, xs) for f in flows]
        errors = [f.trace[-1][:, 0] - self.y_data for f in flows]  # at the training points
        units = [one_hidden_layer(f).width for f in flows]
        biggest = max(float(np.max(np.abs(e))) for e in errors)
        error_range = axis_range(np.array([-biggest, biggest]), max_ticks=2)
        self.new_heading(f"{units[1]} ReLU units fit it almost exactly")
        plots, clouds, curves, labels, strips = [], [], [], [], []
        for flow, fit, err, n_units, centre in zip(flows, fits, errors, units, (PAIR_LEFT, PAIR_RIGHT)):
            left_x = centre[0] - WIDE_SIZE[0] / 2
            plot = self.axes_for(*fits, size=WIDE_SIZE, y_label=r"\hat y", x_numbers=False, max_ticks=3)
            self.corner_at(plot, (left_x, WIDE_FIT_BOTTOM, 0))
            strip = plot_axes(self.x_axis_range, error_range, WIDE_SIZE[0], STRIP_HEIGHT, y_label=r"\hat y - y",
                              label_size=30)
            self.corner_at(strip, (left_x, STRIP_BOTTOM, 0))
            plots.append(plot)
            strips.append(Group(strip, target_cloud(strip.axes, self.x_data, err, CURVE, radius=0.035)))
            clouds.append(self.targets(plot.axes))
            curves.append(curve(plot.axes, xs, fit, CURVE, stroke_width=5))
            label = VGroup(text(f"{n_units} ReLU units", 28),
                           text_lines(*error_lines(flow.meta), size=24, color=MUTED_TEXT))
            labels.append(label.arrange(DOWN, buff=0.12).next_to(plot, UP, buff=0.2))
        self.error_texts = {f.name: error_lines(f.meta) for f in flows}
        sum_axes, sum_curve, sum_cloud = sum_plot
        self.play(FadeOut(clear), run_time=0.6)
        self.play(FadeOut(sum_axes), FadeIn(plots[0]), ReplacementTransform(sum_curve, curves[0]),
                  sum_cloud.animate.become(clouds[0]), run_time=1.2)
        where = error_where(wide.meta) if error_where(wide.meta) == error_where(relu.meta) else "by each model's export"
        narrow_error, wide_error = (fit_errors(f.meta)[0] for f in flows)
        kink_marks = []
        for flow, plot in zip(flows, plots):
            at = kinks_inside(flow, *input_range(flow))
            kink_marks.append(dots_at(plot.axes, at, network_curve(flow, at), ACCENT, radius=0.035))
        self.kink_marks = kink_marks
        with self.cue("wide", wide_units=f"{units[1]}", wide_error=spoken_number(wide_error),
                      ratio=f"{narrow_error / wide_error:.0f}") as c:
            cap = self.say(cap, f"errors measured {where}, read from the exported models")
            self.play(FadeIn(labels[0]), FadeIn(plots[1]), FadeIn(clouds[1]),
                      run_time=min(2.5, c.to("kinks", self.scene_time(), 0.8)))
            self.wait_until(c.at("kinks"))  # the wide network's curve, bending at its many kinks
            self.play(Create(curves[1]), run_time=c.to("error", self.scene_time(), 1.0))
            self.wait_until(c.at("error"))  # its errors, read as they are said
            self.play(FadeIn(labels[1], shift=0.2 * DOWN), run_time=min(3.0, c.to(None, self.scene_time(), 1.0)))
        with self.cue("errors", points=f"{len(self.x_data)}") as c:
            cap = self.say(cap, f"below each fit, its error at the {len(self.x_data)} points, on one scale")
            self.wait_until(c.at("error"))  # each point's error, drawn left to right
            show = [self.reveal(st[1], np.argsort(self.x_data, kind="stable")) for st in strips]
            for st, sh in zip(strips, show):
                sh(st[1], 0.0)
            self.play(FadeIn(strips[0][0]), FadeIn(strips[1][0]), run_time=0.5)
            self.add(strips[0][1], strips[1][1])
            self.play(*[UpdateFromAlphaFunc(st[1], sh) for st, sh in zip(strips, show)], rate_func=steady,
                      run_time=c.to(None, self.scene_time(), 1.5))
        with self.cue("more-kinks") as c:
            cap = self.say(cap, "more units, more kinks: the bent lines hug the parabola ever closer")
            self.wait_until(c.at("kinks"))  # every kink of each network, on its curve
            self.play(*[LaggedStart(*[FadeIn(d, scale=2.0) for d in m], lag_ratio=0.05) for m in kink_marks],
                      run_time=c.to(None, self.scene_time(), 1.5))


class GeneralPieces(AnyFlowMixin, ReluPiecesParabola):
    """ReLU pieces for any flow that fits (`hidden-layers render pieces --flow mine`): a
    regression 1 -> h ReLU -> 1. Its targets, then one unit's bent line, its output weight, every
    piece, and their running sum growing into the network's curve. Its words come from the flow
    (scenes/scripts/pieces.toml)."""

    flow_name = "parabola_relu10"  # the example; a run's --flow replaces it
    script_name = "pieces"
    misfit = staticmethod(pieces_misfit)

    def construct(self):
        relu = self.flow = self.load()
        self.x_data, self.y_data = relu.X[:, 0], np.asarray(relu.y, dtype=float).reshape(-1)
        self.xs = dense_grid(*input_range(relu), self.samples)
        self.x_axis_range = axis_range(self.xs, pad=0.0)
        width = one_hidden_layer(relu).width
        self.heading = title(f"ReLU pieces: {data_name(relu)}")
        fit = network_curve(relu, self.xs)
        plot = self.axes_for(fit, size=(9.0, 4.8), at=np.array([0.0, 0.05, 0.0]))  # alone: the middle of the frame
        cloud = self.targets(plot.axes)
        line = curve(plot.axes, self.xs, fit, CURVE, stroke_width=5)
        with self.cue("intro", points=f"{len(self.x_data):,}", data=data_name(relu), width=f"{width}",
                      max_error=spoken_number(fit_errors(relu.meta)[0])):
            cap = caption(f"{len(self.x_data):,} points of {data_name(relu)}, fitted by {width} ReLU units")
            self.play(Write(self.heading), FadeIn(plot), FadeIn(cloud), FadeIn(cap), run_time=1.2)
            self.play(Create(line), run_time=1.2)
            self.wait(1.0)
        self.play(*[FadeOut(m) for m in (plot, cloud, line, cap)], run_time=0.6)
        kept, (right, total, cloud), cap = self.relu_part(relu)
        self.wait(1.0)
