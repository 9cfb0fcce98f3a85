"""A model's training history: the weights at checkpoints during training, with the points after
every stage, the loss and the accuracy at each. The contract between models/ (which records it
while training) and scenes/ (which plays it back: "watch it learn"). numpy only.

One history belongs to one flow (contract/flow.py) and is stored beside it, in
``assets/flows/history/<name>.npz`` (a folder of its own, so nothing that reads every flow in
assets/flows/ mistakes it for one). It is read with ``allow_pickle=False``:

- ``steps`` (k,): the training step of each checkpoint, strictly increasing. For gradient descent
  the number of optimiser steps taken (0: the initial weights), log-spaced so the early change,
  where most of it happens, is seen; for the perceptron rule the number of points visited, one
  checkpoint at the start and one after every update the rule made.
- ``W{i}`` (k, out, in) and ``b{i}`` (k, out) for every affine stage i of the flow;
- ``trace{j}`` (k, n, width) for j = 1..len(stages): the points after stage j at each checkpoint,
  as the torch model computed them (trace0 is the flow's X at every checkpoint, not stored);
- ``trace_points`` (m,), optional: the traces hold only these points of the flow (indices into
  its X, increasing), each trace{j} then (k, m, width). A model of many points and many stages
  (the spirals: 1,000 points, 10 stages, 100 checkpoints, ~16 MB of traces) keeps a sample as
  torch's word on its replay; every point's trace is replayed in numpy from the weights
  (``History.replay``), and the loss and accuracy are checked on all of them;
- ``loss`` (k,) and ``accuracy`` (k,): the data term of the training loss (the perceptron: the
  share of points wrong) and the share of points right, at each checkpoint;
- ``extra_<name>`` (k,): per-checkpoint facts of the trainer, e.g. the perceptron's ``point``
  (the misclassified point each update added, -1 at the start), ``sign`` (+1 added, -1
  subtracted, 0 at the start) and ``epoch``;
- ``meta``: a JSON string (schema version, model name, the flow's spec hash, the spacing, the
  loss's name, the trainer's settings).

Loading checks it against its flow: shapes, finiteness, the flow's spec hash, the last
checkpoint equal to the flow's weights bit for bit, every checkpoint's numpy replay within 1e-9
of its stored trace, and the loss and accuracy equal to the replay's. Any failure is one
HistoryError line naming the file and the fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from .atomic import atomic_path
from .npz import read_arrays
from .flow import Flow, FlowError, Stage
from .paths import FLOWS_DIR

HISTORY_SCHEMA_VERSION = 1
HISTORY_TOLERANCE = 1e-9  # replay against stored trace, and loss / accuracy against the replay's
HISTORY_FOLDER = "history"


class HistoryError(FlowError):
    """A history file is missing, corrupt, or does not belong to its flow. One line, with the fix."""


def history_path(name: str, folder: Path | None = None) -> Path:
    """The history of model ``name``, in ``folder``/history/ (default: the committed flows')."""
    return Path(folder or FLOWS_DIR) / HISTORY_FOLDER / f"{name}.npz"


@dataclass
class History:
    name: str
    steps: np.ndarray  # (k,) int
    weights: dict[int, tuple[np.ndarray, np.ndarray]]  # affine stage index -> (W (k, out, in), b (k, out))
    traces: list[np.ndarray]  # traces[j - 1] is (k, n, width) after stage j (or (k, m, width): trace_points)
    loss: np.ndarray  # (k,)
    accuracy: np.ndarray  # (k,)
    meta: dict[str, Any]
    extras: dict[str, np.ndarray] = field(default_factory=dict)
    trace_points: np.ndarray | None = None  # (m,) the flow's points the traces hold; None: all of them

    def traced(self, flow: Flow) -> np.ndarray:
        """The inputs whose traces are stored: the flow's X, or its rows ``trace_points``."""
        return flow.X if self.trace_points is None else flow.X[self.trace_points]

    def __len__(self) -> int:
        return len(self.steps)

    def stages_at(self, flow: Flow, i: int) -> list[Stage]:
        """The flow's stages with checkpoint ``i``'s weights."""
        return [replace(s, W=self.weights[j][0][i], b=self.weights[j][1][i]) if j in self.weights else s
                for j, s in enumerate(flow.stages)]

    def stages_between(self, flow: Flow, u: float) -> list[Stage]:
        """The weights at checkpoint time ``u`` in [0, k - 1]: at a whole u exactly that checkpoint's
        (the same arrays, not a sum), between two checkpoints each W and b interpolated linearly
        from the one before to the one after. (Weights are interpolated, not points: every frame
        between checkpoints is a real network's picture, and the line it draws moves straight
        from one checkpoint's to the next's.)"""
        i, f = split_time(u, len(self))
        if f == 0.0:
            return self.stages_at(flow, i)
        out = []
        for j, s in enumerate(flow.stages):
            if j in self.weights:
                W, b = self.weights[j]
                s = replace(s, W=(1 - f) * W[i] + f * W[i + 1], b=(1 - f) * b[i] + f * b[i + 1])
            out.append(s)
        return out

    def replay(self, flow: Flow, i: int, x: np.ndarray | None = None) -> list[np.ndarray]:
        """Points after every stage with checkpoint ``i``'s weights (default: the flow's X)."""
        return run_stages(self.stages_at(flow, i), flow.X if x is None else x)

    def predict_between(self, flow: Flow, u: float, x: np.ndarray) -> np.ndarray:
        """The model's output for ``x`` at checkpoint time ``u`` (weights interpolated)."""
        return run_stages(self.stages_between(flow, u), x)[-1]


def split_time(u: float, k: int) -> tuple[int, float]:
    """Checkpoint time u in [0, k - 1] as (checkpoint i, fraction f in [0, 1)) with u = i + f; the
    last checkpoint is (k - 1, 0). Raises ValueError outside the range."""
    u = float(u)
    if not 0.0 <= u <= k - 1:
        raise ValueError(f"checkpoint time {u} outside [0, {k - 1}]")
    i = min(int(np.floor(u)), k - 1)
    return i, (u - i if i < k - 1 else 0.0)


def run_stages(stages: list[Stage], x: np.ndarray) -> list[np.ndarray]:
    out = [np.asarray(x, dtype=float)]
    for stage in stages:
        out.append(stage.apply(out[-1]))
    return out


def log_steps(total: int, count: int) -> np.ndarray:
    """About ``count`` distinct whole steps from 0 to ``total``, log-spaced (0, 1, 2, 3, ... early,
    far apart late), always holding 0 and ``total``: the fewest geometric samples of [1, total]
    that round to ``count - 1`` distinct steps, plus 0. Fewer when total < count."""
    total, count = int(total), int(count)
    if total < 1 or count < 2:
        raise ValueError(f"log_steps needs total >= 1 and count >= 2, got {total}, {count}")
    want = min(count - 1, total)
    m = want
    while True:
        s = np.unique(np.round(np.geomspace(1, total, m)).astype(np.int64))
        if len(s) >= want or m > 100 * count:
            return np.concatenate([[0], s])
        m += 1


def binary_loss(logits: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy from logits (what torch's BCEWithLogitsLoss computes)."""
    z = np.asarray(logits, dtype=float).reshape(len(y))
    t = np.asarray(y, dtype=float)
    return float(np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))))


