"""A small MLP built from a spec, and its unrolling into flow stages. The only torch model code."""

from __future__ import annotations

import torch
from torch import nn

from contract.activations import ACTIVATIONS
from contract.flow import Stage

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


class Monomials(nn.Module):
    """A fixed feature map (no parameters): output j = prod_i x_i ** powers[j][i], multiplied
    out in the same order as contract.flow.monomials, so both give identical bits."""

    def __init__(self, powers):
        super().__init__()
        self.powers = [tuple(int(k) for k in row) for row in powers]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        cols = []
        for row in self.powers:
            col = torch.ones_like(x[:, 0])
            for i, k in enumerate(row):
                for _ in range(k):
                    col = col * x[:, i]
            cols.append(col)
        return torch.stack(cols, dim=1)


class MLP(nn.Module):
    """widths = [in, h1, ..., out]; ``hidden`` is the activation after every hidden layer.
    ``features`` (exponent rows, optional): a fixed feature map applied first, so the first
    linear layer takes len(features) inputs instead of widths[0].

    The output layer is linear; the task's link (sigmoid for binary classification) is added
    as a final stage when the model is exported, so the loss can use the stable logits form.
    """

    def __init__(self, widths: list[int], hidden: str, features=()):
        super().__init__()
        if hidden not in TORCH_ACTIVATIONS:
            raise ValueError(f"unsupported activation {hidden!r}; use one of: {', '.join(TORCH_ACTIVATIONS)}")
        self.widths = list(widths)
        self.hidden = hidden
        self.features = Monomials(features) if features else None
        if self.features is not None and any(len(row) != widths[0] for row in self.features.powers):
            raise ValueError(f"every feature needs {widths[0]} exponents, one per input")
        sizes = [len(self.features.powers) if self.features is not None else widths[0], *widths[1:]]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.act = TORCH_ACTIVATIONS[hidden]()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.trace(x)[-1]

    def trace(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The points after every stage, in flow order (linear, activation, ..., linear)."""
        out = [x]
        if self.features is not None:
            out.append(self.features(x))
        for i, layer in enumerate(self.layers):
            out.append(layer(out[-1]))
            if i < len(self.layers) - 1:
                out.append(self.act(out[-1]))
        return out

    def stages(self) -> list[Stage]:
        stages = [Stage.features(self.features.powers)] if self.features is not None else []
        for i, layer in enumerate(self.layers):
            stages.append(Stage.affine(layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy()))
            if i < len(self.layers) - 1:
                stages.append(Stage.act(self.hidden))
        return stages
