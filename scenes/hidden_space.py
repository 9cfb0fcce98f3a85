"""Chapters 4 and 5 — the plane in hidden space, and what happens without a nonlinearity.

PlaneInHiddenSpace: corner (L-shaped) data through 2 -> 3 ReLU -> 1 sigmoid. The affine map
lifts the points out of the input plane into 3-D, ReLU folds the negative coordinates onto the
faces of the positive octant, and the output neuron's plane w.a + b = 0 separates the classes.
Pulled back to the input plane, that plane is the bent boundary the network really uses,
computed exactly from the weights (one straight piece per set of active units).

FlatHiddenPlane: the same network with the identity activation. Every hidden point lands on
one flat plane spanned by v1 and v2 (the columns of W1); the output plane can only cut it in a
straight line, and the two linear maps collapse into one.

Render alone:  manim -ql scenes/hidden_space.py PlaneInHiddenSpace
"""

from __future__ import annotations

import numpy as np
from manim import (DEGREES, DOWN, RIGHT, Arrow, Create, Dot, FadeIn, FadeOut, GrowFromPoint, LaggedStart, Line, MathTex,
                   Polygon, Rotate, ShowPassingFlash, Transform, TransformFromCopy, VGroup, VMobject, Write, config)

from scenes.kit import AnyFlowMixin, FlowView, View, caption, matrix_tex, title
from scenes.kit.affine import column_sum_path, compose_affine, flat_net_cut, span_normal
from scenes.kit.axes3d import AxesLook, axes3d, axes_reach, input_box, whole_unit_box
from scenes.kit.camera3d import edge_on_angles, facing_angles, view_direction, zoom_to_fill
from scenes.kit.fits import data_name, hidden_activations, hidden_space_misfit
from scenes.kit.geometry import fold_shares, relu_net_regions
from scenes.kit.hidden_scene import HiddenSpaceScene
from scenes.kit.separability import line_accuracy
from scenes.kit.palette import ACCENT, GRID_AXIS, TEXT
from scenes.kit.score import ScoreBar

# One shaded piece per axis: Manim's default 20 shaded pieces cost a third of the render time.
HIDDEN_AXES = AxesLook(shaded_pieces=1, label_gap=0.6, reach=0.9)


def share_at_origin(flow, label: int) -> float:
    """Share of one class whose hidden point is exactly a = 0 (every unit switched off)."""
    hidden = flow.last_hidden()[flow.y == label]
    return float(np.mean(np.all(hidden == 0, axis=1)))


