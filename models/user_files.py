"""The two ways in from files, for `hidden-layers export` and `hidden-layers train --arch`:
architecture file + safetensors weights + CSV, or architecture file + CSV (then trained).
Everything is read and checked before anything is trained or written; the flow is written
atomically, so a failure leaves no file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from contract.flow import Flow, save_flow

from .arch import Arch, read_arch
from .errors import ExportError
from .user_data import read_points
from .user_flows import user_flow_path

# The torch modules (export, sequential, user_train) are imported once the files passed their
# checks: a bad file is refused in a second, without loading torch.


def export_files(arch_path: Path, weights_path: Path, data_path: Path, name: str,
                 out: Path | None = None) -> tuple[Path, Flow]:
    """Read, check, export and write; returns (the flow's path, the flow)."""
    path = user_flow_path(name, out)
    arch, X, y = _inputs(arch_path, data_path)
    from .export import model_flow
    from .sequential import build, load_weights

    net = build(arch)
    load_weights(net, weights_path, arch)
    flow = model_flow(net, X, y, name, arch.resolved_task(), source=f"hidden-layers export ({Path(weights_path).name})")
    return save_flow(flow, path), flow


def train_files(arch_path: Path, data_path: Path, name: str, out: Path | None = None,
                progress=None) -> tuple[Path, Flow]:
    """``progress(step, steps, loss)``, as models.train's."""
    path = user_flow_path(name, out)
    arch, X, y = _inputs(arch_path, data_path)
    from .export import model_flow
    from .user_train import train_arch

    net, final_loss = train_arch(arch, X, y, progress)
    flow = model_flow(net, X, y, name, arch.resolved_task(), source="hidden-layers train --arch",
                      seed=arch.seed, steps=arch.epochs, final_loss=final_loss,
                      optimizer={"name": "adam", "lr": arch.lr, "batch": "full"})
    return save_flow(flow, path), flow


def _inputs(arch_path: Path, data_path: Path) -> tuple[Arch, np.ndarray, np.ndarray]:
    """The architecture and the points, checked against each other (before any training)."""
    arch = read_arch(arch_path)
    classification = arch.resolved_task() == "classification"
    X, y = read_points(data_path, classification)
    if X.shape[1] != arch.in_width:
        raise ExportError(f"{data_path} has {X.shape[1]} feature column(s) but the first layer of {arch.source} "
                          f"takes {arch.in_width}; give one column per input, then y")
    classes = int(y.max()) + 1 if classification else 0
    tells = 2 if arch.out_width == 1 else arch.out_width  # one output: sigmoid, two classes
    if classes > tells:
        raise ExportError(f"{data_path} has {classes} classes (labels 0..{classes - 1}) but the last Linear of "
                          f"{arch.source} has out = {arch.out_width}; set out = {classes} and end with Softmax")
    return arch, X, y
