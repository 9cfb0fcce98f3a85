"""Following one point through a softmax layer: its scores z = W x + b, its probabilities
p = softmax(z), and a straight path that carries it out of its class's region across one
boundary into a neighbour's, through the place where the two scores tie. numpy only; the
chapter draws what these return and tests compare it with the flow's own predictions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def scores(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """z = W x + b for one point (k,) or many (n, k)."""
    return np.asarray(x, dtype=float) @ np.asarray(W, dtype=float).T + np.asarray(b, dtype=float)


def softmax(z: np.ndarray) -> np.ndarray:
    """exp(z_i) / sum_j exp(z_j) along the last axis (shifted by the max, so it never overflows)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class Crossing:
    index: int  # the training point followed
    i: int  # its class, the region it starts in
    j: int  # the neighbour whose region it is carried into
    start: np.ndarray  # (2,) the point itself
    tie: np.ndarray  # (2,) where the path meets z_i = z_j
    end: np.ndarray  # (2,) as far past the boundary as the start was before it

    def at(self, t: float) -> np.ndarray:
        """The path: start at t = 0, the tie at t = 0.5, the end at t = 1 (a straight line)."""
        return self.start + float(t) * (self.end - self.start)


def crossing(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, half: float,
             top: float = 0.9, margin: float = 0.1) -> Crossing:
    """A training point to follow, and its path across a boundary. The point is one its class
    wins, with its winning probability nearest ``top`` (sure, yet every bar is seen to move);
    the path runs from it straight across the nearest boundary z_i = z_j (perpendicular to it,
    along w_j - w_i) to the mirror image, where j wins by the same margin. Only paths whose tie
    is a real boundary (no third class on top there) and that stay ``margin`` inside the box
    are taken."""
    W, b, X = np.asarray(W, dtype=float), np.asarray(b, dtype=float), np.asarray(X, dtype=float)
    z = scores(W, b, X)
    p = softmax(z)
    win = np.argmax(z, axis=1)
    best, best_key = None, np.inf
    for n in np.flatnonzero(win == np.asarray(y)):
        i = int(win[n])
        for j in range(len(b)):
            if j == i:
                continue
            normal = W[i] - W[j]
            gap = (z[n, i] - z[n, j]) / float(normal @ normal)
            tie = X[n] - gap * normal
            end = X[n] - 2 * gap * normal
            zt = scores(W, b, tie)
            others = [k for k in range(len(b)) if k not in (i, j)]
            if others and np.max(zt[others]) >= zt[i] - 1e-9:
                continue  # a third class wins where these two tie: not a boundary
            ze = scores(W, b, end)
            if int(np.argmax(ze)) != j or np.any(np.abs(end) > half - margin):
                continue
            key = abs(p[n, i] - top) + 1e-3 * float(np.linalg.norm(end - X[n]))
            if key < best_key:
                best, best_key = Crossing(int(n), i, j, X[n].copy(), tie, end), key
    if best is None:
        raise ValueError("no training point can be carried across a boundary inside the box")
    return best