def replay_loss(flow: Flow, trace: list[np.ndarray], kind: str) -> float:
    """The loss a checkpoint's replayed trace gives: ``kind`` is the history's loss name."""
    y = flow.y
    if kind == "share wrong":
        return 1.0 - replay_accuracy(flow, trace)
    if kind == "binary cross-entropy":
        return binary_loss(trace[-2], y)  # the logits, before the output's sigmoid
    if kind == "cross-entropy":
        z = trace[-2]
        top = z.max(axis=1, keepdims=True)
        lse = top[:, 0] + np.log(np.sum(np.exp(z - top), axis=1))
        return float(np.mean(lse - z[np.arange(len(y)), y]))
    if kind == "mse":
        return float(np.mean((trace[-1].reshape(np.shape(y)) - y) ** 2))
    raise ValueError(f"unknown loss {kind!r}")


def replay_accuracy(flow: Flow, trace: list[np.ndarray]) -> float:
    """Share of points right from a trace's output (as Flow.accuracy reads the flow's)."""
    if flow.task == "multiclass":
        return float(np.mean(np.argmax(trace[-1], axis=1) == flow.y))
    return float(np.mean((trace[-1][:, 0] >= 0.5) == (flow.y == 1)))


# ----------------------------------------------------------------------------- saving


