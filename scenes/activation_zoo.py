"""Chapter "The activation zoo": seven activations, each drawn as a curve and each applied to
the same plane of pre-activations, so the viewer sees how each one bends it.

The plane is two real neurons of the star network's first layer (star_relu, stage 0): their
pre-activations z = Wx + b over the data spread across negative and positive values. Each
activation is a flow built from that trained affine stage and the activation
(scenes/kit/zoo.py), replayed in numpy; the curve on the left is the same function from
hidden_layers/activations.py. Then the gradient facts, measured: sigmoid's largest slope, how
much of this plane sits where tanh is flat, and the star network's dead ReLU units.

Render alone:  manim -ql scenes/activation_zoo.py ActivationZoo
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, UR, Create, DashedLine, Dot, FadeIn, FadeOut, GrowFromEdge, Indicate,
                   LaggedStart, Line, MathTex, Polygon, Rectangle, ReplacementTransform, VGroup, Write)

from contract.flow import load_flow
from contract.paths import flow_path
from scenes.kit import DiscCloud, FlowScene, FlowView, caption, fit_width, text, title
from scenes.kit.bars import ValueBars, log_bars
from scenes.kit.boundaries import hex_rgb
from scenes.kit.learn_view import ShareBar
from scenes.kit.narrate import said_number
from scenes.kit.palette import ACCENT, BACKGROUND, CURVE, GRID_AXIS, MUTED_TEXT, TARGET, TEXT
from scenes.kit.panels import Panel
from scenes.kit.plots import NUMBER_SIZE, curve, plot_axes, sample_curve, short_number, to_scene
from scenes.kit.zoo import (ZOO, curve_samples, dead_units, flat_beyond, flat_share, gradient_through, layer_flow,
                            max_slope, off_grid, quietest, quietest_unit, relu_unit_list, slope_curve, unit_off)


def pct(v: float) -> str:
    return f"{v:.0%}"


class ActivationZoo(FlowScene):
    flow_name = "star_relu"
    script_name = "activation-zoo"
    heading = "The activation zoo"
    affine_index = 0  # the trained layer whose pre-activations are bent
    rows = (1, 3)  # two of its neurons: z spread over both signs (about half the points negative)
    z_range = (-4.0, 4.0, 1.0)
    f_range = (-2.0, 4.0, 1.0)
    plot_size = (5.0, 3.7)
    plot_centre = (-3.55, -0.25)
    plane_radius = 2.35
    plane_centre = (3.45, -0.35)
    point_radius = 0.03
    step_run_time = 1.8
    sigmoid_layers = 10  # how deep the "at most" example goes
    flat_slope = 0.1  # "flat" means a slope below this
    slope_size = (5.0, 2.0)  # the slope plot, over the gradient bars in the left column
    slope_centre = (-3.55, 1.55)
    gradient_origin = (-5.7, -3.1)  # the gradient bars' axes: bottom-left corner, size
    gradient_size = (4.9, 2.3)
    on_unit = 1.6  # scene units for a unit on for every point
    on_origin = (-3.55, -2.5)
    panel_side = 5.4  # the star's input plane, full size, for the quietest unit's off region
    panel_centre = (3.3, -0.45)
    off_pixels = 240
    off_colour = "#3a4358"

    @classmethod
    def built_flows(cls):
        """The trained flow, and one flow per activation: its affine stage's chosen rows, then
        the activation (what the scene moves the points and grid through)."""
        base = load_flow(flow_path(cls.flow_name, cls.flows_dir))
        return base, [layer_flow(base, cls.affine_index, cls.rows, act) for act in ZOO]

    def construct(self):
        base, flows = self.built_flows()
        self.zoo_flows = flows
        half = float(np.max(np.abs(base.X)))
        views = [FlowView(f, split_affine=False, dims=2) for f in flows]
        player = self.build_player(flows[0], views[0], radius=self.plane_radius,
                                   centre=np.array([*self.plane_centre, 0.0]))
        players = [player] + [player.with_flow(v) for v in views[1:]]
        affine_step, _ = views[0].steps

        heading = title(self.heading)
        plane_label = text("two neurons of a trained layer", 24, MUTED_TEXT)
        plane_label.move_to([self.plane_centre[0], 2.75, 0])
        n_in = base.X.shape[1]
        with self.cue("plane", points=f"{len(base.X):,}", neurons=str(len(self.rows)),
                      layer=str(base.stages[self.affine_index].W.shape[0])) as c:
            self.play(Write(heading), FadeIn(player.grid.mobject), FadeIn(player.cloud.mobject), FadeIn(plane_label),
                      run_time=c.fit(1.5))
            z_label = MathTex(r"z = Wx + b", color=TEXT, font_size=34).next_to(plane_label, DOWN, buff=0.12)
            self.play(player.step(affine_step, run_time=self.step_run_time), FadeIn(z_label))
        self.z_values = flows[0].trace[1]

        axes_group = plot_axes(self.z_range, self.f_range, *self.plot_size, x_label="z", y_label="f(z)",
                               label_size=32)
        axes_group.move_to([*self.plot_centre, 0])
        axes = axes_group.axes
        self.axes = axes
        self.drawn_curves = {}
        shown_curve = name_label = formula = range_label = None  # range_label: the last activation's
        a_label = MathTex(r"a = f(Wx + b)", color=TEXT, font_size=34).move_to(z_label)
        back = None  # the last activation's player and step: the plane unbends as the next curve comes in
        for act, flow, view, p in zip(ZOO, flows, views, players):
            z, fz = self.curve_points(act)
            new_curve = curve(axes, z, fz, CURVE, stroke_width=5)
            new_name = text(act.title, 30, ACCENT).next_to(axes_group, UP, buff=0.3)
            new_formula = MathTex(act.formula, color=TEXT, font_size=32).next_to(axes_group, DOWN, buff=0.35)
            step = view.steps[1]
            a = flow.trace[-1]
            new_range = text(f"a from {a.min():.2f} to {a.max():.2f}", 24, MUTED_TEXT)
            new_range.move_to([self.plane_centre[0], -3.15, 0])
            with self.cue(act.name.replace("_", "-")) as c:  # cue ids are lower-case-words
                if shown_curve is None:
                    self.play(FadeIn(axes_group), Create(new_curve), FadeIn(new_name), FadeIn(new_formula),
                              ReplacementTransform(z_label, a_label), run_time=1.2)
                else:
                    self.play(ReplacementTransform(shown_curve, new_curve), ReplacementTransform(name_label, new_name),
                              ReplacementTransform(formula, new_formula), back[0].step_back(back[1], run_time=0.9),
                              FadeOut(range_label), run_time=0.9)
                self.drawn_curves[act.name] = sample_curve(axes, new_curve)  # as on screen now (a later
                # ReplacementTransform morphs this mobject into the next curve)
                # the bend lasts while it is described, and holds for its last words
                self.play(p.step(step, run_time=max(self.step_run_time, c.to(None, self.scene_time(), gap=0.8))),
                          FadeIn(new_range))
            back = (p, step)
            shown_curve, name_label, formula, range_label = new_curve, new_name, new_formula, new_range

        # Gradients: measured on the functions and on the trained model, each drawn as it is said.
        sig, tanh = ZOO[0], ZOO[1]
        top = max_slope(sig)
        facts = self.facts = {
            "sigmoid_max_slope": top,
            "tanh_flat_share": flat_share(tanh, self.z_values, self.flat_slope),
            "dead": dead_units(base),
            "quietest": quietest_unit(base),
        }
        slope_group = plot_axes((self.z_range[0], self.z_range[1], 2.0), (0.0, 1.0, 0.25), *self.slope_size,
                                x_label="z", y_label="f'(z)", label_size=30)
        slope_group.move_to([*self.slope_centre, 0])
        slope_axes = self.slope_axes = slope_group.axes
        left = slope_axes.c2p(self.z_range[0], 0)[0]
        for number in slope_axes.y_axis.numbers:  # at the plot's left edge, clear of the curves through z = 0
            number.set_x(left - 0.12 - number.width / 2)
        slope_group[2].next_to(slope_axes.c2p(self.z_range[0], 1.0), UP, buff=0.15)  # f'(z) over them
        sz, ds = slope_curve(sig, self.z_range[0], self.z_range[1])
        sig_slope = self.sigmoid_slope_curve = curve(slope_axes, sz, ds, CURVE, stroke_width=5)
        peak = self.peak_marker = VGroup(
            DashedLine(slope_axes.c2p(self.z_range[0], top), slope_axes.c2p(0, top), color=ACCENT, stroke_width=3,
                       dash_length=0.1),
            Dot(slope_axes.c2p(0, top), radius=0.08, color=ACCENT),
            MathTex(f"{top:.2f}", color=ACCENT, font_size=30).next_to(slope_axes.c2p(0, top), UR, buff=0.1))
        sig_name = MathTex(r"\sigma'(z)", color=CURVE, font_size=30).next_to(slope_axes.c2p(2.6, 0.17), UP, buff=0.1)
        tz, dt = slope_curve(tanh, self.z_range[0], self.z_range[1])
        tanh_slope = self.tanh_slope_curve = curve(slope_axes, tz, dt, TARGET, stroke_width=5)
        tanh_name = MathTex(r"\tanh'(z)", color=TARGET, font_size=30).next_to(slope_axes.c2p(1.0, 0.8), RIGHT,
                                                                            buff=0.15)
        edge = self.flat_edge = flat_beyond(tanh, self.flat_slope)
        flat_bands = VGroup(*[Polygon(*to_scene(slope_axes, np.array([a, b, b, a]), np.array([0, 0, 1, 1])),
                                      stroke_width=0, fill_color=MUTED_TEXT, fill_opacity=0.18)
                              for a, b in ((self.z_range[0], -edge), (edge, self.z_range[1]))])

        gradients = self.gradients = gradient_through(top, self.sigmoid_layers)
        floor = 10.0 ** np.floor(np.log10(gradients[-1]))
        gx0, gy0 = self.gradient_origin
        gw, gh = self.gradient_size
        step_x = gw / len(gradients)
        heights = log_bars(gradients, floor, gh)
        grad_bars = self.gradient_bars = VGroup(*[
            Rectangle(width=0.6 * step_x, height=h, stroke_width=0, fill_color=CURVE, fill_opacity=0.9)
            .move_to([gx0 + (k + 0.5) * step_x, gy0 + h / 2, 0]) for k, h in enumerate(heights)])
        self.gradient_scale = (floor, gh, gy0)  # bars read back: 10 ** (log10 floor * (1 - height / gh))
        grad_frame = VGroup(Line([gx0, gy0, 0], [gx0 + gw, gy0, 0], color=GRID_AXIS, stroke_width=2),
                            Line([gx0, gy0, 0], [gx0, gy0 + gh, 0], color=GRID_AXIS, stroke_width=2))
        exponent = int(np.log10(floor))
        for e in range(0, exponent - 1, -2):
            y = gy0 + gh * (e - exponent) / -exponent
            grad_frame.add(Line([gx0 - 0.08, y, 0], [gx0, y, 0], color=GRID_AXIS, stroke_width=2),
                           MathTex("1" if e == 0 else f"10^{{{e}}}", color=TEXT, font_size=NUMBER_SIZE)
                           .next_to([gx0 - 0.08, y, 0], LEFT, buff=0.08))
        for k in (0, len(gradients) - 1):
            grad_frame.add(MathTex(str(k), color=TEXT, font_size=NUMBER_SIZE)
                           .move_to([gx0 + (k + 0.5) * step_x, gy0 - 0.22, 0]))
        grad_frame.add(text("sigmoid layers passed", 22, MUTED_TEXT).move_to([gx0 + gw / 2, gy0 - 0.25, 0]))
        grad_frame.add(text("gradient, at most (log scale)", 22, MUTED_TEXT)
                       .next_to([gx0, gy0 + gh, 0], UP, buff=0.15, aligned_edge=LEFT))
        product = gradients[-1]  # written 9.54 × 10⁻⁷, spoken "... times ten to the minus seven"
        mantissa, power = f"{product:.2e}".split("e")
        product_label = MathTex(rf"{mantissa} \times 10^{{{int(power)}}}", color=ACCENT, font_size=30)
        product_label.move_to([0, gy0 + 0.55 * gh, 0]).align_to(grad_bars[-1], RIGHT)  # over the low bars
        product_label = VGroup(product_label, Line(product_label.get_bottom() + 0.05 * DOWN + 0.25 * RIGHT,
                                                   grad_bars[-1].get_top() + 0.05 * UP, color=ACCENT, stroke_width=2))

        p = players[-1]
        with self.cue("vanishing", slope=f"{top:.2f}", layers=str(self.sigmoid_layers),
                      product=said_number(short_number(product), product, 3), flat=pct(facts["tanh_flat_share"]),
                      below=f"{self.flat_slope:g}") as c:
            self.play(FadeOut(VGroup(shown_curve, name_label, formula, axes_group, range_label, a_label, plane_label)),
                      p.step_back(views[-1].steps[1], run_time=0.9))  # the plane back to z, for tanh below
            self.wait_until(c.at("slope"))
            self.play(FadeIn(slope_group), Create(sig_slope), FadeIn(sig_name), run_time=1.0)
            self.wait_until(c.at("peak"))
            self.play(Create(peak), run_time=0.8)
            self.wait_until(c.at("layers"))
            self.play(FadeIn(grad_frame), LaggedStart(*[GrowFromEdge(bar, DOWN) for bar in grad_bars], lag_ratio=0.6),
                      run_time=max(2.0, c.at("product") - self.scene_time()))
            self.play(FadeIn(product_label), Indicate(grad_bars[-1], color=ACCENT), run_time=1.0)
            self.wait_until(c.at("tanh"))
            self.play(Create(tanh_slope), FadeIn(tanh_name), run_time=1.0)
            self.wait_until(c.at("flat"))
            strips = self.flat_strips(p.view, self.z_values, edge)
            share = self.flat_bar = ShareBar(f"values where tanh' < {self.flat_slope:g}", facts["tanh_flat_share"],
                                             width=2.6, color=TARGET)
            share.move_to([self.plane_centre[0] - 0.3, -3.3, 0])
            self.play(FadeIn(flat_bands), FadeIn(strips), FadeIn(share), run_time=1.0)

        units = self.units = relu_unit_list(base)
        quiet = self.quiet = quietest(base)
        on_bars = self.on_bars = ValueBars([ACCENT if u == quiet else TEXT for u in units],
                                           [rf"{u.layer}{{.}}{u.unit + 1}" for u in units],
                                           self.on_unit, self.on_origin, bar_width=0.32, gap=0.22, number_size=20,
                                           label_size=22, digits=2)
        on_bars.set_values([u.on_share for u in units])
        on_title = fit_width(text("share of the points each ReLU unit (layer.unit) is on for", 24, MUTED_TEXT), 6.2)
        on_title.move_to([self.on_origin[0], self.on_origin[1] + self.on_unit + 0.72, 0])
        half = 1.1 * float(np.max(np.abs(base.X)))
        panel = self.panel = Panel(half, self.panel_side, self.panel_centre)
        off = self.off = off_grid(base, quiet, half, self.off_pixels)
        shade = panel.image(np.where(off[..., None], hex_rgb(self.off_colour), hex_rgb(BACKGROUND)).astype(np.uint8))
        star_cloud = self.star_cloud = panel.cloud(base.X, self.point_colors(base), 0.03)
        on_points = np.flatnonzero(~unit_off(base, quiet, base.X))
        halos = DiscCloud(panel.to_scene(base.X[on_points]), [TEXT] * len(on_points), radius=0.075)
        off_label = text(f"unit {quiet.layer}.{quiet.unit + 1} off here", 24, TEXT)
        off_label.next_to(panel.frame(), UP, buff=0.12)
        relu_slope = self.relu_slope_curve = curve(slope_axes, *slope_curve(ZOO[2], *self.z_range[:2]), ACCENT,
                                                   stroke_width=5)
        relu_name = MathTex(r"\mathrm{ReLU}'(z)", color=ACCENT, font_size=30).next_to(slope_axes.c2p(2.0, 1.0), DOWN,
                                                                                   buff=0.15)
        keep = [ZOO[3], ZOO[4]]  # leaky ReLU and ELU: a slope on the negative side
        kept = self.kept_slope_curves = VGroup(*[curve(slope_axes, *slope_curve(act, *self.z_range[:2]), colour,
                                                       stroke_width=4)
                                                 for act, colour in zip(keep, (TARGET, CURVE))])
        kept_names = VGroup(text("leaky ReLU", 22, TARGET), text("ELU", 22, CURVE))
        kept_names.arrange(DOWN, aligned_edge=LEFT, buff=0.1).move_to(slope_axes.c2p(2.0, 0.45))  # where no curve runs
        dead, n_units = facts["dead"]
        with self.cue("dying", dead=str(dead), units=str(n_units), quiet=pct(facts["quietest"])) as c:
            self.wait_until(c.at("relu"))  # ReLU's slope comes in as the others go, the star's plane beside it
            self.play(FadeOut(VGroup(sig_slope, sig_name, peak, tanh_slope, tanh_name, flat_bands, grad_frame,
                                     grad_bars, product_label, strips, share)),
                      FadeOut(p.cloud.mobject), FadeOut(p.grid.mobject), FadeIn(panel.frame()), FadeIn(star_cloud),
                      Create(relu_slope), FadeIn(relu_name), run_time=c.to("off", self.scene_time(), 1.0))
            self.wait_until(c.at("off"))
            self.play(FadeIn(on_title), FadeIn(on_bars.baseline), FadeIn(on_bars.labels),
                      *[GrowFromEdge(bar, DOWN) for bar in on_bars.bars], FadeIn(on_bars.numbers),
                      run_time=min(3.0, c.to("dead", self.scene_time(), 1.2)))
            self.wait_until(c.at("dead"))  # no bar at zero: no unit is off on every point
            self.play(LaggedStart(*[Indicate(bar, color=TEXT, scale_factor=1.1) for bar in on_bars.bars], lag_ratio=0.2),
                      run_time=c.to("quietest", self.scene_time(), 1.0))
            self.wait_until(c.at("quietest"))
            self.add(shade)
            self.bring_to_front(star_cloud)
            self.play(FadeIn(shade), FadeIn(off_label), Indicate(on_bars.bars[units.index(quiet)], color=ACCENT),
                      run_time=c.to("rest", self.scene_time(), 1.2))
            self.wait_until(c.at("rest"))
            self.add(halos)
            self.bring_to_front(star_cloud)
            self.play(FadeIn(halos), run_time=c.to("leaky", self.scene_time(), 0.8))
            self.wait_until(c.at("leaky"))
            self.play(Create(kept), FadeIn(kept_names), run_time=c.to(None, self.scene_time(), 1.0))
        with self.cue("summary") as c:
            note = caption("each activation bends the same plane its own way; the next layer sees the bent plane")
            self.play(FadeIn(note), run_time=c.to("flow", self.scene_time(), 1.0))
            self.wait_until(c.at("flow"))  # the slopes a gradient flows back through
            self.play(Indicate(VGroup(relu_slope, kept), color=TEXT, scale_factor=1.05),
                      run_time=c.to(None, self.scene_time(), 1.0))

    def flat_strips(self, view, z: np.ndarray, edge: float) -> VGroup:
        """Where tanh is flat on the plane of pre-activations: the bands |z_1| > edge and |z_2| > edge,
        over the points' extent, drawn through the plane's view."""
        lo, hi = z.min(axis=0) - 0.2, z.max(axis=0) + 0.2
        boxes = []
        if hi[0] > edge:
            boxes.append(((edge, lo[1]), (hi[0], hi[1])))
        if lo[0] < -edge:
            boxes.append(((lo[0], lo[1]), (-edge, hi[1])))
        if hi[1] > edge:
            boxes.append(((lo[0], edge), (hi[0], hi[1])))
        if lo[1] < -edge:
            boxes.append(((lo[0], lo[1]), (hi[0], -edge)))
        group = VGroup()
        for (x0, y0), (x1, y1) in boxes:
            corners = np.array([[x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0]], dtype=float)
            group.add(Polygon(*view.apply(corners), stroke_width=0, fill_color=TARGET, fill_opacity=0.14))
        return group

    def curve_points(self, act):
        return curve_samples(act, self.z_range[0], self.z_range[1])
