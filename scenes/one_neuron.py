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
from manim import (DOWN, LEFT, PI, RIGHT, UP, Arrow, Circle, Create, DashedLine, Dot, FadeIn, FadeOut, GrowArrow,
                   Indicate, LaggedStart, Line, MathTex, Rotate, Transform, ValueTracker, VGroup, VMobject, Write, always_redraw,
                   linear, smooth)

from contract.activations import activation
from scenes.kit import FlowScene, caption, fit_width, text, title
from scenes.kit.boundaries import contour_crossings, neuron_line, probability_grid, probability_rgb
from scenes.kit.learn_view import LossPlot, ShareBar
from scenes.kit.learning import perceptron_updates, vector_sum, weights_between
from scenes.kit.neuron_probe import SignBar, UnitBar, crossing, side_band, side_depth, turning, z_of
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
    """One neuron on the plane: the data, its activation function, z with the real weights, one
    point tested as it is carried across the line, the line with w, which side is which, and the
    weights turned round (still one line). Subclasses name the flow and the activation, and what
    comes between the weights and the line."""

    heading = ""
    act_name = "step"
    act_tex = r"g(z)"
    output_tex = r"\hat y = g(z)"
    output_name = r"\hat y"  # the followed point's output bar
    output_digits = 0
    z_axis = (-6.0, 6.0, 2.0)  # the activation plot's z range: the z this neuron gives the data
    probe_reach = 1.0  # model units from the line to the followed point
    panel_side = 5.4
    panel_centre = (3.5, -0.05)
    point_radius = 0.07
    arrow_length = 0.9  # model units: w is drawn to direction, not to length
    fill_opacity = 0.16
    turn_slide = 0.4  # model units the line slides out and back while the weights turn

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
        colors = self.point_colors(flow)
        cloud = self.cloud = panel.cloud(flow.X, colors, self.point_radius)
        spots = panel.to_scene(flow.X)
        dots = VGroup(*[Dot(p, radius=self.point_radius, color=MUTED_TEXT) for p in spots])  # points, no class yet
        path = self.path = crossing(w, b, flow.X, half, self.probe_reach)
        counts = np.bincount(flow.y)
        with self.cue("data", points=len(flow.X), zeros=int(counts[0]), ones=int(counts[1])) as c:
            self.play(FadeIn(frame), FadeIn(x1), FadeIn(x2), run_time=c.to("points", self.scene_time(), 0.6))
            self.wait_until(c.at("points"))  # the points, one after another, as their number is said
            self.play(LaggedStart(*[FadeIn(d, scale=2.0) for d in dots], lag_ratio=0.15),
                      run_time=c.to("zeros", self.scene_time(), 0.5))
            for k, mark in enumerate(("zeros", "ones")):  # each class coloured as its count is said
                self.wait_until(c.at(mark))
                self.play(*[dots[i].animate.set_color(colors[i]) for i in np.flatnonzero(flow.y == k)],
                          run_time=0.9)
            self.remove(dots)
            self.add(cloud)  # the same discs, as one cloud
            coords = VGroup()
            if "two" in c.marks:  # one point's two numbers: its feet on the x1 and x2 sides of the square
                at = panel.to_scene(path.start[None])[0]
                foot1 = panel.to_scene(np.array([[path.start[0], -half]]))[0]
                foot2 = panel.to_scene(np.array([[-half, path.start[1]]]))[0]
                coords = VGroup(DashedLine(at, foot1, color=TEXT, stroke_width=3),
                                DashedLine(at, foot2, color=TEXT, stroke_width=3))
                self.wait_until(c.at("two"))
                self.play(Create(coords[0]), x1.animate.next_to(foot1, DOWN, buff=0.12), run_time=0.9)
                self.play(Create(coords[1]), x2.animate.next_to(foot2, LEFT, buff=0.12), run_time=0.9)
                self.bring_to_front(cloud)
        self.coords = coords

        plot = self.plot = self.activation_plot()
        with self.cue("function") as c:
            self.play_function(c, plot, coords, x1, x2, frame)

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

        self.make_probe(flow, panel)
        self.middle(flow, panel)

        geometry = neuron_line(w, b, half, self.arrow_length, avoid=flow.X)
        line = self.boundary = Line(*panel.to_scene(geometry.segment), color=ACCENT, stroke_width=5)
        arrow = self.w_arrow = Arrow(*panel.to_scene(geometry.arrow), buff=0, color=TEXT, stroke_width=7,
                                     max_tip_length_to_length_ratio=0.25)
        w_label = self.w_label = MathTex(r"\mathbf{w}", color=TEXT, font_size=38).next_to(arrow.get_end(), UP + RIGHT,
                                                                                         buff=0.08)
        line_label = self.line_label_mob = self.line_label(line)
        with self.cue("line") as c:  # the line on its word, the arrow on its own
            self.play_line(c, line, line_label)
            self.wait_until(c.at("arrow"))
            self.play(GrowArrow(arrow), FadeIn(w_label), run_time=1.2)
            self.bring_to_front(cloud)
            self.after_arrow(c)

        self.after_line(flow, panel)

        accuracy = flow.accuracy()
        share = self.share_bar = ShareBar(f"{pct(accuracy)} of the {len(flow.X)} points right", 0.0, width=3.2)
        share.caption.set_color(ACCENT)
        share.next_to(line_label, DOWN, buff=0.3).align_to(formula, LEFT)
        score = self.score = share.caption
        with self.cue("sides", accuracy=pct(accuracy)) as c:
            self.play_sides(c, panel, w, b)
            self.wait_until(c.at("score"))  # the share right fills as it is said
            self.play(FadeIn(share), run_time=0.4)
            self.play(share.animate.set_share(accuracy), run_time=1.2)
            self.bring_to_front(line, arrow, cloud)

        with self.cue("close") as c:
            note = caption(self.closing)
            self.wait_until(c.at("whatever"))  # whatever its weights: w goes once round, the line with it
            self.play_turn(panel, w, b, run_time=c.to(None, self.scene_time(), 3.5))
            self.play(FadeIn(note), run_time=1.0)

    closing = "one neuron: z = w·x + b, and its boundary is the line z = 0, perpendicular to w"

    # ---------------------------------------------------------------- pieces

    def activation_plot(self, act_tex: str | None = None) -> VGroup:
        """Axes over the z this neuron gives, with its activation's curve as ``plot.curve``."""
        group = plot_axes(self.z_axis, (0, 1, 0.5), 5.2, 1.7, "z", act_tex or self.act_tex, label_size=32)
        axes = group.axes
        for number in list(getattr(axes.y_axis, "numbers", [])):
            if abs(number.get_value()) < 1e-9:  # "0.0" would sit on the z axis, under the curve
                axes.y_axis.numbers.remove(number)
        group.to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.6)
        group.curve = self.activation_curve(axes, self.act_name)
        return group

    def activation_curve(self, axes, act_name: str) -> VGroup:
        fn = activation(act_name)
        z = np.linspace(self.z_axis[0], self.z_axis[1], 481)
        y = fn(z)
        pieces = np.split(np.arange(len(z)), np.nonzero(np.abs(np.diff(y)) > 0.5)[0] + 1)  # break at jumps
        curve = VGroup()
        for idx in pieces:
            if len(idx) > 1:
                points = np.array([axes.c2p(zz, yy) for zz, yy in zip(z[idx], y[idx])])
                curve.add(VMobject(color=CURVE, stroke_width=5).set_points_as_corners(points))
        return curve

    def on_curve(self, z: float) -> np.ndarray:
        """The place on the activation plot of (z, g(z))."""
        return self.plot.axes.c2p(float(z), float(activation(self.act_name)(np.array([float(z)]))[0]))

    def riding_dot(self, z: ValueTracker) -> Dot:
        """A dot on the activation curve at the tracker's z: the neuron's output as z changes."""
        return always_redraw(lambda: Dot(self.on_curve(z.get_value()), radius=0.09, color=TEXT))

    def play_function(self, c, plot, coords, x1, x2, frame) -> None:
        """The activation on its words: the plot, the curve, and a dot riding it through z = 0."""
        self.play(Create(plot), FadeOut(coords), x1.animate.next_to(frame, DOWN, buff=0.12),
                  x2.animate.next_to(frame, LEFT, buff=0.12), run_time=c.to("step", self.scene_time(), 1.0))
        self.wait_until(c.at("step"))
        self.play(Create(plot.curve), run_time=c.to("one", self.scene_time(), 0.8))
        lo, hi = self.z_axis[0], self.z_axis[1]
        z = self.plot_z = ValueTracker(0.0)
        dot = self.plot_dot = self.riding_dot(z)
        self.wait_until(c.at("one"))  # one when the sum is zero or more: z from 0 up
        self.play(FadeIn(dot), run_time=0.3)
        self.play(z.animate.set_value(0.9 * hi), run_time=c.to("zero", self.scene_time(), 0.8), rate_func=linear)
        self.wait_until(c.at("zero"))  # zero when it is below: back down through the jump
        self.play(z.animate.set_value(0.9 * lo), run_time=c.to(None, self.scene_time(), 1.2), rate_func=linear)

    def make_probe(self, flow, panel: Panel) -> None:
        """The followed point (``self.path``): a ring on the plane, its z as a signed bar, its output
        as a bar from 0 to 1 and as the dot on the activation curve, all read from where the ring is
        (``self.probe_t`` along the path)."""
        w, b, path = self.w, self.b, self.path
        t = self.probe_t = ValueTracker(0.0)
        zmax = max(abs(self.z_axis[0]), abs(self.z_axis[1]))
        here = lambda: path.at(t.get_value())  # noqa: E731

        def z_here() -> float:  # on the line z is zero, not a rounding error either side of it
            return float(np.round(z_of(w, b, here()), 12)) + 0.0

        ring = self.probe_ring = always_redraw(
            lambda: Circle(radius=0.17, color=TEXT, stroke_width=4).move_to(panel.to_scene(here()[None])[0]))
        zbar = self.z_bar = SignBar("z", (self.palette[0], self.palette[1]), unit=1.5 / zmax, reach=1.5)
        out = self.out_bar = UnitBar(self.output_name, (self.palette[0], self.palette[1]), width=3.0,
                                     digits=self.output_digits)
        bars = VGroup(zbar, out).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        zbar.shift(RIGHT * (out.outline.get_left()[0] - zbar.track.get_left()[0]))  # one left edge for both
        bars.next_to(self.formula, DOWN, buff=0.95).align_to(self.formula, LEFT).shift(RIGHT * 0.45)
        g = activation(self.act_name)
        zbar.add_updater(lambda m: m.set_value(z_here()))
        out.add_updater(lambda m: m.set_value(float(g(np.array([z_here()]))[0])))
        self.z_here = z_here
        self.probe_log = []  # (where the ring is, z as drawn, output as drawn, the curve dot's z) after each stage

    def probe_on(self, z: ValueTracker) -> None:
        """The curve's dot follows the ring from now on."""
        z.add_updater(lambda m: m.set_value(self.z_here()))

    def log_probe(self) -> None:
        self.update_mobjects(0)
        self.probe_log.append((self.path.at(self.probe_t.get_value()), self.z_bar.drawn(), self.out_bar.drawn(),
                               self.plot_z.get_value()))

    def probe_off(self) -> list:
        """Animations that take the followed point away (the curve's dot stays on the curve)."""
        self.plot_z.clear_updaters()
        return [FadeOut(self.probe_ring), FadeOut(self.z_bar), FadeOut(self.out_bar)]

    def line_label(self, line: Line) -> MathTex:
        """The boundary's equation, under the formula in the left column, in the line's colour."""
        label = MathTex(r"\text{boundary: } \mathbf{w} \cdot x + b = 0", color=ACCENT, font_size=32)
        return label.next_to(self.formula, DOWN, buff=0.3).align_to(self.formula, LEFT)

    def play_line(self, c, line: Line, line_label) -> None:
        self.wait_until(c.at("line"))
        self.play(Create(line), FadeIn(line_label), run_time=1.4)

    def play_sides(self, c, panel: Panel, w: np.ndarray, b: float) -> None:
        """Each side coloured as it is named, growing out from the line."""
        self.sides_drawn = []
        for mark, (ws, bs), color in (("one", (w, b), self.palette[1]), ("zero", (-w, -b), self.palette[0])):
            depth = ValueTracker(0.0)
            band = always_redraw(lambda ws=ws, bs=bs, depth=depth, color=color: panel.polygon(
                side_band(ws, bs, panel.half, depth.get_value()), color, self.fill_opacity))
            self.wait_until(c.at(mark))
            self.add(band)
            self.bring_to_front(self.boundary, self.w_arrow, self.cloud)
            self.play(depth.animate.set_value(side_depth(ws, bs, panel.half)), run_time=1.3)
            band.clear_updaters()
            self.remove(band)
            whole = panel.halfplane(ws, bs, color, self.fill_opacity)
            self.add(whole)
            self.sides_drawn.append(whole)
            self.bring_to_front(self.boundary, self.w_arrow, self.cloud)

    def turn_pictures(self, panel: Panel, wt: np.ndarray, bt: float) -> list:
        """What changes with the weights while they turn (besides the line and w): the sides."""
        return [panel.halfplane(wt, bt, self.palette[1], self.fill_opacity),
                panel.halfplane(-wt, -bt, self.palette[0], self.fill_opacity)]

    def play_turn(self, panel: Panel, w: np.ndarray, b: float, run_time: float) -> None:
        """w goes once round while the line slides out and back (scenes/kit/neuron_probe.turning):
        every frame is a real neuron's line, w at a right angle to it; at the end it is this
        neuron's own again, the very same mobjects as before."""
        u = ValueTracker(0.0)
        tail0, tip0 = panel.to_model(np.array([self.w_arrow.get_start(), self.w_arrow.get_end()]))
        unit = w / np.linalg.norm(w)

        def weights():
            return turning(w, b, u.get_value(), self.turn_slide)

        def moved(x):  # the arrow carried with the line: turned about the origin, slid along the new w
            wt, bt = weights()
            angle = 2 * np.pi * u.get_value()
            c, s = np.cos(angle), np.sin(angle)
            shift = (bt - b) / np.linalg.norm(w)
            rx = np.array([c * x[0] - s * x[1], s * x[0] + c * x[1]])
            ru = np.array([c * unit[0] - s * unit[1], s * unit[0] + c * unit[1]])
            return rx - shift * ru

        def picture():
            wt, bt = weights()
            ends = panel.to_scene(np.array([moved(tail0), moved(tip0)]))
            arrow = Arrow(*ends, buff=0, color=TEXT, stroke_width=7, max_tip_length_to_length_ratio=0.25)
            label = MathTex(r"\mathbf{w}", color=TEXT, font_size=38).next_to(ends[1], UP + RIGHT, buff=0.08)
            return VGroup(*self.turn_pictures(panel, wt, bt), panel.line(wt, bt, color=ACCENT, stroke_width=5),
                          arrow, label)

        field, hidden = self.turn_field(panel, weights)
        still = [*hidden, *self.sides_drawn, self.boundary, self.w_arrow, self.w_label]
        self.remove(*still)
        moving = always_redraw(picture)
        self.add(*field, moving)
        self.bring_to_front(self.cloud)
        self.turn_log = [weights()]
        self.play(u.animate.set_value(1.0), run_time=run_time, rate_func=smooth)
        self.turn_log.append(weights())
        for m in (*field, moving):
            m.clear_updaters()
        self.remove(*field, moving)
        self.add(*still)
        self.bring_to_front(self.cloud)

    def turn_field(self, panel: Panel, weights) -> tuple[list, list]:
        """Pictures under the line that follow the turning weights, and the still ones they stand in for."""
        return [], []

    def after_arrow(self, c) -> None:
        """The rest of the line's cue, once w is drawn."""

    def middle(self, flow, panel: Panel) -> None:
        """Between the weights and the line."""

    def after_line(self, flow, panel: Panel) -> None:
        """After the line and w are drawn: the perceptron replays its training."""


