"""The activation zoo: the activations a chapter compares, their curves sampled from
hidden_layers/activations.py, flows that apply each one to a trained layer's pre-activations,
and the gradient facts the chapter states (measured here, never typed in). numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from contract.activations import activation
from contract.flow import Flow, Stage


@dataclass(frozen=True)
class Act:
    name: str  # key of contract.activations.ACTIVATIONS
    title: str  # what the screen calls it
    formula: str  # TeX
    params: dict[str, float] = field(default_factory=dict)

    def fn(self):
        return activation(self.name, **self.params)


# Leaky ReLU with slope 0.1 rather than torch's default 0.01, so its leak is visible; the screen says so.
ZOO: tuple[Act, ...] = (
    Act("sigmoid", "sigmoid", r"\sigma(z) = \frac{1}{1 + e^{-z}}"),
    Act("tanh", "tanh", r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}"),
    Act("relu", "ReLU", r"\max(0,\, z)"),
    Act("leaky_relu", "leaky ReLU (slope 0.1)", r"\max(0.1\,z,\; z)", {"slope": 0.1}),
    Act("elu", "ELU", r"z \text{ if } z > 0, \text{ else } e^{z} - 1"),
    Act("swish", "swish", r"z \cdot \sigma(z)"),
    Act("mish", "mish", r"z \cdot \tanh\!\big(\ln(1 + e^{z})\big)"),
)


def curve_samples(act: Act, lo: float, hi: float, n: int = 401) -> tuple[np.ndarray, np.ndarray]:
    """(z, f(z)) on n evenly spaced z: the polyline a plot draws."""
    z = np.linspace(lo, hi, n)
    return z, act.fn()(z)


def slope(act: Act, z: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """f'(z) by central differences of the activations.py function."""
    z = np.asarray(z, dtype=float)
    f = act.fn()
    return (f(z + h) - f(z - h)) / (2 * h)


def max_slope(act: Act, lo: float = -10.0, hi: float = 10.0, n: int = 20001) -> float:
    return float(np.max(slope(act, np.linspace(lo, hi, n))))


def layer_flow(base: Flow, affine_index: int, rows: tuple[int, ...], act: Act) -> Flow:
    """A two-stage flow on the base flow's data: the trained affine stage ``affine_index``
    restricted to the neurons ``rows`` (its pre-activations z), then ``act``. The trace is the
    numpy replay (the stages are the trained numbers, so no torch is involved)."""
    stage = base.stages[affine_index]
    if stage.kind != "affine":
        raise ValueError(f"stage {affine_index} of {base.name} is {stage.kind}, not affine")
    if base.trace[affine_index].shape[1] != base.X.shape[1]:
        raise ValueError(f"stage {affine_index} of {base.name} does not read the input plane")
    rows = list(rows)
    stages = [Stage.affine(stage.W[rows], stage.b[rows]), Stage.act(act.name, **act.params)]
    f = Flow(f"{base.name}_{act.name}", base.X, base.y, stages, [], {**base.meta, "zoo_of": base.name})
    f.trace = f.replay(base.X)
    return f


# ----------------------------------------------------------------------------- gradient facts


def relu_units(flow: Flow) -> list[np.ndarray]:
    """For each ReLU stage, its pre-activations on the training points (n, units)."""
    return [flow.trace[k] for k, s in enumerate(flow.stages) if s.kind == "activation" and s.name == "relu"]


def dead_units(flow: Flow) -> tuple[int, int]:
    """(ReLU units that are off (z <= 0) on every training point, ReLU units in all)."""
    pre = relu_units(flow)
    dead = sum(int(np.sum(np.all(z <= 0, axis=0))) for z in pre)
    return dead, sum(z.shape[1] for z in pre)


def quietest_unit(flow: Flow) -> float:
    """The largest share of training points on which one ReLU unit is off (gets no gradient)."""
    return max(float(np.max(np.mean(z <= 0, axis=0))) for z in relu_units(flow))


def flat_share(act: Act, z: np.ndarray, below: float) -> float:
    """Share of the values z where the activation's slope is below ``below``."""
    return float(np.mean(slope(act, np.ravel(z)) < below))


# ----------------------------------------------------------------------------- the facts as pictures


def slope_curve(act: Act, lo: float, hi: float, n: int = 401) -> tuple[np.ndarray, np.ndarray]:
    """(z, f'(z)) on n evenly spaced z: the slope curve a plot draws."""
    z = np.linspace(lo, hi, n)
    return z, slope(act, z)


def gradient_through(peak: float, layers: int) -> np.ndarray:
    """A gradient's size after 0, 1, ..., ``layers`` layers that each multiply it by at most
    ``peak`` (the activation's largest slope): peak ** k."""
    return float(peak) ** np.arange(layers + 1)


def flat_beyond(act: Act, below: float, hi: float = 20.0) -> float:
    """The |z| beyond which the slope of an odd, S-shaped activation (tanh) stays below
    ``below``, found by bisection on its measured slope."""
    lo_z, hi_z = 0.0, hi
    if slope(act, np.array([0.0]))[0] < below:
        return 0.0
    for _ in range(80):
        mid = 0.5 * (lo_z + hi_z)
        lo_z, hi_z = (mid, hi_z) if slope(act, np.array([mid]))[0] >= below else (lo_z, mid)
    return hi_z


@dataclass(frozen=True)
class Unit:
    stage: int  # index of its ReLU stage (flow.trace[stage] holds its pre-activations)
    unit: int  # its column
    layer: int  # 1 for the first ReLU layer, ...
    on_share: float  # share of training points where z > 0 (it passes a gradient)


def relu_unit_list(flow: Flow) -> list[Unit]:
    """Every ReLU unit of the flow, layer by layer, with the share of training points it is on for."""
    out, layer = [], 0
    for k, s in enumerate(flow.stages):
        if s.kind == "activation" and s.name == "relu":
            layer += 1
            on = np.mean(flow.trace[k] > 0, axis=0)
            out += [Unit(k, j, layer, float(on[j])) for j in range(len(on))]
    return out


def quietest(flow: Flow) -> Unit:
    """The ReLU unit off (z <= 0) for the largest share of training points (``quietest_unit``'s)."""
    return min(relu_unit_list(flow), key=lambda u: u.on_share)


def unit_off(flow: Flow, unit: Unit, x: np.ndarray) -> np.ndarray:
    """Whether ``unit`` is off (its pre-activation <= 0) at inputs x (n, d), replayed in numpy."""
    return flow.replay(np.asarray(x, dtype=float))[unit.stage][:, unit.unit] <= 0


def off_grid(flow: Flow, unit: Unit, half: float, n: int) -> np.ndarray:
    """(n, n) bool over the input square [-half, half]^2, row 0 at the top (an image's rows):
    where the unit is off."""
    g = np.linspace(-half, half, n)
    xx, yy = np.meshgrid(g, g[::-1])
    return unit_off(flow, unit, np.column_stack([xx.ravel(), yy.ravel()])).reshape(n, n)
