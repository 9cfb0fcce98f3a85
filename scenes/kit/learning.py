"""Watching a neuron learn, from its training history (contract/history.py). numpy only: what the
chapters draw while the weights change, so tests can check it against the history.

- the perceptron rule, update by update: which point was wrong, the sign of its correction, the
  weights before and after, and w drawn as a vector sum: w / eta before, plus or minus x tip to
  tail, gives w / eta after (the rule moves w by eta x, so w / eta moves by exactly x, the point's
  own arrow; the line w.x + b = 0 is the same for w / eta and b / eta);
- gradient descent, checkpoint by checkpoint: a checkpoint time u in [0, k - 1] runs over the
  log-spaced checkpoints; between two, the weights are interpolated linearly (History.stages_between,
  so every frame is a real network's picture) and the loss curve's head moves straight from one
  checkpoint's (log step, loss) to the next's. At a whole u everything is exactly that checkpoint's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from contract.history import History, split_time


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
