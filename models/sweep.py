"""Small hyper-parameter sweeps around a registry spec, to choose seeds, steps and lr.

    python -m models.sweep corner_relu --seed 0-9 --lr 0.01 0.03 --steps 1000 2000
    python -m models.sweep bottleneck --seed 0-5 --set hidden=tanh

Every combination is trained like the real model (models.train.train) and printed as one JSON
line with what that model has to show: accuracy (binary); the flatness s_(d+1)/s_1 of the
hidden points (identity hidden layers: ~0 when they keep the input's dimension d); the
dense-grid error and the number of active units (one ReLU layer on 1-D regression).
Nothing is written to assets/. Results go in models/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from dataclasses import replace

import numpy as np

from .registry import ModelSpec, get_spec
from .train import to_flow, train

BEND_MIN = 0.02  # a unit whose slope change |w1 * w2| is below this shows no visible bend


def measure(spec: ModelSpec) -> dict:
    start = time.perf_counter()
    net, X, y, loss = train(spec)
    flow = to_flow(spec, net, X, y, loss)
    row = {"seed": spec.seed, "steps": spec.steps, "lr": spec.lr, "loss": float(f"{loss:.3g}")}
    if spec.task == "binary":
        row["accuracy"] = round(flow.meta["accuracy"], 4)
    hidden = flow.last_hidden()
    if spec.hidden == "identity" and hidden.shape[1] > X.shape[1]:
        s = np.linalg.svd(hidden - hidden.mean(axis=0), compute_uv=False)
        row["flatness"] = float(f"{s[X.shape[1]] / s[0]:.2e}")
    if "dense_max_abs_error" in flow.meta:
        row["dense_max_err"] = float(f"{flow.meta['dense_max_abs_error']:.3g}")
    if spec.task == "regression" and spec.hidden == "relu" and len(spec.widths) == 3 and spec.widths[0] == 1:
        (w1, b1), w2 = (flow.stages[0].W[:, 0], flow.stages[0].b), flow.stages[2].W[0]
        kinks = -b1 / w1
        lo, hi = float(X.min()), float(X.max())
        row["active"] = int(np.sum((kinks >= lo) & (kinks <= hi) & (np.abs(w1 * w2) >= BEND_MIN)))
    row["seconds"] = round(time.perf_counter() - start, 1)
    return row


def _seeds(text: str) -> list[int]:
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(text)]


def _value(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a registry name; its spec is the starting point")
    parser.add_argument("--seed", nargs="+", default=None, help="seeds, e.g. 0-9 or 0 3 5")
    parser.add_argument("--lr", nargs="+", type=float, default=None)
    parser.add_argument("--steps", nargs="+", type=int, default=None)
    parser.add_argument("--set", nargs="+", default=[], metavar="FIELD=VALUE",
                        help="other spec fields, JSON values: hidden=tanh widths=[2,8,8,2,1] init=default")
    args = parser.parse_args(argv)
    base = get_spec(args.model)
    fixed = {}
    for item in args.set:
        key, _, value = item.partition("=")
        value = _value(value)
        fixed[key] = tuple(value) if key == "widths" else value
    base = replace(base, **fixed)
    seeds = [s for text in args.seed for s in _seeds(text)] if args.seed else [base.seed]
    for lr, steps, seed in itertools.product(args.lr or [base.lr], args.steps or [base.steps], seeds):
        print(json.dumps(measure(replace(base, seed=seed, lr=lr, steps=steps))), flush=True)


if __name__ == "__main__":
    main()
