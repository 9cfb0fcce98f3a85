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
from manim import (DEGREES, DOWN, LEFT, RIGHT, UP, Arrow, Circle, Circumscribe, Create, Dot, FadeIn, FadeOut, GrowArrow, GrowFromEdge,
                   Indicate, LaggedStart, Line, MathTex, Polygon, ReplacementTransform, ShowPassingFlash,
                   TransformFromCopy, UpdateFromAlphaFunc, VGroup, VMobject, Write, linear, there_and_back)

from scenes.kit import DiscCloud, FlowScene, FlowThreeDScene, fit_width, text, title
from scenes.kit.axes3d import AxesLook, axes3d
from scenes.kit.bars import StackedColumn, ValueBars
from scenes.kit.camera3d import arrow_chain, drop_lines, level_edge_on_angles
from scenes.kit.boundaries import arrow_on_segment, neuron_plane, softmax_boundaries, softmax_regions
from scenes.kit.follow import crossing, scores, softmax
from scenes.kit.narrate import said_number
from scenes.kit.palette import ACCENT, BACKGROUND, GRID_AXIS, MUTED_TEXT, TEXT
from scenes.kit.panels import Panel
from scenes.kit.solids import light_arrow3d


def pct(value: float) -> str:
    return f"{value:.1%}"


