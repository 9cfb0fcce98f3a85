"""Chapter "One neuron draws a line": a perceptron and a sigmoid neuron on 30 points.

Both neurons compute z = w.x + b. The perceptron answers step(z), the sigmoid neuron
p = sigma(z); either way the boundary is the line w.x + b = 0 and w stands perpendicular to it.
For the sigmoid neuron p is drawn as a colour field over the plane, and its p = 0.5 contour
(found from p alone, in the kit) lands on the line. Every number is read from the flows; every
line, arrow and contour comes from scenes/kit/boundaries.py.

Render alone:  manim -ql scenes/one_neuron.py Perceptron
               manim -ql scenes/one_neuron.py SigmoidNeuron
"""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
from manim import (DOWN, LEFT, PI, RIGHT, UP, Arrow, Circle, Create, Dot, FadeIn, FadeOut, GrowArrow, Indicate, Line,
                   MathTex, Rotate, Transform, ValueTracker, VGroup, VMobject, Write, always_redraw, linear)

from contract.activations import activation
from scenes.kit import FlowScene, caption, fit_width, text, title
from scenes.kit.boundaries import contour_crossings, neuron_line, probability_grid, probability_rgb
from scenes.kit.learn_view import LossPlot, ShareBar
from scenes.kit.learning import perceptron_updates, vector_sum, weights_between
from scenes.kit.palette import ACCENT, BACKGROUND, CURVE, MUTED_TEXT, TEXT
from scenes.kit.panels import Panel
from scenes.kit.plots import plot_axes


def pct(value: float) -> str:
    return f"{value:.1%}"


def label_on_points(label: MathTex) -> MathTex:
    """A label that stays legible where it lies over the points (a patch of background behind it)."""
    return label.add_background_rectangle(color=BACKGROUND, opacity=0.8, buff=0.04)


