"""Your own model as a flow: ``export_flow(model, X, y, name)`` writes a validated flow of any
nn.Sequential of supported layers (models/unroll.py), with the points after every stage as the
torch model computes them in float64, and the facts a scene or a description prints.

    from models.export import export_flow
    export_flow(model, X, y, "mine")              # -> assets/flows/user/mine.npz

A classifier that ends in logits gets its output link appended (sigmoid for one output, softmax
for several), as the story's models do; one that ends in Sigmoid or Softmax keeps its own.
"""

from __future__ import annotations

import copy
import hashlib
import json
import platform
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from contract.flow import Flow, FlowError, Stage, save_flow, validate

from .errors import ExportError
from .sequential import describe
from .unroll import require_sequential, unroll
from .user_data import MAX_POINTS
from .user_flows import user_flow_path

TASKS = ("classification", "regression")


def flow_task(task: str, outputs: int) -> str:
    """The flow format's task: a classifier with one output is binary, with several multiclass."""
    if task == "regression":
        return "regression"
    return "binary" if outputs == 1 else "multiclass"


def export_flow(model: nn.Sequential, X, y, name: str, folder: Path | None = None, task: str | None = None,
                **meta: Any) -> Path:
    """Write ``model`` on the points (X, y) as flow ``name`` in ``folder`` (default
    assets/flows/user/) and return its path. ``task``: "classification" or "regression";
    None infers it (a final Sigmoid/Softmax or integer labels: classification). Extra keyword
    arguments go into the flow's metadata. Any problem is one ExportError line; nothing is
    written then."""
    path = user_flow_path(name, folder)
    save_flow(model_flow(model, X, y, name, task, **meta), path)
    return path


def model_flow(model: nn.Sequential, X, y, name: str, task: str | None = None, **extra: Any) -> Flow:
    """The flow of ``model`` on (X, y), checked, not written."""
    require_sequential(model)
    X = _points(X)
    net = copy.deepcopy(model).double().eval()  # the caller's model stays as it was
    steps = unroll(net, X.shape[1])
    outputs = _last_width(steps)
    last = type(net[-1]).__name__
    task = _task(task, last, y)
    kind = flow_task(task, outputs)
    y = _targets(y, len(X), kind, outputs, last)
    with torch.no_grad():
        trace_t = [torch.as_tensor(X, dtype=torch.float64)]
        for step in steps:
            trace_t.append(step.run(trace_t[-1]))
        link = _link(kind, last)
        if link == "sigmoid":
            trace_t.append(torch.sigmoid(trace_t[-1]))
        elif link == "softmax":
            trace_t.append(torch.softmax(trace_t[-1], dim=1))
    stages = [s.stage for s in steps] + ([Stage.act(link)] if link else [])
    trace = [t.numpy().copy() for t in trace_t]
    layers = [describe(m) for m in net]
    meta = {
        "model": name,
        "description": f"your model: {_summary(layers)}",
        "task": kind,
        "user": True,
        "dataset": {"name": "user", "points": len(X), "features": X.shape[1]},
        "architecture": {"widths": [X.shape[1]] + [s.W.shape[0] for s in stages if s.kind == "affine"],
                         "layers": layers, "link_added": link},
        "spec_hash": _hash(layers, stages, X, y, kind),
        "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()},
        **extra,
    }
    flow = Flow(name, X, y, stages, trace, meta)
    if kind == "regression":
        err = trace[-1].reshape(y.shape) - y
        meta.update(mse=float(np.mean(err**2)), max_abs_error=float(np.max(np.abs(err))))
    else:
        meta.update(classes=2 if kind == "binary" else outputs, accuracy=flow.accuracy())
    try:
        validate(flow, source=f"the flow of {name!r}", hint="the exporter made an inconsistent flow: report it")
    except FlowError as exc:
        raise ExportError(str(exc)) from None
    return flow


def _points(X) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or len(X) == 0:
        raise ExportError(f"X has shape {X.shape}; give the points as an (n, features) array")
    if len(X) > MAX_POINTS:
        raise ExportError(f"X has {len(X):,} points, more than the {MAX_POINTS:,} a flow may hold; "
                          f"pass a random sample, e.g. X[np.random.default_rng(0).choice(len(X), {MAX_POINTS}, "
                          f"replace=False)]")
    if not np.all(np.isfinite(X)):
        raise ExportError("X has NaN or infinite values; drop or fix those points")
    return X


def _last_width(steps) -> int:
    """The model's outputs: the last affine map's (activations keep the width)."""
    return int([s for s in steps if s.stage.kind == "affine"][-1].stage.W.shape[0])


def _task(task: str | None, last: str, y) -> str:
    if task is not None:
        if task not in TASKS:
            raise ExportError(f"task={task!r}; use 'classification' or 'regression'")
        return task
    if last in ("Sigmoid", "Softmax") or np.issubdtype(np.asarray(y).dtype, np.integer):
        return "classification"
    return "regression"


def _targets(y, n: int, kind: str, outputs: int, last: str) -> np.ndarray:
    y = np.asarray(y)
    if y.shape[:1] != (n,):
        raise ExportError(f"y has shape {y.shape} but X has {n} points; give one label or target per point")
    if kind == "regression":
        y = y.astype(np.float64)
        if y.reshape(n, -1).shape[1] != outputs:
            raise ExportError(f"y has {y.reshape(n, -1).shape[1]} target(s) per point but the model has "
                              f"{outputs} output(s)")
        if not np.all(np.isfinite(y)):
            raise ExportError("y has NaN or infinite values; drop or fix those points")
        return y
    if last == "Sigmoid" and outputs > 1:
        raise ExportError(f"a final Sigmoid over {outputs} outputs is multi-label, which a flow cannot draw; "
                          f"end with Softmax for {outputs} classes, or use one output for two")
    if last == "Softmax" and outputs == 1:
        raise ExportError("a final Softmax over 1 output is always 1; use Sigmoid for two classes")
    if not (np.all(np.isfinite(y)) and np.all(y == np.round(y))):
        raise ExportError("a classifier's labels y must be the integers 0..k-1")
    labels = y.astype(np.int64)
    classes = 2 if kind == "binary" else outputs
    if labels.min() < 0 or labels.max() >= classes:
        raise ExportError(f"labels run {labels.min()}..{labels.max()} but a model with {outputs} output(s) tells "
                          f"{classes} classes apart, 0..{classes - 1}")
    return labels


def _link(kind: str, last: str) -> str | None:
    """The output link to append: none when the model has its own, or for regression."""
    if kind == "regression" or last in ("Sigmoid", "Softmax"):
        return None
    return "sigmoid" if kind == "binary" else "softmax"


def _summary(layers: list[dict]) -> str:
    return ", ".join(f"{l['type']} {l['in']}->{l['out']}" if l["type"] == "Linear" else l["type"] for l in layers)


def _hash(layers: list[dict], stages: list[Stage], X: np.ndarray, y: np.ndarray, kind: str) -> str:
    """Identifies the model: its layers, weights, data and task (the story's flows hash their
    training spec instead)."""
    h = hashlib.sha256(json.dumps({"layers": layers, "task": kind}, sort_keys=True).encode())
    for s in stages:
        for a in (s.W, s.b):
            if a is not None:
                h.update(np.ascontiguousarray(a, dtype=np.float64).tobytes())
    h.update(np.ascontiguousarray(X).tobytes())
    h.update(np.ascontiguousarray(y).tobytes())
    return h.hexdigest()[:16]
