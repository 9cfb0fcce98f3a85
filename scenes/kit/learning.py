"""Watching a neuron learn, from its training history (contract/history.py). numpy only: what the
chapters draw while the weights change, so tests can check it against the history.

- the perceptron rule, update by update: which point was wrong, the sign of its correction, the
  weights before and after, and w drawn as a vector sum: w / eta before, plus or minus x tip to
  tail, gives w / eta after (the rule moves w by eta x, so w / eta moves by exactly x, the point's
  own arrow; the line w.x + b = 0 is the same for w / eta and b / eta);
- gradient descent, checkpoint by checkpoint: a checkpoint time u in [0, k - 1] runs over the
  log-spaced checkpoints; between two, the weights are interpolated linearly (History.stages_between,
  so every frame is a real network's picture) and the loss curve's head moves straight from one
  checkpoint's (log step, loss) to the next's. At a whole u everything is exactly that checkpoint's;
- a deep network (the spirals): the points passed from the input through the network at checkpoint
  time u to any layer (layer_between), and the output neuron's line there (output_line_between).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from contract.history import History, run_stages, split_time


@dataclass(frozen=True)
class PerceptronUpdate:
    checkpoint: int  # the history's checkpoint after this update
    point: int  # index of the misclassified point
    sign: int  # +1: x added (a one called zero), -1: x subtracted (a zero called one)
    visit: int  # points visited so far, this one included
    epoch: int
    w_before: np.ndarray
    b_before: float
    w_after: np.ndarray
    b_after: float


def perceptron_updates(history: History) -> list[PerceptronUpdate]:
    """Every update of a perceptron history (checkpoint 0 is the start), in order."""
    W, b = history.weights[0]
    point, sign, epoch = history.extras["point"], history.extras["sign"], history.extras["epoch"]
    return [PerceptronUpdate(c, int(point[c]), int(sign[c]), int(history.steps[c]), int(epoch[c]),
                             W[c - 1, 0], float(b[c - 1, 0]), W[c, 0], float(b[c, 0]))
            for c in range(1, len(history))]


@dataclass(frozen=True)
class VectorSum:
    """One update drawn tip to tail, in model units, all scaled by 1 / eta."""

    before: np.ndarray  # (2,): w / eta before the update, an arrow from the origin
    step: np.ndarray  # (2, 2): the added arrow, sign * x, from before's tip to after's
    after: np.ndarray  # (2,): w / eta after the update, an arrow from the origin
    point: np.ndarray  # (2,): x itself, the point that was wrong (its arrow from the origin)


def vector_sum(update: PerceptronUpdate, x: np.ndarray, eta: float) -> VectorSum:
    """The update w <- w + eta * sign * x as arrows: w / eta before, sign * x from its tip, and the
    result w / eta after (the real weights after the update, so the drawn sum ends on them)."""
    before = np.asarray(update.w_before, dtype=float) / eta
    after = np.asarray(update.w_after, dtype=float) / eta
    return VectorSum(before, np.array([before, after]), after, np.asarray(x, dtype=float))


def weights_between(update: PerceptronUpdate, t: float) -> tuple[np.ndarray, float]:
    """The weights a fraction t of the way through an update (straight from before to after): at
    t = 0 exactly the weights before, at t = 1 exactly those after."""
    if t <= 0:
        return update.w_before, update.b_before
    if t >= 1:
        return update.w_after, update.b_after
    return (1 - t) * update.w_before + t * update.w_after, (1 - t) * update.b_before + t * update.b_after


# ----------------------------------------------------------------------------- gradient descent


def log_step_axis(steps: np.ndarray) -> np.ndarray:
    """Where each step sits on a loss curve's horizontal axis: log10(1 + step), so log-spaced
    checkpoints sit evenly and step 0 at 0."""
    return np.log10(1.0 + np.asarray(steps, dtype=float))


def curve_until(x: np.ndarray, y: np.ndarray, u: float) -> np.ndarray:
    """The polyline through (x[i], y[i]) for checkpoints 0..floor(u), then straight on to the point
    a fraction of the way to the next one: the curve drawn up to checkpoint time u. Its last
    point is the curve's moving head; at a whole u it is exactly checkpoint u's (x, y)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    i, f = split_time(u, len(x))
    points = np.column_stack([x[:i + 1], y[:i + 1]])
    if f > 0:
        head = np.array([(1 - f) * x[i] + f * x[i + 1], (1 - f) * y[i] + f * y[i + 1]])
        points = np.vstack([points, head])
    return points


def value_at(values: np.ndarray, u: float) -> float:
    """A per-checkpoint value read at checkpoint time u: checkpoint floor(u)'s (the value holds
    until the next checkpoint is reached), exactly the stored one at a whole u."""
    i, _ = split_time(u, len(values))
    return float(values[i])


def step_at(steps: np.ndarray, u: float) -> float:
    """The training step at checkpoint time u, straight between two checkpoints' steps."""
    i, f = split_time(u, len(steps))
    return float(steps[i]) if f == 0 else float((1 - f) * steps[i] + f * steps[i + 1])


# ----------------------------------------------------------------------------- a deep network


def layer_between(history: History, flow, u: float, x: np.ndarray, index: int) -> np.ndarray:
    """The points ``x`` after the flow's first ``index`` stages (trace index ``index``: e.g. the
    last hidden layer) of the network at checkpoint time u: weights interpolated between two
    checkpoints (History.stages_between), so each frame is a real network's picture, the points
    passed through it from the input; at a whole u exactly checkpoint u's replay."""
    return run_stages(history.stages_between(flow, u)[:index], x)[-1]


def output_line_between(history: History, flow, u: float) -> tuple[np.ndarray, float]:
    """(w, b) of the output neuron's line w.h + b = 0 at checkpoint time u."""
    out = history.stages_between(flow, u)[flow.affine_indices()[-1]]
    return out.W[0], float(out.b[0])


def checkpoint_framing(layers: list[np.ndarray], margin: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """Where to look at each checkpoint: (mids (k, 2), scales (k,)) so that checkpoint c's points
    ``layers[c]`` (n, 2), their bounding box's middle ``mids[c]`` placed at the picture's centre,
    fill a square picture of half-width 1 to ``margin`` (scene units per model unit for half-width
    1: scale each by the picture's half-width). An untrained network's points sit in a knot a few
    hundredths wide; framed this way they are seen, and the view widens as training spreads them."""
    mids, scales = [], []
    for points in layers:
        lo, hi = points.min(axis=0), points.max(axis=0)
        mids.append((lo + hi) / 2)
        scales.append(margin / max(float(np.max(hi - lo)) / 2, 1e-6))
    return np.array(mids), np.array(scales)


def framing_at(mids: np.ndarray, scales: np.ndarray, u: float) -> tuple[np.ndarray, float]:
    """The framing at checkpoint time u: exactly checkpoint u's at a whole u, between two the
    middle straight and the scale geometric (a zoom at a steady rate, not a lurch)."""
    i, f = split_time(u, len(scales))
    if f == 0:
        return mids[i], float(scales[i])
    return (1 - f) * mids[i] + f * mids[i + 1], float(scales[i] ** (1 - f) * scales[i + 1] ** f)
