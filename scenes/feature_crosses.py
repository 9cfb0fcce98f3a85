"""Chapter "When a line is not enough" — part 2: feature crosses.

One sigmoid neuron again, but its inputs are the crosses x1², x2², x1·x2 of the data instead of
x1, x2. The lift is a stage of the flow (a fixed feature map), animated as every stage is:
each point moves from (x1, x2, 0) to (x1², x2², x1·x2), and the grid of the input plane bends
into the surface it lands on. In that space the neuron is a plane. On the circles the plane
separates the classes; pulled back to the input plane it is a closed curve (a conic, drawn
exactly from the weights). On the spirals the same crosses fail.

Render alone:  manim -ql scenes/feature_crosses.py FeatureCrosses
               manim -ql scenes/feature_crosses.py CrossesFailOnSpirals
"""

from __future__ import annotations

import numpy as np
from manim import DEGREES, ORIGIN, OUT, PI, Create, FadeIn, FadeOut, LaggedStart, Line, Rotate, ShowPassingFlash, Transform, VGroup, VMobject, Write

from contract.flow import monomial_names
from scenes.kit import FlowView, View, caption, title
from scenes.kit.axes3d import AxesLook, axes3d, tight_box
from scenes.kit.hidden_scene import HiddenSpaceScene
from scenes.kit.geometry import line_in_box
from scenes.kit.lift import conic_in_box, quadratic_form
from scenes.kit.palette import ACCENT, TEXT
from scenes.kit.pointcloud import DiscCloud
from scenes.kit.score import ScoreBar

TEX = {"x1²": "x_1^2", "x2²": "x_2^2", "x1·x2": r"x_1 x_2", "x1": "x_1", "x2": "x_2"}
# Flat lines; the labels' dark backing keeps them legible over the points.
CROSS_AXES = AxesLook(label_size=38, label_backing=0.7, label_gap=0.16)


def pct(value: float) -> str:
    return f"{value:.1%}"


