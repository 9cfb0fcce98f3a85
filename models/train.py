"""Seeded, full-batch, CPU training of a ModelSpec, and its export to a flow.

Runs in float64 so the exported trace and a numpy replay of the weights agree to ~1e-12,
and so two runs with one seed give bit-identical weights.
"""

from __future__ import annotations

import contextlib
import platform
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import torch
from torch import nn

from contract.flow import Flow, Stage, save_flow
from contract.history import History, history_path, save_history
from contract.paths import flow_path

from .datasets import TARGETS, make_dataset
from .history import HISTORIES, Recorder
from .nets import MLP
from .perceptron import step, train_perceptron
from .registry import ModelSpec, get_spec

Progress = Callable[[int, int, float], None]  # (step, steps, loss)

DENSE_POINTS = 1001  # regression fits are also measured on this many evenly spaced x


def _spread_kinks(net: MLP, x: np.ndarray, rng: torch.Generator) -> None:
    """1-D input, one ReLU layer: place unit i's kink -b/w evenly over the data range, with
    alternating slope signs. PyTorch's default init leaves many kinks outside [0, 1] (dead or
    flat pieces), and some seeds then collapse to a constant fit."""
    first = net.layers[0]
    k = first.out_features
    lo, hi = float(x.min()), float(x.max())
    kinks = torch.linspace(lo, hi, k + 2, dtype=torch.float64)[1:-1]
    slopes = torch.rand(k, generator=rng, dtype=torch.float64) + 0.5
    signs = torch.where(torch.arange(k) % 2 == 0, 1.0, -1.0).to(torch.float64)
    with torch.no_grad():
        first.weight.copy_((signs * slopes)[:, None])
        first.bias.copy_(-(signs * slopes) * kinks)


def hidden_activations(net: MLP, stages: list[torch.Tensor]) -> list[torch.Tensor]:
    """The points after each hidden layer's activation, from MLP.trace's list."""
    first = 2 if net.features is not None else 1  # trace: [x, (features,) z1, a1, z2, a2, ...]
    return [stages[first + 2 * i + 1] for i in range(len(net.layers) - 1)]


def spread_penalty(layers: list[torch.Tensor]) -> torch.Tensor:
    """Sum over layers of log(λmax / λmin)² of the points' covariance: 0 for a round cloud,
    large for a needle. Keeps width-2 layers drawable as two spread-out curves."""
    total = torch.zeros((), dtype=torch.float64)
    for h in layers:
        centred = h - h.mean(dim=0)
        cov = centred.T @ centred / len(h)
        eig = torch.linalg.eigvalsh(cov)
        total = total + torch.log(eig[-1] / eig[0].clamp_min(1e-12)) ** 2
    return total


def build_net(spec: ModelSpec, X: np.ndarray) -> MLP:
    torch.manual_seed(spec.seed)
    net = MLP(list(spec.widths), spec.hidden, spec.features).double()
    if spec.init == "spread_kinks":
        _spread_kinks(net, X, torch.Generator().manual_seed(spec.seed))
    elif spec.init != "default":
        raise ValueError(f"unknown init {spec.init!r}; use 'default' or 'spread_kinks'")
    return net


@contextlib.contextmanager
def single_thread() -> Iterator[None]:
    """Run torch on one thread. These models are tiny: on a busy 2-core machine two spinning
    threads made training 10-30x slower (relu400: 96 s against 8 s), and one thread also makes
    the float sums, hence the weights, independent of the machine's core count."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def train(spec: ModelSpec, progress: Progress | None = None) -> tuple[MLP, np.ndarray, np.ndarray, float]:
    """Train and return (net, X, y, final loss)."""
    with single_thread():
        return _train(spec, progress)[:4]


def train_recorded(spec: ModelSpec, progress: Progress | None = None, count: int | None = None):
    """Train like ``train`` while recording checkpoints (models/history.py): returns (net, X, y,
    final loss, recorder). ``count``: about how many log-spaced checkpoints; None for the
    perceptron rule's every update."""
    with single_thread():
        return _train(spec, progress, record=True, count=count)


