"""The shared kit every chapter draws with: flow geometry, point cloud, bending grid,
stage animation, palette and labels."""

from .animate import FlowPlayer, Move, Tracked, View
from .base import (AnyFlowMixin, FlowScene, FlowSceneMixin, FlowThreeDScene, caption, corner_label, fit_width, make_cloud,
                   matrix_tex, text, title)
from .flowview import Embedding, FlowView, Step, fit_scale, interpolate
from .geometry import clip_polygon_halfplane, line_in_box
from .grid import WarpGrid, grid_lines
from .narrate import Cue, NarrationMixin, ScriptError
from .pointcloud import DiscCloud, SplatCamera, SplatThreeDCamera, splat_discs
from .svg_copy import share_parsed_svg_paths

share_parsed_svg_paths()  # before any chapter copies a caption (svg_copy.py says why)

__all__ = [
    "AnyFlowMixin", "Cue", "NarrationMixin", "ScriptError", "DiscCloud", "Embedding", "FlowPlayer", "FlowScene", "FlowSceneMixin", "FlowThreeDScene",
    "FlowView", "Move", "SplatCamera", "SplatThreeDCamera", "Step", "Tracked", "View", "WarpGrid",
    "caption", "clip_polygon_halfplane", "corner_label", "fit_scale", "fit_width", "grid_lines", "interpolate",
    "line_in_box", "make_cloud", "matrix_tex", "splat_discs", "text", "title",
]
