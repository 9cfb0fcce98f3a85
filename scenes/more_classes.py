"""Chapter "More features, more classes".

ThreeFeatures: one sigmoid neuron on three features. Its boundary w.x + b = 0 is a plane in
3-D, with w its normal; the camera turns so the depth reads.

SoftmaxRegions: a softmax layer of three neurons on three blobs. Class i wins where z_i is the
largest score: three convex regions, and between classes i and j the line z_i = z_j with
normal w_i - w_j. Regions, segments and normals come from scenes/kit/boundaries.py.

Render alone:  manim -ql scenes/more_classes.py ThreeFeatures
               manim -ql scenes/more_classes.py SoftmaxRegions
"""

from __future__ import annotations

import numpy as np
from manim import (DEGREES, DOWN, LEFT, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, GrowArrow, Line, MathTex,
                   Polygon, VGroup, Write)

from scenes.kit import DiscCloud, FlowScene, FlowThreeDScene, caption, fit_width, text, title
from scenes.kit.axes3d import AxesLook, axes3d
from scenes.kit.camera3d import level_edge_on_angles
from scenes.kit.boundaries import arrow_on_segment, neuron_plane, softmax_boundaries, softmax_regions
from scenes.kit.palette import ACCENT, GRID_AXIS, TEXT
from scenes.kit.panels import Panel
from scenes.kit.solids import light_arrow3d


def pct(value: float) -> str:
    return f"{value:.1%}"


def signed(v: float) -> str:
    return f"- {abs(v):.2f}" if v < 0 else f"+ {v:.2f}"


# Manim's shaded axes in its default 20 pieces, labels 0.35 scene units past the cube.
CUBE_AXES = AxesLook(colour=GRID_AXIS, stroke_width=None, shaded_pieces=20, label_gap=0.35, gap_in_scene_units=True)