def outward(tip: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """The direction from the origin through an arrow's tip: a label there clears the arrow's shaft."""
    d = np.asarray(tip, dtype=float) - origin
    n = np.linalg.norm(d[:2])
    return UP if n < 1e-9 else d / n


def away(start: np.ndarray, end: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """The side of the step start -> end away from the origin: its label clears the w / eta arrows,
    which both start at the origin."""
    d = np.asarray(end, dtype=float) - start
    n = np.array([-d[1], d[0], 0.0])
    if np.linalg.norm(n) < 1e-9:
        return LEFT
    n /= np.linalg.norm(n)
    return n if n @ ((start + end) / 2 - origin) >= 0 else -n


def signed(v: float) -> str:
    return f"- {abs(v):.2f}" if v < 0 else f"+ {v:.2f}"


class OneNeuron(FlowScene):
    """One neuron on the plane: the data, its activation function, z with the real weights,
    the line with w, and which side is which. Subclasses name the flow and the activation."""

    heading = ""
    act_name = "step"
    act_tex = r"g(z)"
    output_tex = r"\hat y = g(z)"
    panel_side = 5.4
    panel_centre = (3.5, -0.05)
    point_radius = 0.07
    arrow_length = 0.9  # model units: w is drawn to direction, not to length
    fill_opacity = 0.16

    def construct(self):
        flow = self.flow = self.load()
        out = flow.output_affine()
        w, b = out.W[0], float(out.b[0])
        self.w, self.b = w, b
        half = self.half = 1.15 * float(np.max(np.abs(flow.X)))
        panel = self.panel = Panel(half, self.panel_side, self.panel_centre)
        heading = title(self.heading)
        self.play(Write(heading), run_time=1.0)

        frame = panel.frame()
        x1 = MathTex("x_1", color=TEXT, font_size=32).next_to(frame, DOWN, buff=0.12)
        x2 = MathTex("x_2", color=TEXT, font_size=32).next_to(frame, LEFT, buff=0.12)
        cloud = self.cloud = panel.cloud(flow.X, self.point_colors(flow), self.point_radius)
        counts = np.bincount(flow.y)
        with self.cue("data", points=len(flow.X), zeros=int(counts[0]), ones=int(counts[1])) as c:
            self.play(FadeIn(frame), FadeIn(x1), FadeIn(x2), FadeIn(cloud), run_time=c.fit(1.2))

        plot = self.activation_plot().to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.6)
        with self.cue("function") as c:
            self.play(Create(plot), run_time=c.fit(1.8))

        formula = VGroup(
            MathTex(r"z = w_1 x_1 + w_2 x_2 + b", color=TEXT, font_size=32),
            MathTex(rf"z = {w[0]:.2f}\,x_1 {signed(w[1])}\,x_2 {signed(b)}", color=ACCENT, font_size=32),
            MathTex(self.output_tex, color=TEXT, font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        fit_width(formula, 5.6).next_to(plot, DOWN, buff=0.35).align_to(plot, LEFT)
        self.formula = formula
        with self.cue("weights", w1=f"{w[0]:.2f}", w2=f"{w[1]:.2f}", b=f"{b:.2f}") as c:
            self.play(Write(formula[0]), Write(formula[2]), run_time=max(1.8, c.mark("ended") - 0.2))
            self.wait_until(c.at("ended"))  # the trained numbers appear as they are read
            self.play(Write(formula[1]), run_time=max(1.8, c.duration - c.mark("ended")))

        self.middle(flow, panel)

        geometry = neuron_line(w, b, half, self.arrow_length, avoid=flow.X)
        line = self.boundary = Line(*panel.to_scene(geometry.segment), color=ACCENT, stroke_width=5)
        arrow = self.w_arrow = Arrow(*panel.to_scene(geometry.arrow), buff=0, color=TEXT, stroke_width=7,
                                     max_tip_length_to_length_ratio=0.25)
        w_label = self.w_label = MathTex(r"\mathbf{w}", color=TEXT, font_size=38).next_to(arrow.get_end(), UP + RIGHT,
                                                                                         buff=0.08)
        line_label = self.line_label_mob = self.line_label(line)
        with self.cue("line") as c:  # the line on its word, the arrow on its own
            self.wait_until(c.at("line"))
            self.play(Create(line), FadeIn(line_label), run_time=1.4)
            self.wait_until(c.at("arrow"))
            self.play(GrowArrow(arrow), FadeIn(w_label), run_time=1.2)
            self.bring_to_front(cloud)

        self.after_line(flow, panel)

        accuracy = flow.accuracy()
        score = text(f"{pct(accuracy)} of the {len(flow.X)} points right", 28, ACCENT)
        score.next_to(line_label, DOWN, buff=0.25).align_to(formula, LEFT)
        fit_width(score, 5.6)
        self.score = score
        with self.cue("sides", accuracy=pct(accuracy)) as c:
            self.play(*self.sides(panel, w, b), FadeIn(score), run_time=c.fit(1.4))
            self.bring_to_front(line, arrow, cloud)
            self.wait(self.pause)

        with self.cue("close") as c:
            note = caption(self.closing)
            self.play(FadeIn(note), run_time=c.fit(1.0))
            self.wait(1.0)

    closing = "one neuron: z = w·x + b, and its boundary is the line z = 0, perpendicular to w"

    # ---------------------------------------------------------------- pieces

    def activation_plot(self) -> VGroup:
        group = plot_axes((-6, 6, 2), (0, 1, 0.5), 5.2, 1.7, "z", self.act_tex, label_size=32)
        axes = group.axes
        for number in list(getattr(axes.y_axis, "numbers", [])):
            if abs(number.get_value()) < 1e-9:  # "0.0" would sit on the z axis, under the curve
                axes.y_axis.numbers.remove(number)
        fn = activation(self.act_name)
        z = np.linspace(-6, 6, 481)
        y = fn(z)
        pieces = np.split(np.arange(len(z)), np.nonzero(np.abs(np.diff(y)) > 0.5)[0] + 1)  # break at jumps
        for idx in pieces:
            if len(idx) > 1:
                points = np.array([axes.c2p(zz, yy) for zz, yy in zip(z[idx], y[idx])])
                group.add(VMobject(color=CURVE, stroke_width=5).set_points_as_corners(points))
        return group

    def line_label(self, line: Line) -> MathTex:
        """The boundary's equation, under the formula in the left column, in the line's colour."""
        label = MathTex(r"\text{boundary: } \mathbf{w} \cdot x + b = 0", color=ACCENT, font_size=32)
        return label.next_to(self.formula, DOWN, buff=0.3).align_to(self.formula, LEFT)

    def sides(self, panel: Panel, w: np.ndarray, b: float) -> list:
        return [FadeIn(panel.halfplane(w, b, self.palette[1], self.fill_opacity)),
                FadeIn(panel.halfplane(-w, -b, self.palette[0], self.fill_opacity))]

    def middle(self, flow, panel: Panel) -> None:
        """Between the weights and the line: nothing for the perceptron."""

    def after_line(self, flow, panel: Panel) -> None:
        """After the line and w are drawn: the perceptron replays its training."""


class Perceptron(OneNeuron):
    flow_name = "perceptron"
    script_name = "perceptron"
    heading = "One neuron draws a line: the perceptron"
    act_name = "step"
    act_tex = r"\mathrm{step}(z)"
    output_tex = r"\hat y = \mathrm{step}(z) = 1 \text{ if } z \ge 0, \text{ else } 0"


    wrong_words = {-1: "a zero that the neuron calls one", 1: "a one that the neuron calls zero"}
    verb_words = {-1: "subtracts the point from w", 1: "adds the point to w"}
    update_run_time = 0.8  # each motion of the first updates; later ones (if any) go faster

    def after_line(self, flow, panel: Panel) -> None:
        """The perceptron rule replayed from the real run (assets/flows/history/perceptron.npz): every
        update the rule made, in order. The misclassified point lights up, its own arrow x grows
        from the origin, turns into sign * x and moves tip to tail onto w / eta (the rule moves w
        by eta * x, so w / eta moves by exactly x), and the line turns with w: the weights go
        straight from before to after (scenes/kit/learning.weights_between), so the last frame of an
        update is exactly its checkpoint."""
        history = self.history = self.load_history(flow)
        eta = float(history.meta["eta"])
        updates = perceptron_updates(history)
        self.drawn_updates = []
        origin = panel.to_scene(np.zeros((1, 2)))[0]
        origin_mark = VGroup(Dot(origin, radius=0.05, color=TEXT),
                             MathTex("0", color=MUTED_TEXT, font_size=26).next_to(origin, DOWN + LEFT, buff=0.05))
        bar = self.bar = ShareBar("points right", history.accuracy[0], width=3.2)
        bar.next_to(self.line_label_mob, DOWN, buff=0.55).align_to(self.formula, LEFT)

        with self.cue("learn-start") as c:
            self.wait_until(c.at("rewind"))
            self.play(FadeOut(self.boundary), FadeOut(self.w_arrow), FadeOut(self.w_label), FadeIn(origin_mark),
                      self.formula[1].animate.set_opacity(0.3),  # the trained weights: not these yet
                      run_time=1.0)
            self.wait_until(c.at("bar"))
            self.play(FadeIn(bar), run_time=0.8)

        w_arrow = line = None
        trail = VGroup()  # the tip-to-tail arrows of the updates so far
        w_label = label_on_points(MathTex(r"\mathbf{w} / \eta", color=TEXT, font_size=32))
        for n, update in enumerate(updates):
            speed = 1.0 if n < 2 else max(0.25, 0.6 ** (n - 1))
            words = dict(visit=update.visit, wrong=self.wrong_words[update.sign], verb=self.verb_words[update.sign])
            with self.cue("learn-first" if n == 0 else "learn-next", **words) if n < 2 else nullcontext() as c:
                w_arrow, line = self.play_update(flow, panel, history, update, c, speed, origin, w_arrow, line,
                                                 w_label, trail, bar, eta)

        with self.cue("learn-end", epochs=int(history.meta["epochs"]), updates=len(updates)) as c:
            self.remove(line)
            self.add(self.boundary)  # the same segment: w.x + b = 0 of the last checkpoint, the flow's weights
            self.play(FadeOut(trail), FadeOut(origin_mark), FadeOut(w_label), FadeOut(bar), FadeIn(self.w_label),
                      self.formula[1].animate.set_opacity(1.0),
                      w_arrow.animate.put_start_and_end_on(self.w_arrow.get_start(), self.w_arrow.get_end()),
                      run_time=1.5)
            self.wait_until(c.at("final"))
            self.play(Indicate(self.formula[1], color=ACCENT), run_time=1.2)
            self.remove(w_arrow)
            self.add(self.w_arrow)
            self.bring_to_front(self.cloud)

    def play_update(self, flow, panel: Panel, history, update, c, speed: float, origin, w_arrow, line, w_label,
                    trail: VGroup, bar: ShareBar, eta: float):
        """One update of the rule (``c``: its cue, whose marks time it, or None for a fast one);
        returns the new w / eta arrow and line."""
        vs = vector_sum(update, flow.X[update.point], eta)
        x_scene = panel.to_scene(vs.point[None])[0]
        ring = Circle(radius=0.18, color=TEXT, stroke_width=4).move_to(x_scene)
        if c:
            self.wait_until(c.at("light"))
        self.play(Create(ring), run_time=0.6 * speed)
        x_arrow = Arrow(origin, x_scene, buff=0, color=CURVE, stroke_width=7, max_tip_length_to_length_ratio=0.2)
        x_label = label_on_points(MathTex(r"\mathbf{x}", color=CURVE, font_size=32))
        x_label.next_to(x_arrow.get_center(), DOWN + RIGHT, buff=0.05)
        if c:
            self.wait_until(c.at("move"))
        self.play(GrowArrow(x_arrow), FadeIn(x_label), run_time=self.update_run_time * speed)
        start, end = panel.to_scene(vs.step)
        signed = label_on_points(MathTex(r"+\mathbf{x}" if update.sign > 0 else r"-\mathbf{x}", color=CURVE,
                                         font_size=32))
        if update.sign < 0:  # -x: the same arrow turned about the origin
            self.play(Rotate(x_arrow, PI, about_point=origin),
                      Transform(x_label, signed.copy().next_to(origin - (x_scene - origin) / 2, DOWN + RIGHT, buff=0.05)),
                      run_time=self.update_run_time * speed)
        if np.linalg.norm(vs.before) > 0:  # tip to tail: onto the end of w / eta
            self.play(x_arrow.animate.shift(start - origin),
                      Transform(x_label, signed.copy().next_to((start + end) / 2, away(start, end, origin), buff=0.1)),
                      run_time=self.update_run_time * speed)
        x_arrow.put_start_and_end_on(start, end)  # exactly the update's step
        t = ValueTracker(0.0 if w_arrow is not None else 1.0)

        def tip(t=t, update=update):
            w, _ = weights_between(update, t.get_value())
            return panel.to_scene((w / eta)[None])[0]

        def line_now(t=t, update=update):
            w, b = weights_between(update, t.get_value())
            return panel.line(w, b, color=ACCENT, stroke_width=5)

        moving_arrow = always_redraw(lambda tip=tip: Arrow(origin, tip(), buff=0, color=TEXT, stroke_width=7,
                                                           max_tip_length_to_length_ratio=0.15))
        moving_line = always_redraw(line_now)
        if c and "line" in c.marks:
            self.wait_until(c.at("line"))
        elif c and "turn" in c.marks:
            self.wait_until(c.at("turn"))
        if w_arrow is None:  # the first update: w / eta is the step itself, and a line appears
            self.add(moving_arrow)
            self.play(Create(moving_line), FadeIn(w_label.next_to(tip(), outward(tip(), origin), buff=0.1)),
                      run_time=self.update_run_time * speed)
        else:
            self.remove(w_arrow, line)
            self.add(moving_arrow, moving_line)
            after = panel.to_scene(vs.after[None])[0]
            self.play(t.animate.set_value(1.0), w_label.animate.next_to(after, outward(after, origin), buff=0.1),
                      run_time=1.4 * speed, rate_func=linear)
        moving_arrow.clear_updaters()
        moving_line.clear_updaters()
        w_arrow, line = moving_arrow, moving_line
        trail.add(x_arrow, x_label)
        self.bring_to_front(self.cloud, ring)
        self.play(FadeOut(ring), bar.animate.set_share(history.accuracy[update.checkpoint]),
                  run_time=0.6 * speed)
        self.drawn_updates.append({"point": update.point, "sign": update.sign, "checkpoint": update.checkpoint,
                                   "w_arrow": panel.to_model(np.array([w_arrow.get_start(), w_arrow.get_end()])),
                                   "step": panel.to_model(np.array([x_arrow.get_start(), x_arrow.get_end()])),
                                   "line": panel.to_model(np.array([line.get_start(), line.get_end()])),
                                   "bar": bar.share})
        return w_arrow, line


class SigmoidNeuron(OneNeuron):
    flow_name = "sigmoid_neuron"
    script_name = "sigmoid-neuron"
    heading = "One neuron draws a line: the sigmoid neuron"
    act_name = "sigmoid"
    act_tex = r"\sigma(z)"
    output_tex = r"p = \sigma(z) = \frac{1}{1 + e^{-z}}"
    field_pixels = 240
    closing = "the p = 0.5 contour of σ(w·x + b) is the line w·x + b = 0: still one straight line"

    def middle(self, flow, panel: Panel) -> None:
        p, _, _ = probability_grid(flow.predict, panel.half, self.field_pixels)
        field = self.field = panel.image(probability_rgb(p, self.palette[0], self.palette[1], BACKGROUND))
        legend = MathTex(r"p = \sigma(w \cdot x + b)", color=TEXT, font_size=30).next_to(panel.frame(), UP, buff=0.12)
        with self.cue("field") as c:
            self.play(FadeIn(field), FadeIn(legend), run_time=c.fit(1.5))
            self.bring_to_front(self.cloud)
        contour = contour_crossings(flow.predict, panel.half, 0.5)
        self.contour_points = contour
        drawn = self.contour = VMobject(color=TEXT, stroke_width=4).set_points_as_corners(panel.to_scene(contour))
        top = drawn.get_end() if drawn.get_end()[1] > drawn.get_start()[1] else drawn.get_start()
        half_label = self.half_label = MathTex(r"p = 0.5", color=TEXT, font_size=30).next_to(top, LEFT, buff=0.3).shift(DOWN * 0.4)
        with self.cue("contour") as c:
            self.wait_until(c.at("curve"))
            self.play(Create(drawn), FadeIn(half_label), run_time=1.5)
            self.wait(self.pause)
        self.learn(flow, panel)

    run_time_min = 8.0  # the descent plays at least this long

    def learn(self, flow, panel: Panel) -> None:
        """Gradient descent replayed from its history (assets/flows/history/sigmoid_neuron.npz): a
        checkpoint time u runs over the log-spaced checkpoints, evenly in time, so the early steps,
        where the field changes most, get as long as the late ones. Between checkpoints the weights
        are interpolated (History.stages_between), so every frame is a real neuron's field and
        p = 0.5 line; at a whole u the frame is exactly that checkpoint's replay, and the loss
        curve's head sits on that checkpoint's stored loss."""
        history = self.history = self.load_history(flow)
        last = len(history) - 1
        u = self.learn_time = ValueTracker(float(last))

        def field_now():
            p, _, _ = probability_grid(lambda x: history.predict_between(flow, u.get_value(), x), panel.half,
                                       self.field_pixels)
            return panel.image(probability_rgb(p, self.palette[0], self.palette[1], BACKGROUND))

        def line_now():
            out = history.stages_between(flow, u.get_value())[flow.affine_indices()[-1]]
            return panel.line(out.W[0], float(out.b[0]), color=TEXT, stroke_width=4)

        plot = self.loss_plot = LossPlot(history.steps, history.loss, width=4.2, height=1.15)
        plot.next_to(self.formula, DOWN, buff=0.3).align_to(self.formula, LEFT).shift(RIGHT * 0.35)
        plot.add_updater(lambda m: m.set_time(u.get_value()))
        with self.cue("learn") as c:
            field, line = always_redraw(field_now), always_redraw(line_now)
            self.wait_until(c.at("rewind"))
            self.remove(self.field, self.contour)
            self.add(field, line)
            self.bring_to_front(self.cloud)
            self.play(u.animate.set_value(0.0), self.formula[1].animate.set_opacity(0.3),  # not these weights yet
                      FadeOut(self.half_label),  # it names the trained line; the moving one leaves it behind
                      run_time=1.5)  # run backwards: the replay rewound
            self.wait_until(c.at("loss"))
            self.play(FadeIn(plot), run_time=1.0)
        with self.cue("learn-run", steps=f"{int(history.steps[-1]):,}") as c:
            self.wait_until(c.at("run"))
            self.play(u.animate.set_value(float(last)), rate_func=linear,
                      run_time=max(self.run_time_min, c.start + c.duration - self.scene_time() - 1.0))
        with self.cue("learn-end") as c:
            field.clear_updaters()
            line.clear_updaters()
            plot.clear_updaters()
            self.remove(field, line)
            self.add(self.field, self.contour)  # the trained neuron's, drawn before: the same picture
            self.bring_to_front(self.cloud)
            self.wait_until(c.at("same"))
            self.play(Indicate(self.contour, color=ACCENT, scale_factor=1.0), self.formula[1].animate.set_opacity(1.0),
                      FadeIn(self.half_label), run_time=1.2)
            self.play(FadeOut(plot), run_time=0.8)

    def sides(self, panel: Panel, w: np.ndarray, b: float) -> list:
        return []  # the colour field already shows both sides
