"""Every scene of the story, run as Manim runs it (dry run): its moves start and end on the
exported trace, nothing leaves the frame, and the claims it makes hold on its model."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from contract.flow import load_flow
from scenes.kit.separability import line_accuracy
from contract.paths import flow_path
from hidden_layers.story import SCENES_IN_ORDER
from scenes.kit import FlowView
from tests.scene_probe import endpoints, probe_scene


def scene_class(entry):
    spec = importlib.util.spec_from_file_location(f"scene_{entry.id}", entry.path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, entry.cls)


@pytest.fixture(scope="module", params=SCENES_IN_ORDER, ids=lambda e: e.id)
def probed(request):
    entry = request.param
    return entry, probe_scene(scene_class(entry))


def candidate_positions(entry, dims: int) -> list[np.ndarray]:
    """Every point set a stage may start or end on: each layer of each flow, embedded, and
    the 'after the linear map, before the shift' sets. A scene that builds flows from its
    flows' trained stages (the activation zoo) lists them with a ``built_flows()`` classmethod."""
    out = []
    scene_cls = scene_class(entry)
    built = list(scene_cls.built_flows()[1]) if hasattr(scene_cls, "built_flows") else []
    for flow in [load_flow(flow_path(name)) for name in entry.flows] + built:
        view = FlowView(flow, dims=dims)
        for i in range(len(flow.trace)):
            out.append(view.embedded_layer(i))
        for k in flow.affine_indices():
            if not view.embeddings[k + 1].is_projection:
                out.append(view.embeddings[k + 1](flow.stages[k].linear_part(flow.trace[k])))
        for step in view.steps:  # rotate / stretch / flip phases of square maps end between layers
            if step.phase is not None:
                out.extend(view.positions(step))
    return out


def test_scene_has_a_sensible_length(probed):
    entry, probe = probed
    assert 10 < probe.duration < 240


def test_every_move_starts_and_ends_on_the_exported_trace(probed):
    entry, probe = probed
    # Scenes that draw curves instead of moving points are checked in their own test files.
    assert bool(probe.moves) == entry.moves_points, f"{entry.id}: moves_points in story.py is wrong"
    candidates = candidate_positions(entry, scene_class(entry).dims)
    for move in probe.moves:
        (start, end), *_ = endpoints(move)  # the first tracked mobject is the data cloud
        for ends in (start, end):
            assert any(c.shape == ends.shape and np.allclose(c, ends, atol=1e-9) for c in candidates), \
                f"{entry.id}: a move ends on positions that are not a layer of its flow"


def test_nothing_leaves_the_frame(probed):
    entry, probe = probed
    assert probe.off_frame == []


def test_spirals_scene_walks_every_hidden_stage_in_order():
    entry = next(e for e in SCENES_IN_ORDER if e.id == "spirals")
    probe = probe_scene(scene_class(entry))
    flow = load_flow(flow_path("spirals"))
    view = FlowView(flow, stop_before=flow.affine_indices()[-1])
    assert len(probe.moves) == len(view.steps)
    for move, step in zip(probe.moves, view.steps):
        (start, end), *_ = endpoints(move)
        exp_start, exp_end = view.positions(step)
        np.testing.assert_allclose(start, exp_start, atol=1e-12)
        np.testing.assert_allclose(end, exp_end, atol=1e-12)


def test_spirals_claim_a_line_separates_the_last_hidden_layer():
    """The chapter ends by saying the output neuron's line separates the classes."""
    flow = load_flow(flow_path("spirals"))
    hidden = flow.last_hidden()
    assert hidden.shape[1] == 2  # drawn in the plane as is
    out = flow.output_affine()
    side = hidden @ out.W[0] + out.b[0] >= 0
    model_says = flow.trace[-1][:, 0] >= 0.5
    np.testing.assert_array_equal(side, model_says)
    assert np.mean(side == (flow.y == 1)) >= 0.99
    # ...while no line separates the raw input (measured: 80.1 %).
    assert best_line_accuracy(flow.X, flow.y) < 0.9


def best_line_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """Accuracy of a logistic-regression line fitted to X: what one neuron can do."""
    return line_accuracy(X, y)


def test_hidden_plane_claims():
    """Captions and narration of the plane-in-hidden-space chapter, checked on its model."""
    from scenes.kit.geometry import fold_shares

    flow = load_flow(flow_path("corner_relu"))
    assert best_line_accuracy(flow.X, flow.y) < 0.97  # "no straight line separates them"
    hidden = flow.last_hidden()
    assert hidden.min() >= 0  # ReLU leaves every point in the positive octant
    out = flow.output_affine()
    side = hidden @ out.W[0] + out.b[0] >= 0
    np.testing.assert_array_equal(side, flow.trace[-1][:, 0] >= 0.5)  # the plane is the model's decision
    assert flow.accuracy() >= 0.99
    # "folding points onto the octant's faces": most land on a face, the rest on an edge
    shares = fold_shares(hidden)
    assert shares["face"] > 0.5 and shares["face"] > shares["axis"] > shares["origin"]
    # "seen edge on ... every orange point on one side, every blue on the other" (narration)
    assert flow.accuracy() == 1.0


def test_3d_chapters_fill_the_frame_at_every_step_end():
    """Issue 6: at the end of every step the cloud spans at least half the frame's width or height."""
    entries = [e for e in SCENES_IN_ORDER if e.id in ("hidden-plane", "flat-plane")]
    assert len(entries) == 2
    for entry in entries:
        probe = probe_scene(scene_class(entry))
        assert probe.coverage, f"{entry.id}: no step measured"
        low = [(t, share) for t, share in probe.coverage if share < 0.5]
        assert not low, f"{entry.id}: cloud spans under half the frame at {low}"


def test_flat_plane_claims():
    flow = load_flow(flow_path("corner_linear"))
    W1, b1 = flow.stages[0].W, flow.stages[0].b
    hidden = flow.last_hidden()
    # every hidden point is b1 + x1 v1 + x2 v2 with v1, v2 the columns of W1
    np.testing.assert_allclose(hidden, b1 + flow.X[:, :1] * W1[:, 0] + flow.X[:, 1:] * W1[:, 1], atol=1e-12)
    s = np.linalg.svd(hidden - hidden.mean(axis=0), compute_uv=False)
    assert s[2] <= 1e-5 * s[0]
    # the collapse shown on screen: one linear neuron with weights W2 W1 and bias W2 b1 + b2
    out = flow.output_affine()
    logit = flow.X @ (out.W @ W1).T + (out.W @ b1 + out.b)
    np.testing.assert_allclose(logit, flow.trace[-2], atol=1e-12)
    assert flow.accuracy() < load_flow(flow_path("corner_relu")).accuracy()


def test_bottleneck_claims():
    flow = load_flow(flow_path("bottleneck"))
    hidden = flow.last_hidden()
    assert hidden.shape[1] == 2
    out = flow.output_affine()
    side = hidden @ out.W[0] + out.b[0] >= 0
    accuracy = flow.accuracy()
    assert np.mean(side == (flow.y == 1)) == accuracy >= 0.99
    assert best_line_accuracy(flow.X, flow.y) < 0.9  # the input itself is not separable
