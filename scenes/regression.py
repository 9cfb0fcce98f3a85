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
from manim import (DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, Group, MathTex, ReplacementTransform,
                   Transform, VGroup, Write)

from scenes.kit import AnyFlowMixin, FlowScene, caption, text, title
from scenes.kit.fits import data_name, pieces_misfit
from scenes.kit.narrate import spoken_number
from scenes.kit.palette import ACCENT, CURVE, MUTED_TEXT, TARGET, TEXT
from scenes.kit.pieces import (collapse_linear, dense_grid, hidden_activations, input_range, kink_order, kinks,
                               kinks_inside, network_curve, one_hidden_layer, pick_unit, pieces, running_sums)
from scenes.kit.plots import (affine_tex, axis_range, column_tex, curve, dashed_curve, dots_at, error_lines,
                              error_where, fit_errors, number, plot_axes, target_cloud, text_lines, vertical_marker)

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
    point_radius = 0.045
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

    def lines_part(self, linear, linear_hidden):
        xs = self.xs
        line_y = network_curve(linear, xs)
        hidden_y = network_curve(linear_hidden, xs)
        c, d = collapse_linear(linear_hidden)
        plot = self.axes_for(line_y, hidden_y)
        axes = plot.axes
        cloud = self.targets(axes)
        intro = caption(f"{len(self.x_data)} target points on the parabola y = −(x − 0.5)² + 0.25, x from 0 to 1")
        with self.cue("targets", points=f"{len(self.x_data)}"):
            self.play(FadeIn(plot), FadeIn(cloud), FadeIn(intro), run_time=1.2)
            self.wait(1.2)

        # 1. One linear neuron.
        self.new_heading("One linear neuron draws a line")
        b, W = collapse_linear(linear)  # one affine stage: its own weight and bias
        notes = self.notes(
            text("one neuron, no activation", 28),
            MathTex(r"\hat y = w\,x + b", color=TEXT),
            MathTex(rf"w = {number(W, 3)},\quad b = {number(b, 3)}", color=TEXT),
            text_lines(*error_lines(linear.meta), size=26, color=MUTED_TEXT),
        )
        line = curve(axes, xs, line_y, CURVE)
        with self.cue("one-neuron", max_error=spoken_number(fit_errors(linear.meta)[0])) as said:
            cap = self.say(intro, "trained on the points, the best it can do is a straight line")
            self.play(FadeIn(notes), Create(line), run_time=said.fit(1.5, 0.4))
            self.wait(2.0)

        # 2. A linear hidden layer.
        self.new_heading("A linear hidden layer still draws a line")
        W1, b1 = linear_hidden.stages[0].W, linear_hidden.stages[0].b
        W2, b2 = linear_hidden.stages[-1].W, linear_hidden.stages[-1].b
        width = W1.shape[0]
        weights = VGroup(column_tex("W_1", W1), column_tex("b_1", b1), column_tex(r"W_2^{\top}", W2),
                         column_tex("b_2", b2)).arrange(RIGHT, buff=0.4, aligned_edge=UP)
        weights.scale_to_fit_height(4.1)
        collapse = VGroup(
            MathTex(rf"d = W_2 W_1 = {number(d, 3)}", color=TEXT),
            MathTex(rf"c = W_2 b_1 + b_2 = {number(c, 3)}", color=TEXT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        notes2 = self.notes(weights, collapse)
        with self.cue("linear-hidden", width=f"{width}"):
            cap = self.say(cap, f"1 → {width} identity units → 1: the two affine maps compose into one")
            hidden_line = curve(axes, xs, hidden_y, CURVE)
            self.play(FadeOut(notes), FadeIn(notes2[0]), Transform(line, hidden_line), run_time=1.2)
            self.wait(1.5)
        with self.cue("collapse") as said:
            collapsed = dashed_curve(axes, xs, c + d * xs, ACCENT, stroke_width=5)
            self.play(FadeIn(notes2[1]), Create(collapsed), run_time=said.fit(1.5, 0.3))
            cap = self.say(cap, "the line c + d x (dashed), from the weights alone, lies on the network's output")
            self.wait(2.0)
        self.play(*[FadeOut(m) for m in (notes2, collapsed, line, cloud, plot, cap)], run_time=0.8)

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
        # 3a. One hidden unit.
        unit = curve(pa, xs, act_k, ACCENT, stroke_width=5)
        marker = vertical_marker(pa, kink, ACCENT, rf"x = -b/w = {number(kink, 2)}", label_size=30)
        flat, scale_words = unit_words(net.w1[k], net.w2[k])
        unit_tex = MathTex(rf"a = \operatorname{{relu}}({affine_tex(net.w1[k], net.b1[k])})", color=TEXT)
        scaled_tex = MathTex(rf"w_2 \, a = {number(net.w2[k], 2)} \, a", color=TEXT)
        notes = self.notes(text(f"hidden unit {k + 1} of {width}", 28), unit_tex, at=PAIR_RIGHT + 0.6 * UP)
        with self.cue("one-unit", unit=f"{k + 1}", flat=flat, kink=spoken_number(kink)):
            cap = self.say(None, f"one unit: zero {flat} of its kink at x = −b/w, a line on the other side")
            self.play(FadeIn(left), FadeIn(notes), run_time=1.0)
            self.play(Create(unit), run_time=1.2)
            self.play(FadeIn(marker), run_time=0.8)
            self.wait(1.5)

        # 3b. The output weight scales it.
        scaled_notes = self.notes(text(f"hidden unit {k + 1} of {width}", 28), unit_tex.copy(), scaled_tex,
                                  at=PAIR_RIGHT + 0.6 * UP)
        scaled = curve(pa, xs, piece_y[:, k], ACCENT, stroke_width=5)
        with self.cue("output-weight", weight=spoken_number(net.w2[k]), scale=scale_words):
            cap = self.say(cap, f"its output weight w₂ = {number(net.w2[k], 2)} {scale_words}".replace("-", "−"))
            self.play(ReplacementTransform(notes, scaled_notes), Transform(unit, scaled), run_time=1.5)
            self.wait(1.5)

        # 3c. All the pieces.
        # Reframe the left plot to all the pieces (they are smaller than the lone unit).
        zoomed = self.axes_for(piece_y, size=PAIR_SIZE, at=PAIR_LEFT, with_targets=False)
        self.play(FadeOut(marker), FadeOut(left), FadeIn(zoomed),
                  Transform(unit, curve(zoomed.axes, xs, piece_y[:, k], ACCENT, stroke_width=5)), run_time=1.0)
        left, pa = zoomed, zoomed.axes
        others = VGroup(*[curve(pa, xs, piece_y[:, i], MUTED_TEXT, stroke_width=3) for i in range(width) if i != k])
        kink_dots = dots_at(pa, inside, np.zeros(len(inside)), ACCENT)
        with self.cue("all-pieces", width=f"{width}"):
            cap = self.say(cap, f"every one of the {width} units gives such a piece, each with its own kink and slope")
            self.play(Create(others), FadeIn(kink_dots), run_time=1.5)
            self.play(unit.animate.set_stroke(MUTED_TEXT, width=3), run_time=0.5)
            self.wait(1.0)
        by_unit = dict(zip([i for i in range(width) if i != k], others))
        by_unit[k] = unit
        all_pieces = VGroup(*[by_unit[i] for i in range(width)])
        left_title = text("the pieces  w₂ᵢ · relu(w₁ᵢ x + b₁ᵢ)", 26).next_to(left, UP, buff=0.25)

        # 3d. Their running sum grows into the network's curve.
        right = self.axes_for(sums, size=PAIR_SIZE, at=PAIR_RIGHT)
        sa = right.axes
        cloud = self.targets(sa)
        total = curve(sa, xs, sums[0], CURVE, stroke_width=5)
        count = text(f"output bias b₂ = {number(net.b2, 3)}", 26).next_to(right, UP, buff=0.25)
        with self.cue("running-sum") as c:
            cap = self.say(cap, "start from the output bias, then add the pieces, left to right by kink")
            self.play(FadeOut(scaled_notes), FadeIn(right), FadeIn(cloud), FadeIn(left_title), run_time=1.0)
            self.play(Create(total), FadeIn(count), run_time=1.0)
            self.wait(0.5)
            # the pieces take at least the rest of the sentence between them
            per_piece = c.fit(self.piece_run_time * width, 1.0) / width
            for j, i in enumerate(order, start=1):
                piece = all_pieces[i]
                new_count = text(f"bias + {j} of {width} pieces", 26).move_to(count)
                self.play(piece.animate.set_stroke(ACCENT, width=5),
                          Transform(total, curve(sa, xs, sums[j], CURVE, stroke_width=5)),
                          Transform(count, new_count), run_time=per_piece)
                self.play(piece.animate.set_stroke(MUTED_TEXT, width=3, opacity=0.35), run_time=0.2)
        bends = dots_at(sa, inside, network_curve(relu, inside), ACCENT)
        with self.cue("the-curve", width=f"{width}", max_error=spoken_number(fit_errors(relu.meta)[0])):
            cap = self.say(cap, f"the bias plus all {width} pieces is the network's curve, bent at the kinks")
            self.play(FadeIn(bends), run_time=0.6)
            self.wait(1.6)
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
        with self.cue("wide", wide_units=f"{units[1]}", wide_error=spoken_number(wide_error),
                      ratio=f"{narrow_error / wide_error:.0f}", where=where):
            cap = self.say(cap, f"errors measured {where}, read from the exported models")
            self.play(FadeIn(labels[0]), FadeIn(plots[1]), FadeIn(clouds[1]), run_time=1.0)
            self.play(Create(curves[1]), FadeIn(labels[1]), run_time=1.5)
            self.wait(1.0)
        with self.cue("errors", points=f"{len(self.x_data)}"):
            cap = self.say(cap, f"below each fit, its error at the {len(self.x_data)} points, on one scale")
            self.play(FadeIn(strips[0]), FadeIn(strips[1]), run_time=1.0)
            self.wait(1.5)
        with self.cue("more-kinks"):
            cap = self.say(cap, "more units, more kinks: the bent lines hug the parabola ever closer")
            self.wait(3.0)


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
