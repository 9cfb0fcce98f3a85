"""3-D solids drawn with few faces.

Manim's Arrow3D builds its shaft and cone at 24 and 32 segments a side: about 1,000 shaded
faces, each sorted and lit on every frame. In ThreeFeatures that one arrow was most of the
frame cost (cProfile: 534 faces a frame, 0.34 s a frame at 480p). A thin arrow reads just as
well from a dozen segments around, and one along.
"""

from __future__ import annotations

import numpy as np
from manim import Arrow3D, Cone


def light_arrow3d(start, end, color, around: int = 12, height: float = 0.3, base_radius: float = 0.08) -> Arrow3D:
    """An Arrow3D from ``start`` to ``end`` whose shaft and cone have ``around`` faces each."""
    arrow = Arrow3D(start, end, color=color, resolution=(1, around), height=height, base_radius=base_radius)
    arrow.remove(arrow.cone)
    arrow.cone = Cone(direction=arrow.direction, base_radius=base_radius, height=height,
                      resolution=(1, around)).shift(np.asarray(end, dtype=float))
    arrow.add(arrow.cone)
    arrow.set_color(color)
    return arrow
