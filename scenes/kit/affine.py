"""Affine maps between layers: composing two, and what a linear hidden layer does to the
input plane. numpy only."""

from __future__ import annotations

import numpy as np

from .geometry import line_in_box


def compose_affine(W2: np.ndarray, b2: np.ndarray, W1: np.ndarray, b1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x -> W2 (W1 x + b1) + b2 as one map (W, b): two stacked linear layers are one."""
    return W2 @ W1, W2 @ b1 + b2


def span_normal(W: np.ndarray) -> np.ndarray:
    """Normal (not unit) of the plane spanned by the two columns of a 3 x 2 W: the plane
    b + span(W) that x -> W x + b lifts the input plane onto."""
    return np.cross(W[:, 0], W[:, 1])


def flat_net_cut(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray, half: float) -> np.ndarray | None:
    """Ends (2, 3) of the segment where the output plane W2 a + b2 = 0 meets the plane of hidden
    points b1 + span(W1): the image under x -> W1 x + b1 of the collapsed network's boundary
    (W2 W1) x + (W2 b1 + b2) = 0 inside [-half, half]². None if that boundary misses the box."""
    W, b = compose_affine(W2, b2, W1, b1)
    segment = line_in_box(W[0], float(b[0]), half)
    return None if segment is None else segment @ W1.T + b1


def column_sum_path(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """(d + 1, m): an affine map's output W x + b built up one input at a time, from b: b,
    b + x1 W[:, 0], ..., and last W x + b."""
    W, b, x = np.asarray(W, dtype=float), np.asarray(b, dtype=float), np.asarray(x, dtype=float)
    return b + np.vstack([np.zeros(W.shape[0]), np.cumsum(W * x, axis=1).T])