class PlaneInHiddenSpace(HiddenSpaceScene):
    flow_name = "corner_relu"
    script_name = "hidden-plane"
    heading = "The plane in hidden space"
    radius = 2.5  # scene units for the largest hidden coordinate
    input_screen_half = 3.0  # top view: the input square's half-width on screen, in scene units
    octant_phi, octant_theta = 62 * DEGREES, 30 * DEGREES  # after ReLU: looking into the octant
    face_tilt = 35 * DEGREES  # the lifted plane is seen this far off face-on: a plane, never a needle
    fill_share = 0.62  # share of the frame's width or height the cloud spans after each step
    step_run_time = 2.5
    point_radius = 0.03
    tilt_share, step_share = 0.6, 0.8  # least share of the words the tilt and each step last
    pull_back_to_mark = False  # the camera's way back ends on the pull-back's "boundary" mark

    def construct(self):
        flow = self.load()
        self.flow = flow
        out_stage = flow.affine_indices()[-1]
        view = FlowView(flow, split_affine=False, stop_before=out_stage, dims=self.dims)
        hidden = flow.trace[out_stage]
        every_hidden = np.concatenate(flow.trace[1:out_stage + 1])  # before and after the activation
        scale = self.radius / float(np.max(np.abs(every_hidden)))
        self.model_view = View(scale)
        input_half = 1.1 * float(np.max(np.abs(flow.X)))
        self.top_zoom = self.input_screen_half / (input_half * scale)  # seen from above, the input fills the frame
        player = self.build_player(flow, view, grid_half_width=input_half, grid_lines_per_side=4,
                                   fixed_view=self.model_view)
        self.player = player

        # Input plane, seen from above and zoomed in, so it reads as the flat 2-D picture.
        self.set_camera_orientation(phi=0, theta=-90 * DEGREES, zoom=self.top_zoom)
        heading = self.fixed(title(self.heading))
        with self.cue("intro", **self.intro_values(flow)) as c:
            intro = self.fixed(caption(self.intro_text(flow)))
            self.play(Write(heading), FadeIn(player.grid.mobject), FadeIn(player.cloud.mobject), FadeIn(intro),
                      run_time=1.5)
            self._caption = intro
            self.intro_motion(c, flow, input_half)

        # Tilt straight to where the lift will be seen nearly face on: turning during the lift
        # would pass through an edge-on view, a needle the model never makes. The hidden points
        # reach several times further than the inputs (corner_relu: 8), so the axes start at the
        # input's size, the camera close enough that the input still fills the frame, and they
        # grow to the hidden layer's size as W x + b throws the points out.
        phi, theta = self.step_camera(flow, view.steps[0])
        axes = self.hidden_axes(input_box(flow.X), scale)
        start = self.model_view.apply(view.embedded_layer(0))
        zoom = zoom_to_fill(start, phi, theta, config.frame_width, config.frame_height, self.fill_share,
                            keep_inside=np.vstack([start, axes_reach(axes)]))
        with self.cue("tilt") as c:
            self.swap_caption("tilt the camera: the hidden layer has 3 neurons, a1, a2, a3", heading)
            self.move_camera(phi=phi, theta=theta, zoom=zoom, added_anims=[Create(axes)],
                             run_time=c.fit(2.5, self.tilt_share))
        hidden_size_axes = self.hidden_axes(every_hidden, scale)

        for step in view.steps:
            cue_id, values = self.step_cue(flow, step)
            with self.cue(cue_id, **values) as c:
                self.swap_caption(self.step_text(flow, step))
                phi, theta = self.step_camera(flow, step)
                after = flow.trace[step.stage + 1]
                anims = []
                if hidden_size_axes is not None:  # the first step: the axes grow with the lift
                    anims += [FadeOut(axes), Create(hidden_size_axes)]
                    axes, hidden_size_axes = hidden_size_axes, None
                if step.part == "activation" and after.min() >= 0:
                    # After ReLU only the positive octant is left: the axes shrink to it, so the
                    # camera can come close without their negative halves running off the frame.
                    new_axes = self.hidden_axes(after, scale)
                    anims += [FadeOut(axes), Create(new_axes)]
                    axes = new_axes
                end = self.model_view.apply(view.positions(step)[1])
                zoom = zoom_to_fill(end, phi, theta, config.frame_width, config.frame_height, self.fill_share,
                                    keep_inside=np.vstack([end, axes_reach(axes), self.keep_in_frame(flow)]))
                run_time = c.fit(self.step_run_time, self.step_share)
                self.move_camera(phi=phi, theta=theta, zoom=zoom,
                                 added_anims=[player.step(step, run_time=run_time), *anims], run_time=run_time)
        self.axes = axes

        plane = self.output_plane(flow, hidden, scale)
        with self.cue("plane", accuracy=f"{flow.accuracy():.1%}") as c:
            self.swap_caption(f"the output neuron is a plane w·a + b = 0: it gets {flow.accuracy():.1%} right")
            self.play(FadeIn(plane), run_time=1.5)
            # Turn a little so the depth reads, at a zoom that keeps everything in frame all the way.
            phi, theta = self.camera.get_phi(), self.camera.get_theta()
            # the way round that keeps the lifted plane facing us
            normal = span_normal(flow.stages[0].W) / np.linalg.norm(span_normal(flow.stages[0].W))
            turn = max((-0.4, 0.4), key=lambda a: abs(view_direction(phi, theta + a) @ normal))
            keep = np.vstack([axes_reach(self.axes), plane.get_vertices(), self.keep_in_frame(flow)])
            points = self.model_view.apply(hidden)
            zoom = min(zoom_to_fill(points, phi, theta + a, config.frame_width, config.frame_height, self.fill_share,
                                    keep_inside=np.vstack([points, keep])) for a in np.linspace(0, turn, 9))
            self.move_camera(theta=theta + turn, zoom=zoom, run_time=max(2.5, c.duration - 2.1))
        self.after_plane(flow, hidden, scale)

        # Pull back: the same decision, drawn in the input plane.
        with self.cue("pull-back") as c:
            self.swap_caption("mapped back to the input plane, the plane becomes this boundary")
            run_time = 3.0
            if self.pull_back_to_mark and "boundary" in c.marks:  # back in the plane as "boundary" is said
                run_time = c.to("boundary", self.scene_time(), least=2.0)
            self.move_camera(phi=0, theta=-90 * DEGREES, zoom=self.top_zoom,
                             added_anims=[player.back_to_input(run_time=run_time), FadeOut(plane), FadeOut(self.axes)],
                             run_time=run_time)
            regions, boundary = self.input_regions(flow, input_half)
            if "boundary" in c.marks:
                self.wait_until(c.at("boundary"))
            self.play(FadeIn(regions), Create(boundary), run_time=1.5)
            if "pieces" in c.marks:  # one straight piece per set of switched-on units: each lit in turn
                self.wait_until(c.at("pieces"))
                self.play(LaggedStart(*[ShowPassingFlash(piece.copy().set_stroke(TEXT, width=9), time_width=0.6)
                                        for piece in boundary], lag_ratio=0.6), run_time=2.0)
            self.wait(1.0)

    def intro_motion(self, c, flow, half: float) -> None:
        """What moves under the intro's words once the data is shown."""
        if "line" in c.marks:  # "try any straight line": one turns half a turn through the data's centre
            self.wait_until(c.at("line"))
            self.try_lines(flow, half)

    def try_lines(self, flow, half: float) -> None:
        """A straight line through the data's centre, turned half a turn: at no angle does it keep
        the classes apart (the chapter's claim, tested on the model)."""
        centre = np.pad(flow.X.mean(axis=0), (0, 1))
        ends = self.model_view.apply(np.array([centre - [half, 0, 0], centre + [half, 0, 0]]))
        line = Line(ends[0], ends[1], color=ACCENT, stroke_width=4)
        self.play(Create(line), run_time=0.6)
        self.play(Rotate(line, angle=np.pi, about_point=self.model_view.apply(centre[None])[0]), run_time=2.6)
        self.play(FadeOut(line), run_time=0.4)

    # ---------------------------------------------------------------- pieces a subclass varies

    def intro_values(self, flow) -> dict:
        return {"points": f"{len(flow.X):,}"}

    def intro_text(self, flow) -> str:
        return f"the corner data: {len(flow.X):,} points, and no straight line separates them"

    def step_text(self, flow, step) -> str:
        if step.part == "activation":
            return "ReLU: every negative coordinate becomes 0, folding points onto the octant's faces"
        return "W x + b: each point of the plane moves to a point in 3-D"

    def step_cue(self, flow, step) -> tuple[str, dict]:
        if step.part == "activation":
            shares = fold_shares(flow.trace[step.stage + 1])
            return "fold", {"on_faces": f"{shares['face']:.0%}", "on_axes": f"{shares['axis']:.0%}"}
        return "lift", {}

    def step_camera(self, flow, step) -> tuple[float, float]:
        """Where the camera looks at the end of a step: the lifted points are a flat plane, seen
        nearly face on; after the fold, into the octant."""
        if step.part == "activation":
            return self.octant_phi, self.octant_theta
        return facing_angles(span_normal(flow.stages[0].W), self.face_tilt)

    def keep_in_frame(self, flow) -> np.ndarray:
        """Scene points drawn later that the camera's zoom must leave room for."""
        return np.zeros((0, 3))

    def after_plane(self, flow, hidden, scale) -> None:
        """Turn until the output plane is seen edge on: a line, with each class on its own side."""
        w = flow.output_affine().W[0]
        phi, theta = edge_on_angles(w)
        points = self.model_view.apply(np.pad(hidden, ((0, 0), (0, 3 - hidden.shape[1]))))
        keep = np.vstack([points, axes_reach(self.axes), self.output_plane(flow, hidden, scale).get_vertices()])
        zoom = zoom_to_fill(points, phi, theta, config.frame_width, config.frame_height, self.fill_share,
                            keep_inside=keep)
        right = float(np.mean((flow.trace[-1][:, 0] >= 0.5) == (flow.y == 1)))
        with self.cue("edge-on", accuracy=f"{right:.1%}") as c:
            self.swap_caption(f"seen edge on, the plane is a line: {right:.1%} of the points lie on their class's side")
            self.move_camera(phi=phi, theta=theta, zoom=zoom, run_time=c.fit(2.5, 0.6))

    # ---------------------------------------------------------------- drawing helpers

    def hidden_axes(self, hidden: np.ndarray, scale: float) -> VGroup:
        """Axes a1, a2, a3 over whole units around the hidden points."""
        lo, hi = whole_unit_box(hidden)
        axes = axes3d(lo, hi, scale, [f"a_{i + 1}" for i in range(3)], HIDDEN_AXES)
        self.keep_upright(*axes.labels)
        return axes

    def input_regions(self, flow, half: float):
        first, out = flow.stages[0], flow.output_affine()
        regions = relu_net_regions(first.W, first.b, out.W[0], float(out.b[0]), half,
                                   activation=hidden_activations(flow)[0])
        fills, lines = VGroup(), VGroup()
        to_scene = lambda p: self.model_view.apply(np.pad(p, ((0, 0), (0, 1))))
        for pos, neg, segment in regions:
            for poly, colour in ((pos, self.palette[1]), (neg, self.palette[0])):
                if len(poly) >= 3:
                    fills.add(Polygon(*to_scene(poly), stroke_width=0, fill_color=colour, fill_opacity=0.18))
            if segment is not None:
                a, b = to_scene(segment)
                lines.add(Line(a, b, color=ACCENT, stroke_width=4))
        return fills, lines


