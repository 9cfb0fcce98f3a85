"""Activation functions in numpy, by the names the flow format uses.

The exporter names each activation stage; the scenes and the flow validator replay it with the
function registered here. Adding an activation means adding it here (and to models/nets.py).
"""

from __future__ import annotations

import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # Split by sign so large |z| never overflows exp().
    out = np.empty_like(z, dtype=float)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, z)


ACTIVATIONS = {
    "identity": lambda z: np.asarray(z, dtype=float).copy(),
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "leaky_relu": lambda z, slope=0.01: np.where(z >= 0, z, slope * z),
    "elu": lambda z, alpha=1.0: np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0))),
    "swish": lambda z: z * _sigmoid(z),
    "mish": lambda z: z * np.tanh(_softplus(z)),
    "softmax": _softmax,
    # The perceptron's threshold: 1 where z >= 0, else 0 (torch.heaviside(z, 1.0)).
    "step": lambda z: (np.asarray(z) >= 0).astype(float),
}

# Activations that act on each coordinate on its own; softmax mixes coordinates.
POINTWISE = frozenset(ACTIVATIONS) - {"softmax"}


def activation(name: str, **params: float):
    """Return the numpy function for ``name``; ``params`` (e.g. slope) are bound in."""
    try:
        fn = ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r}; use one of: {known}") from None
    if params:
        return lambda z: fn(z, **params)
    return fn
