"""Exact regions of a ReLU network with 2 inputs, computed from its weights. numpy only.

A ReLU net is linear on every piece of the input plane where the set of active units is fixed.
Layer by layer, each piece is a convex polygon, and the pre-activation of every unit of the
next layer is an affine function g.x + c on it; splitting each piece by the sign of each of
those functions gives the pieces of the next layer. From the pieces:

- a first-layer unit is active on a half-plane, bounded by one line;
- a unit of a later layer is active on a union of convex polygons, bounded by pieces of the
  earlier layers' lines (where its pre-activation g.x + c crosses 0 inside each piece);
- the output's logit is g.x + c on each piece of the last hidden layer; its zero set is the
  final boundary, one straight segment per piece it crosses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geometry import box_corners, clip_polygon_halfplane, segment_in_polygon

MIN_AREA = 1e-12  # a clipped sliver thinner than this is no piece


@dataclass(frozen=True)
class Piece:
    """A convex polygon of the input plane on which the current layer's values are G x + g."""

    polygon: np.ndarray  # (m, 2), counter-clockwise
    G: np.ndarray  # (k, 2)
    g: np.ndarray  # (k,)
    patterns: tuple[tuple[bool, ...], ...] = ()  # which units are active, one tuple per hidden layer


def polygon_area(poly: np.ndarray) -> float:
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _clip(poly: np.ndarray, g: np.ndarray, c: float) -> np.ndarray | None:
    out = clip_polygon_halfplane(poly, g, c)
    return out if len(out) >= 3 and polygon_area(out) > MIN_AREA else None


def relu_pieces(layers: list[tuple[np.ndarray, np.ndarray]], half: float) -> list[list[Piece]]:
    """pieces[L]: the linear pieces of [-half, half]^2 after L hidden ReLU layers (L = 0: the
    whole box, where the values are x itself). ``layers`` are the hidden layers' (W, b)."""
    levels = [[Piece(box_corners(half), np.eye(2), np.zeros(2))]]
    for W, b in layers:
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        nxt = []
        for piece in levels[-1]:
            Z, z = W @ piece.G, W @ piece.g + b  # pre-activations on this piece
            parts = [(piece.polygon, ())]
            for i in range(len(b)):
                split = []
                for poly, pattern in parts:
                    for on in (True, False):
                        sign = 1.0 if on else -1.0
                        clipped = _clip(poly, sign * Z[i], sign * z[i])
                        if clipped is not None:
                            split.append((clipped, pattern + (on,)))
                parts = split
            for poly, pattern in parts:
                mask = np.array(pattern, dtype=float)
                nxt.append(Piece(poly, mask[:, None] * Z, mask * z, piece.patterns + (pattern,)))
        levels.append(nxt)
    return levels


@dataclass(frozen=True)
class UnitRegion:
    """Where one unit's pre-activation is >= 0: convex polygons, and its zero set as segments."""

    polygons: list[np.ndarray]
    boundary: list[np.ndarray]  # each (2, 2)


def unit_region(pieces_before: list[Piece], W: np.ndarray, b: np.ndarray, unit: int) -> UnitRegion:
    """The active region of ``unit`` of the layer (W, b) that reads the pieces' values."""
    polygons, boundary = [], []
    for piece in pieces_before:
        g = np.asarray(W[unit], dtype=float) @ piece.G
        c = float(np.asarray(W[unit], dtype=float) @ piece.g + b[unit])
        clipped = _clip(piece.polygon, g, c)
        if clipped is not None:
            polygons.append(clipped)
        segment = segment_in_polygon(piece.polygon, g, c) if np.any(g != 0) else None
        if segment is not None:
            boundary.append(segment)
    return UnitRegion(polygons, boundary)


def network_regions(hidden: list[tuple[np.ndarray, np.ndarray]], out_w: np.ndarray, out_b: float,
                    half: float) -> tuple[list[Piece], list[list[UnitRegion]], UnitRegion]:
    """Everything a 'layers build on layers' picture draws: the last layer's pieces, every hidden
    unit's active region (per layer), and the output's positive region with the final boundary."""
    levels = relu_pieces(hidden, half)
    units = [[unit_region(levels[L], W, b, i) for i in range(len(b))] for L, (W, b) in enumerate(hidden)]
    output = unit_region(levels[-1], np.atleast_2d(out_w), np.atleast_1d(out_b), 0)
    return levels[-1], units, output


def in_polygons(points: np.ndarray, polygons: list[np.ndarray], tol: float = 1e-12) -> np.ndarray:
    """True where a point lies in (or on the edge of) any of the convex, counter-clockwise polygons."""
    points = np.asarray(points, dtype=float)
    inside = np.zeros(len(points), dtype=bool)
    for poly in polygons:
        a, b = poly, np.roll(poly, -1, axis=0)
        edge = b - a
        cross = edge[None, :, 0] * (points[:, None, 1] - a[None, :, 1]) - edge[None, :, 1] * (points[:, None, 0] - a[None, :, 0])
        inside |= np.all(cross >= -tol, axis=1)
    return inside
