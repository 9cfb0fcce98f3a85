"""The flow format: the one contract between models/ (which writes flows) and scenes/ (which
draws them). numpy only.

A flow is one trained model, unrolled into stages that can each be drawn:

    X --stage 0--> trace[1] --stage 1--> trace[2] ... --stage k-1--> trace[k] (the output)

Each stage is ``affine`` (z = x @ W.T + b, W of shape (out, in)), ``activation`` (a named
pointwise function, or softmax) or ``features`` (a fixed, untrained feature map: monomials of
the inputs, such as the feature crosses x1², x2², x1·x2; P of shape (out, in) holds the
exponents, output j = prod_i x_i ** P[j, i]). ``trace[i]`` holds the points after i stages as
the torch model computed them; ``trace[0]`` is X.

On disk a flow is one ``.npz`` read with ``allow_pickle=False``: arrays ``X``, ``y``, ``W{i}``,
``b{i}``, ``P{i}``, ``trace{i}``, ``extra_<name>``, and two JSON strings, ``stages`` and ``meta``.
Loading validates everything and replays the stages; any failure is one FlowError line that
names the file and the fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .activations import ACTIVATIONS, activation
from .atomic import atomic_path
from .npz import read_arrays

SCHEMA_VERSION = 1
REPLAY_TOLERANCE = 1e-5  # max abs difference between numpy replay and the torch trace


# "multiclass": integer labels 0..C-1, C outputs (softmax), the predicted class is the argmax.
TASKS = ("binary", "regression", "multiclass")


class FlowError(Exception):
    """A flow file is missing, corrupt or inconsistent. The message says how to fix it."""


@dataclass(frozen=True)
class Stage:
    kind: str  # "affine", "activation" or "features"
    W: np.ndarray | None = None  # (out, in), affine only; features: the exponents P (out, in), integers
    b: np.ndarray | None = None  # (out,), affine only
    name: str | None = None  # activation only: a key of ACTIVATIONS
    params: dict[str, float] = field(default_factory=dict)  # e.g. {"slope": 0.1}

    @staticmethod
    def affine(W: np.ndarray, b: np.ndarray) -> "Stage":
        return Stage("affine", W=np.asarray(W, dtype=float), b=np.asarray(b, dtype=float))

    @staticmethod
    def act(name: str, **params: float) -> "Stage":
        return Stage("activation", name=name, params=dict(params))

    @staticmethod
    def features(powers: np.ndarray) -> "Stage":
        """A fixed feature map: output j is the monomial prod_i x_i ** powers[j, i]."""
        return Stage("features", W=np.asarray(powers, dtype=np.int64), name="monomials")

    @property
    def label(self) -> str:
        if self.kind == "affine":
            return f"affine {self.W.shape[1]}->{self.W.shape[0]}"
        if self.kind == "features":
            return f"features {self.W.shape[1]}->{self.W.shape[0]}"
        return self.name

    @property
    def has_matrix(self) -> bool:
        return self.kind in ("affine", "features")

    def in_width(self, previous: int) -> int:
        return self.W.shape[1] if self.has_matrix else previous

    def out_width(self, previous: int) -> int:
        return self.W.shape[0] if self.has_matrix else previous

    def apply(self, x: np.ndarray) -> np.ndarray:
        if self.kind == "affine":
            return x @ self.W.T + self.b
        if self.kind == "features":
            return monomials(x, self.W)
        return activation(self.name, **self.params)(x)

    def linear_part(self, x: np.ndarray) -> np.ndarray:
        """W x without the shift (affine stages only); used to animate map and shift apart."""
        return x @ self.W.T


def monomials(x: np.ndarray, powers: np.ndarray) -> np.ndarray:
    """Column j = prod_i x[:, i] ** powers[j, i], by repeated multiplication starting from 1
    (so the exporter's torch code, which multiplies in the same order, gives identical bits)."""
    x = np.asarray(x, dtype=float)
    powers = np.asarray(powers)
    out = np.ones((len(x), len(powers)))
    for j, row in enumerate(powers):
        for i, k in enumerate(row):
            for _ in range(int(k)):
                out[:, j] = out[:, j] * x[:, i]
    return out


def monomial_names(powers: np.ndarray, symbol: str = "x") -> list[str]:
    """Plain-text names of the monomials, e.g. ['x1²', 'x2²', 'x1·x2']."""
    sup = {2: "²", 3: "³"}
    names = []
    for row in np.asarray(powers):
        parts = [f"{symbol}{i + 1}" + (sup.get(int(k), f"^{int(k)}") if k > 1 else "")
                 for i, k in enumerate(row) if k > 0]
        names.append("·".join(parts) or "1")
    return names


@dataclass
class Flow:
    name: str
    X: np.ndarray
    y: np.ndarray
    stages: list[Stage]
    trace: list[np.ndarray]
    meta: dict[str, Any]
    extras: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def widths(self) -> list[int]:
        return [t.shape[1] for t in self.trace]

    @property
    def task(self) -> str:
        return self.meta["task"]

    def replay(self, x: np.ndarray) -> list[np.ndarray]:
        """Points after every stage for new inputs x (n, d): the model, run in numpy."""
        out = [np.asarray(x, dtype=float)]
        for stage in self.stages:
            out.append(stage.apply(out[-1]))
        return out

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.replay(x)[-1]

    def affine_indices(self) -> list[int]:
        return [i for i, s in enumerate(self.stages) if s.kind == "affine"]

    def accuracy(self) -> float:
        """Share of points the flow classifies right, from its trace: binary, output >= 0.5 means
        class 1; multiclass, the class is the argmax of the outputs."""
        if self.meta.get("task") == "multiclass":
            return float(np.mean(np.argmax(self.trace[-1], axis=1) == self.y))
        return float(np.mean((self.trace[-1][:, 0] >= 0.5) == (self.y == 1)))

    def last_hidden(self) -> np.ndarray:
        """The points the output layer receives (the last hidden layer's activations)."""
        return self.trace[self.affine_indices()[-1]]

    def output_affine(self) -> Stage:
        """The last affine stage: the output layer's weights."""
        return self.stages[self.affine_indices()[-1]]


# ----------------------------------------------------------------------------- saving


def _stage_spec(stage: Stage) -> dict[str, Any]:
    if stage.kind in ("affine", "features"):
        return {"kind": stage.kind}
    return {"kind": "activation", "name": stage.name, "params": stage.params}


def save_flow(flow: Flow, path: Path) -> Path:
    """Write a flow atomically. Checks it first, so a bad flow is never written."""
    validate(flow, source=str(path))
    arrays: dict[str, np.ndarray] = {
        "X": np.asarray(flow.X, dtype=float),
        "y": np.asarray(flow.y),
        "stages": np.array(json.dumps([_stage_spec(s) for s in flow.stages])),
        "meta": np.array(json.dumps({**flow.meta, "schema_version": SCHEMA_VERSION, "name": flow.name})),
    }
    for i, stage in enumerate(flow.stages):
        if stage.kind == "affine":
            arrays[f"W{i}"] = stage.W
            arrays[f"b{i}"] = stage.b
        elif stage.kind == "features":
            arrays[f"P{i}"] = np.asarray(stage.W, dtype=np.int64)
    for i, t in enumerate(flow.trace):
        arrays[f"trace{i}"] = np.asarray(t, dtype=float)
    for key, value in flow.extras.items():
        arrays[f"extra_{key}"] = np.asarray(value)
    path = Path(path)
    with atomic_path(path, suffix=".npz") as tmp:
        np.savez_compressed(tmp, **arrays)
    return path


# ----------------------------------------------------------------------------- loading


def _fix_hint(name: str) -> str:
    return (f"restore it with `git checkout -- assets/flows/{name}.npz` "
            f"or rebuild it with `hidden-layers train {name}`")


def load_flow(path: Path) -> Flow:
    """Read and fully validate a flow file. Raises FlowError (one line) on any problem."""
    path = Path(path)
    name = path.stem
    hint = _fix_hint(name)
    arrays, need = read_arrays(path, FlowError, "flow", hint)

    try:
        meta = json.loads(str(need("meta")))
        stage_specs = json.loads(str(need("stages")))
    except json.JSONDecodeError as exc:
        raise FlowError(f"flow file {path} has unreadable metadata ({exc}); {hint}") from None
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise FlowError(
            f"flow file {path} has schema version {version!r}, this code reads version "
            f"{SCHEMA_VERSION}; re-export it with `hidden-layers train {name}`"
        )
    stages = []
    for i, spec in enumerate(stage_specs):
        kind = spec.get("kind")
        if kind == "affine":
            stages.append(Stage.affine(need(f"W{i}"), need(f"b{i}")))
        elif kind == "features":
            powers = need(f"P{i}")
            if not np.issubdtype(powers.dtype, np.integer):
                raise FlowError(f"flow file {path}: stage {i} (features) needs integer exponents P{i}, "
                                f"got {powers.dtype}; {hint}")
            stages.append(Stage.features(powers))
        elif kind == "activation":
            if spec.get("name") not in ACTIVATIONS:
                raise FlowError(
                    f"flow file {path}: stage {i} uses unsupported activation {spec.get('name')!r} "
                    f"(supported: {', '.join(sorted(ACTIVATIONS))}); {hint}"
                )
            stages.append(Stage.act(spec["name"], **spec.get("params", {})))
        else:
            raise FlowError(f"flow file {path}: stage {i} has unsupported kind {kind!r}; {hint}")
    n_trace = len(stages) + 1
    trace = [need(f"trace{i}") for i in range(n_trace)]
    extras = {k[len("extra_"):]: v for k, v in arrays.items() if k.startswith("extra_")}
    flow = Flow(meta.get("name", name), need("X"), need("y"), stages, trace, meta, extras)
    validate(flow, source=str(path), hint=hint)
    return flow


def validate(flow: Flow, source: str, hint: str | None = None) -> None:
    """Shapes, dtypes, finiteness and replay. Raises FlowError naming the first problem."""
    hint = hint or _fix_hint(flow.name)

    def fail(problem: str) -> None:
        raise FlowError(f"flow file {source}: {problem}; {hint}")

    X = flow.X
    if X.ndim != 2 or X.shape[0] == 0 or not np.issubdtype(X.dtype, np.floating):
        fail(f"X must be a non-empty float array of shape (n, d), got {X.dtype} {X.shape}")
    if flow.y.shape[0] != X.shape[0]:
        fail(f"y has {flow.y.shape[0]} rows but X has {X.shape[0]}")
    if not flow.stages:
        fail("it has no stages")
    task = flow.meta.get("task")
    if task not in TASKS:
        fail(f"its metadata names task {task!r}; expected one of {', '.join(map(repr, TASKS))}")
    if task in ("binary", "multiclass") and not np.issubdtype(flow.y.dtype, np.integer):
        fail(f"a {task} flow needs integer labels y, got {flow.y.dtype}")
    if len(flow.trace) != len(flow.stages) + 1:
        fail(f"it has {len(flow.trace)} trace arrays, expected {len(flow.stages) + 1}")
    width = X.shape[1]
    for i, stage in enumerate(flow.stages):
        if stage.kind == "affine":
            W, b = stage.W, stage.b
            if W.ndim != 2 or b.shape != (W.shape[0],):
                fail(f"stage {i} has W {W.shape} and b {b.shape}; need (out, in) and (out,)")
            if W.shape[1] != width:
                fail(f"stage {i} takes {W.shape[1]} inputs but the previous stage gives {width}")
            if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
                fail(f"stage {i} has NaN or infinite weights")
        elif stage.kind == "features":
            P = stage.W
            if P.ndim != 2 or P.shape[1] != width:
                fail(f"stage {i} (features) has exponents of shape {P.shape}; need (out, {width})")
            if np.any(P < 0) or np.any(P.sum(axis=1) == 0):
                fail(f"stage {i} (features) has a negative exponent or a constant feature")
        width = stage.out_width(width)
    for i, t in enumerate(flow.trace):
        if t.ndim != 2 or t.shape[0] != X.shape[0]:
            fail(f"trace{i} has shape {t.shape}, expected ({X.shape[0]}, width)")
        if not np.all(np.isfinite(t)):
            fail(f"trace{i} contains NaN or infinite values")
    if not np.all(np.isfinite(X)):
        fail("X contains NaN or infinite values")
    if flow.y.dtype.kind == "f" and not np.all(np.isfinite(flow.y)):
        fail("y contains NaN or infinite values")
    if task == "multiclass":
        classes = flow.trace[-1].shape[1]
        if classes < 2 or flow.y.min() < 0 or flow.y.max() >= classes:
            fail(f"a multiclass flow needs labels in 0..{classes - 1} (one output per class), "
                 f"got labels {flow.y.min()}..{flow.y.max()} and {classes} outputs")
    replayed = flow.replay(X)
    for i, (mine, theirs) in enumerate(zip(replayed, flow.trace)):
        if mine.shape != theirs.shape:
            fail(f"trace{i} has shape {theirs.shape} but the stages give {mine.shape}")
        err = float(np.max(np.abs(mine - theirs)))
        if err > REPLAY_TOLERANCE:
            fail(f"replaying the stages misses trace{i} by {err:.2e} (tolerance {REPLAY_TOLERANCE:g})")