class FeatureCrosses(HiddenSpaceScene):
    flow_name = "circles_crosses"
    line_flow = "circles_line"  # the same data, one neuron on x1, x2: said for contrast
    script_name = "feature-crosses"
    heading = "Feature crosses"
    radius = 2.6  # scene units for the largest coordinate, in the input plane or lifted
    input_screen_half = 2.9
    phi, theta = 70 * DEGREES, -45 * DEGREES  # looking across the x1² + x2² direction
    lift_zoom = 1.9  # the lifted cloud sits on one side of the origin: come closer
    step_run_time = 3.0
    point_radius = 0.032
    plane_opacity = 0.3

    def construct(self):
        flow = self.flow = self.load()
        powers = flow.stages[0].W
        names = monomial_names(powers)
        out_stage = flow.affine_indices()[-1]
        view = FlowView(flow, split_affine=False, stop_before=out_stage, dims=self.dims)
        lifted = flow.trace[1]
        scale = self.radius / float(max(np.max(np.abs(lifted)), np.max(np.abs(flow.X))))
        self.model_view = View(scale)
        input_half = 1.1 * float(np.max(np.abs(flow.X)))
        self.top_zoom = self.input_screen_half / (input_half * scale)
        player = self.player = self.build_player(flow, view, grid_half_width=input_half, grid_lines_per_side=4,
                                                 fixed_view=self.model_view)

        self.set_camera_orientation(phi=0, theta=-90 * DEGREES, zoom=self.top_zoom)
        heading = self.fixed(title(self.heading))
        line_flow = self.load(self.line_flow)
        line_acc = pct(line_flow.accuracy())
        with self.cue("data", points=f"{len(flow.X):,}", line_accuracy=line_acc) as c:
            intro = self.fixed(caption(self.intro_text(flow)))
            self.play(Write(heading), FadeIn(player.grid.mobject), FadeIn(player.cloud.mobject), FadeIn(intro),
                      run_time=1.5)
            self._caption = intro
            lit = self.light_in_turn(c, flow.X, flow.y, self.data_lights, keep=True)  # each class lit as it is named
            # "a single neuron" / "a line": the best line of one neuron on x1, x2, drawn as it is named
            self.wait_until(c.at("line"))
            line = self.best_line(line_flow, input_half)
            self.play(Create(line), *([FadeOut(lit)] if lit is not None else []), run_time=1.2)
            self.swap_caption("the best line of one neuron on x1, x2")
            self.wait_until(c.at("right"))
            line_score = self.fixed(ScoreBar(f"{line_acc} right"))
            self.play(line_score.grow(line_flow.accuracy()), run_time=1.2)
            if "turned" in c.marks:  # "the blue arm turned half a circle": a copy of it turns onto the orange arm
                self.wait_until(c.at("turned"))
                self.turn_half(flow.X, flow.y, 1, c.to(None, self.scene_time(), least=2.5))

        axes = self.cross_axes(lifted, scale, names)
        with self.cue("axes") as c:
            self.swap_caption(f"new inputs for the neuron: {', '.join(names)}", heading, line, line_score)
            # Into 3-D for the new space; each axis is drawn as its feature is named.
            self.move_camera(phi=self.phi, theta=self.theta, zoom=self.lift_zoom,
                             run_time=c.to("first", self.scene_time(), least=0.8))
            for i, mark in enumerate(("first", "second", "third")):
                self.wait_until(c.at(mark))
                self.play(Create(axes.axes[i]), FadeIn(axes.labels[i]), run_time=0.6)
            if "crosses" in c.marks:  # "these crosses ... are the axes of a new space": each axis traced again
                self.wait_until(c.at("crosses"))
                self.play(LaggedStart(*[ShowPassingFlash(a.copy().set_stroke(ACCENT, width=7), time_width=0.6)
                                        for a in axes.axes], lag_ratio=0.5), run_time=c.to(None, self.scene_time()))

        with self.cue("lift") as c:
            self.swap_caption(f"the lift: every point (x1, x2) moves to ({', '.join(names)})")
            # The points move to their crossed coordinates while that is said; then each class
            # lights up where it landed as the narrator names it.
            first = self.lift_lights[0][0]
            self.play(player.step(view.steps[0], run_time=c.to(first, self.scene_time(), least=self.step_run_time)))
            self.light_in_turn(c, lifted, flow.y, self.lift_lights)

        plane = self.output_plane(flow, lifted, scale)
        with self.cue("plane", accuracy=pct(flow.accuracy())) as c:
            self.swap_caption(self.plane_text(flow))
            self.wait_until(c.at("plane"))
            self.play(FadeIn(plane), run_time=1.0)
            # each class lit as it is named: on its own side of the plane, or (spirals) on both
            lit = self.light_in_turn(c, lifted, flow.y, self.plane_lights, keep=True)
            self.wait_until(c.at("right"))
            score = self.fixed(ScoreBar(f"{pct(flow.accuracy())} right"))
            self.play(score.grow(flow.accuracy()), *([FadeOut(lit)] if lit is not None else []),
                      run_time=min(1.2, c.to(self.score_until, self.scene_time(), least=0.5)))
            self.light_in_turn(c, lifted, flow.y, self.score_lights)

        curve = self.pulled_back(flow, input_half)
        with self.cue("pull-back") as c:
            self.swap_caption("mapped back to the input plane, the plane becomes a curve", score)
            run_time = c.to("curve", self.scene_time(), least=2.0)
            self.move_camera(phi=0, theta=-90 * DEGREES, zoom=self.top_zoom,
                             added_anims=[player.back_to_input(run_time=run_time), FadeOut(plane), FadeOut(axes)],
                             run_time=run_time)
            self.wait_until(c.at("curve"))
            self.play(Create(curve), run_time=min(2.0, c.to(self.curve_mark, self.scene_time(), least=1.5)))
            self.wait_until(c.at(self.curve_mark))
            self.play(ShowPassingFlash(curve.copy().set_stroke(TEXT, width=9), time_width=0.5), run_time=1.2)
        self.curve = curve
        self.closing(flow)

    # ---------------------------------------------------------------- pieces a subclass varies

    data_lights = (("disc", (1,)), ("ring", (0,)))  # (mark, classes) in the data cue
    lift_lights = (("disc", (1,)), ("ring", (0,)))  # (mark, classes): each class lit where it landed as it is named
    plane_lights = (("disc", (1,)), ("ring", (0,)))  # before the score, which fills on "right"
    score_lights = ()  # after it
    score_until = "right"  # the score has filled before this mark (None: the end of the words)
    curve_mark = "features"  # the curve traced once more on this word

    def intro_text(self, flow) -> str:
        return f"the disc and the ring: {len(flow.X):,} points"

    def plane_text(self, flow) -> str:
        return "one neuron on the crosses is a plane here, and it separates the classes"

    def closing(self, flow) -> None:
        """Nothing more on the circles: the pull-back's words close the chapter."""

    # ---------------------------------------------------------------- drawing helpers

    def best_line(self, line_flow, half: float) -> Line:
        """The boundary w.x + b = 0 of one neuron on x1, x2 (the line flow), inside the input square."""
        out = line_flow.output_affine()
        ends = line_in_box(out.W[0], float(out.b[0]), half)
        a, b = self.model_view.apply(np.pad(ends, ((0, 0), (0, 1))))
        return Line(a, b, color=ACCENT, stroke_width=5)

    def turn_half(self, points: np.ndarray, labels: np.ndarray, cls: int, run_time: float) -> None:
        """One class's points, copied and turned half a circle about the origin: x to -x."""
        copy = self.class_copy(points, labels, cls, 1.6)
        self.play(FadeIn(copy), run_time=0.4)
        self.play(Rotate(copy, angle=PI, axis=OUT, about_point=ORIGIN), run_time=max(1.2, run_time - 1.0))
        self.play(FadeOut(copy), run_time=0.6)

    def class_copy(self, points: np.ndarray, labels: np.ndarray, cls: int, grow: float) -> DiscCloud:
        points = np.pad(points, ((0, 0), (0, 3 - points.shape[1])))
        return DiscCloud(self.model_view.apply(points[labels == cls]), [self.palette[cls]] * int(np.sum(labels == cls)),
                         radius=grow * self.point_radius)

    def light_in_turn(self, c, points: np.ndarray, labels: np.ndarray, lights, keep: bool = False):
        """Each class's points drawn larger over the cloud where they are now, from its mark on
        (``lights``: (mark, classes) pairs; classes after the first follow at once), one at a time.
        With ``keep`` the last stays lit, and is returned for the next animation to let go."""
        lit = None
        for mark, classes in lights:
            self.wait_until(c.at(mark))
            for k, cls in enumerate(classes):
                if k:
                    self.wait(0.4)
                glow = self.class_copy(points, labels, cls, 2.2)
                self.play(*([FadeOut(lit)] if lit is not None else []), FadeIn(glow), run_time=0.5)
                lit = glow
        if lit is not None and not keep:
            self.play(FadeOut(lit), run_time=0.7)
            lit = None
        return lit

    def cross_axes(self, lifted: np.ndarray, scale: float, names: list[str]) -> VGroup:
        """Axes of the feature space through its origin, just longer than the lifted cloud,
        labelled with the features' names."""
        lo, hi = tight_box(lifted, 0.1, 0.08)
        axes = axes3d(lo, hi, scale, [TEX.get(name, name) for name in names[:3]], CROSS_AXES)
        self.keep_upright(*axes.labels)
        return axes

    def pulled_back(self, flow, half: float) -> VGroup:
        out = flow.output_affine()
        A, g, c = quadratic_form(flow.stages[0].W, out.W[0], float(out.b[0]))
        curves = conic_in_box(A, g, c, half)
        group = VGroup()
        for points in curves:
            group.add(VMobject(color=ACCENT, stroke_width=5).set_points_as_corners(
                self.model_view.apply(np.pad(points, ((0, 0), (0, 1))))))
        return group