def mix(color: str, share: float) -> str:
    """``share`` of the colour on the background: a point's shadow on the floor."""
    from manim import ManimColor

    return ManimColor(BACKGROUND).interpolate(ManimColor(color), share).to_hex()


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
    # the camera's azimuth after the data's orbit, after w's three legs (x1, x2 and x3 all read), after the turn;
    # w stays at least 45 degrees off the line of sight between -144 and -28 degrees
    orbit_theta = (-100 * DEGREES, -50 * DEGREES, -135 * DEGREES)
    point_radius = 0.045
    plane_opacity = 0.35
    arrow_length = 2.0  # model units: w drawn long (the cube's half-width is about 2.8)
    plane_share = 0.62  # the plane is cut from a cube this share of the axes' cube (it fills the frame less)
    zoom = 1.2
    view_offset = (1.9, -0.6)  # the 3-D picture sits right of the formula column (frame units)
    drop_opacity = 0.45

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
        colors = self.point_colors(flow)
        flat = flow.X * np.array([1.0, 1.0, 0.0])  # every point on the floor x3 = 0, before its third number
        cloud = self.cloud = DiscCloud(scale * flat, colors, radius=self.point_radius)
        shadows = self.shadows = DiscCloud(scale * flat, [mix(c, 0.35) for c in colors], radius=self.point_radius)
        classes = sorted(set(int(k) for k in flow.y))
        drops = self.drops = VGroup(*[VMobject(stroke_color=self.palette[k], stroke_width=1.5,
                                               stroke_opacity=self.drop_opacity) for k in classes])

        def lift(u: float) -> None:  # the points at u of their height, each with its drop line
            points = scale * (flat + u * (flow.X - flat))
            cloud.set_positions(points)
            segments = drop_lines(points)
            for k, line in zip(classes, drops):
                line.clear_points()
                for top, foot in segments[flow.y == k]:
                    line.start_new_path(foot)
                    line.add_line_to(top if u > 0 else foot + [0, 0, 1e-4])

        lift(0.0)
        self.camera_path = [(self.camera.get_phi(), self.camera.get_theta())]  # (phi, theta) at each move's ends
        with self.cue("data", points=len(flow.X)) as c:
            self.play(Write(heading), Create(axes), FadeIn(labels), FadeIn(cloud),
                      run_time=c.to("third", self.scene_time(), 0.8))
            self.add(shadows, drops)
            self.bring_to_front(cloud)
            self.wait_until(c.at("third"))
            self.play(UpdateFromAlphaFunc(cloud, lambda m, u: lift(u)), run_time=c.to("space", self.scene_time(), 1.5))
            self.wait_until(c.at("space"))
            self.move_camera(theta=self.orbit_theta[0], run_time=c.to(None, self.scene_time(), 2.0))
        self.camera_path.append((self.camera.get_phi(), self.camera.get_theta()))
        self.lifted = cloud.points.copy()

        formula = self.fixed(VGroup(
            MathTex(r"z = w_1 x_1 + w_2 x_2 + w_3 x_3 + b", color=TEXT, font_size=36),
            MathTex(rf"z = {w[0]:.2f}\,x_1 {signed(w[1])}\,x_2 {signed(w[2])}\,x_3 {signed(b)}", color=ACCENT,
                    font_size=36),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15).to_corner(UP + LEFT, buff=0.4).shift(DOWN * 0.8))
        self.plane_half = self.plane_share * half
        polygon = neuron_plane(w, b, self.plane_half)
        plane = self.plane = Polygon(*(scale * polygon), color=ACCENT, fill_color=ACCENT,
                                     fill_opacity=self.plane_opacity, stroke_width=2)
        centre = polygon.mean(axis=0)
        reach = self.arrow_length / np.linalg.norm(w)  # model units per unit of weight: w drawn to this scale
        chain = self.chain = arrow_chain(centre, reach * w)  # w1, w2, w3 laid tip to tail from the plane's centre
        legs = self.legs = [Line(scale * chain[k], scale * chain[k + 1], color=ACCENT, stroke_width=7)
                            for k in range(3)]
        arrow = self.w_arrow = light_arrow3d(scale * centre, scale * chain[-1], TEXT)
        said = {f"w{k + 1}": said_number(f"{w[k]:.2f}", w[k], 3) for k in range(3)}  # "-0.11" is said "minus 0.11"
        with self.cue("plane", **said, b=said_number(f"{b:.2f}", b, 2)) as c:
            self.wait_until(c.at("formula"))
            self.play(Write(formula[0]), run_time=max(1.0, c.at("found") - self.scene_time() - 0.3))
            self.wait_until(c.at("found"))
            self.play(FadeIn(formula[1]), run_time=c.to("first", self.scene_time(), 0.5))
            legs_from, legs_to = self.orbit_theta[:2]
            for k, (mark, then) in enumerate((("first", "second"), ("second", "third"), ("third", "plane"))):
                self.wait_until(c.at(mark))  # each weight's leg as its value is said, the camera turning to show it
                self.move_camera(theta=legs_from + (k + 1) / 3 * (legs_to - legs_from), added_anims=[Create(legs[k])],
                                 run_time=min(3.0, c.to(then, self.scene_time(), 0.8)))
                self.camera_path.append((self.camera.get_phi(), self.camera.get_theta()))
            self.wait_until(c.at("plane"))  # the plane is drawn as "the points where z is zero" are said, w on its letter
            self.play(Create(plane), run_time=c.to("arrow", self.scene_time(), 0.5))
            self.bring_to_front(cloud)
            self.wait_until(c.at("arrow"))
            self.play(FadeIn(arrow), run_time=1.0)
            self.play(*[FadeOut(leg) for leg in legs], run_time=0.8)

        accuracy = flow.accuracy()
        score = self.fixed(text(f"{pct(accuracy)} of the {len(flow.X)} points right", 28, ACCENT)
                           .next_to(formula, DOWN, buff=0.3).align_to(formula, LEFT))
        self.texts = [formula, score]  # fixed in the frame: the turning plane must pass clear of them (and of the note)
        wrong = self.wrong = np.flatnonzero((flow.predict(flow.X)[:, 0] >= 0.5) != (flow.y == 1))
        halos = DiscCloud(scale * flow.X[wrong], [TEXT] * len(wrong), radius=2.6 * self.point_radius)
        with self.cue("turn", accuracy=pct(accuracy)) as c:
            self.move_camera(theta=self.orbit_theta[2], run_time=c.to("gets", self.scene_time(), 2.0))
            self.camera_path.append((self.camera.get_phi(), self.camera.get_theta()))
            self.wait_until(c.at("gets"))
            self.play(FadeIn(score), run_time=0.8)
            self.wait_until(c.at("misses"))
            self.add(halos)
            self.bring_to_front(cloud)
            self.play(FadeIn(halos), run_time=0.8)

        with self.cue("edge-on") as c:
            # Look along the plane, level with it, so it shows as a line (seen along the plane, an axis label
            # can sit on w: the labels go).
            phi, self.edge_on_theta = level_edge_on_angles(w, self.camera.get_theta())
            self.wait_until(c.at("along"))
            self.move_camera(phi=phi, theta=self.edge_on_theta, run_time=c.to("right", self.scene_time(), 1.5),
                             added_anims=[FadeOut(labels), FadeOut(halos)])
            self.camera_path.append((self.camera.get_phi(), self.camera.get_theta()))
            self.wait_until(c.at("right"))
            self.play(Indicate(arrow, color=ACCENT, scale_factor=1.0), run_time=1.0)
            note = self.fixed(fit_width(VGroup(text("seen edge-on, the plane is a line again:", 26, MUTED_TEXT),
                                               text("w·x + b = 0, perpendicular to w", 26, MUTED_TEXT))
                                        .arrange(DOWN, aligned_edge=LEFT, buff=0.12), 4.6)
                              .next_to(score, DOWN, buff=0.35).align_to(score, LEFT))  # in the text column
            self.texts.append(note)
            self.wait_until(c.at("more"))
            self.play(FadeIn(note), run_time=0.8)


