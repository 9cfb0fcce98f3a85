"""Recording a model's training history (contract/history.py) while it trains.

Which models keep one is listed in models/registry.py (HISTORIES), not in their ModelSpec, so a spec's hash,
and with it every committed flow, stays as it was. Recording only reads the net: a copy of the
weights and a no-grad forward pass at each checkpoint, which touch neither the optimiser's state
nor any random generator, so the final weights are bit for bit those of a run that records
nothing (tests/test_history.py checks it).

- gradient descent (Adam): about ``count`` log-spaced steps from 0 to the last
  (contract.history.log_steps), so the first steps, where the picture changes most, are seen;
- the perceptron rule (count None): the start and every update the rule made, in order, with the
  point it added or subtracted.
"""

from __future__ import annotations

import platform

import numpy as np
import torch

from contract.flow import Flow
from contract.history import History, log_steps, replay_accuracy

from .nets import MLP
from .registry import HISTORIES, HISTORY_TRACE_EVERY, ModelSpec  # noqa: F401 - HISTORIES re-exported

LOSS_NAMES = {"binary": "binary cross-entropy", "multiclass": "cross-entropy", "regression": "mse"}


def loss_name(spec: ModelSpec) -> str:
    return "share wrong" if spec.trainer == "perceptron" else LOSS_NAMES[spec.task]


class Recorder:
    """Collects checkpoints of ``net`` on (X, y): weights, the full trace, loss and accuracy."""

    def __init__(self, spec: ModelSpec, net: MLP, X: np.ndarray, y: np.ndarray, count: int | None):
        self.spec, self.net, self.X, self.y = spec, net, X, y
        self.wanted = None if count is None else set(log_steps(spec.steps, count).tolist())
        self.steps: list[int] = []
        self.weights: list[list[tuple[np.ndarray, np.ndarray]]] = []
        self.traces: list[list[np.ndarray]] = []
        self.loss: list[float] = []
        self.accuracy: list[float] = []
        self.extras: dict[str, list] = {}

    def on_step(self, i: int) -> None:
        if self.wanted is None or i in self.wanted:
            self.record(i)

    def on_update(self, visits: int, epoch: int, point: int, error: int) -> None:
        self.record(visits, point=point, sign=error, epoch=epoch)

    def record(self, step: int, **extras) -> None:
        from .train import full_trace, task_loss  # train imports this module

        trace = full_trace(self.spec, self.net, self.X)
        layers = [(layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy())
                  for layer in self.net.layers]
        self.steps.append(int(step))
        self.weights.append(layers)
        self.traces.append(trace[1:])
        stand_in = Flow(self.spec.name, self.X, self.y, [], trace, {"task": self.spec.task})
        accuracy = replay_accuracy(stand_in, trace)
        if self.spec.trainer == "perceptron":
            loss = 1.0 - accuracy
        else:
            yt, loss_fn = task_loss(self.spec.task, self.y)
            logits = torch.as_tensor(trace[-2] if self.spec.task != "regression" else trace[-1])
            with torch.no_grad():
                loss = float(loss_fn(logits, yt))
        self.loss.append(loss)
        self.accuracy.append(accuracy)
        for key, value in extras.items():
            self.extras.setdefault(key, []).append(value)

    def history(self, flow: Flow) -> History:
        """The recorded checkpoints as the history of ``flow`` (the trained model's flow)."""
        affine = flow.affine_indices()
        weights = {stage: (np.stack([c[n][0] for c in self.weights]), np.stack([c[n][1] for c in self.weights]))
                   for n, stage in enumerate(affine)}
        every = HISTORY_TRACE_EVERY.get(self.spec.name)
        points = None if every is None else np.arange(0, len(self.X), every, dtype=np.int64)
        keep = slice(None) if points is None else points
        traces = [np.stack([c[j][keep] for c in self.traces]) for j in range(len(flow.stages))]
        spacing = "every update of the perceptron rule" if self.wanted is None else "log-spaced optimiser steps"
        meta = {
            "model": self.spec.name,
            "spec_hash": self.spec.spec_hash(),
            "spacing": spacing,
            "loss": loss_name(self.spec),
            "total_steps": self.spec.steps * (len(self.X) if self.spec.trainer == "perceptron" else 1),
            "step_unit": "points visited" if self.spec.trainer == "perceptron" else "optimiser steps",
            "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()},
        }
        if points is not None:
            meta["traces"] = f"torch's traces of every {every}th point; every point replayed from the weights"
        if self.spec.trainer == "perceptron":
            meta["eta"] = self.spec.lr
            meta["epochs"] = self.spec.steps
        extras = {k: np.asarray(v, dtype=np.int64) for k, v in self.extras.items()}
        return History(self.spec.name, np.asarray(self.steps, dtype=np.int64), weights, traces,
                       np.asarray(self.loss), np.asarray(self.accuracy), meta, extras, points)
