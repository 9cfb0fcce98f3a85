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
from manim import DEGREES, Create, FadeIn, FadeOut, VGroup, VMobject, Write

from contract.flow import monomial_names
from scenes.kit import FlowView, View, caption, title
from scenes.kit.axes3d import AxesLook, axes3d, tight_box
from scenes.kit.hidden_scene import HiddenSpaceScene
from scenes.kit.lift import conic_in_box, quadratic_form
from scenes.kit.palette import ACCENT

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
        line_acc = pct(self.load(self.line_flow).accuracy())
        with self.cue("data", points=f"{len(flow.X):,}", line_accuracy=line_acc) as c:
            intro = self.fixed(caption(self.intro_text(flow, line_acc)))
            self.play(Write(heading), FadeIn(player.grid.mobject), FadeIn(player.cloud.mobject), FadeIn(intro),
                      run_time=c.fit(1.5))
            self._caption = intro
            self.wait(0.5)

        axes = self.cross_axes(lifted, scale, names)
        with self.cue("axes") as c:
            self.swap_caption(f"new inputs for the neuron: {', '.join(names)}", heading)
            self.move_camera(phi=self.phi, theta=self.theta, zoom=self.lift_zoom, added_anims=[Create(axes)], run_time=c.fit(2.5))

        with self.cue("lift") as c:
            self.swap_caption(f"the lift: every point (x1, x2) moves to ({', '.join(names)})")
            self.play(player.step(view.steps[0], run_time=c.fit(self.step_run_time)))
            self.begin_ambient_camera_rotation(rate=0.16)
            self.wait(2.0)
            self.stop_ambient_camera_rotation()

        plane = self.output_plane(flow, lifted, scale)
        with self.cue("plane", accuracy=pct(flow.accuracy())) as c:
            self.swap_caption(self.plane_text(flow))
            self.play(FadeIn(plane), run_time=c.fit(1.5))
            self.begin_ambient_camera_rotation(rate=-0.2)
            self.wait(3.0)
            self.stop_ambient_camera_rotation()

        curve = self.pulled_back(flow, input_half)
        with self.cue("pull-back") as c:
            self.swap_caption("mapped back to the input plane, the plane becomes a curve")
            self.move_camera(phi=0, theta=-90 * DEGREES, zoom=self.top_zoom,
                             added_anims=[player.back_to_input(run_time=3.0), FadeOut(plane), FadeOut(axes)],
                             run_time=c.fit(3.0))
            self.play(Create(curve), run_time=1.5)
            self.wait(1.5)
        self.closing(flow)

    # ---------------------------------------------------------------- pieces a subclass varies

    def intro_text(self, flow, line_accuracy: str) -> str:
        return f"the circles again: one neuron on x1, x2 gets {line_accuracy}"

    def plane_text(self, flow) -> str:
        return f"one neuron on the crosses is a plane here, and it separates them: {pct(flow.accuracy())} right"

    def closing(self, flow) -> None:
        with self.cue("closing") as c:
            self.swap_caption("the crosses worked because we guessed the right features by hand")
            self.wait(c.fit(2.0))

    # ---------------------------------------------------------------- drawing helpers

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

    def intro_text(self, flow, line_accuracy: str) -> str:
        return f"the two spirals: {len(flow.X):,} points, and the same three crosses"

    def plane_text(self, flow) -> str:
        return f"both arms land on one curve (x and -x cross alike): the best plane gets {pct(flow.accuracy())}"

    def closing(self, flow) -> None:
        quadratic = self.load(self.quadratic_flow)
        names = ", ".join(monomial_names(quadratic.stages[0].W))
        with self.cue("closing", features=str(quadratic.stages[0].W.shape[0]),
                      accuracy=pct(quadratic.accuracy())) as c:
            self.swap_caption(f"even on all of {names}: {pct(quadratic.accuracy())} right")
            self.wait(c.fit(2.5))