class SoftmaxRegions(FlowScene):
    flow_name = "softmax3"
    script_name = "softmax-regions"
    heading = "More classes: softmax draws a line between every two"
    panel_side = 5.5
    panel_centre = (3.4, -0.05)
    point_radius = 0.055
    fill_opacity = 0.22
    arrow_length = 0.55  # model units: the normals are drawn to direction
    score_unit = 0.3  # scene units per unit of score
    prob_unit = 2.1  # scene units for a probability of one
    bars_at = (-4.6, -3.05)  # the probability bars' baseline centre (the scores' baseline sits higher)

    def construct(self):
        flow = self.flow = self.load()
        out = flow.output_affine()
        W, b = out.W, out.b
        half = self.half = 1.1 * float(np.max(np.abs(flow.X)))
        panel = self.panel = Panel(half, self.panel_side, self.panel_centre)
        heading = title(self.heading)
        self.play(Write(heading), run_time=1.0)

        path = self.path = crossing(W, b, flow.X, flow.y, half)
        colors = self.point_colors(flow)
        others = [k for k in range(len(flow.X)) if k != path.index]
        frame = panel.frame()
        axis_labels = VGroup(MathTex("x_1", color=TEXT, font_size=34).next_to(frame, DOWN, buff=0.12),
                             MathTex("x_2", color=TEXT, font_size=34).next_to(frame, LEFT, buff=0.12))
        cloud = self.cloud = panel.cloud(flow.X[others], [colors[k] for k in others], self.point_radius)
        dot = self.dot = Dot(panel.to_scene(path.start[None])[0], radius=1.6 * self.point_radius,
                             color=colors[path.index])
        counts = np.bincount(flow.y)
        # Each class's blob comes in as the classes are counted, and is ringed on "each blob";
        # then the one cloud (the same points) takes their place.
        blobs = [panel.cloud(flow.X[[j for j in others if flow.y[j] == cls]],
                             [colors[j] for j in others if flow.y[j] == cls], self.point_radius)
                 for cls in range(len(counts))]
        with self.cue("data", points=len(flow.X), per_class=int(counts[0]), classes=len(counts)) as c:
            self.play(FadeIn(frame), FadeIn(axis_labels), run_time=0.6)
            self.wait_until(c.at("classes"))
            self.play(LaggedStart(*[FadeIn(blob, scale=0.6) for blob in blobs], lag_ratio=0.45), FadeIn(dot), run_time=1.6)
            self.wait_until(c.at("each"))
            self.play(LaggedStart(*[Circumscribe(blob, Circle, color=self.palette[cls], buff=0.15)
                                    for cls, blob in enumerate(blobs)], lag_ratio=0.5), run_time=1.8)
            self.remove(*blobs)
            self.add(cloud, dot)

        formula = VGroup(
            MathTex(r"z_i = \mathbf{w}_i \cdot x + b_i", color=TEXT, font_size=34),
            MathTex(r"p_i = \frac{e^{z_i}}{e^{z_1} + e^{z_2} + e^{z_3}}", color=TEXT, font_size=34),
            MathTex(r"\hat y = \arg\max_i \, z_i", color=TEXT, font_size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).to_corner(UP + LEFT, buff=0.5).shift(DOWN * 0.6)
        k = len(b)
        palette = [self.palette[i] for i in range(k)]
        z0 = scores(W, b, path.start)
        score_bars = ValueBars(palette, [f"z_{i + 1}" for i in range(k)], self.score_unit,
                               (self.bars_at[0], self.bars_at[1] + 1.05), label_drop=0.0)
        score_bars.set_values(z0)
        score_bars.labels.set_opacity(0)  # the score bars carry no labels: their baseline floats
        bars = self.prob_bars = ValueBars(palette, [f"p_{i + 1}" for i in range(k)], self.prob_unit, self.bars_at)
        column = self.column = StackedColumn(palette, self.prob_unit, (bars.xs[-1] + 1.3, self.bars_at[1]))
        sum_label = MathTex(r"p_1 + p_2 + p_3", color=TEXT, font_size=28).next_to(column, RIGHT, buff=0.2)
        ring = Circle(radius=0.16, color=TEXT, stroke_width=3).move_to(dot)
        ring.add_updater(lambda m: m.move_to(dot))
        self.follow_log = []  # (where the point is, the bars as drawn, the column as drawn) after each stage

        def probs_here():
            return softmax(scores(W, b, panel.to_model(dot.get_center()[None])[0]))

        def log_stage():
            self.update_mobjects(0)  # the bars follow the point on the next frame drawn
            self.follow_log.append((panel.to_model(dot.get_center()[None])[0], bars.drawn(), column.drawn()))

        with self.cue("scores") as c:
            self.wait_until(c.at("point"))
            self.play(Create(ring), run_time=c.to("score", self.scene_time(), 0.5))
            self.wait_until(c.at("score"))
            self.play(Write(formula[0]), GrowFromEdge(score_bars, DOWN), run_time=c.to("probs", self.scene_time(), 1.0))
            self.wait_until(c.at("probs"))
            bars.set_values(probs_here())
            column.set_values(probs_here())
            self.play(Write(formula[1]), ReplacementTransform(score_bars, bars),
                      run_time=c.to("one", self.scene_time(), 1.0))
            self.wait_until(c.at("one"))
            self.play(TransformFromCopy(bars.bars, column.pieces), FadeIn(column.tick), FadeIn(column.total_label),
                      FadeIn(sum_label), run_time=c.to("wins", self.scene_time(), 0.9))
            self.add(column)  # the column as one mobject, so its updater runs
            self.wait_until(c.at("wins"))
            winner = int(np.argmax(z0))
            self.play(Write(formula[2]), Indicate(bars.bars[winner], color=TEXT), run_time=1.0)
            log_stage()

        bars.add_updater(lambda m: m.set_values(probs_here()))
        column.add_updater(lambda m: m.set_values(probs_here()))

        regions = softmax_regions(W, b, half)
        fills = self.fills = [panel.polygon(poly, self.palette[i], self.fill_opacity) if len(poly) >= 3 else None
                              for i, poly in enumerate(regions)]
        start, tie, end = (panel.to_scene(p[None])[0] for p in (path.start, path.tie, path.end))
        shown = [f for f in fills if f is not None]
        with self.cue("regions") as c:
            self.play(*[FadeIn(f) for f in shown], run_time=c.to("region", self.scene_time(), 1.5))
            self.bring_to_front(cloud, dot, ring)
            self.wait_until(c.at("region"))  # each region lit in turn as "one convex region" is said
            self.play(LaggedStart(*[f.animate(rate_func=there_and_back).set_fill(opacity=0.55) for f in shown],
                                  lag_ratio=0.7), run_time=c.to("carry", self.scene_time(), 1.0))
            self.wait_until(c.at("carry"))
            # straight and at an even pace, meeting the boundary as "crosses" is said and going on as far
            leg = max(0.5, c.at("cross") - self.scene_time())
            self.play(dot.animate.move_to(tie), run_time=leg, rate_func=linear)
            self.wait_until(c.at("cross"))
            self.play(dot.animate.move_to(end), run_time=leg, rate_func=linear)
            log_stage()

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
            self.wait_until(c.at("equal"))
            # back onto the boundary: two bars equal
            self.play(dot.animate.move_to(tie), run_time=c.to("line", self.scene_time(), 1.0))
            log_stage()
            self.wait_until(c.at("line"))
            self.play(*[Create(line) for line in lines], run_time=c.to("normal", self.scene_time(), 1.0))
            self.bring_to_front(cloud, dot, ring)
            self.wait_until(c.at("normal"))
            self.play(*[GrowArrow(a) for a in arrows], *[FadeIn(n) for n in names],
                      run_time=c.to("pairs", self.scene_time(), 1.0))
            self.wait_until(c.at("pairs"))
            self.play(*[ShowPassingFlash(line.copy().set_stroke(TEXT, width=9), time_width=0.6) for line in lines],
                      run_time=c.to(None, self.scene_time(), 1.2))

        accuracy = flow.accuracy()
        score = text(f"{pct(accuracy)} of the {len(flow.X)} points right", 28, ACCENT)
        fit_width(score, 5.6).next_to(formula, DOWN, buff=0.35).align_to(formula, LEFT)
        with self.cue("accuracy", accuracy=pct(accuracy)) as c:
            # home again: its own bar on top
            self.play(FadeIn(score), dot.animate.move_to(start), run_time=c.to("straight", self.scene_time(), 1.5))
            log_stage()
            self.wait_until(c.at("straight"))
            self.play(*[ShowPassingFlash(line.copy().set_stroke(TEXT, width=9), time_width=0.6) for line in lines],
                      run_time=c.to(None, self.scene_time(), 1.2))
