"""Square linear maps are animated along non-singular maps (scenes/kit/linear_path.py), on every flow."""

from __future__ import annotations

import numpy as np
import pytest

from contract.flow import load_flow
from contract.paths import FLOWS_DIR
from scenes.kit import FlowView
from scenes.kit.linear_path import cumulative_map, linear_phases

FLOWS = sorted(p.stem for p in FLOWS_DIR.glob("*.npz"))
TS = np.linspace(0, 1, 101)


def square_layers():
    """(flow name, stage index, W) for every square affine stage of every committed flow."""
    out = []
    for name in FLOWS:
        flow = load_flow(FLOWS_DIR / f"{name}.npz")
        for k in flow.affine_indices():
            W = flow.stages[k].W
            if W.shape[0] == W.shape[1] <= 3:
                out.append((name, k, W))
    return out


def smallest_singular_values(W):
    """(phase kind, smallest singular value of the drawn map) at 101 moments of every phase."""
    phases = linear_phases(W)
    return [(p.kind, np.linalg.svd(cumulative_map(phases, i, t), compute_uv=False)[-1])
            for i, p in enumerate(phases) for t in TS]


def test_there_are_square_layers_to_check():
    assert any(name == "spirals" for name, _, _ in square_layers())


@pytest.mark.parametrize("name,k,W", square_layers(), ids=lambda v: str(v) if not hasattr(v, "shape") else "W")
def test_no_linear_step_collapses_space_outside_a_labelled_flip(name, k, W):
    floor = 0.5 * min(1.0, np.linalg.svd(W, compute_uv=False)[-1])
    for kind, smallest in smallest_singular_values(W):
        if kind != "flip":
            assert smallest >= floor - 1e-12, f"{name} stage {k}: a {kind} step squeezes space to {smallest:.3g}"
    phases = linear_phases(W)
    np.testing.assert_allclose(cumulative_map(phases, len(phases) - 1, 1.0), W, atol=1e-12)
    # a flip appears exactly when W reverses orientation
    assert any(p.kind == "flip" for p in phases) == (np.linalg.det(W) < 0)


@pytest.mark.parametrize("W", [np.array([[0.0, 2.0], [3.0, 0.0]]), np.array([[-2.0, 0.1], [0.3, 0.5]]),
                               np.array([[1.0, 0.0], [0.0, -1.0]]), np.array([[-0.7]]),
                               np.diag([2.0, -1.0, 0.5]) @ np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0.0]])])
def test_phases_multiply_to_w_and_rotations_keep_lengths(W):
    phases = linear_phases(W)
    np.testing.assert_allclose(cumulative_map(phases, len(phases) - 1, 1.0), W, atol=1e-12)
    for i, p in enumerate(phases):
        np.testing.assert_allclose(p.at(0.0), np.eye(len(W)))
        if p.kind == "rotate":
            for t in TS:
                R = p.at(t)
                np.testing.assert_allclose(R.T @ R, np.eye(len(W)), atol=1e-12)
                assert np.linalg.det(R) == pytest.approx(1.0)
        if i:  # phases chain: each starts where the last one ended
            np.testing.assert_allclose(cumulative_map(phases, i, 0.0), cumulative_map(phases, i - 1, 1.0), atol=1e-12)


def test_straight_path_would_collapse_where_the_phases_do_not():
    """Why this exists: for det W < 0 the straight path (1 - t) I + t W is singular mid-step."""
    W = np.array([[-1.2, 0.4], [0.3, 0.9]])
    straight = min(np.linalg.svd((1 - t) * np.eye(2) + t * W, compute_uv=False)[-1] for t in TS)
    assert straight < 0.05
    outside_flip = [s for kind, s in smallest_singular_values(W) if kind != "flip"]
    assert min(outside_flip) >= 0.5 * min(1.0, np.linalg.svd(W, compute_uv=False)[-1])


@pytest.mark.parametrize("dims", [2, 3])
def test_phase_steps_chain_from_the_trace_to_w_x(dims):
    flow = load_flow(FLOWS_DIR / "spirals.npz")
    view = FlowView(flow, split_affine=True, stop_before=flow.affine_indices()[-1], dims=dims)
    phase_steps = [s for s in view.steps if s.phase is not None]
    assert phase_steps
    for k in {s.stage for s in phase_steps}:
        steps = [s for s in phase_steps if s.stage == k]
        emb_in, emb_out = view.embeddings[k], view.embeddings[k + 1]
        np.testing.assert_array_equal(view.positions(steps[0])[0], emb_in(flow.trace[k]))
        np.testing.assert_array_equal(view.positions(steps[-1])[1], emb_out(flow.stages[k].linear_part(flow.trace[k])))
        for a, b in zip(steps, steps[1:]):
            np.testing.assert_allclose(view.positions(a)[1], view.positions(b)[0], atol=1e-12)
        for s in steps:  # the path starts and ends on the step's endpoints
            start, end = view.positions(s)
            path = view.path(s)
            np.testing.assert_array_equal(path(0.0), start)
            np.testing.assert_array_equal(path(1.0), end)
