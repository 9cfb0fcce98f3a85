"""The cold open: the payoff first, in under 20 seconds, before the perceptron chapter.

Two real models, moved by the kit exactly as their chapters move them: the spirals net's
hidden layers pull the two spirals apart (each layer one move: rotate, stretch, rotate, shift,
tanh), and its output line splits the last hidden plane; then the corner net's 3 ReLU units
lift the corner data into 3-D and fold it onto the octant's faces, where one flat plane, seen
edge on, cuts the classes apart. One spoken line says what the video will make clear.

Render alone:  manim -ql scenes/cold_open.py ColdOpen
"""

from __future__ import annotations

import numpy as np
from manim import DEGREES, Create, FadeIn, FadeOut, Line, Polygon, VGroup, Write, config

from scenes.kit import FlowView, View, line_in_box, title
from scenes.kit.affine import span_normal
from scenes.kit.axes3d import AxesLook, axes3d, axes_reach, whole_unit_box
from scenes.kit.camera3d import edge_on_angles, facing_angles, zoom_to_fill
from scenes.kit.geometry import box_corners, clip_polygon_halfplane
from scenes.kit.hidden_scene import HiddenSpaceScene
from scenes.kit.palette import ACCENT

AXES = AxesLook(shaded_pieces=1, label_gap=0.6, reach=0.9)


class ColdOpen(HiddenSpaceScene):
    script_name = "cold-open"
    spirals_flow = "spirals"
    plane_flow = "corner_relu"
    heading = "What the hidden layers do"
    spirals_radius = 2.9
    spirals_centre = np.array([0.0, -0.15, 0.0])
    layer_run_time = 0.8  # at least this per hidden layer of the spirals
    radius = 2.5  # scene units for the corner net's largest hidden coordinate
    input_screen_half = 2.6  # the corner data's half-width on screen, seen from above
    face_tilt = 35 * DEGREES
    octant_phi, octant_theta = 62 * DEGREES, 30 * DEGREES
    fill_share = 0.6
    lift_run_time = 1.0
    crossfade = 0.6
    point_radius = 0.03

    def construct(self):
        self.set_camera_orientation(phi=0, theta=-90 * DEGREES, zoom=1.0)
        spirals = self.load(self.spirals_flow)
        corner = self.load(self.plane_flow)
        with self.cue("payoff") as c:
            spiral_parts = self.spirals(spirals, c)
            self.hidden_plane(corner, c, spiral_parts)
        heading = self.fixed(title(self.heading))
        self.play(Write(heading), run_time=1.0)
        self.wait(0.6)

    # ------------------------------------------------------------------ the spirals come apart

    def spirals(self, flow, c) -> list:
        output_stage = flow.affine_indices()[-1]
        view = FlowView(flow, split_affine=True, stop_before=output_stage, dims=2)  # a flip in perspective
        player = self.build_player(flow, view, radius=self.spirals_radius, centre=self.spirals_centre)
        self.play(FadeIn(player.grid.mobject), FadeIn(player.cloud.mobject), run_time=0.8)
        layers = [[s for s in view.steps if s.stage in (k, k + 1)] for k in flow.affine_indices()[:-1]]
        self.wait_until(c.at("apart"))
        # Leave the corner net its lift and fold before the word "plane".
        room = c.at("plane") - self.scene_time() - self.switch_time()
        per_layer = max(self.layer_run_time, room / len(layers))
        for steps in layers:
            self.play(player.steps(steps, run_time=per_layer))
        out = flow.output_affine()
        w, b = out.W[0], float(out.b[0])
        half = 1.08 * self.spirals_radius / player.view.scale
        to_screen = lambda p: player.view.apply(np.pad(p, ((0, 0), (0, 1))))
        regions = VGroup(*[Polygon(*to_screen(poly), stroke_width=0, fill_color=colour, fill_opacity=0.14)
                           for sign, colour in ((-1, self.palette[0]), (1, self.palette[1]))
                           for poly in [clip_polygon_halfplane(box_corners(half), sign * w, sign * b)] if len(poly) >= 3])
        ends = to_screen(line_in_box(w, b, half))
        line = Line(ends[0], ends[1], color=ACCENT, stroke_width=5)
        self.play(FadeIn(regions), Create(line), run_time=0.5)
        return [player.grid.mobject, player.cloud.mobject, regions, line]

    def switch_time(self) -> float:
        """Scene seconds from the spirals' last layer to the corner net's points folded."""
        return 0.5 + self.crossfade + 2 * self.lift_run_time

    # ------------------------------------------------------------------ a plane in hidden space

    def hidden_plane(self, flow, c, spiral_parts) -> None:
        out_stage = flow.affine_indices()[-1]
        view = FlowView(flow, split_affine=False, stop_before=out_stage, dims=3)
        every_hidden = np.concatenate(flow.trace[1:out_stage + 1])
        input_half = 1.1 * float(np.max(np.abs(flow.X)))
        # The model at a scale that keeps the hidden points near the origin (the camera's
        # perspective stays mild); seen from above, zoomed in until the corner data fills the frame.
        scale = self.radius / float(np.max(np.abs(every_hidden)))
        self.model_view = View(scale)
        player = self.build_player(flow, view, grid_half_width=input_half, grid_lines_per_side=4,
                                   fixed_view=self.model_view)
        self.play(*[FadeOut(m) for m in spiral_parts], run_time=self.crossfade / 2)
        self.set_camera_orientation(phi=0, theta=-90 * DEGREES, zoom=self.input_screen_half / (input_half * scale))
        self.play(FadeIn(player.grid.mobject), FadeIn(player.cloud.mobject), run_time=self.crossfade / 2)
        axes = self.axes_for(every_hidden, scale)
        for step in view.steps:
            after = flow.trace[step.stage + 1]
            if step.part == "activation":
                phi, theta = self.octant_phi, self.octant_theta
                new_axes = self.axes_for(after, scale)
                anims = [FadeOut(axes), Create(new_axes)]
                axes = new_axes
            else:
                phi, theta = facing_angles(span_normal(flow.stages[step.stage].W), self.face_tilt)
                anims = [Create(axes)]
            end = self.model_view.apply(view.positions(step)[1])
            zoom = zoom_to_fill(end, phi, theta, config.frame_width, config.frame_height, self.fill_share,
                                keep_inside=np.vstack([end, axes_reach(axes)]))
            self.move_camera(phi=phi, theta=theta, zoom=zoom, added_anims=[player.step(step, run_time=self.lift_run_time),
                                                                         *anims], run_time=self.lift_run_time)
        hidden = flow.trace[out_stage]
        plane = self.output_plane(flow, hidden, scale)
        self.wait_until(c.at("plane"))
        self.play(FadeIn(plane), run_time=0.8)
        phi, theta = edge_on_angles(flow.output_affine().W[0])
        points = self.model_view.apply(hidden)
        keep = np.vstack([points, axes_reach(axes), plane.get_vertices()])
        zoom = zoom_to_fill(points, phi, theta, config.frame_width, config.frame_height, self.fill_share,
                            keep_inside=keep)
        self.wait_until(c.at("cuts"))
        self.move_camera(phi=phi, theta=theta, zoom=zoom, run_time=1.6)

    def axes_for(self, hidden: np.ndarray, scale: float) -> VGroup:
        lo, hi = whole_unit_box(hidden)
        axes = axes3d(lo, hi, scale, [f"a_{i + 1}" for i in range(3)], AXES)
        self.keep_upright(*axes.labels)
        return axes