def _train(spec: ModelSpec, progress: Progress | None, record: bool = False, count: int | None = None):
    X, y = make_dataset(spec.dataset, **spec.dataset_params)
    net = build_net(spec, X)
    recorder = Recorder(spec, net, X, y, count) if record else None
    if spec.trainer == "perceptron":
        if spec.task != "binary":
            raise ValueError(f"the perceptron rule needs a binary task, not {spec.task!r}")
        net, wrong = train_perceptron(net, X, y, spec.lr, spec.steps, spec.seed, progress,
                                      recorder.on_update if recorder else None)
        return net, X, y, wrong, recorder
    if spec.trainer != "adam":
        raise ValueError(f"unknown trainer {spec.trainer!r}; use 'adam' or 'perceptron'")
    penalty = None
    if spec.spread_penalty:
        penalty = lambda stages: spec.spread_penalty * spread_penalty(hidden_activations(net, stages))  # noqa: E731
    final = fit(net, net.trace, X, y, spec.task, spec.lr, spec.steps, progress, penalty,
                recorder.on_step if recorder else None)
    return net, X, y, final, recorder


def task_loss(task: str, y: np.ndarray) -> tuple[torch.Tensor, nn.Module]:
    """The targets as a tensor and the loss the task trains with. Classification losses take
    logits (the stable form); the output link is added when the model is exported."""
    if task == "multiclass":
        return torch.as_tensor(y, dtype=torch.long), nn.CrossEntropyLoss()
    if task == "binary":
        return torch.as_tensor(y, dtype=torch.float64)[:, None], nn.BCEWithLogitsLoss()
    if task == "regression":
        return torch.as_tensor(y, dtype=torch.float64).reshape(len(y), -1), nn.MSELoss()
    raise ValueError(f"unknown task {task!r}; use 'binary', 'multiclass' or 'regression'")


