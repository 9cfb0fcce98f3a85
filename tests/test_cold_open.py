"""The cold open: first in the story, short, and every move on its models' traces.

(The generic checks of tests/test_scenes.py run on it too: moves start and end on the exported
trace, nothing leaves the frame.)"""

from __future__ import annotations

import numpy as np

from contract.flow import load_flow
from contract.paths import flow_path
from hidden_layers.story import SCENES_IN_ORDER
from scenes.kit import FlowView
from scenes.kit.narrate import load_script
from tests.scene_probe import endpoints, probe_scene


def test_the_cold_open_is_first_and_the_perceptron_follows():
    assert [e.id for e in SCENES_IN_ORDER[:2]] == ["cold-open", "perceptron"]


def test_chain_plays_a_whole_layer_from_its_input_to_its_output_without_a_jump():
    flow = load_flow(flow_path("spirals"))
    view = FlowView(flow, stop_before=flow.affine_indices()[-1], dims=2)
    for k in flow.affine_indices()[:-1]:
        steps = [s for s in view.steps if s.stage in (k, k + 1)]
        path = view.chain(steps)
        assert np.array_equal(path(0.0), view.embedded_layer(k))
        assert np.array_equal(path(1.0), view.embedded_layer(k + 2))  # after the layer's tanh
        n = len(steps)
        for i in range(1, n):  # where one step hands over to the next, the points do not jump
            assert np.allclose(path(i / n - 1e-9), path(i / n), atol=1e-6)


def test_the_cold_open_moves_the_spirals_layer_by_layer_then_lifts_and_folds_the_corner_data():
    from scenes.cold_open import ColdOpen

    probe = probe_scene(ColdOpen)
    spirals, corner = load_flow(flow_path("spirals")), load_flow(flow_path("corner_relu"))
    spiral_view = FlowView(spirals, dims=2)
    expected = [spiral_view.embedded_layer(k + 2) for k in spirals.affine_indices()[:-1]]
    corner_view = FlowView(corner, dims=3)
    expected += [corner_view.embedded_layer(1), corner_view.embedded_layer(2)]  # lifted, then folded by ReLU
    assert len(probe.moves) == len(expected)
    for move, layer in zip(probe.moves, expected):
        (_, end), *_ = endpoints(move)
        assert np.array_equal(end, layer)
    assert probe.off_frame == [] and probe.covered == []


def test_the_cold_open_is_one_short_line_with_its_marks():
    script = load_script("cold-open")
    assert list(script) == ["payoff"]
    words = script["payoff"].split()
    assert len(words) <= 55  # Piper's joe says about three words a second: well under 20 s with the picture
    assert all(f"{{@{m}}}" in script["payoff"] for m in ("apart", "plane", "cuts"))