def save_history(history: History, flow: Flow, path: Path) -> Path:
    """Write a history atomically, checked against its flow first (a bad one is never written)."""
    validate_history(history, flow, source=str(path))
    arrays: dict[str, np.ndarray] = {
        "steps": np.asarray(history.steps, dtype=np.int64),
        "loss": np.asarray(history.loss, dtype=float),
        "accuracy": np.asarray(history.accuracy, dtype=float),
        "meta": np.array(json.dumps({**history.meta, "schema_version": HISTORY_SCHEMA_VERSION,
                                     "name": history.name})),
    }
    for i, (W, b) in history.weights.items():
        arrays[f"W{i}"] = np.asarray(W, dtype=float)
        arrays[f"b{i}"] = np.asarray(b, dtype=float)
    for j, t in enumerate(history.traces, start=1):
        arrays[f"trace{j}"] = np.asarray(t, dtype=float)
    if history.trace_points is not None:
        arrays["trace_points"] = np.asarray(history.trace_points, dtype=np.int64)
    for key, value in history.extras.items():
        arrays[f"extra_{key}"] = np.asarray(value)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path, suffix=".npz") as tmp:
        np.savez_compressed(tmp, **arrays)
    return path


# ----------------------------------------------------------------------------- loading


def _hint(name: str) -> str:
    return f"rebuild it with `hidden-layers train {name}` (or restore it with git checkout)"


def load_history(path: Path, flow: Flow) -> History:
    """Read a history and check it against ``flow``. Raises HistoryError (one line) on any problem."""
    path = Path(path)
    name = path.stem
    hint = _hint(name)
    arrays, need = read_arrays(path, HistoryError, "history", hint)

    try:
        meta = json.loads(str(need("meta")))
    except json.JSONDecodeError as exc:
        raise HistoryError(f"history file {path} has unreadable metadata ({exc}); {hint}") from None
    if meta.get("schema_version") != HISTORY_SCHEMA_VERSION:
        raise HistoryError(f"history file {path} has schema version {meta.get('schema_version')!r}, this code "
                           f"reads version {HISTORY_SCHEMA_VERSION}; {hint}")
    weights = {i: (need(f"W{i}"), need(f"b{i}")) for i in flow.affine_indices()}
    traces = [need(f"trace{j}") for j in range(1, len(flow.stages) + 1)]
    extras = {k[len("extra_"):]: v for k, v in arrays.items() if k.startswith("extra_")}
    history = History(meta.get("name", name), need("steps"), weights, traces, need("loss"), need("accuracy"),
                      meta, extras, arrays.get("trace_points"))
    validate_history(history, flow, source=str(path), hint=hint)
    return history


