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
from manim import DOWN, LEFT, UP, Create, FadeIn, FadeOut, MathTex, ReplacementTransform, VGroup, Write

from contract.flow import load_flow
from contract.paths import flow_path
from scenes.kit import FlowScene, FlowView, caption, text, title
from scenes.kit.palette import ACCENT, CURVE, MUTED_TEXT, TEXT
from scenes.kit.narrate import said_number
from scenes.kit.plots import curve, plot_axes, sample_curve, short_number, text_lines
from scenes.kit.zoo import ZOO, curve_samples, dead_units, flat_share, layer_flow, max_slope, quietest_unit


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
                              ReplacementTransform(formula, new_formula), run_time=0.9)
                self.drawn_curves[act.name] = sample_curve(axes, new_curve)  # as on screen now (a later
                # ReplacementTransform morphs this mobject into the next curve)
                self.play(p.step(step, run_time=c.fit(self.step_run_time)),
                          FadeIn(new_range))
                self.wait(0.8)
                if act is not ZOO[-1]:
                    self.play(p.step_back(step, run_time=0.9), FadeOut(new_range))
            shown_curve, name_label, formula, range_label = new_curve, new_name, new_formula, new_range

        # Gradients: measured on the functions and on the trained model.
        self.play(FadeOut(VGroup(shown_curve, name_label, formula, axes_group)), run_time=0.6)
        sig, tanh, relu = ZOO[0], ZOO[1], ZOO[2]
        top = max_slope(sig)
        facts = self.facts = {
            "sigmoid_max_slope": top,
            "tanh_flat_share": flat_share(tanh, self.z_values, self.flat_slope),
            "dead": dead_units(base),
            "quietest": quietest_unit(base),
        }
        lines = VGroup()
        product = top ** self.sigmoid_layers  # written 9.54 × 10⁻⁷, spoken "... times ten to the minus seven"
        with self.cue("vanishing", slope=f"{top:.2f}", layers=str(self.sigmoid_layers),
                      product=said_number(short_number(product), product, 3), flat=pct(facts["tanh_flat_share"]),
                      below=f"{self.flat_slope:g}") as c:
            line1 = text_lines(f"sigmoid: slope at most {top:.2f}",
                               f"through {self.sigmoid_layers} sigmoid layers: at most {short_number(top ** self.sigmoid_layers)}",
                               f"tanh: {pct(facts['tanh_flat_share'])} of this plane where its slope < {self.flat_slope:g}",
                               size=26, max_width=6.3)
            lines.add(line1)
            lines.arrange(DOWN, aligned_edge=LEFT).move_to([*self.plot_centre, 0]).shift(UP * 0.9)
            self.play(FadeIn(line1), run_time=c.fit(1.0))
            self.wait(1.0)
        dead, units = facts["dead"]
        with self.cue("dying", dead=str(dead), units=str(units), quiet=pct(facts["quietest"])) as c:
            line2 = text_lines(f"ReLU: a unit off on every point gets no gradient",
                               f"star network: {dead} of {units} ReLU units dead",
                               f"the quietest is off on {pct(facts['quietest'])} of the points",
                               size=26, max_width=6.3)
            line2.next_to(lines, DOWN, buff=0.5).align_to(lines, LEFT)
            self.play(FadeIn(line2), run_time=c.fit(1.0))
            self.wait(1.0)
        with self.cue("summary") as c:
            note = caption("each activation bends the same plane its own way; the next layer sees the bent plane")
            self.play(FadeIn(note), run_time=c.fit(1.0))
            self.wait(2.0)

    def curve_points(self, act):
        return curve_samples(act, self.z_range[0], self.z_range[1])
