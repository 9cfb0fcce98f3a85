"""A one-input, one-output network taken apart into the pieces it sums. numpy only, so the
claims a regression scene makes on screen are tested on the same numbers it draws.

For a flow  x -> W1 x + b1 -> f -> W2 h + b2  (1 input, h hidden units, 1 output):

    y_hat(x) = b2 + sum_i  W2[i] * f(W1[i] x + b1[i])
                         '---------- piece i ---------'

With f = relu each piece is a bent line: flat on one side of its kink x = -b1[i] / W1[i], a
line of slope W2[i] * W1[i] on the other. With f = identity every piece is a line, and the
whole network collapses to one line c + d x.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from contract.flow import Flow


@dataclass(frozen=True)
class OneHiddenLayer:
    """The weights of a 1 -> h -> 1 network, as flat vectors."""

    w1: np.ndarray  # (h,) input weights
    b1: np.ndarray  # (h,) hidden biases
    activation: str
    w2: np.ndarray  # (h,) output weights
    b2: float  # output bias

    @property
    def width(self) -> int:
        return len(self.w1)


def one_hidden_layer(flow: Flow) -> OneHiddenLayer:
    """Read a 1 -> h -> 1 flow (affine, activation, affine). Anything else is a ValueError."""
    kinds = [s.kind for s in flow.stages]
    if kinds != ["affine", "activation", "affine"]:
        raise ValueError(f"flow {flow.name!r} has stages {kinds}; need affine, activation, affine")
    first, act, out = flow.stages
    if first.W.shape[1] != 1 or out.W.shape[0] != 1:
        raise ValueError(f"flow {flow.name!r} maps {first.W.shape[1]} inputs to {out.W.shape[0]} outputs; need 1 -> 1")
    return OneHiddenLayer(first.W[:, 0].copy(), first.b.copy(), act.name, out.W[0].copy(), float(out.b[0]))


def dense_grid(lo: float = 0.0, hi: float = 1.0, n: int = 400) -> np.ndarray:
    """n evenly spaced inputs; curves are drawn through these."""
    return np.linspace(lo, hi, n)


def input_range(flow: Flow) -> tuple[float, float]:
    """The span of the training inputs (the x range a chapter draws)."""
    return float(flow.X[:, 0].min()), float(flow.X[:, 0].max())


def network_curve(flow: Flow, x: np.ndarray) -> np.ndarray:
    """The model's output at inputs x (1-D array), replayed in numpy."""
    return flow.predict(np.asarray(x, dtype=float)[:, None])[:, 0]


def hidden_activations(flow: Flow, x: np.ndarray) -> np.ndarray:
    """a_i(x) = f(W1[i] x + b1[i]) for every hidden unit: shape (len(x), h), from the replay."""
    one_hidden_layer(flow)  # checks the shape of the network
    return flow.replay(np.asarray(x, dtype=float)[:, None])[2]


def pieces(flow: Flow, x: np.ndarray) -> np.ndarray:
    """W2[i] * a_i(x) for every hidden unit: shape (len(x), h). They sum, plus b2, to the output."""
    return hidden_activations(flow, x) * one_hidden_layer(flow).w2[None, :]


def kinks(flow: Flow) -> np.ndarray:
    """Where each unit's pre-activation W1[i] x + b1[i] crosses zero: x = -b1[i] / W1[i]
    (inf for a unit whose input weight is zero)."""
    net = one_hidden_layer(flow)
    with np.errstate(divide="ignore"):
        return np.where(net.w1 != 0, -net.b1 / np.where(net.w1 != 0, net.w1, 1.0), np.inf)


def kinks_inside(flow: Flow, lo: float, hi: float) -> np.ndarray:
    """The kinks that fall strictly inside (lo, hi), in unit order."""
    k = kinks(flow)
    return k[(k > lo) & (k < hi)]


def kink_order(flow: Flow) -> np.ndarray:
    """Unit indices sorted by kink position, left to right (ties by index)."""
    return np.argsort(kinks(flow), kind="stable")


def running_sums(piece_values: np.ndarray, bias: float, order: np.ndarray | None = None) -> np.ndarray:
    """The output bias, then the bias plus the first piece, plus the second, ... in ``order``:
    shape (h + 1, len(x)). The last row is the network's output."""
    piece_values = np.asarray(piece_values, dtype=float)
    order = np.arange(piece_values.shape[1]) if order is None else np.asarray(order)
    partial = np.cumsum(piece_values[:, order], axis=1).T
    start = np.zeros((1, piece_values.shape[0]))
    return bias + np.vstack([start, partial])


def pick_unit(flow: Flow, lo: float = 0.0, hi: float = 1.0, margin: float = 0.15) -> int:
    """A unit worth showing on its own: its kink lies well inside [lo, hi] (``margin`` of the
    span from either end) and, among those, its piece moves the output the most there. Falls
    back to the largest piece anywhere if no kink lies inside."""
    x = dense_grid(lo, hi)
    size = np.ptp(pieces(flow, x), axis=0)
    k = kinks(flow)
    inside = (k > lo + margin * (hi - lo)) & (k < hi - margin * (hi - lo))
    if inside.any():
        return int(np.flatnonzero(inside)[np.argmax(size[inside])])
    return int(np.argmax(size))


def collapse_linear(flow: Flow) -> tuple[float, float]:
    """(c, d) with output = c + d x, for a 1 -> ... -> 1 network whose activations are all the
    identity: the affine maps compose into one, W = W_k ... W_1 and the bias carried through."""
    W = np.eye(flow.X.shape[1])
    b = np.zeros(flow.X.shape[1])
    for stage in flow.stages:
        if stage.kind == "affine":
            W, b = stage.W @ W, stage.W @ b + stage.b
        elif stage.name != "identity":
            raise ValueError(f"flow {flow.name!r} has a {stage.name} stage; only identity layers collapse to a line")
    if W.shape != (1, 1):
        raise ValueError(f"flow {flow.name!r} is not a 1 -> 1 network")
    return float(b[0]), float(W[0, 0])
