"""An nn.Sequential, in eval mode, unrolled into flow stages, each kept with the torch layers that
compute it, so the exporter's trace is the model's own arithmetic, not a replay of the stages.

Dropout is the identity in eval mode and is dropped. BatchNorm1d in eval mode is an affine map
per feature, folded into the affine stage before it (or, with none before it, a stage of its own).
A final Softmax or Sigmoid is the output link. Anything else is one ExportError naming the layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from contract.flow import Stage

from .errors import ExportError

# Exact types: a subclass may compute something else in its forward().
ACTIVATIONS = {
    nn.ReLU: lambda m: Stage.act("relu"),
    nn.LeakyReLU: lambda m: Stage.act("leaky_relu", slope=float(m.negative_slope)),
    nn.Tanh: lambda m: Stage.act("tanh"),
    nn.Sigmoid: lambda m: Stage.act("sigmoid"),
    nn.ELU: lambda m: Stage.act("elu", alpha=float(m.alpha)),
    nn.SiLU: lambda m: Stage.act("swish"),
    nn.Mish: lambda m: Stage.act("mish"),
    nn.Identity: lambda m: Stage.act("identity"),
}
SUPPORTED = ["Linear", *(t.__name__ for t in ACTIVATIONS), "Dropout", "BatchNorm1d", "Softmax (last)"]


@dataclass
class Step:
    stage: Stage
    modules: list[nn.Module] = field(default_factory=list)  # the torch layers this stage runs

    def run(self, x: torch.Tensor) -> torch.Tensor:
        x = x.clone()  # an inplace ReLU must not overwrite the trace's previous points
        for module in self.modules:
            x = module(x)
        return x


def require_sequential(model) -> None:
    if not isinstance(model, nn.Sequential):
        raise ExportError(f"the model is a {type(model).__name__}; export takes an nn.Sequential of supported "
                          f"layers ({', '.join(SUPPORTED)})")


def unroll(net: nn.Sequential, in_width: int) -> list[Step]:
    """Stages of ``net`` (already in eval mode), checking each layer's input width."""
    require_sequential(net)
    steps: list[Step] = []
    width = in_width
    for i, layer in enumerate(net):
        kind = type(layer)
        where = f"layer {i} ({kind.__name__})"
        if kind is nn.Linear:
            if layer.in_features != width:
                raise ExportError(f"{where} takes {layer.in_features} inputs but gets {width}")
            b = layer.bias.detach().numpy().copy() if layer.bias is not None else np.zeros(layer.out_features)
            steps.append(Step(Stage.affine(layer.weight.detach().numpy().copy(), b), [layer]))
            width = layer.out_features
        elif kind is nn.Dropout:
            continue
        elif kind is nn.BatchNorm1d:
            if layer.num_features != width:
                raise ExportError(f"{where} normalises {layer.num_features} features but gets {width}")
            scale, shift = _batchnorm_map(layer, where)
            if steps and steps[-1].stage.kind == "affine":
                before = steps[-1]
                before.stage = Stage.affine(scale[:, None] * before.stage.W, scale * before.stage.b + shift)
                before.modules.append(layer)
            else:
                steps.append(Step(Stage.affine(np.diag(scale), shift), [layer]))
        elif kind in ACTIVATIONS:
            steps.append(Step(ACTIVATIONS[kind](layer), [layer]))
        elif kind is nn.Softmax:
            if i != len(net) - 1:
                raise ExportError(f"{where} is supported only as the last layer (the output link)")
            if layer.dim not in (None, 1, -1):
                raise ExportError(f"{where} has dim={layer.dim}; a flow's softmax is over each point's outputs, dim=1")
            steps.append(Step(Stage.act("softmax"), [layer]))
        else:
            raise ExportError(f"{where} is not supported; supported layers: {', '.join(SUPPORTED)}")
    if not any(s.stage.kind == "affine" for s in steps):
        raise ExportError("the model has no Linear layer; a flow needs at least one affine map")
    return steps


def _batchnorm_map(bn: nn.BatchNorm1d, where: str) -> tuple[np.ndarray, np.ndarray]:
    """Eval-mode batch norm is z -> gamma (z - mean) / sqrt(var + eps) + beta = scale z + shift,
    an affine map per feature: folded into W, b before it, it makes scale W and scale b + shift."""
    if bn.running_mean is None:
        raise ExportError(f"{where} has no running statistics (track_running_stats=False), so in eval mode "
                          f"it normalises by each batch: not a fixed map; build it with track_running_stats=True")
    mean = bn.running_mean.detach().numpy()
    gamma = bn.weight.detach().numpy() if bn.affine else np.ones_like(mean)
    beta = bn.bias.detach().numpy() if bn.affine else np.zeros_like(mean)
    scale = gamma / np.sqrt(bn.running_var.detach().numpy() + bn.eps)
    return scale, beta - scale * mean
