"""The architecture file of your own model (`--arch net.toml`): the layers of an nn.Sequential,
in order, plus the task and, for `hidden-layers train`, the training settings.

    task = "classification"     # or "regression"; optional when the last layer is Sigmoid/Softmax
    epochs = 2000               # train only: full-batch Adam steps
    lr = 0.01                   # train only
    seed = 0                    # train only
    layers = [
        {type = "Linear", in = 2, out = 8},
        {type = "Tanh"},
        {type = "Linear", in = 8, out = 1},
    ]

Torch-free (tomllib only): the file is checked completely before anything is trained or written.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ExportError

# type -> {parameter: (kind, default)}; default None: required. Names follow torch's, shortened
# where torch's are long (in/out for in_features/out_features, features for num_features).
LAYER_PARAMS: dict[str, dict[str, tuple[type, Any]]] = {
    "Linear": {"in": (int, None), "out": (int, None), "bias": (bool, True)},
    "ReLU": {},
    "LeakyReLU": {"negative_slope": (float, 0.01)},
    "Tanh": {},
    "Sigmoid": {},
    "ELU": {"alpha": (float, 1.0)},
    "SiLU": {},
    "Mish": {},
    "Identity": {},
    "Dropout": {"p": (float, 0.5)},
    "BatchNorm1d": {"features": (int, None), "eps": (float, 1e-5), "momentum": (float, 0.1)},
    "Softmax": {"dim": (int, 1)},
}
LINKS = ("Sigmoid", "Softmax")  # a last layer of these types makes the model a classifier
TASKS = ("classification", "regression")
TRAINING = {"epochs": 1000, "lr": 0.01, "seed": 0}
TOP_KEYS = {"task", "layers", *TRAINING}


@dataclass(frozen=True)
class Arch:
    layers: tuple[dict[str, Any], ...]  # each {"type": ..., every parameter, defaults filled in}
    task: str | None  # None: not given (export infers classification from a final Sigmoid/Softmax)
    epochs: int
    lr: float
    seed: int
    source: str  # the file, for messages

    @property
    def in_width(self) -> int:
        first = next(layer for layer in self.layers if layer["type"] in ("Linear", "BatchNorm1d"))
        return first["in"] if first["type"] == "Linear" else first["features"]

    @property
    def out_width(self) -> int:
        return [layer["out"] for layer in self.layers if layer["type"] == "Linear"][-1]

    @property
    def last_type(self) -> str:
        return self.layers[-1]["type"]

    def resolved_task(self) -> str:
        """The task, or a one-line error when it cannot be told from the layers."""
        if self.task:
            return self.task
        if self.last_type in LINKS:
            return "classification"
        raise ExportError(f"{self.source}: say what the model does: add task = \"classification\" or "
                          f"task = \"regression\" (or end the layers with Sigmoid or Softmax)")


def read_arch(path: Path) -> Arch:
    """Read and check an architecture file; every problem is one ExportError line."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"--arch {path}: no such file; give the TOML file of your model's layers "
                          f"(README, \"Your own model\")")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path} is not valid TOML ({str(exc).splitlines()[0]}); fix that line") from None
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise ExportError(f"{path}: unknown key {unknown[0]!r}; the keys are {', '.join(sorted(TOP_KEYS))}")
    task = data.get("task")
    if task is not None and task not in TASKS:
        raise ExportError(f"{path}: task = {task!r}; use \"classification\" or \"regression\"")
    training = {key: data.get(key, default) for key, default in TRAINING.items()}
    _check_training(path, training)
    layers = data.get("layers")
    if not isinstance(layers, list) or not layers:
        raise ExportError(f"{path}: no layers; add layers = [{{type = \"Linear\", in = 2, out = 8}}, ...]")
    checked = tuple(_check_layer(path, i, layer) for i, layer in enumerate(layers))
    _check_widths(path, checked)
    return Arch(checked, task, int(training["epochs"]), float(training["lr"]), int(training["seed"]), str(path))


def _check_training(path: Path, training: dict[str, Any]) -> None:
    epochs, lr, seed = training["epochs"], training["lr"], training["seed"]
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        raise ExportError(f"{path}: epochs = {epochs!r}; use a whole number of steps >= 1, e.g. epochs = 1000")
    if not isinstance(lr, (int, float)) or isinstance(lr, bool) or not 0 < lr < 10:
        raise ExportError(f"{path}: lr = {lr!r}; use a learning rate such as lr = 0.01")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ExportError(f"{path}: seed = {seed!r}; use a whole number >= 0")


def _check_layer(path: Path, i: int, layer: Any) -> dict[str, Any]:
    if not isinstance(layer, dict) or "type" not in layer:
        raise ExportError(f"{path}: layer {i} needs a type, e.g. {{type = \"Tanh\"}}")
    kind = layer["type"]
    if kind not in LAYER_PARAMS:
        raise ExportError(f"{path}: layer {i} has unsupported type {kind!r}; supported: "
                          f"{', '.join(LAYER_PARAMS)}")
    params = LAYER_PARAMS[kind]
    extra = sorted(set(layer) - {"type"} - set(params))
    if extra:
        allowed = ", ".join(params) or "no parameters"
        raise ExportError(f"{path}: layer {i} ({kind}) has unknown parameter {extra[0]!r}; {kind} takes {allowed}")
    out: dict[str, Any] = {"type": kind}
    for name, (want, default) in params.items():
        value = layer.get(name, default)
        if value is None:
            raise ExportError(f"{path}: layer {i} ({kind}) needs {name} = ...")
        if not _is(value, want):
            wanted = {int: "a whole number", float: "a number", bool: "true or false"}[want]
            raise ExportError(f"{path}: layer {i} ({kind}) has {name} = {value!r}; use {wanted}")
        out[name] = want(value)
    for name in ("in", "out", "features"):
        if name in out and out[name] < 1:
            raise ExportError(f"{path}: layer {i} ({kind}) has {name} = {out[name]}; use a width >= 1")
    if kind == "Softmax" and out["dim"] not in (1, -1):
        raise ExportError(f"{path}: layer {i} (Softmax) has dim = {out['dim']}; a flow's softmax is over the "
                          f"outputs of each point, dim = 1")
    return out


def _is(value: Any, want: type) -> bool:
    if isinstance(value, bool):  # TOML's true is no width and no rate
        return want is bool
    return isinstance(value, (int, float)) if want is float else isinstance(value, want)


def _check_widths(path: Path, layers: tuple[dict[str, Any], ...]) -> None:
    """Each Linear takes what the layer before gives; Softmax only last; at least one Linear."""
    if not any(layer["type"] == "Linear" for layer in layers):
        raise ExportError(f"{path}: no Linear layer; a model needs at least one, e.g. {{type = \"Linear\", "
                          f"in = 2, out = 1}}")
    width = None
    for i, layer in enumerate(layers):
        kind = layer["type"]
        takes = layer.get("in", layer.get("features"))
        if takes is not None and width is not None and takes != width:
            name = "in" if kind == "Linear" else "features"
            raise ExportError(f"{path}: layer {i} ({kind}) has {name} = {takes} but the layer before gives "
                              f"{width}; set {name} = {width}")
        if kind == "Linear":
            width = layer["out"]
        elif kind == "BatchNorm1d":
            width = layer["features"]
        if kind == "Softmax" and i != len(layers) - 1:
            raise ExportError(f"{path}: layer {i} (Softmax) is supported only as the last layer")