def validate_history(history: History, flow: Flow, source: str, hint: str | None = None) -> None:
    """Shapes, finiteness, that it belongs to ``flow``, and the replay. Raises HistoryError naming
    the first problem."""
    hint = hint or _hint(flow.name)

    def fail(problem: str) -> None:
        raise HistoryError(f"history file {source}: {problem}; {hint}")

    steps = np.asarray(history.steps)
    k = len(steps)
    if steps.ndim != 1 or k < 2 or not np.issubdtype(steps.dtype, np.integer):
        fail(f"steps must be at least 2 whole numbers, got {steps.dtype} {steps.shape}")
    if steps[0] < 0 or np.any(np.diff(steps) <= 0):
        fail("steps must start at 0 or later and strictly increase")
    if history.name != flow.name:
        fail(f"it is the history of {history.name!r}, not of the flow {flow.name!r}")
    if history.meta.get("spec_hash") != flow.meta.get("spec_hash"):
        fail(f"it was recorded for spec {history.meta.get('spec_hash')!r} but the flow is "
             f"{flow.meta.get('spec_hash')!r} (retrained since)")
    loss_kind = history.meta.get("loss")
    for key, values in (("loss", history.loss), ("accuracy", history.accuracy)):
        values = np.asarray(values)
        if values.shape != (k,):
            fail(f"{key} has shape {values.shape}, expected ({k},) (one per checkpoint: truncated?)")
        if not np.all(np.isfinite(values)):
            fail(f"{key} contains NaN or infinite values")
    if set(history.weights) != set(flow.affine_indices()):
        fail(f"it has weights for stages {sorted(history.weights)}, the flow's affine stages are "
             f"{flow.affine_indices()}")
    for i, (W, b) in history.weights.items():
        stage = flow.stages[i]
        if W.shape != (k, *stage.W.shape) or b.shape != (k, *stage.b.shape):
            fail(f"W{i} {W.shape} and b{i} {b.shape} do not match {k} checkpoints of the flow's stage {i} "
                 f"({stage.W.shape}, {stage.b.shape})")
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            fail(f"W{i} or b{i} contains NaN or infinite values")
        if not (np.array_equal(W[-1], stage.W) and np.array_equal(b[-1], stage.b)):
            fail(f"its last checkpoint's W{i}, b{i} differ from the flow's weights (not this flow's history)")
    if len(history.traces) != len(flow.stages):
        fail(f"it has {len(history.traces)} traces, the flow has {len(flow.stages)} stages")
    points = history.trace_points
    if points is not None:
        points = np.asarray(points)
        if (points.ndim != 1 or len(points) < 1 or not np.issubdtype(points.dtype, np.integer)
                or points[0] < 0 or points[-1] >= len(flow.X) or np.any(np.diff(points) <= 0)):
            fail(f"trace_points must be increasing indices of the flow's {len(flow.X)} points")
    m = len(flow.X) if points is None else len(points)
    for j, t in enumerate(history.traces, start=1):
        want = (k, m, flow.trace[j].shape[1])
        if t.shape != want:
            fail(f"trace{j} has shape {t.shape}, expected {want}")
        if not np.all(np.isfinite(t)):
            fail(f"trace{j} contains NaN or infinite values")
    for extra, values in history.extras.items():
        if np.shape(values)[:1] != (k,):
            fail(f"extra_{extra} has shape {np.shape(values)}, expected ({k}, ...)")
    for c in range(k):
        replayed = history.replay(flow, c)  # every point: the loss and accuracy are the whole set's
        for j in range(1, len(replayed)):
            stored_points = replayed[j] if points is None else replayed[j][points]
            err = float(np.max(np.abs(stored_points - history.traces[j - 1][c])))
            if err > HISTORY_TOLERANCE:
                fail(f"checkpoint {c} (step {steps[c]}) replays trace{j} off by {err:.2e} "
                     f"(tolerance {HISTORY_TOLERANCE:g})")
        try:
            loss = replay_loss(flow, replayed, loss_kind)
        except ValueError as exc:
            fail(str(exc))
        acc = replay_accuracy(flow, replayed)
        if abs(loss - history.loss[c]) > HISTORY_TOLERANCE or abs(acc - history.accuracy[c]) > HISTORY_TOLERANCE:
            fail(f"checkpoint {c} (step {steps[c]}) stores loss {history.loss[c]:.12g}, accuracy "
                 f"{history.accuracy[c]:.12g}; its replay gives {loss:.12g}, {acc:.12g}")
