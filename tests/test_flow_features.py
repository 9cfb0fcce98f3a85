"""The flow format's ``features`` stage (a fixed feature map of monomials): round trip, replay,
and each kind of bad file gives one clear FlowError. Old flows, without the stage, still load."""

from __future__ import annotations

import json

import numpy as np
import pytest

from contract.flow import Flow, FlowError, Stage, load_flow, monomial_names, monomials, save_flow
from contract.paths import FLOWS_DIR
from tests.test_flow_format import one_line_error, rewrite

CROSSES = np.array([[2, 0], [0, 2], [1, 1]])


def crosses_flow(n: int = 40, seed: int = 0) -> Flow:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    stages = [Stage.features(CROSSES), Stage.affine(rng.normal(size=(1, 3)), rng.normal(size=1)), Stage.act("sigmoid")]
    flow = Flow("toy", X, (X[:, 0] > 0).astype(int), stages, [], {"task": "binary", "spec_hash": "x"})
    flow.trace = flow.replay(X)
    return flow


def test_monomials_are_the_products_they_name():
    x = np.array([[2.0, 3.0], [-1.5, 0.5]])
    np.testing.assert_array_equal(monomials(x, CROSSES), [[4.0, 9.0, 6.0], [2.25, 0.25, -0.75]])
    np.testing.assert_array_equal(monomials(x, [[1, 0], [0, 1]]), x)
    assert monomial_names(CROSSES) == ["x1²", "x2²", "x1·x2"]


def test_features_stage_round_trip(tmp_path):
    flow = crosses_flow()
    path = save_flow(flow, tmp_path / "toy.npz")
    with np.load(path, allow_pickle=False) as data:
        assert data["P0"].dtype.kind == "i" and "W0" not in data.files
    back = load_flow(path)
    assert [s.kind for s in back.stages] == ["features", "affine", "activation"]
    np.testing.assert_array_equal(back.stages[0].W, CROSSES)
    assert back.widths == [2, 3, 1, 1] and back.stages[0].label == "features 2->3"
    np.testing.assert_array_equal(back.trace[1], monomials(flow.X, CROSSES))
    assert back.affine_indices() == [1]


@pytest.fixture
def saved(tmp_path):
    return save_flow(crosses_flow(), tmp_path / "toy.npz")


def test_float_exponents_are_refused(saved):
    rewrite(saved, P0=CROSSES.astype(float))
    assert "integer exponents P0" in one_line_error(saved)


def test_exponents_of_the_wrong_width(saved):
    rewrite(saved, P0=np.array([[2, 0, 1], [0, 2, 1], [1, 1, 1]]))
    assert "exponents of shape (3, 3)" in one_line_error(saved)


def test_negative_or_constant_features_are_refused(saved):
    rewrite(saved, P0=np.array([[2, 0], [0, 0], [1, 1]]))
    assert "constant feature" in one_line_error(saved)
    rewrite(saved, P0=np.array([[2, 0], [0, -1], [1, 1]]))
    assert "negative exponent" in one_line_error(saved)


def test_missing_exponents(saved):
    rewrite(saved, P0=None)
    assert "lacks the array 'P0'" in one_line_error(saved)


def test_trace_must_be_the_feature_map(saved):
    with np.load(saved) as data:
        t = data["trace1"].copy()
    rewrite(saved, trace1=t + 1e-3)
    assert "replaying the stages misses trace1" in one_line_error(saved)


def test_stage_specs_name_the_kind(saved):
    stages = json.loads(str(np.load(saved)["stages"]))
    assert stages[0] == {"kind": "features"}


@pytest.mark.parametrize("path", sorted(FLOWS_DIR.glob("*.npz")), ids=lambda p: p.stem)
def test_every_committed_flow_still_loads(path):
    load_flow(path)