def fit(net: nn.Module, forward: Callable[[torch.Tensor], list[torch.Tensor]], X: np.ndarray, y: np.ndarray,
        task: str, lr: float, steps: int, progress: Progress | None = None,
        penalty: Callable[[list[torch.Tensor]], torch.Tensor] | None = None,
        on_step: Callable[[int], None] | None = None) -> float:
    """Full-batch Adam in float64 on the task's loss of forward(X)[-1] (plus an optional penalty
    on all of forward's tensors); returns the data term alone at the end. The one training loop:
    the story's models and your own (models/user_train.py) go through it. Trains in train mode
    (dropout on, batch norm on the batch's statistics) and measures the end in eval mode.
    ``on_step(i)``, if given, is called with 0 before the first step and with i after step i
    (models/history.py records checkpoints there; it reads the weights, never changes them)."""
    xt = torch.as_tensor(X, dtype=torch.float64)
    yt, loss_fn = task_loss(task, y)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    report_every = max(1, steps // 100)
    loss = torch.tensor(float("nan"))
    net.train()
    if on_step is not None:
        on_step(0)
    for i in range(1, steps + 1):
        opt.zero_grad()
        stages = forward(xt)
        loss = loss_fn(stages[-1], yt)
        if penalty is not None:
            loss = loss + penalty(stages)
        loss.backward()
        opt.step()
        if on_step is not None:
            on_step(i)
        if progress and (i % report_every == 0 or i == steps):
            progress(i, steps, loss.item())
    net.eval()
    with torch.no_grad():
        return float(loss_fn(forward(xt)[-1], yt))  # the data term alone: what the model's fit costs


def full_trace(spec: ModelSpec, net: MLP, X: np.ndarray) -> list[np.ndarray]:
    """The points after every stage of the flow (the net's, then the output link), as torch computes them."""
    with torch.no_grad():
        trace_t = net.trace(torch.as_tensor(X, dtype=torch.float64))
        if spec.task == "binary" and spec.trainer == "perceptron":
            trace_t.append(step(trace_t[-1]))
        elif spec.task == "binary":
            trace_t.append(torch.sigmoid(trace_t[-1]))
        elif spec.task == "multiclass":
            trace_t.append(torch.softmax(trace_t[-1], dim=1))
    return [t.numpy().copy() for t in trace_t]


def flow_stages(spec: ModelSpec, net: MLP) -> list[Stage]:
    """The net's stages with its current weights (copies), then the output link."""
    stages = net.stages()
    if spec.task == "binary":
        stages.append(Stage.act("step" if spec.trainer == "perceptron" else "sigmoid"))
    elif spec.task == "multiclass":
        stages.append(Stage.act("softmax"))
    return stages


def to_flow(spec: ModelSpec, net: MLP, X: np.ndarray, y: np.ndarray, final_loss: float) -> Flow:
    """Unroll the trained net into stages and record the trace torch itself computes."""
    trace = full_trace(spec, net, X)
    stages = flow_stages(spec, net)
    meta = {
        "model": spec.name,
        "description": spec.description,
        "task": spec.task,
        "dataset": {"name": spec.dataset, "params": spec.dataset_params},
        "architecture": {"widths": list(spec.widths), "hidden": spec.hidden},
        **({"features": [list(row) for row in spec.features]} if spec.features else {}),
        "seed": spec.seed,
        "steps": spec.steps,
        "optimizer": ({"name": "perceptron rule", "lr": spec.lr, "epochs": spec.steps, "order": "shuffled"}
                      if spec.trainer == "perceptron" else {"name": "adam", "lr": spec.lr, "batch": "full"}),
        "init": spec.init,
        "final_loss": final_loss,
        "spec_hash": spec.spec_hash(),
        "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()},
    }
    flow = Flow(spec.name, X.astype(float), y, stages, trace, meta)
    if spec.task in ("binary", "multiclass"):
        meta["accuracy"] = flow.accuracy()
    else:
        err = trace[-1].reshape(y.shape) - y
        meta["mse"] = float(np.mean(err**2))
        meta["max_abs_error"] = float(np.max(np.abs(err)))
    if spec.task == "regression" and spec.dataset in TARGETS and X.shape[1] == 1:
        meta.update(dense_errors(flow, TARGETS[spec.dataset]))
    return flow


def dense_errors(flow: Flow, target: Callable[[np.ndarray], np.ndarray]) -> dict:
    """Error of a 1-D regression fit against its target function on DENSE_POINTS evenly spaced
    x over the data's range, computed from the exported weights (the numpy replay), so the
    numbers a scene prints are those of the curve it draws."""
    lo, hi = float(flow.X.min()), float(flow.X.max())
    x = np.linspace(lo, hi, DENSE_POINTS)
    err = flow.predict(x[:, None])[:, 0] - target(x)
    return {
        "dense_grid": {"start": lo, "stop": hi, "n": DENSE_POINTS},
        "dense_max_abs_error": float(np.max(np.abs(err))),
        "dense_mse": float(np.mean(err**2)),
    }


def train_flow(name: str, progress: Progress | None = None) -> Flow:
    spec = get_spec(name)
    net, X, y, final_loss = train(spec, progress)
    return to_flow(spec, net, X, y, final_loss)


def train_flow_and_history(name: str, progress: Progress | None = None) -> tuple[Flow, History | None]:
    """The flow of ``name`` and, for a model listed in models.history.HISTORIES, its training
    history (else None). The flow is the same, bit for bit, either way."""
    if name not in HISTORIES:
        return train_flow(name, progress), None
    spec = get_spec(name)
    net, X, y, final_loss, recorder = train_recorded(spec, progress, HISTORIES[name])
    flow = to_flow(spec, net, X, y, final_loss)
    return flow, recorder.history(flow)


def train_and_export(name: str, progress: Progress | None = None, flows_dir: Path | None = None) -> Flow:
    """Train ``name`` and write its flow to ``flows_dir`` (default: the committed flows), and its
    training history beside it (history/NAME.npz) when the model keeps one."""
    flow, history = train_flow_and_history(name, progress)
    save_flow(flow, flow_path(name, flows_dir))
    if history is not None:
        save_history(history, flow, history_path(name, flows_dir))
    return flow