class Perceptron(OneNeuron):
    flow_name = "perceptron"
    script_name = "perceptron"
    heading = "One neuron draws a line: the perceptron"
    act_name = "step"
    act_tex = r"\mathrm{step}(z)"
    output_tex = r"\hat y = \mathrm{step}(z) = 1 \text{ if } z \ge 0, \text{ else } 0"
    z_axis = (-0.3, 0.3, 0.1)  # this neuron's z: its weights are small, and the step does not care
    probe_reach = 1.35

    def middle(self, flow, panel: Panel) -> None:
        """One point tested: its z below zero and the step's zero, then carried along w across the
        line, z growing through zero and the answer flipping to one."""
        t = self.probe_t
        self.probe_on(self.plot_z)
        with self.cue("point") as c:
            self.wait_until(c.at("point"))
            self.play(Create(self.probe_ring), run_time=0.8)
            self.wait_until(c.at("z"))
            self.play(FadeIn(self.z_bar), run_time=c.to("zero", self.scene_time(), 0.8))
            self.wait_until(c.at("zero"))
            self.play(FadeIn(self.out_bar), Indicate(self.plot_dot, color=self.palette[0]), run_time=1.0)
            self.log_probe()
        with self.cue("cross") as c:
            self.wait_until(c.at("move"))  # at an even pace, meeting the line as "passes zero" is said
            self.play(t.animate.set_value(0.5), run_time=c.to("cross", self.scene_time(), 1.0, gap=0.0),
                      rate_func=linear)
            self.log_probe()
            self.wait_until(c.at("cross"))
            self.play(t.animate.set_value(1.0), run_time=c.to("flips", self.scene_time(), 1.0, gap=0.0),
                      rate_func=linear)
            self.wait_until(c.at("flips"))
            self.play(Indicate(self.out_bar.bar, color=self.palette[1]), run_time=1.0)
            self.log_probe()

    def after_arrow(self, c) -> None:
        """The side w points to is the side called one: the point carried off the line along w."""
        self.wait_until(c.at("side"))
        self.play(self.probe_t.animate.set_value(1.0), run_time=c.to(None, self.scene_time(), 1.2))
        self.log_probe()

    def play_line(self, c, line: Line, line_label) -> None:
        """Back onto the line where its z was zero; the line drawn through it."""
        self.play(self.probe_t.animate.set_value(0.5), run_time=c.to("line", self.scene_time(), 0.8))
        self.log_probe()
        self.wait_until(c.at("line"))
        self.play(Create(line), FadeIn(line_label), run_time=1.4)


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

        all_one = self.all_one = panel.halfplane(np.zeros(2), 0.0, self.palette[1], self.fill_opacity)
        with self.cue("learn-start") as c:
            self.wait_until(c.at("rewind"))
            self.play(FadeOut(self.boundary), FadeOut(self.w_arrow), FadeOut(self.w_label), FadeIn(origin_mark),
                      *self.probe_off(), FadeOut(self.plot_dot),
                      self.formula[1].animate.set_opacity(0.3),  # the trained weights: not these yet
                      run_time=1.0)
            self.wait_until(c.at("every"))  # w = 0, b = 0: z is 0 everywhere, and step(0) is one
            self.play(FadeIn(all_one), run_time=c.to("bar", self.scene_time(), 0.8))
            self.bring_to_front(self.cloud)
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
            self.play(Indicate(bar, color=TEXT, scale_factor=1.05),  # every point on its side: all of them right
                      run_time=c.to("updates", self.scene_time(), 0.8))
            self.wait_until(c.at("updates"))  # the updates, one arrow each, lit as their number is said
            self.play(LaggedStart(*[Indicate(step, color=TEXT) for step in trail[::2]], lag_ratio=0.6),
                      run_time=c.to("final", self.scene_time(), 0.4))
            self.wait_until(c.at("final"))
            self.play(FadeOut(trail), FadeOut(origin_mark), FadeOut(w_label), FadeOut(bar), FadeIn(self.w_label),
                      self.formula[1].animate.set_opacity(1.0),
                      w_arrow.animate.put_start_and_end_on(self.w_arrow.get_start(), self.w_arrow.get_end()),
                      run_time=1.5)
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
        # the rule's eye closing in on the point it visits
        self.play(FadeIn(ring, scale=5.0), run_time=min(2.0, c.to("move", self.scene_time(), 0.6)) if c else 0.6 * speed)
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
        if c and "eta" in c.marks:  # w / eta drawn on its words: the very arrow of the step
            self.wait_until(c.at("eta"))
            self.play(GrowArrow(moving_arrow), FadeIn(w_label.next_to(tip(), outward(tip(), origin), buff=0.1)),
                      run_time=1.0)
        if c and "line" in c.marks:
            self.wait_until(c.at("line"))
        elif c and "turn" in c.marks:
            self.wait_until(c.at("turn"))
        if w_arrow is None:  # the first update: w / eta is the step itself, and a line appears
            self.add(moving_arrow)
            anims = [] if c and "eta" in c.marks else [FadeIn(w_label.next_to(tip(), outward(tip(), origin), buff=0.1))]
            self.play(Create(moving_line), *anims, FadeOut(self.all_one), run_time=self.update_run_time * speed)
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

    output_name = "p"
    output_digits = 2
    probe_reach = 1.0

    def play_function(self, c, plot, coords, x1, x2, frame) -> None:
        """The perceptron's step first, then swapped for the sigmoid on its word, and a dot riding
        the sigmoid from zero to one."""
        step = self.activation_curve(plot.axes, "step")
        step_name = MathTex(r"\mathrm{step}(z)", color=TEXT, font_size=32).move_to(plot[2], aligned_edge=LEFT)
        sigma_name = plot[2]
        plot.remove(sigma_name)
        self.play(Create(plot), Create(step), FadeIn(step_name), run_time=c.to("sigmoid", self.scene_time(), 1.0))
        self.wait_until(c.at("sigmoid"))
        self.play(Transform(step, plot.curve), Transform(step_name, sigma_name), run_time=c.to("zero", self.scene_time(), 1.0))
        self.remove(step, step_name)
        self.add(plot.curve, sigma_name)
        plot.add(sigma_name)
        z = self.plot_z = ValueTracker(self.z_axis[0])
        dot = self.plot_dot = self.riding_dot(z)
        self.wait_until(c.at("zero"))  # from zero to one, and every shade of sure between
        self.play(FadeIn(dot), run_time=0.3)
        self.play(z.animate.set_value(self.z_axis[1]), run_time=c.to(None, self.scene_time(), 2.0), rate_func=linear)

    def middle(self, flow, panel: Panel) -> None:
        p, _, _ = probability_grid(flow.predict, panel.half, self.field_pixels)
        field = self.field = panel.image(probability_rgb(p, self.palette[0], self.palette[1], BACKGROUND))
        legend = MathTex(r"p = \sigma(w \cdot x + b)", color=TEXT, font_size=30).next_to(panel.frame(), UP, buff=0.12)
        t = self.probe_t
        with self.cue("field") as c:
            self.wait_until(c.at("field"))
            self.play(FadeIn(field), FadeIn(legend), run_time=c.to("point", self.scene_time(), 1.0))
            self.bring_to_front(self.cloud)
            self.wait_until(c.at("point"))  # deep in one colour: sure, p near zero
            self.probe_on(self.plot_z)
            self.play(Create(self.probe_ring), FadeIn(self.z_bar), FadeIn(self.out_bar),
                      run_time=c.to("middle", self.scene_time(), 1.0))
            self.log_probe()
            self.wait_until(c.at("middle"))  # towards the middle: p towards one half
            self.play(t.animate.set_value(0.5), run_time=c.to(None, self.scene_time(), 1.5), rate_func=linear)
            self.log_probe()
        contour = contour_crossings(flow.predict, panel.half, 0.5)
        self.contour_points = contour
        drawn = self.contour = VMobject(color=TEXT, stroke_width=4).set_points_as_corners(panel.to_scene(contour))
        top = drawn.get_end() if drawn.get_end()[1] > drawn.get_start()[1] else drawn.get_start()
        half_label = self.half_label = MathTex(r"p = 0.5", color=TEXT, font_size=30).next_to(top, LEFT, buff=0.3).shift(DOWN * 0.4)
        with self.cue("contour") as c:
            self.wait_until(c.at("one"))  # on past the middle: p over one half, the answer one
            self.play(t.animate.set_value(1.0), run_time=c.to("curve", self.scene_time(), 1.0), rate_func=linear)
            self.log_probe()
            self.wait_until(c.at("curve"))
            self.play(Create(drawn), FadeIn(half_label), run_time=1.5)
            self.bring_to_front(self.probe_ring)
        self.learn(flow, panel)

    def play_line(self, c, line: Line, line_label) -> None:
        """The line on its word; the curve's dot slides to z = 0, where the sigmoid is one half."""
        self.wait_until(c.at("line"))
        self.play(Create(line), FadeIn(line_label), run_time=1.4)
        axes = self.plot.axes
        # the level one half, drawn in from the right (clear of the 0.5 tick label) to the curve
        guide = DashedLine(axes.c2p(self.z_axis[1], 0.5), axes.c2p(0.0, 0.5), color=TEXT, stroke_width=2)
        drop = DashedLine(axes.c2p(0.0, 0.5), axes.c2p(0.0, 0.0), color=TEXT, stroke_width=2)
        self.wait_until(c.at("half"))  # the level one half across the plot
        self.play(Create(guide), run_time=c.to("zero", self.scene_time(), 0.6))
        self.wait_until(c.at("zero"))  # met by the curve only at z = 0: the dot slides there
        self.play(self.plot_z.animate.set_value(0.0), run_time=1.0)
        self.play(Create(drop), run_time=0.5)

    def play_sides(self, c, panel: Panel, w: np.ndarray, b: float) -> None:
        self.sides_drawn = []  # the colour field already shows both sides

    def turn_field(self, panel: Panel, weights) -> tuple[list, list]:
        """The field follows the turning weights: p = sigma(w.x + b) of each neuron turned through."""
        sigma = activation("sigmoid")

        def field_now():
            wt, bt = weights()
            p, _, _ = probability_grid(lambda x: sigma(z_of(wt, bt, x))[:, None], panel.half, self.field_pixels)
            return panel.image(probability_rgb(p, self.palette[0], self.palette[1], BACKGROUND))

        return [always_redraw(field_now)], [self.field, self.contour, self.half_label]

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
                      *self.probe_off(),
                      FadeOut(self.half_label),  # it names the trained line; the moving one leaves it behind
                      run_time=c.to("loss", self.scene_time(), 1.5))  # run backwards while the start is described
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
