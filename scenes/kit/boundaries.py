"""Decision boundaries of single neurons and of a softmax layer, computed from their weights.
numpy only; every chapter that draws a neuron's line, its normal w, a sigmoid's p = 0.5
contour, a 3-D neuron's plane or softmax's argmax regions draws what these return.

- one neuron, z = w.x + b: the boundary z = 0 clipped to the box, and w as an arrow standing on
  the middle of that segment (so its right angle with the line is visible);
- a sigmoid neuron's p = sigma(z) sampled on a grid, and its p = 0.5 contour found from the
  probabilities alone (marching squares, each crossing refined by bisection on p), never from
  the line's formula, so a test can compare the two;
- a softmax layer, z_i = w_i.x + b_i: class i wins on the convex polygon where z_i - z_j >= 0
  for every j (the box clipped by those half-planes); classes i and j meet along z_i = z_j
  where both are >= every other z_k, with normal w_i - w_j pointing into i's region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .geometry import box_corners, clip_polygon_halfplane, line_in_box, plane_in_box, segment_in_polygon

__all__ = ["NeuronLine", "neuron_line", "probability_grid", "contour_crossings", "softmax_regions",
           "softmax_boundaries", "SoftmaxEdge", "neuron_plane", "plane_normal", "angle_deg", "plane_in_box"]


@dataclass(frozen=True)
class NeuronLine:
    segment: np.ndarray  # (2, 2): where w.x + b = 0 crosses the box
    arrow: np.ndarray  # (2, 2): tail on the segment's midpoint, head along w


def neuron_line(w: np.ndarray, b: float, half: float, arrow_length: float,
                avoid: np.ndarray | None = None) -> NeuronLine:
    """The boundary of z = w.x + b in [-half, half]^2 and w drawn as an arrow of the given
    length (model units) standing on it: at the segment's middle, or, given points to
    ``avoid``, at the place along the middle 70 % of the segment where the arrow stays
    farthest from them. Raises ValueError if the line misses the box."""
    w = np.asarray(w, dtype=float)
    segment = line_in_box(w, float(b), half)
    if segment is None:
        raise ValueError(f"the line {w} . x + {b:g} = 0 misses the box [-{half:g}, {half:g}]^2")
    return NeuronLine(segment, arrow_on_segment(segment, w, arrow_length, avoid, half=half))


def arrow_on_segment(segment: np.ndarray, direction: np.ndarray, length: float,
                     avoid: np.ndarray | None = None, reach: float = 1.6, half: float | None = None) -> np.ndarray:
    """An arrow (tail, head) of ``length`` along ``direction`` with its tail on the segment: at
    the middle, or, given points to ``avoid``, where along the middle 70 % of the segment the
    arrow and ``reach`` times its length beyond the tail (room for a label) stay farthest from them
    (and, given the box's ``half`` width, from the box's edges)."""
    segment = np.asarray(segment, dtype=float)
    unit = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
    tail = segment.mean(axis=0)
    if avoid is not None and len(avoid):
        best = -1.0
        for t in np.linspace(0.15, 0.85, 57):
            start = segment[0] + t * (segment[1] - segment[0])
            samples = start + np.linspace(0, reach * length, 16)[:, None] * unit
            gap = float(np.min(np.linalg.norm(samples[:, None] - np.asarray(avoid)[None], axis=-1)))
            if half is not None:
                gap = min(gap, float(np.min(half - np.abs(samples))))
            if gap > best + 1e-9:
                best, tail = gap, start
    return np.array([tail, tail + length * unit])


def angle_deg(u: np.ndarray, v: np.ndarray) -> float:
    """The angle between two directions, in degrees (0..180)."""
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    if len(u) == 2:
        u, v = np.append(u, 0.0), np.append(v, 0.0)
    # atan2 of |u x v| and u.v stays accurate near 0 and 180 degrees, where arccos does not
    return float(np.degrees(np.arctan2(np.linalg.norm(np.cross(u, v)), u @ v)))


# ----------------------------------------------------------------------------- p = sigma(z)


def probability_grid(predict: Callable[[np.ndarray], np.ndarray], half: float, n: int):
    """p on an n x n grid of cell centres over [-half, half]^2, row 0 at the top (image order).
    Returns (p (n, n), xs (n,), ys (n,)) with ys descending."""
    step = 2 * half / n
    xs = -half + step * (np.arange(n) + 0.5)
    ys = xs[::-1]
    gx, gy = np.meshgrid(xs, ys)
    p = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()])))[:, 0].reshape(n, n)
    return p, xs, ys


def contour_crossings(predict: Callable[[np.ndarray], np.ndarray], half: float, level: float = 0.5,
                      n: int = 41, iterations: int = 60) -> np.ndarray:
    """Points where predict(x)[:, 0] == level inside [-half, half]^2: on every edge of an n x n
    lattice whose ends straddle the level, bisected ``iterations`` times on the model itself.
    Ordered along the contour's main direction (one open curve, as a neuron's contour is)."""
    t = np.linspace(-half, half, n)
    gx, gy = np.meshgrid(t, t)
    nodes = np.column_stack([gx.ravel(), gy.ravel()])
    f = np.asarray(predict(nodes))[:, 0].reshape(n, n) - level
    starts, ends = [], []
    for (di, dj) in ((0, 1), (1, 0)):
        a = f[: n - di, : n - dj]
        c = f[di:, dj:]
        i, j = np.nonzero((a >= 0) != (c >= 0))
        starts.append(np.column_stack([gx[i, j], gy[i, j]]))
        ends.append(np.column_stack([gx[i + di, j + dj], gy[i + di, j + dj]]))
    lo, hi = np.concatenate(starts), np.concatenate(ends)
    if len(lo) == 0:
        return np.zeros((0, 2))
    flo = np.asarray(predict(lo))[:, 0] - level
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        fm = np.asarray(predict(mid))[:, 0] - level
        same = (fm >= 0) == (flo >= 0)
        lo = np.where(same[:, None], mid, lo)
        flo = np.where(same, fm, flo)
        hi = np.where(same[:, None], hi, mid)
    points = 0.5 * (lo + hi)
    centred = points - points.mean(axis=0)
    direction = np.linalg.svd(centred, full_matrices=False)[2][0] if len(points) > 1 else np.array([1.0, 0])
    return points[np.argsort(centred @ direction)]


# ----------------------------------------------------------------------------- softmax


def softmax_regions(W: np.ndarray, b: np.ndarray, half: float) -> list[np.ndarray]:
    """Polygon i: the part of [-half, half]^2 where z_i >= z_j for every j (maybe empty, (0, 2))."""
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    regions = []
    for i in range(len(b)):
        poly = box_corners(half)
        for j in range(len(b)):
            if j != i and len(poly) >= 3:
                poly = clip_polygon_halfplane(poly, W[i] - W[j], b[i] - b[j])
        regions.append(poly if len(poly) >= 3 else np.zeros((0, 2)))
    return regions


def softmax_regions_at(W: np.ndarray, b: np.ndarray, centre: np.ndarray, half: float) -> list[np.ndarray]:
    """``softmax_regions`` over the square of half-width ``half`` around ``centre`` (any point,
    e.g. the middle of what the frame shows), not around the origin."""
    centre = np.asarray(centre, dtype=float)
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    return [poly + centre if len(poly) else poly for poly in softmax_regions(W, W @ centre + b, half)]


@dataclass(frozen=True)
class SoftmaxEdge:
    i: int
    j: int
    segment: np.ndarray  # (2, 2), where z_i = z_j >= every other z_k
    normal: np.ndarray  # w_i - w_j, pointing into class i's region


def softmax_boundaries(W: np.ndarray, b: np.ndarray, half: float) -> list[SoftmaxEdge]:
    """Every boundary two classes share inside the box (pairs that never meet are left out)."""
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    edges = []
    k = len(b)
    for i in range(k):
        for j in range(i + 1, k):
            poly = box_corners(half)
            for m in range(k):
                if m in (i, j) or len(poly) < 3:
                    continue
                # where z_i >= z_m (on the line z_i = z_j this is also z_j >= z_m)
                poly = clip_polygon_halfplane(poly, W[i] - W[m], b[i] - b[m])
            if len(poly) < 3:
                continue
            segment = segment_in_polygon(poly, W[i] - W[j], b[i] - b[j])
            if segment is not None:
                edges.append(SoftmaxEdge(i, j, segment, W[i] - W[j]))
    return edges


# ----------------------------------------------------------------------------- three features


def neuron_plane(w: np.ndarray, b: float, half: float) -> np.ndarray:
    """The polygon where w.x + b = 0 cuts the cube [-half, half]^3 (vertices in order)."""
    lo = -half * np.ones(3)
    polygon = plane_in_box(np.asarray(w, dtype=float), float(b), lo, -lo)
    if len(polygon) < 3:
        raise ValueError(f"the plane {w} . x + {b:g} = 0 misses the cube [-{half:g}, {half:g}]^3")
    return polygon


def plane_normal(polygon: np.ndarray) -> np.ndarray:
    """The unit normal of a flat polygon, from its vertices alone (Newell's method)."""
    p = np.asarray(polygon, dtype=float)
    q = np.roll(p, -1, axis=0)
    n = np.array([np.sum((p[:, 1] - q[:, 1]) * (p[:, 2] + q[:, 2])),
                  np.sum((p[:, 2] - q[:, 2]) * (p[:, 0] + q[:, 0])),
                  np.sum((p[:, 0] - q[:, 0]) * (p[:, 1] + q[:, 1]))])
    return n / np.linalg.norm(n)


def hex_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[k:k + 2], 16) for k in (0, 2, 4)], dtype=float)


def probability_rgb(p: np.ndarray, low: str, high: str, background: str, strength: float = 0.55) -> np.ndarray:
    """Colour a probability field: p = 0 is ``low``'s colour, p = 1 ``high``'s, mixed linearly
    through a dimmer middle (so p = 0.5 reads as the fold between them), laid over the
    background with ``strength``. Returns uint8 (..., 3)."""
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)[..., None]
    mix = (1 - p) * hex_rgb(low) + p * hex_rgb(high)
    weight = strength * (0.35 + 0.65 * np.abs(2 * p - 1))  # 0.35 at p = 0.5, 1 at p = 0 or 1
    out = (1 - weight) * hex_rgb(background) + weight * mix
    return np.clip(np.round(out), 0, 255).astype(np.uint8)
