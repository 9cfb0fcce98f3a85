"""What the regression chapter moves, computed here so tests check it against the models:
the gaps between a fit and its targets (drawn as segments, the widest grown into a bar), the
step-by-step sums that collapse a linear hidden layer into c + d x, and an input traced along
one unit's bent line. numpy for the numbers, Manim only for the segments.
"""

from __future__ import annotations

import numpy as np
from manim import Line, VGroup

from contract.flow import Flow

from .pieces import one_hidden_layer
from .plots import to_scene


def residuals(fit: np.ndarray, y: np.ndarray) -> np.ndarray:
    """fit - y at each target: how far the fit misses each point (signed)."""
    return np.asarray(fit, dtype=float) - np.asarray(y, dtype=float)


def worst(fit: np.ndarray, y: np.ndarray) -> tuple[int, float]:
    """(index, size) of the point the fit misses by the most."""
    gaps = np.abs(residuals(fit, y))
    i = int(np.argmax(gaps))
    return i, float(gaps[i])


def residual_segments(axes, x: np.ndarray, fit: np.ndarray, y: np.ndarray, color,
                      stroke_width: float = 2.0) -> VGroup:
    """One vertical segment per target, from the fit (x, fit) to the point (x, y); a segment
    grows from the line towards its point when drawn with Create."""
    ends_fit = to_scene(axes, x, fit)
    ends_pt = to_scene(axes, x, y)
    return VGroup(*[Line(a, b, color=color, stroke_width=stroke_width) for a, b in zip(ends_fit, ends_pt)])


def collapse_steps(flow: Flow) -> tuple[np.ndarray, np.ndarray]:
    """For a 1 -> h identity -> 1 network, the intercept and slope built up one hidden unit at a
    time: c_j = b2 + sum_{i<j} W2[i] b1[i] and d_j = sum_{i<j} W2[i] W1[i], j = 0..h. The last
    pair is ``collapse_linear``'s (c, d)."""
    net = one_hidden_layer(flow)
    if net.activation != "identity":
        raise ValueError(f"flow {flow.name!r} has a {net.activation} layer; only identity units sum to a line")
    c = net.b2 + np.concatenate([[0.0], np.cumsum(net.w2 * net.b1)])
    d = np.concatenate([[0.0], np.cumsum(net.w2 * net.w1)])
    return c, d


def step_at(steps: np.ndarray, alpha: float) -> float:
    """The value shown at animation progress ``alpha`` in [0, 1] as ``steps`` are taken one by
    one: steps[0] at the start, the last step from alpha = 1 on."""
    n = len(steps) - 1
    return float(steps[min(n, int(np.floor(alpha * n + 1e-9)))])


def sweep_legs(lo: float, kink: float, hi: float, flat_left: bool) -> list[tuple[float, float]]:
    """The input's path along one unit, in the order the words name its sides: first across the
    flat side to the kink, then on along the line to the other end. A kink outside (lo, hi)
    splits the path at the middle instead."""
    split = kink if lo < kink < hi else 0.5 * (lo + hi)
    return [(lo, split), (split, hi)] if flat_left else [(hi, split), (split, lo)]


def leg_samples(xs: np.ndarray, start: float, stop: float) -> np.ndarray:
    """The grid inputs between ``start`` and ``stop`` (both ends included), in the order of travel."""
    lo, hi = min(start, stop), max(start, stop)
    inner = xs[(xs > lo) & (xs < hi)]
    leg = np.concatenate([[lo], inner, [hi]])
    return leg if start <= stop else leg[::-1]
