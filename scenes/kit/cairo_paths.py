"""Cairo paths kept from frame to frame.

Manim rebuilds every VMobject's Cairo path on every frame it draws: a numpy pass to find the
subpaths, then one Python call per Bézier curve. Manim redraws everything above the first moving
mobject, so a caption over a moving cloud is re-pathed 60 times a second, its glyphs unchanged.
Here a path is built once per (class, points on screen) and replayed with one ``append_path``;
the pixels Cairo fills from it are the same (tested frame by frame in tests/test_kit.py).
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np


class CachedPathsMixin:
    """A camera mixin: ``set_cairo_context_path`` through a bounded cache of built paths."""

    path_cache_size = 4096  # paths; moving mobjects make a new one each frame and age out
    keep_paths = True  # False: Manim's own path building (bench/bench_frames.py compares)

    def set_cairo_context_path(self, ctx, vmobject):
        if not self.keep_paths:
            return super().set_cairo_context_path(ctx, vmobject)
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        if len(points) == 0:
            return self
        key = (type(vmobject), vmobject.n_points_per_cubic_curve, vmobject.tolerance_for_point_equality,
               points.shape, np.ascontiguousarray(points).tobytes())
        cache = self.__dict__.setdefault("_path_cache", OrderedDict())
        path = cache.get(key)
        if path is None:
            super().set_cairo_context_path(ctx, vmobject)
            cache[key] = ctx.copy_path()
            if len(cache) > self.path_cache_size:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
            ctx.new_path()
            ctx.append_path(path)
        return self