class CrossesFailOnSpirals(FeatureCrosses):
    flow_name = "spirals_crosses"
    line_flow = "spirals_line"
    quadratic_flow = "spirals_quadratic"
    script_name = "crosses-spirals"
    heading = "The same crosses on the spirals"

    data_lights = ()
    lift_lights = (("cannot", (0, 1)),)  # orange hidden under blue, then blue: both arms on one curve
    plane_lights = ()
    score_lights = (("guessing", (0, 1)),)  # orange, then blue: each on both sides of the plane
    score_until = "guessing"
    curve_mark = "follow"
    step_run_time = 2.0

    def intro_text(self, flow) -> str:
        return f"the two spirals: {len(flow.X):,} points"

    def plane_text(self, flow) -> str:
        return "both arms land on one curve (x and -x cross alike): no plane separates them"

    def closing(self, flow) -> None:
        quadratic = self.load(self.quadratic_flow)
        names = ", ".join(monomial_names(quadratic.stages[0].W))
        input_half = 1.1 * float(np.max(np.abs(quadratic.X)))
        with self.cue("closing", features=str(quadratic.stages[0].W.shape[0]),
                      accuracy=pct(quadratic.accuracy())) as c:
            self.swap_caption(f"one neuron on all of {names}")
            # "all five features": the boundary of one neuron on all of them replaces the crosses' curve
            self.wait_until(c.at("all"))
            self.play(Transform(self.curve, self.pulled_back(quadratic, input_half)), run_time=2.0)
            self.wait_until(c.at("right"))
            score = self.fixed(ScoreBar(f"{pct(quadratic.accuracy())} right"))
            self.play(score.grow(quadratic.accuracy()), run_time=1.2)
