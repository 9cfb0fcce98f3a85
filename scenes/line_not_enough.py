"""Chapter "When a line is not enough" — part 1: one sigmoid neuron on data a line cannot split.

Two single neurons (no hidden layer), each trained to convergence: on the corner (L-shaped)
set all it can draw is one straight boundary; on the circles (a disc inside a ring) a line
is no better than a coin. Each line first appears turned about a point of it and turns back to
the trained one, a bar reading the share of points on their colour's side at every position
(scenes/kit/line_sweep.py). Every line, shaded side and accuracy is read from the flows.

Render alone:  manim -ql scenes/line_not_enough.py LineNotEnough
"""

from __future__ import annotations

import numpy as np
from manim import (LEFT, UP, Circle, Create, FadeIn, FadeOut, GrowFromCenter, Group, Indicate, LaggedStart, ShowPassingFlash,
                   ValueTracker, VGroup, Write, always_redraw, smooth)

from scenes.kit import FlowScene, caption, text, title
from scenes.kit.geometry import box_corners, clip_polygon_halfplane
from scenes.kit.line_sweep import AccuracyBar, side_accuracy, pivot_on_line, turned
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
    sweep_run_time = 1.6  # each class's points, swept in band by band
    grow_run_time = 1.4  # each side's shading, grown out from the line
    rings_run_time = 2.0  # the wrong points ringed one after another
    # Each line first appears turned by this angle about the point of it nearest the data's centre,
    # and turns back to the trained line as the narrator says it turns (the bar reads its accuracy).
    swing_from = (np.radians(120.0), np.radians(-150.0))
    bar_length, bar_y = 3.0, -2.68

    def construct(self):
        heading = title(self.heading)
        self.play(Write(heading), run_time=1.0)
        flows = [self.load(name) for name in self.flows]
        panels = [Panel(1.08 * float(np.max(np.abs(f.X))), self.panel_side, (x, 0.05))
                  for f, x in zip(flows, (-self.panel_x, self.panel_x))]
        lines, self.bars, self.panels, self.lines = [], [], panels, []
        for k, (flow, panel, name) in enumerate(zip(flows, panels, self.names)):
            label = text(f"{name}: {len(flow.X):,} points", 26).next_to(panel.frame(), UP, buff=0.15)
            with self.cue(f"data-{k + 1}", points=f"{len(flow.X):,}") as c:
                self.play(FadeIn(panel.frame()), FadeIn(label), run_time=0.6)
                clouds = Group()
                marks = [mark for _, mark in self.class_marks]
                for (cls, mark), then in zip(self.class_marks, [*marks[1:], None]):  # each class as its colour is named
                    self.wait_until(c.at(mark))
                    bands = self.bands(panel, flow, cls)
                    run_time = self.sweep_run_time if then is None else min(self.sweep_run_time,
                                                                            c.to(then, self.scene_time(), 0.6))
                    self.play(LaggedStart(*[FadeIn(band) for band in bands], lag_ratio=0.35), run_time=run_time)
                    clouds.add(*bands)
            out = flow.output_affine()
            w, b = out.W[0], float(out.b[0])
            pivot = pivot_on_line(w, b, flow.X)
            angle = ValueTracker(self.swing_from[k])
            left = panel.centre[0] - panel.side / 2
            bar = AccuracyBar(ACCENT, self.bar_length, (left + 0.85, self.bar_y), digits=0, number_size=30)
            bar_label = text("right", 22, MUTED_TEXT).next_to(bar.track, LEFT, buff=0.15)
            bar.set_value(side_accuracy(flow.X, flow.y, *turned(w, b, pivot, angle.get_value())))
            with self.cue(f"line-{k + 1}", accuracy=pct(flow.accuracy())) as c:
                self.wait_until(c.at("line"))
                line = always_redraw(lambda: panel.line(*turned(w, b, pivot, angle.get_value())))
                self.play(Create(line), FadeIn(bar), FadeIn(bar_label), run_time=1.0)
                self.wait_until(c.at("sides"))
                fills = self.grow_sides(panel, w, b, pivot, angle, clouds, line)
                # The line turns back to the trained one; the bar reads each position's accuracy.
                self.wait_until(c.at("turns"))
                bar.add_updater(lambda m: m.set_value(side_accuracy(flow.X, flow.y, *turned(w, b, pivot, angle.get_value()))))
                self.play(angle.animate(rate_func=smooth).set_value(0.0),
                          run_time=c.to("right", self.scene_time(), 2.0))
                bar.clear_updaters()
                line.clear_updaters()
                fills.clear_updaters()
                bar.set_value(side_accuracy(flow.X, flow.y, w, b))
                self.wait_until(c.at("right"))
                self.play(bar.refine(1), run_time=0.5)
                self.play(Indicate(bar.number, color=ACCENT), run_time=0.8)
                if "wrong" in c.marks:
                    # The points it gets wrong, ringed as the narrator points at them: where the L bends.
                    self.wait_until(c.at("wrong"))
                    rings = VGroup(*[Circle(radius=2.4 * self.point_radius, color=TEXT, stroke_width=2).move_to(p)
                                     for p in panel.to_scene(wrong_points(flow))])
                    self.play(LaggedStart(*[Create(r) for r in rings], lag_ratio=0.02), run_time=self.rings_run_time)
                    self.play(FadeOut(rings), run_time=0.6)
                if "coin" in c.marks:
                    # A coin's half, marked on both bars: this one sits just past it, the first far beyond.
                    self.wait_until(c.at("coin"))
                    coins = VGroup(*[m.mark(0.5, "coin") for m in (*self.bars, bar)])
                    self.play(LaggedStart(*[GrowFromCenter(m[0]) for m in coins], lag_ratio=0.3),
                              LaggedStart(*[FadeIn(m[1]) for m in coins], lag_ratio=0.3), run_time=1.2)
                    self.play(Indicate(coins[-1], color=TEXT), run_time=0.8)
            self.bars.append(bar)
            lines.append(line)
            self.lines.append(line)
        with self.cue("not-enough") as c:
            self.wait_until(c.at("one"))
            self.play(LaggedStart(*[ShowPassingFlash(line.copy().set_stroke(TEXT, width=10), time_width=0.6)
                                    for line in lines], lag_ratio=0.5), run_time=2.0)
            note = caption("a single neuron can only draw a line: it needs new features, or hidden layers")
            split = len("a single neuron can only draw a line: it needs new features,".replace(" ", ""))
            self.wait_until(c.at("features"))
            self.play(Write(note[:split]), run_time=c.to("hidden", self.scene_time(), 0.8))
            self.wait_until(c.at("hidden"))
            self.play(Write(note[split:]), run_time=c.to(None, self.scene_time(), 0.8))
            self.wait(0.5)

    def bands(self, panel: Panel, flow, cls: int, count: int = 6) -> list:
        """One class's points in ``count`` bands across the square, left to right: swept in as it is named."""
        X = flow.X[flow.y == cls]
        edges = np.linspace(-panel.half, panel.half, count + 1)
        which = np.clip(np.digitize(X[:, 0], edges) - 1, 0, count - 1)
        return [panel.cloud(X[which == i], [self.palette[cls]] * int(np.sum(which == i)), self.point_radius)
                for i in range(count) if np.any(which == i)]

    def grow_sides(self, panel: Panel, w: np.ndarray, b: float, pivot: np.ndarray, angle: ValueTracker,
                   clouds, line):
        """Each side of the line (turned by ``angle`` about ``pivot``) shaded in its class's colour,
        growing out from the line until it reaches the square's far corner; the shading keeps
        following the line as it turns. Returns the shading (still following it)."""
        share = ValueTracker(0.0)

        def sides():
            w2, b2 = turned(w, b, pivot, angle.get_value())
            reach = [max(float(np.max(sign * (box_corners(panel.half) @ w2 + b2))), 1e-9) for sign in (1, -1)]
            return VGroup(*[panel.polygon(poly, self.palette[cls], self.fill_opacity)
                            for sign, cls, r in ((1, 1, reach[0]), (-1, 0, reach[1]))
                            for poly in [side_band(panel.half, sign * w2, sign * b2, max(share.get_value(), 1e-3) * r)]
                            if len(poly) >= 3])
        fills = always_redraw(sides)
        self.add(fills)
        self.bring_to_front(clouds, line)
        self.play(share.animate.set_value(1.0), run_time=self.grow_run_time)
        return fills
