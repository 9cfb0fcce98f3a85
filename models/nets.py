"""A small MLP built from a spec, and its unrolling into flow stages. The only torch model code."""

from __future__ import annotations

import torch
from torch import nn

from hidden_layers.activations import ACTIVATIONS
from hidden_layers.flow import Stage

TORCH_ACTIVATIONS = {
    "identity": nn.Identity,
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
    "swish": nn.SiLU,
    "mish": nn.Mish,
}
assert set(TORCH_ACTIVATIONS) <= set(ACTIVATIONS)


class MLP(nn.Module):
    """widths = [in, h1, ..., out]; ``hidden`` is the activation after every hidden layer.

    The output layer is linear; the task's link (sigmoid for binary classification) is added
    as a final stage when the model is exported, so the loss can use the stable logits form.
    """

    def __init__(self, widths: list[int], hidden: str):
        super().__init__()
        if hidden not in TORCH_ACTIVATIONS:
            raise ValueError(f"unsupported activation {hidden!r}; use one of: {', '.join(TORCH_ACTIVATIONS)}")
        self.widths = list(widths)
        self.hidden = hidden
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.act = TORCH_ACTIVATIONS[hidden]()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.trace(x)[-1]

    def trace(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The points after every stage, in flow order (linear, activation, ..., linear)."""
        out = [x]
        for i, layer in enumerate(self.layers):
            out.append(layer(out[-1]))
            if i < len(self.layers) - 1:
                out.append(self.act(out[-1]))
        return out

    def stages(self) -> list[Stage]:
        stages = []
        for i, layer in enumerate(self.layers):
            stages.append(Stage.affine(layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy()))
            if i < len(self.layers) - 1:
                stages.append(Stage.act(self.hidden))
        return stages
