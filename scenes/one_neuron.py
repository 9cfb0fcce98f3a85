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

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Create, FadeIn, GrowArrow, Line, MathTex, VGroup, VMobject,
                   Write)

from contract.activations import activation
from scenes.kit import FlowScene, caption, fit_width, text, title
from scenes.kit.boundaries import contour_crossings, neuron_line, probability_grid, probability_rgb
from scenes.kit.palette import ACCENT, BACKGROUND, CURVE, MUTED_TEXT, TEXT
from scenes.kit.panels import Panel
from scenes.kit.plots import plot_axes


def pct(value: float) -> str:
    return f"{value:.1%}"


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
            self.play(Write(formula), run_time=c.fit(1.8))

        self.middle(flow, panel)

        geometry = neuron_line(w, b, half, self.arrow_length, avoid=flow.X)
        line = self.boundary = Line(*panel.to_scene(geometry.segment), color=ACCENT, stroke_width=5)
        arrow = self.w_arrow = Arrow(*panel.to_scene(geometry.arrow), buff=0, color=TEXT, stroke_width=7,
                                     max_tip_length_to_length_ratio=0.25)
        w_label = MathTex(r"\mathbf{w}", color=TEXT, font_size=38).next_to(arrow.get_end(), UP + RIGHT, buff=0.08)
        line_label = self.line_label(line)
        with self.cue("line") as c:
            self.play(Create(line), FadeIn(line_label), run_time=c.fit(1.4))
            self.play(GrowArrow(arrow), FadeIn(w_label), run_time=c.fit(1.2))
            self.bring_to_front(cloud)

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


class Perceptron(OneNeuron):
    flow_name = "perceptron"
    script_name = "perceptron"
    heading = "One neuron draws a line: the perceptron"
    act_name = "step"
    act_tex = r"\mathrm{step}(z)"
    output_tex = r"\hat y = \mathrm{step}(z) = 1 \text{ if } z \ge 0, \text{ else } 0"


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
        half_label = MathTex(r"p = 0.5", color=TEXT, font_size=30).next_to(top, LEFT, buff=0.3).shift(DOWN * 0.4)
        with self.cue("contour") as c:
            self.play(Create(drawn), FadeIn(half_label), run_time=c.fit(1.5))
            self.wait(self.pause)

    def sides(self, panel: Panel, w: np.ndarray, b: float) -> list:
        return []  # the colour field already shows both sides
