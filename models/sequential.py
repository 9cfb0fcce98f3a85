"""An architecture file's layers as a torch nn.Sequential, its weights from a safetensors file,
and back: a module described in the architecture file's terms (for a flow's metadata).

Weights are read with safetensors' numpy API (no pickle, no torch.load). Their names are the
Sequential's state_dict keys: "0.weight", "0.bias", and for BatchNorm1d also "3.running_mean",
"3.running_var" ("3.num_batches_tracked" may be there or not): what
``safetensors.torch.save_file(model.state_dict(), path)`` writes for that model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from .arch import Arch
from .errors import ExportError

OPTIONAL_TENSORS = ("num_batches_tracked",)  # a counter, unused in eval mode


def build(arch: Arch) -> nn.Sequential:
    """The layers, in float64 (the trainer and the exporter both work in float64)."""
    return nn.Sequential(*(_layer(spec) for spec in arch.layers)).double()


def _layer(spec: dict[str, Any]) -> nn.Module:
    kind = spec["type"]
    if kind == "Linear":
        return nn.Linear(spec["in"], spec["out"], bias=spec["bias"])
    if kind == "LeakyReLU":
        return nn.LeakyReLU(spec["negative_slope"])
    if kind == "ELU":
        return nn.ELU(spec["alpha"])
    if kind == "Dropout":
        return nn.Dropout(spec["p"])
    if kind == "BatchNorm1d":
        return nn.BatchNorm1d(spec["features"], eps=spec["eps"], momentum=spec["momentum"])
    if kind == "Softmax":
        return nn.Softmax(dim=spec["dim"])
    return getattr(nn, kind)()  # the parameterless ones: ReLU, Tanh, Sigmoid, SiLU, Mish, Identity


def describe(module: nn.Module) -> dict[str, Any]:
    """A supported layer in the architecture file's terms (the inverse of _layer)."""
    kind = type(module).__name__
    if isinstance(module, nn.Linear):
        return {"type": kind, "in": module.in_features, "out": module.out_features, "bias": module.bias is not None}
    if isinstance(module, nn.LeakyReLU):
        return {"type": kind, "negative_slope": float(module.negative_slope)}
    if isinstance(module, nn.ELU):
        return {"type": kind, "alpha": float(module.alpha)}
    if isinstance(module, nn.Dropout):
        return {"type": kind, "p": float(module.p)}
    if isinstance(module, nn.BatchNorm1d):
        return {"type": kind, "features": module.num_features, "eps": float(module.eps)}
    if isinstance(module, nn.Softmax):
        return {"type": kind, "dim": module.dim}
    return {"type": kind}


def load_weights(net: nn.Sequential, path: Path, arch: Arch) -> None:
    """Fill ``net`` from a safetensors file, checking every tensor's name, shape and values."""
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    path = Path(path)
    if not path.is_file():
        raise ExportError(f"--weights {path}: no such file; save your model with "
                          f"safetensors.torch.save_file(model.state_dict(), \"{path.name}\")")
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ExportError(f"{path} is not a readable safetensors file ({reason}); save it with "
                          f"safetensors.torch.save_file(model.state_dict(), ...) in float32 or float64") from None
    expected = net.state_dict()
    extra = sorted(set(tensors) - set(expected))
    if extra:
        raise ExportError(f"{path} holds tensor {extra[0]!r}, which no layer of {arch.source} has; the "
                          f"architecture does not match the saved model (tensors: {', '.join(expected)})")
    state = {}
    for key, want in expected.items():
        index = int(key.split(".")[0])
        layer = _layer_text(arch.layers[index], index)
        if key not in tensors:
            if key.rsplit(".", 1)[-1] in OPTIONAL_TENSORS:
                state[key] = want
                continue
            raise ExportError(f"{path} lacks tensor {key!r} of shape {tuple(want.shape)} for {layer}; "
                              f"the architecture does not match the saved model")
        value = tensors[key]
        if tuple(value.shape) != tuple(want.shape):
            raise ExportError(f"{path}: tensor {key!r} has shape {tuple(value.shape)} but {layer} needs "
                              f"{tuple(want.shape)}; fix the layer's sizes in {arch.source}")
        if want.is_floating_point():
            if not np.issubdtype(value.dtype, np.floating):
                raise ExportError(f"{path}: tensor {key!r} is {value.dtype}; weights must be floats")
            if not np.all(np.isfinite(value)):
                raise ExportError(f"{path}: tensor {key!r} has NaN or infinite values; retrain or fix the model")
        state[key] = torch.as_tensor(np.array(value, dtype=np.float64 if want.is_floating_point() else np.int64))
    net.load_state_dict(state)


def _layer_text(spec: dict[str, Any], index: int) -> str:
    params = ", ".join(f"{k}={v}" for k, v in spec.items() if k != "type")
    return f"layer {index} ({spec['type']}{' ' + params if params else ''})"