class GeneralHiddenSpace(AnyFlowMixin, PlaneInHiddenSpace):
    """The plane in hidden space for any flow that fits (`hidden-layers render hidden-space
    --flow mine`): a two-class classifier 2 -> 3 ReLU -> 1. Its words come from the flow
    (scenes/scripts/hidden-space.toml), never from the corner data."""

    flow_name = "corner_relu"  # the example; a run's --flow replaces it
    script_name = "hidden-space"
    misfit = staticmethod(hidden_space_misfit)

    @property
    def heading(self) -> str:
        return f"{data_name(self.flow)} in hidden space"

    def intro_values(self, flow) -> dict:
        return {**super().intro_values(flow), "data": data_name(flow),
                "line": f"{line_accuracy(flow.X, flow.y):.1%}"}

    def intro_text(self, flow) -> str:
        return (f"{len(flow.X):,} points of {data_name(flow)}: the best straight line gets "
                f"{line_accuracy(flow.X, flow.y):.1%} right")


class FlatHiddenPlane(PlaneInHiddenSpace):
    flow_name = "corner_linear"
    script_name = "flat-plane"
    heading = "Without a nonlinearity"
    plane_opacity = 0.14  # a large plane here: keep the points' colours true through it
    radius = 3.4  # the points fill less of their bounding box than in the ReLU chapter
    tilt_share, step_share = 1.0, 1.0  # the camera turns and the points move while it is said
    pull_back_to_mark = True

    def intro_motion(self, c, flow, half: float) -> None:
        """The one change, drawn: the hidden layer's activation f(z), ReLU's bent line (named on
        "hidden"), straightened into f(z) = z on "no nonlinearity", and traced on "straight on"."""
        centre, size = np.array([5.3, 0.4, 0.0]), 0.9
        to_frame = lambda pts: centre + size * np.pad(np.array(pts, dtype=float), ((0, 0), (0, 1)))
        axes = VGroup(Line(*to_frame([[-1.2, 0], [1.2, 0]]), color=GRID_AXIS, stroke_width=2),
                      Line(*to_frame([[0, -1.2], [0, 1.2]]), color=GRID_AXIS, stroke_width=2))
        relu = VMobject(color=ACCENT, stroke_width=6).set_points_as_corners(to_frame([[-1, 0], [0, 0], [1, 1]]))
        identity = VMobject(color=ACCENT, stroke_width=6).set_points_as_corners(to_frame([[-1, -1], [0, 0], [1, 1]]))
        name = MathTex(r"f(z) = \max(0, z)", color=TEXT, font_size=34).move_to(centre + [0, 1.55, 0])
        plain = MathTex(r"f(z) = z", color=TEXT, font_size=34).move_to(name)
        for m in (axes, relu, identity, name, plain):
            self.fixed(m)
        self.wait_until(c.at("hidden"))
        self.play(Create(axes), Create(relu), FadeIn(name), run_time=1.0)
        self.wait_until(c.at("no"))
        self.play(Transform(relu, identity), Transform(name, plain),
                  run_time=min(1.5, c.to("straight", self.scene_time(), least=0.6)))
        self.wait_until(c.at("straight"))
        self.play(ShowPassingFlash(relu.copy().set_stroke(TEXT, width=12), time_width=0.6), run_time=1.5)
        self.play(FadeOut(axes), FadeOut(relu), FadeOut(name), run_time=c.to(None, self.scene_time(), least=0.5))

    def intro_values(self, flow) -> dict:
        return {}  # the intro says the one change; the data is the corner data seen before

    def intro_text(self, flow) -> str:
        return "the same network and training recipe, but the hidden layer is linear"

    def step_text(self, flow, step) -> str:
        return "W x + b with nothing after it: the points land on one flat plane"

    def keep_in_frame(self, flow) -> np.ndarray:
        W, b = flow.stages[0].W, flow.stages[0].b  # the v1, v2 labels sit at b1 + 1.35 v_j
        return self.model_view.apply(np.vstack([b, b + 1.6 * W[:, 0], b + 1.6 * W[:, 1]]))

    def after_plane(self, flow, hidden, scale) -> None:
        # v1, v2: the columns of W1, drawn from b1, span the plane every hidden point lies on.
        W, b = flow.stages[0].W, flow.stages[0].b
        origin = self.model_view.apply(b[None, :])[0]
        colours = (self.palette[3], self.palette[4])
        arrows = VGroup(*[Arrow(origin, self.model_view.apply((b + W[:, j])[None, :])[0], buff=0, color=c,
                                stroke_width=7, max_tip_length_to_length_ratio=0.2) for j, c in enumerate(colours)])
        names = VGroup(*[MathTex(f"v_{j + 1}", color=c, font_size=52).add_background_rectangle(opacity=0.75).move_to(
            self.model_view.apply((b + 1.35 * W[:, j])[None, :])[0]) for j, c in enumerate(colours)])
        for n in names:
            self.add_fixed_orientation_mobjects(n)
            self.remove(n)
        with self.cue("span") as c:
            self.swap_caption("all of them lie on the plane b1 + span(v1, v2): v1, v2 are W1's columns")
            self.wait_until(c.at("bias"))
            bias = Dot(origin, radius=0.09, color=TEXT)
            self.play(FadeIn(bias, scale=3), run_time=0.8)
            # one point's sum built up: from b1, x1 times v1, then x2 times v2, landing on its hidden point
            path = self.model_view.apply(column_sum_path(W, b, flow.X[self.example_point(flow)]))
            walker = Dot(path[0], radius=0.08, color=ACCENT)
            legs = VGroup()
            for j, mark in enumerate(("first", "second")):
                self.wait_until(c.at(mark))
                self.play(GrowFromPoint(arrows[j], origin), FadeIn(names[j]), run_time=1.0)
                leg = Line(path[j], path[j + 1], color=colours[j], stroke_width=5)
                legs.add(leg)
                self.play(Create(leg), *([FadeIn(walker)] if j == 0 else []), walker.animate.move_to(path[j + 1]),
                          run_time=1.0)
            self.wait_until(c.at("span"))
            # the parallelogram b1 + s v1 + t v2, |s|, |t| <= 1, grown from b1: the plane they span
            corners = [b + sa * W[:, 0] + sb * W[:, 1] for sa, sb in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
            patch = Polygon(*self.model_view.apply(np.array(corners)), stroke_color=TEXT, stroke_width=2,
                            fill_color=TEXT, fill_opacity=0.12)
            self.play(GrowFromPoint(patch, origin), run_time=min(3.0, c.to(None, self.scene_time(), least=1.5)))
        cut = self.cut_line(flow)
        with self.cue("cut", accuracy=f"{flow.accuracy():.1%}") as c:
            self.swap_caption(f"a plane can only cut that plane in a line: {flow.accuracy():.1%} right")
            self.wait_until(c.at("line"))
            self.play(Create(cut), run_time=1.0)
            self.wait_until(c.at("draw"))
            self.play(ShowPassingFlash(cut.copy().set_stroke(TEXT, width=10), time_width=0.5), run_time=1.2)
            self.wait_until(c.at("right"))
            score = self.fixed(ScoreBar(f"{flow.accuracy():.1%} right"))
            self.play(score.grow(flow.accuracy()), run_time=1.2)
        arrows.add(bias, patch, walker, legs, score)
        self.play(FadeOut(arrows), FadeOut(names), FadeOut(cut), run_time=0.5)

    def example_point(self, flow) -> int:
        """The input whose two coordinates are both far from 0: both legs of its sum are long."""
        return int(np.argmax(np.min(np.abs(flow.X), axis=1)))

    def cut_line(self, flow) -> Line:
        """Where the output plane meets the plane of hidden points (see flat_net_cut)."""
        out = flow.output_affine()
        cut = flat_net_cut(flow.stages[0].W, flow.stages[0].b, out.W, out.b, float(np.max(np.abs(flow.X))))
        ends = self.model_view.apply(cut)
        return Line(ends[0], ends[1], color=ACCENT, stroke_width=9)

    def construct(self):
        super().construct()
        self.collapse()

    def collapse(self) -> None:
        """Two stacked linear maps are one: w2 (W1 x + b1) + b2 = (w2 W1) x + (w2 b1 + b2)."""
        flow = self.flow
        W1, b1 = flow.stages[0].W, flow.stages[0].b
        out = flow.output_affine()
        W2, b2 = out.W, out.b
        for mob in list(self.mobjects):
            self.remove(mob)
        self.set_camera_orientation(phi=0, theta=-90 * DEGREES, zoom=1.0)
        heading = self.fixed(title("Stacked linear layers collapse into one"))
        row1 = VGroup(matrix_tex("W_2", W2), matrix_tex(r"W_1", W1)).arrange(RIGHT, buff=0.3)
        W, b = compose_affine(W2, b2, W1, b1)
        row2 = VGroup(matrix_tex(r"W_2 W_1", W), MathTex(
            rf"W_2 b_1 + b_2 = {float(b[0]):.2f}", color=TEXT)).arrange(RIGHT, buff=0.6)
        group = VGroup(row1, row2).arrange(DOWN, buff=0.6).scale(0.8).next_to(heading, DOWN, buff=0.5)
        for m in group:
            self.fixed(m)
        with self.cue("collapse") as c:
            self.play(FadeIn(heading), FadeIn(row1, shift=0.3 * DOWN), run_time=1.0)
            self.wait_until(c.at("multiply"))
            self.play(TransformFromCopy(row1, row2), run_time=c.to("single", self.scene_time(), least=1.6))
            self.wait_until(c.at("single"))
            self.swap_caption("one weight vector and one bias: the whole network is a single linear neuron")
            self.wait(1.0)
