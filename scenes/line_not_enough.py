"""Chapter "When a line is not enough" — part 1: one sigmoid neuron on data a line cannot split.

Two single neurons (no hidden layer), each trained to convergence: on the corner (L-shaped)
set the best it can do is one straight boundary; on the circles (a disc inside a ring) a line
is no better than a coin. Every line, shaded side and accuracy is read from the flows.

Render alone:  manim -ql scenes/line_not_enough.py LineNotEnough
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, UP, Circle, Create, FadeIn, FadeOut, Group, LaggedStart, ShowPassingFlash, ValueTracker, VGroup, Write,
                   always_redraw)

from scenes.kit import FlowScene, caption, text, title
from scenes.kit.geometry import box_corners, clip_polygon_halfplane
from scenes.kit.palette import ACCENT, MUTED_TEXT, TEXT
from scenes.kit.panels import Panel


def pct(value: float) -> str:
    return f"{value:.1%}"


def side_band(half: float, w: np.ndarray, b: float, reach: float) -> np.ndarray:
    """The part of the square where 0 <= w.x + b <= reach: one side of the line, grown out from it."""
    return clip_polygon_halfplane(clip_polygon_halfplane(box_corners(half), w, b), -w, reach - b)


def wrong_points(flow) -> np.ndarray:
    """The inputs the trained neuron puts on the wrong side (p >= 0.5 read as class 1)."""
    return flow.X[(flow.trace[-1][:, 0] >= 0.5) != (flow.y == 1)]


class LineNotEnough(FlowScene):
    script_name = "line-not-enough"
    heading = "When a line is not enough"
    flows = ("corner_line", "circles_line")  # left panel, right panel
    names = ("the corner set", "the circles")
    panel_side = 4.8
    panel_x = 3.45
    point_radius = 0.04
    fill_opacity = 0.16
    class_marks = ((1, "blue"), (0, "orange"))  # the class, and the mark of the word naming its colour
    sweep_run_time = 2.0  # each class's points, swept in band by band
    grow_run_time = 2.2  # each side's shading, grown out from the line
    rings_run_time = 2.0  # the wrong points ringed one after another

    def construct(self):
        heading = title(self.heading)
        self.play(Write(heading), run_time=1.0)
        flows = [self.load(name) for name in self.flows]
        panels = [Panel(1.08 * float(np.max(np.abs(f.X))), self.panel_side, (x, 0.05))
                  for f, x in zip(flows, (-self.panel_x, self.panel_x))]
        lines = []
        for k, (flow, panel, name) in enumerate(zip(flows, panels, self.names)):
            label = text(f"{name}: {len(flow.X):,} points", 26).next_to(panel.frame(), UP, buff=0.15)
            with self.cue(f"data-{k + 1}", points=f"{len(flow.X):,}") as c:
                self.play(FadeIn(panel.frame()), FadeIn(label), run_time=0.6)
                clouds = Group()
                for cls, mark in self.class_marks:  # each class's points as its colour is named
                    self.wait_until(c.at(mark))
                    bands = self.bands(panel, flow, cls)
                    self.play(LaggedStart(*[FadeIn(band) for band in bands], lag_ratio=0.35),
                              run_time=self.sweep_run_time)
                    clouds.add(*bands)
            out = flow.output_affine()
            w, b = out.W[0], float(out.b[0])
            score = text(f"one neuron: {pct(flow.accuracy())} right", 26, ACCENT).next_to(panel.frame(), DOWN, buff=0.15)
            with self.cue(f"line-{k + 1}", accuracy=pct(flow.accuracy())) as c:
                self.wait_until(c.at("line"))
                line = panel.line(w, b)
                self.play(Create(line), run_time=1.2)
                self.grow_sides(panel, w, b, clouds, line)
                self.wait_until(c.at("right"))
                self.play(FadeIn(score, shift=0.2 * UP), run_time=0.6)
                # The points it gets wrong, ringed as the narrator points at them: where the L
                # bends, or half the circles, like a coin.
                self.wait_until(c.at("wrong"))
                rings = VGroup(*[Circle(radius=2.4 * self.point_radius, color=TEXT, stroke_width=2).move_to(p)
                                 for p in panel.to_scene(wrong_points(flow))])
                self.play(LaggedStart(*[Create(r) for r in rings], lag_ratio=0.02), run_time=self.rings_run_time)
            self.play(FadeOut(rings), run_time=0.6)
            lines.append(line)
        with self.cue("not-enough") as c:
            self.wait_until(c.at("one"))
            self.play(LaggedStart(*[ShowPassingFlash(line.copy().set_stroke(TEXT, width=10), time_width=0.6)
                                    for line in lines], lag_ratio=0.5), run_time=2.0)
            note = caption("a single neuron can only draw a line: it needs new features, or hidden layers")
            split = len("a single neuron can only draw a line: it needs new features,".replace(" ", ""))
            self.wait_until(c.at("features"))
            self.play(FadeIn(note[:split], shift=0.2 * UP), run_time=0.8)
            self.wait_until(c.at("hidden"))
            self.play(FadeIn(note[split:], shift=0.2 * UP), run_time=0.8)
            self.wait(1.0)

    def bands(self, panel: Panel, flow, cls: int, count: int = 6) -> list:
        """One class's points in ``count`` bands across the square, left to right: swept in as it is named."""
        X = flow.X[flow.y == cls]
        edges = np.linspace(-panel.half, panel.half, count + 1)
        which = np.clip(np.digitize(X[:, 0], edges) - 1, 0, count - 1)
        return [panel.cloud(X[which == i], [self.palette[cls]] * int(np.sum(which == i)), self.point_radius)
                for i in range(count) if np.any(which == i)]

    def grow_sides(self, panel: Panel, w: np.ndarray, b: float, clouds, line) -> None:
        """Each side of the line shaded in its class's colour, growing out from the line until it
        reaches the square's far corner."""
        reach = [max(float(np.max(sign * (box_corners(panel.half) @ w + b))), 1e-9) for sign in (1, -1)]
        share = ValueTracker(0.0)
        fills = always_redraw(lambda: VGroup(*[
            panel.polygon(poly, self.palette[cls], self.fill_opacity)
            for sign, cls, r in ((1, 1, reach[0]), (-1, 0, reach[1]))
            for poly in [side_band(panel.half, sign * w, sign * b, max(share.get_value(), 1e-3) * r)] if len(poly) >= 3]))
        self.add(fills)
        self.bring_to_front(clouds, line)
        self.play(share.animate.set_value(1.0), run_time=self.grow_run_time)
        fills.clear_updaters()
