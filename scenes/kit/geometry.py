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
    return segment_in_polygon(box_corners(half), np.asarray(w, dtype=float), b)


def plane_in_box(w: np.ndarray, b: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The polygon where the plane w.a + b = 0 cuts the box [lo, hi] (3-D), vertices in order;
    an empty (0, 3) array if it misses."""
    w, lo, hi = (np.asarray(v, dtype=float) for v in (w, lo, hi))
    corners = np.array([[hi[i] if (c >> i) & 1 else lo[i] for i in range(3)] for c in range(8)])
    values = corners @ w + b
    hits = []
    for a in range(8):
        for i in range(3):
            c = a | (1 << i)
            if c == a:
                continue
            fa, fc = values[a], values[c]
            if fa == 0:
                hits.append(corners[a])
            if fa * fc < 0:
                hits.append(corners[a] + fa / (fa - fc) * (corners[c] - corners[a]))
    if len(hits) < 3:
        return np.zeros((0, 3))
    hits = np.unique(np.round(np.array(hits), 12), axis=0)
    centre = hits.mean(axis=0)
    # Order around the centre within the plane.
    n = w / np.linalg.norm(w)
    u = np.cross(n, [1.0, 0, 0] if abs(n[0]) < 0.9 else [0, 1.0, 0])
    u /= np.linalg.norm(u)
    v = np.cross(n, u)
    angles = np.arctan2((hits - centre) @ v, (hits - centre) @ u)
    return hits[np.argsort(angles)]


def relu_net_regions(W1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: float, half: float,
                     activation: str = "relu"):
    """Exact decision regions of x -> w2.f(W1 x + b1) + b2 over [-half, half]^2, where f is ReLU
    or the identity (a linear hidden layer: every unit always on, one region).

    In each region where the set of active units is fixed the net is linear, g.x + c; the
    region is a convex polygon, and its part of the boundary is g.x + c = 0 clipped to it.
    Returns a list of (positive polygon, negative polygon, boundary segment or None).
    """
    if activation not in ("relu", "identity"):
        raise ValueError(f"exact regions need a relu or identity hidden layer, not {activation!r}")
    regions = []
    k = len(b1)
    patterns = range(2**k) if activation == "relu" else [2**k - 1]
    for pattern in patterns:
        active = np.array([(pattern >> i) & 1 for i in range(k)], dtype=bool)
        poly = box_corners(half)
        for i in range(k if activation == "relu" else 0):
            sign = 1.0 if active[i] else -1.0
            poly = clip_polygon_halfplane(poly, sign * W1[i], sign * b1[i])
            if len(poly) < 3:
                break
        if len(poly) < 3:
            continue
        g = (w2 * active) @ W1
        c = float((w2 * active) @ b1 + b2)
        pos = clip_polygon_halfplane(poly, g, c)
        neg = clip_polygon_halfplane(poly, -g, -c)
        regions.append((pos, neg, segment_in_polygon(poly, g, c)))
    return regions


def segment_in_polygon(poly: np.ndarray, g: np.ndarray, c: float) -> np.ndarray | None:
    """The segment of g.x + c = 0 inside a convex polygon, as 2 points, or None."""
    hits = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = float(g @ p + c), float(g @ q + c)
        if fp * fq < 0 or (fp == 0 and fq != 0):
            hits.append(p + fp / (fp - fq) * (q - p))
    if len(hits) < 2:
        return None
    hits = np.array(hits)
    d = np.linalg.norm(hits[:, None] - hits[None, :], axis=-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    return None if d[i, j] < 1e-12 else np.array([hits[i], hits[j]])


def fold_shares(hidden: np.ndarray) -> dict[str, float]:
    """Where ReLU left the points of a 3-wide layer: share strictly inside the positive octant,
    on a face (one coordinate 0), on an axis (two 0s), at the origin (all 0)."""
    zeros = np.sum(np.asarray(hidden) <= 0, axis=1)
    names = ("inside", "face", "axis", "origin")
    return {name: float(np.mean(zeros == k)) for k, name in enumerate(names)}
