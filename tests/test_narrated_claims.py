"""What the hidden-space, spirals and bottleneck chapters say aloud, checked on their models:
every number a cue speaks is the model's own (the scripts hold placeholders, never digits)."""

from __future__ import annotations

import numpy as np

from contract.flow import load_flow
from contract.paths import flow_path
from scenes.kit.separability import line_accuracy
from scenes.kit.geometry import fold_shares
from tests.test_subtitles import dry_run_cues


def spoken(script: str) -> dict[str, str]:
    return dict(dry_run_cues(script))


def pct(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}%}"


def test_spirals_narration_speaks_the_models_numbers():
    flow = load_flow(flow_path("spirals"))
    cues = spoken("spirals")
    assert f"{len(flow.X):,}" in cues["intro"] and pct(line_accuracy(flow.X, flow.y)) in cues["intro"]
    layers = [flow.trace[k + 2] for k in flow.affine_indices()[:-1]]
    for i, h in enumerate(layers, 1):
        assert pct(line_accuracy(h, flow.y)) in cues[f"layer-{i}"]
    assert pct(flow.accuracy()) in cues["separate"]
    assert "penalty" in cues["architecture"]  # the regulariser is owned up to
    # "In layer three the weights flip the plane over": the map really reverses orientation
    assert np.linalg.det(flow.stages[flow.affine_indices()[2]].W) < 0


def test_hidden_space_narration_speaks_the_models_numbers():
    relu = load_flow(flow_path("corner_relu"))
    cues = spoken("hidden-plane")
    shares = fold_shares(relu.last_hidden())
    assert pct(shares["face"], 0) in cues["fold"] and pct(shares["axis"], 0) in cues["fold"]
    assert pct(relu.accuracy()) in cues["plane"] and pct(relu.accuracy()) in cues["edge-on"]
    linear = load_flow(flow_path("corner_linear"))
    flat = spoken("flat-plane")
    assert pct(linear.accuracy()) in flat["plane"] and pct(linear.accuracy()) in flat["cut"]


def test_bottleneck_narration_speaks_the_models_numbers():
    flow = load_flow(flow_path("bottleneck"))
    cues = spoken("bottleneck")
    widths = flow.meta["architecture"]["widths"][1:-1]
    assert all(str(w) in cues["architecture"] for w in widths)
    assert pct(flow.accuracy()) in cues["separate"]
    assert pct(line_accuracy(flow.last_hidden(), flow.y)) in cues["layer-3"]
