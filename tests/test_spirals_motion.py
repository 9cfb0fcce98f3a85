"""The spirals and bottleneck chapters move on their words (issue #14): every mark of their
scripts starts an animation (a paced stand-in voice, as tests/test_motion_on_marks.py), and the
pictures drawn on those words match the model: the network diagram has the model's widths, the
arms sweep in whole, the best straight line's misses give the share the intro says."""

from __future__ import annotations

import numpy as np
import pytest

from contract.flow import load_flow
from contract.paths import flow_path
from scenes.kit.network_diagram import NetworkDiagram, arm_order, best_line_misses, revealed
from scenes.kit.separability import line_accuracy
from tests.test_motion_on_marks import played_chapter


@pytest.mark.parametrize("name", ["spirals", "bottleneck"])
def test_the_diagram_draws_the_models_widths(name):
    flow = load_flow(flow_path(name))
    widths = flow.meta["architecture"]["widths"]
    diagram = NetworkDiagram(widths)
    assert diagram.counts() == widths
    assert [label.text for label in diagram.labels] == [str(w) for w in widths]
    assert [len(e) for e in diagram.edges] == [a * b for a, b in zip(widths[:-1], widths[1:])]
    # the hidden columns are the layers the chapter plays, one per affine map but the output's
    assert len(diagram.hidden) == len(flow.affine_indices()) - 1


def test_arms_sweep_in_whole_from_their_centres():
    flow = load_flow(flow_path("spirals"))
    for k in (0, 1):
        order = arm_order(flow.X, flow.y, k)
        assert sorted(order) == list(np.flatnonzero(flow.y == k))
        r = np.linalg.norm(flow.X[order] - flow.X.mean(axis=0), axis=1)
        assert np.all(np.diff(r) >= 0)
        assert revealed(len(flow.X), order, 1.0).sum() == (flow.y == k).sum()
        assert revealed(len(flow.X), order, 0.0).sum() == 0


@pytest.mark.parametrize("name", ["spirals", "bottleneck"])
def test_the_opening_line_misses_what_the_intro_says(name):
    flow = load_flow(flow_path(name))
    w, b, wrong = best_line_misses(flow.X, flow.y)
    assert 1.0 - wrong.mean() == pytest.approx(line_accuracy(flow.X, flow.y), abs=1e-12)
    assert wrong.mean() > 0.1  # the line misses a good share: no single neuron separates the spirals


def test_the_bars_show_the_said_shares():
    """The intro's bar fills to the best line's share, the ending's to the network's accuracy."""
    scene, _ = played_chapter("spirals")
    flow = scene.flow
    assert scene.opening_bar.share == pytest.approx(line_accuracy(flow.X, flow.y))
    end_bar = next(m for m in scene.separating_words if type(m).__name__ == "ShareBar")
    assert end_bar.share == pytest.approx(flow.accuracy())


@pytest.mark.parametrize("name", ["spirals", "bottleneck"])
def test_every_move_keeps_the_points_in_frame_and_clear_of_words(name):
    """Sampled 9 times through every move of the story's unfolding chapters: no point leaves the
    frame, nothing drawn is out of frame after any animation, and no point comes within 0.1 of a label, caption or matrix (the corner label's notes sit
    top left, the picture's top-left corner near them)."""
    from hidden_layers.story import find_scene
    from tests.scene_probe import probe_scene

    probe = probe_scene(find_scene(name).scene_class(), margin=0.1)
    assert len(probe.moves) >= 5
    assert probe.cloud_off_frame == []
    assert probe.off_frame == []  # bars and their numbers too (the bottleneck's picture sits further right)
    assert probe.covered == [], sorted(set(probe.covered))
    assert min(share for _, share in probe.coverage) > 0.2, probe.coverage