class ThreeFeatures(FlowThreeDScene):
    flow_name = "neuron_3d"
    script_name = "three-features"
    heading = "Three features: the line becomes a plane"
    radius = 2.6  # scene units for the cube's half-width
    phi, theta = 70 * DEGREES, -50 * DEGREES
    point_radius = 0.045
    plane_opacity = 0.35
    arrow_length = 1.2  # model units
    plane_share = 0.75  # the plane is cut from a cube this share of the axes' cube (it fills the frame less)
    zoom = 1.05
    view_offset = (1.9, -0.2)  # the 3-D picture sits right of the formula column (frame units)

    def construct(self):
        flow = self.flow = self.load()
        out = flow.output_affine()
        w, b = out.W[0], float(out.b[0])
        half = self.half = 1.1 * float(np.max(np.abs(flow.X)))
        scale = self.scale = self.radius / half  # scene = scale * model, the same on every axis
        self.set_camera_orientation(phi=self.phi, theta=self.theta, zoom=self.zoom)
        self.camera.screen_offset = self.view_offset

        heading = self.fixed(title(self.heading))
        cube = axes3d(np.full(3, -half), np.full(3, half), scale, ["x_1", "x_2", "x_3"], CUBE_AXES)
        axes, labels = cube.axes, cube.labels
        self.keep_upright(*labels)
        cloud = self.cloud = DiscCloud(scale * flow.X, self.point_colors(flow), radius=self.point_radius)
        with self.cue("data", points=len(flow.X)) as c:
            self.play(Write(heading), Create(axes), FadeIn(labels), FadeIn(cloud), run_time=c.fit(2.0))
            self.begin_ambient_camera_rotation(rate=0.2)
            self.wait(2.5)
            self.stop_ambient_camera_rotation()

        formula = self.fixed(VGroup(
            MathTex(r"z = w_1 x_1 + w_2 x_2 + w_3 x_3 + b", color=TEXT, font_size=32),
            MathTex(rf"z = {w[0]:.2f}\,x_1 {signed(w[1])}\,x_2 {signed(w[2])}\,x_3 {signed(b)}", color=ACCENT,
                    font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).to_corner(UP + LEFT, buff=0.4).shift(DOWN * 0.8))
        self.plane_half = self.plane_share * half
        polygon = neuron_plane(w, b, self.plane_half)
        plane = self.plane = Polygon(*(scale * polygon), color=ACCENT, fill_color=ACCENT,
                                     fill_opacity=self.plane_opacity, stroke_width=2)
        centre = polygon.mean(axis=0)
        tip = centre + self.arrow_length * w / np.linalg.norm(w)
        arrow = self.w_arrow = light_arrow3d(scale * centre, scale * tip, TEXT)
        with self.cue("plane", w1=f"{w[0]:.2f}", w2=f"{w[1]:.2f}", w3=f"{w[2]:.2f}", b=f"{b:.2f}") as c:
            self.play(FadeIn(formula), run_time=2.0)
            self.wait_until(c.at("plane"))  # the plane is drawn as its word is said, w as its letter is
            self.play(Create(plane), run_time=min(1.5, max(0.5, c.at("arrow") - self.scene_time())))
            self.bring_to_front(cloud)
            self.wait_until(c.at("arrow"))
            self.play(FadeIn(arrow), run_time=1.0)

        accuracy = flow.accuracy()
        score = self.fixed(text(f"{pct(accuracy)} of the {len(flow.X)} points right", 28, ACCENT)
                           .next_to(formula, DOWN, buff=0.3).align_to(formula, LEFT))
        self.texts = [formula, score]  # fixed in the frame: the turning plane must pass clear of them
        self.camera_path = [(self.camera.get_phi(), self.camera.get_theta())]  # (phi, theta) at each turn's ends
        with self.cue("turn", accuracy=pct(accuracy)) as c:
            self.play(FadeIn(score), run_time=c.fit(0.8))
            self.begin_ambient_camera_rotation(rate=0.35)
            self.wait(c.fit(6.0))
            self.stop_ambient_camera_rotation()
        self.camera_path.append((self.camera.get_phi(), self.camera.get_theta()))

        with self.cue("edge-on") as c:
            self.play(FadeOut(labels), run_time=0.5)  # seen along the plane, an axis label can sit on w
            # Look along the plane, level with it, so it shows as a line.
            phi, self.edge_on_theta = level_edge_on_angles(w, self.camera.get_theta())
            self.move_camera(phi=phi, theta=self.edge_on_theta, run_time=c.fit(2.5))
            self.camera_path.append((self.camera.get_phi(), self.camera.get_theta()))
            note = self.fixed(caption("seen edge-on, the plane is a line again: w·x + b = 0, perpendicular to w"))
            self.play(FadeIn(note), run_time=0.8)
            self.wait(1.0)


class SoftmaxRegions(FlowScene):
    flow_name = "softmax3"
    script_name = "softmax-regions"
    heading = "More classes: softmax draws a line between every two"
    panel_side = 5.5
    panel_centre = (3.4, -0.05)
    point_radius = 0.055
    fill_opacity = 0.22
    arrow_length = 0.55  # model units: the normals are drawn to direction

    def construct(self):
        flow = self.flow = self.load()
        out = flow.output_affine()
        W, b = out.W, out.b
        half = self.half = 1.1 * float(np.max(np.abs(flow.X)))
        panel = self.panel = Panel(half, self.panel_side, self.panel_centre)
        heading = title(self.heading)
        self.play(Write(heading), run_time=1.0)

        frame = panel.frame()
        axis_labels = VGroup(MathTex("x_1", color=TEXT, font_size=34).next_to(frame, DOWN, buff=0.12),
                             MathTex("x_2", color=TEXT, font_size=34).next_to(frame, LEFT, buff=0.12))
        cloud = self.cloud = panel.cloud(flow.X, self.point_colors(flow), self.point_radius)
        counts = np.bincount(flow.y)
        with self.cue("data", points=len(flow.X), per_class=int(counts[0]), classes=len(counts)) as c:
            self.play(FadeIn(frame), FadeIn(axis_labels), FadeIn(cloud), run_time=c.fit(1.2))

        formula = VGroup(
            MathTex(r"z_i = \mathbf{w}_i \cdot x + b_i", color=TEXT, font_size=34),
            MathTex(r"p_i = \frac{e^{z_i}}{e^{z_1} + e^{z_2} + e^{z_3}}", color=TEXT, font_size=34),
            MathTex(r"\hat y = \arg\max_i \, z_i", color=TEXT, font_size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.8)
        with self.cue("scores") as c:
            self.play(Write(formula), run_time=c.fit(2.0))

        regions = softmax_regions(W, b, half)
        fills = self.fills = [panel.polygon(poly, self.palette[i], self.fill_opacity) if len(poly) >= 3 else None
                              for i, poly in enumerate(regions)]
        with self.cue("regions") as c:
            self.play(*[FadeIn(f) for f in fills if f is not None], run_time=c.fit(1.5))
            self.bring_to_front(cloud)

        edges = self.edges = softmax_boundaries(W, b, half)
        lines, arrows, names = [], [], []
        for edge in edges:
            line = Line(*panel.to_scene(edge.segment), color=ACCENT, stroke_width=5)
            tail, tip = arrow_on_segment(edge.segment, edge.normal, self.arrow_length, avoid=flow.X,
                                         reach=2.2, half=half)
            arrow = Arrow(*panel.to_scene(np.array([tail, tip])), buff=0, color=TEXT, stroke_width=6,
                          max_tip_length_to_length_ratio=0.3)
            name = MathTex(rf"\mathbf{{w}}_{edge.i + 1} - \mathbf{{w}}_{edge.j + 1}", color=TEXT, font_size=28)
            direction = (tip - tail) / np.linalg.norm(tip - tail)
            # centre the label beyond the tip, far enough along the arrow that it clears it
            reach = 0.12 + 0.5 * abs(direction[0]) * name.width + 0.5 * abs(direction[1]) * name.height
            name.move_to(arrow.get_end() + reach * np.array([*direction, 0.0]))
            lines.append(line)
            arrows.append(arrow)
            names.append(name)
        self.lines, self.arrows = lines, arrows
        with self.cue("boundaries", pairs=len(edges)) as c:
            self.play(*[Create(line) for line in lines], run_time=c.fit(1.5))
            self.play(*[GrowArrow(a) for a in arrows], *[FadeIn(n) for n in names], run_time=c.fit(1.5))
            self.bring_to_front(cloud)

        accuracy = flow.accuracy()
        score = text(f"{pct(accuracy)} of the {len(flow.X)} points right", 28, ACCENT)
        fit_width(score, 5.6).next_to(formula, DOWN, buff=0.5).align_to(formula, LEFT)
        with self.cue("accuracy", accuracy=pct(accuracy)) as c:
            self.play(FadeIn(score), run_time=c.fit(1.0))
            note = caption("class i against class j: the line z_i = z_j, perpendicular to w_i − w_j")
            self.play(FadeIn(note), run_time=0.8)
            self.wait(1.0)
