"""Plane geometry for decision boundaries: where a line w.x + b = 0 crosses a box, and the
polygon of the box on one side of it. numpy only."""

from __future__ import annotations

import numpy as np


def box_corners(half: float) -> np.ndarray:
    return np.array([[-half, -half], [half, -half], [half, half], [-half, half]], dtype=float)


def clip_polygon_halfplane(polygon: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The part of a convex polygon where w.p + b >= 0 (Sutherland-Hodgman, one edge)."""
    out = []
    n = len(polygon)
    for i in range(n):
        p, q = polygon[i], polygon[(i + 1) % n]
        fp, fq = float(w @ p + b), float(w @ q + b)
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            out.append(p + t * (q - p))
    return np.array(out).reshape(-1, 2)


def line_in_box(w: np.ndarray, b: float, half: float) -> np.ndarray | None:
    """The segment of w.x + b = 0 inside [-half, half]^2, as 2 points, or None if it misses."""
    w = np.asarray(w, dtype=float)
    corners = box_corners(half)
    hits = []
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        fp, fq = float(w @ p + b), float(w @ q + b)
        if fp == 0:
            hits.append(p)
        if fp * fq < 0:
            hits.append(p + fp / (fp - fq) * (q - p))
    if len(hits) < 2:
        return None
    hits = np.array(hits)
    # The two hits farthest apart (a corner can be counted twice).
    d = np.linalg.norm(hits[:, None] - hits[None, :], axis=-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    return np.array([hits[i], hits[j]])
