"""The models' facts for the description and the page: one line per model, every figure read
from its exported flow."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from contract.flow import Flow, load_flow, monomial_names
from contract.paths import flow_path


def model_fact(name: str, flow: Flow) -> str:
    """One line about a model, every figure read from its flow: shape, score, data."""
    meta = flow.meta
    arch = meta.get("architecture", {})
    widths = [int(w) for w in arch.get("widths", flow.widths)]
    last = flow.stages[-1]
    out = last.name if last.kind == "activation" else "linear"
    inputs = f"{widths[0]} input{'s' if widths[0] != 1 else ''}"
    if meta.get("features"):
        inputs = "the features " + ", ".join(monomial_names(np.asarray(meta["features"])))
    if len(widths) == 2:
        shape = (f"one {out} neuron on {inputs}" if widths[1] == 1
                 else f"one layer of {widths[1]} neurons ({out}) on {inputs}")
    else:
        shape = f"a {'-'.join(map(str, widths))} network, {arch.get('hidden', '?')} hidden units, {out} output"
    if "accuracy" in meta:
        score = f"{float(meta['accuracy']):.1%} correct"
    elif "dense_max_abs_error" in meta or "max_abs_error" in meta:
        score = f"largest error {float(meta.get('dense_max_abs_error', meta.get('max_abs_error'))):.4f}"
    else:
        score = "no score recorded"
    data = meta.get("dataset", {}).get("name", "?")
    return f"{name}: {shape}; {score} on {len(flow.X)} points ({data})"


def facts_for(flows: tuple[str, ...] | list[str], flows_dir: Path | None = None) -> list[str]:
    return [model_fact(name, load_flow(flow_path(name, flows_dir))) for name in flows]
