"""Reading one ReLU unit of a small 2-D network: a point carried across a first-layer unit's line
while its value w.x + b is read (negative, zero on the line, positive where the unit is active),
and, for a second-layer unit's bent edge, which first-layer line each bend sits on. numpy only;
layers-build draws what these return and tests check them against the network's replay.
"""

from __future__ import annotations

import numpy as np

from .geometry import line_in_box


def unit_value(w: np.ndarray, b: float, x: np.ndarray) -> np.ndarray:
    """w.x + b at one point (2,) or many (n, 2): the unit's input before the ReLU."""
    return np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + float(b)


def probe_path(w: np.ndarray, b: float, half: float, reach: float = 0.45,
               margin: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) of a straight path across the line w.x + b = 0, along w, through the middle of
    the line's piece inside [-half, half]^2: from the inactive side (w.x + b < 0) to the active
    one, each end up to ``reach * half`` from the line and at least ``margin * half`` inside the square."""
    w = np.asarray(w, dtype=float)
    segment = line_in_box(w, float(b), half)
    if segment is None:
        raise ValueError("the unit's line misses the square")
    mid = segment.mean(axis=0)
    n = w / np.linalg.norm(w)
    inner = (1.0 - margin) * half

    def room(direction: np.ndarray) -> float:  # how far from mid along direction before leaving the inner square
        steps = [(np.sign(d) * inner - m) / d for d, m in zip(direction, mid) if abs(d) > 1e-12]
        return max(0.0, min(steps))

    out, back = min(reach * half, room(n)), min(reach * half, room(-n))
    return mid - back * n, mid + out * n


def lines_through(points: np.ndarray, W: np.ndarray, b: np.ndarray, tol: float = 1e-7) -> list[np.ndarray]:
    """For each point, the first-layer units (rows of W, b) whose line w.x + b = 0 passes through it
    (distance below ``tol`` times the square's scale of the points)."""
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    points = np.atleast_2d(np.asarray(points, dtype=float))
    distance = np.abs(points @ W.T + b) / np.linalg.norm(W, axis=1)
    scale = max(1.0, float(np.max(np.abs(points)))) if len(points) else 1.0
    return [np.flatnonzero(row <= tol * scale) for row in distance]
