"""Rosenblatt's perceptron rule, in torch (float64): the one model of the story not trained by
gradient descent.

For every point in turn (in an order shuffled each epoch from the spec's seed), the neuron
predicts yhat = step(w.x + b) and, if it is wrong, moves: w += eta (y - yhat) x, b += eta (y - yhat).
Weights start at zero, as in the article's Listing 2. On separable data it stops changing once
every point is right.
"""

from __future__ import annotations

import numpy as np
import torch

from .nets import MLP


def step(z: torch.Tensor) -> torch.Tensor:
    """1 where z >= 0, else 0 (contract.activations' "step")."""
    return torch.heaviside(z, torch.ones((), dtype=z.dtype))


def train_perceptron(net: MLP, X: np.ndarray, y: np.ndarray, eta: float, epochs: int, seed: int,
                     progress=None, on_update=None) -> tuple[MLP, float]:
    """Train the single linear layer of ``net`` in place; returns (net, share of points wrong).
    ``on_update(visits, epoch, point, error)``, if given, is called once at the start (0, 0, -1, 0)
    and after every update the rule makes: ``visits`` points seen so far (this one included),
    ``point`` the index of the misclassified point, ``error`` = y - yhat (+1: x added, -1: x
    subtracted). It reads the weights, never changes them."""
    if len(net.layers) != 1 or net.layers[0].out_features != 1 or net.features is not None:
        raise ValueError("the perceptron rule trains one neuron: widths must be (inputs, 1)")
    layer = net.layers[0]
    xt = torch.as_tensor(X, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.float64)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        layer.weight.zero_()
        layer.bias.zero_()
        if on_update is not None:
            on_update(0, 0, -1, 0)
        visits = 0
        for epoch in range(1, epochs + 1):
            for i in torch.randperm(len(xt), generator=gen).tolist():
                visits += 1
                error = yt[i] - step(layer(xt[i:i + 1]))[0, 0]
                if error != 0:
                    layer.weight += eta * error * xt[i]
                    layer.bias += eta * error
                    if on_update is not None:
                        on_update(visits, epoch, i, int(error))
            wrong = float(torch.mean((step(layer(xt))[:, 0] != yt).double()))
            if progress:
                progress(epoch, epochs, wrong)
    return net, wrong
