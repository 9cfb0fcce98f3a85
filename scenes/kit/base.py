"""Scene bases and builders shared by every chapter.

A chapter is varied by class attributes (flow name, palette, run times, point style), so a
speaker can subclass it for their own model without editing its body.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import DOWN, config, LEFT, UL, UP, Dot, MathTex, Scene, Text, ThreeDScene, VGroup

from contract.flow import Flow, load_flow
from contract.history import History, history_path, load_history
from contract.paths import flow_path

from .animate import FlowPlayer, Tracked, View
from .flowview import FlowView
from .grid import WarpGrid, grid_lines
from .narrate import NarrationMixin
from .palette import BACKGROUND, CLASS_COLORS, MUTED_TEXT, TEXT, class_colors
from .pointcloud import DiscCloud, SplatCamera, SplatThreeDCamera

FONT = "DejaVu Sans"


class DotCloud(VGroup):
    """The naive way, one Dot per point. Kept only as the benchmark's baseline."""

    def __init__(self, points: np.ndarray, colors: list, radius: float = 0.04, opacity: float = 0.95):
        super().__init__(*[Dot(radius=radius, color=c, fill_opacity=opacity) for c in colors])
        self.set_positions(points)

    def set_positions(self, points: np.ndarray) -> "DotCloud":
        for dot, p in zip(self.submobjects, np.asarray(points)):
            dot.move_to(np.pad(p, (0, 3 - len(p))))
        return self


def make_cloud(points: np.ndarray, colors: list, style: str = "discs", radius: float = 0.045):
    if style == "discs":
        return DiscCloud(points, colors, radius=radius)
    if style == "dots":
        return DotCloud(points, colors, radius=radius)
    raise ValueError(f"unknown point style {style!r}; use 'discs' or 'dots'")


class FlowSceneMixin(NarrationMixin):
    """What every flow chapter shares: loading its flow, building cloud and grid, labels, and
    narration cues (``with self.cue(...)``, see narrate.py)."""

    flow_name: str = ""
    flows_dir: Path | None = None  # None: the committed flows; the render runner sets the run's folder
    run_flow: str | None = None  # the flow a general chapter draws (`--flow NAME`), set by the render runner
    palette: list[str] = CLASS_COLORS
    point_style: str = "discs"
    point_radius: float = 0.045
    step_run_time: float = 1.6
    pause: float = 0.5

    def load(self, name: str | None = None) -> Flow:
        return load_flow(flow_path(name or self.flow_name, self.flows_dir))

    def load_history(self, flow: Flow) -> History:
        """The training history kept beside ``flow`` (assets/flows/history/), checked against it."""
        return load_history(history_path(flow.name, self.flows_dir), flow)

    def point_colors(self, flow: Flow) -> list:
        return class_colors(flow.y, self.palette)

    def build_player(self, flow: Flow, view: FlowView, radius: float = 3.0, centre=None,
                     grid_half_width: float | None = None, grid_lines_per_side: int = 6,
                     grid_samples: int = 81, fixed_view: View | None = None) -> FlowPlayer:
        """Cloud + bending grid over the input square, framed to ``radius`` scene units."""
        colors = self.point_colors(flow)
        cloud = make_cloud(view.embedded_layer(0), colors, self.point_style, self.point_radius)
        grid = grid_trace = None
        if flow.X.shape[1] == 2:
            half = grid_half_width or 1.15 * float(np.max(np.abs(flow.X)))
            lines, is_axis = grid_lines(half, half / grid_lines_per_side, grid_samples)
            grid_trace = flow.replay(lines.reshape(-1, 2))
            grid = WarpGrid(is_axis, grid_samples)
        start = View(1.0)
        tracked_cloud = Tracked(cloud, view.embedded_layer(0), start)
        tracked_grid = Tracked(grid, view.embedded_layer(0, grid_trace), start) if grid is not None else None
        player = FlowPlayer(view, tracked_cloud, tracked_grid, grid_trace, radius=radius, centre=centre,
                            fixed_view=fixed_view)
        for t in player.tracked():
            t.show(t.model_points, player.view)
        return player


class AnyFlowMixin:
    """A general chapter: it draws the flow the run names (``hidden-layers render unfold --flow
    mine``; the render runner hands the name over as ``run_flow``), else its ``flow_name``, an
    example. ``misfit(flow)`` is None for a flow it can draw, else the sentence saying which
    shape it needs (scenes/kit/fits.py); the command line checks it before Manim starts, and
    prints ``hard_to_see(flow)``, when there is one, as a note."""

    misfit = staticmethod(lambda flow: None)
    hard_to_see = staticmethod(lambda flow: None)  # a warning when a fitting flow's picture will not read

    def load(self, name: str | None = None):
        return super().load(name or self.run_flow)


def text(s: str, size: float = 30, color=TEXT, **kwargs) -> Text:
    return Text(s, font=FONT, font_size=size, color=color, **kwargs)


def fit_width(mobject, max_width: float):
    """Shrink (never grow) a mobject to fit ``max_width`` scene units."""
    if mobject.width > max_width:
        mobject.scale_to_fit_width(max_width)
    return mobject


def caption(s: str, size: float = 28) -> Text:
    """A line at the bottom of the frame, shrunk to fit inside the frame's width."""
    return fit_width(text(s, size, MUTED_TEXT), config.frame_width - 0.8).to_edge(DOWN, buff=0.3)


def title(s: str, size: float = 40) -> Text:
    return fit_width(text(s, size), config.frame_width - 0.8).to_edge(UP, buff=0.3)


def corner_label(*lines: str, size: float = 28) -> VGroup:
    group = VGroup(*[text(line, size) for line in lines]).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
    return group.to_corner(UL, buff=0.4)


def matrix_tex(symbol: str, M: np.ndarray, digits: int = 2) -> MathTex:
    """``symbol = [[...]]`` with the model's real numbers."""
    M = np.atleast_2d(M)
    rows = r" \\ ".join(" & ".join(f"{v:.{digits}f}" for v in row) for row in M)
    return MathTex(symbol + r" = \begin{bmatrix}" + rows + r"\end{bmatrix}", color=TEXT)


class FlowScene(FlowSceneMixin, Scene):
    """A 2-D chapter, drawn with the disc-splatting camera."""

    dims = 2  # layers wider than the plane are drawn along their top 2 principal components

    def __init__(self, **kwargs):
        kwargs.setdefault("camera_class", SplatCamera)
        super().__init__(**kwargs)
        self.camera.background_color = BACKGROUND


class FlowThreeDScene(FlowSceneMixin, ThreeDScene):
    """A 3-D chapter, drawn with the disc-splatting 3-D camera."""

    dims = 3

    def __init__(self, **kwargs):
        kwargs.setdefault("camera_class", SplatThreeDCamera)
        super().__init__(**kwargs)
        self.camera.background_color = BACKGROUND

    def fixed(self, mobject):
        """Pin a mobject to the frame (titles, captions, formulas), not yet shown."""
        self.add_fixed_in_frame_mobjects(mobject)
        self.remove(mobject)  # added for real by the animation that shows it
        return mobject

    def keep_upright(self, *mobjects) -> None:
        """Labels placed in 3-D that always face the camera, not yet shown."""
        for mobject in mobjects:
            self.add_fixed_orientation_mobjects(mobject)
            self.remove(mobject)  # added for real by the animation that shows it
