"""The flow format's additions for the first chapters: the perceptron's step activation and the
"multiclass" task (integer labels, one softmax output per class, accuracy = argmax)."""

from __future__ import annotations

import numpy as np
import pytest

from contract.activations import ACTIVATIONS, activation
from contract.flow import Flow, FlowError, Stage, load_flow, save_flow


def softmax_flow(n: int = 60, seed: int = 0) -> Flow:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    stages = [Stage.affine(W, b), Stage.act("softmax")]
    y = np.argmax(X @ W.T + b, axis=1).astype(np.int64)
    y[:6] = (y[:6] + 1) % 3  # six points deliberately wrong
    flow = Flow("toy3", X, y, stages, [], {"task": "multiclass", "spec_hash": "x"})
    flow.trace = flow.replay(X)
    return flow


def test_step_activation():
    z = np.array([-2.0, -1e-12, 0.0, 3.0])
    np.testing.assert_array_equal(activation("step")(z), [0, 0, 1, 1])
    assert "step" in ACTIVATIONS


def test_step_flow_round_trip(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 2))
    stages = [Stage.affine([[1.0, -2.0]], [0.3]), Stage.act("step")]
    flow = Flow("perc", X, (X @ [1.0, -2.0] + 0.3 >= 0).astype(np.int64), stages, [], {"task": "binary"})
    flow.trace = flow.replay(X)
    back = load_flow(save_flow(flow, tmp_path / "perc.npz"))
    assert back.stages[-1].name == "step"
    assert back.accuracy() == 1.0


def test_multiclass_round_trip_and_argmax_accuracy(tmp_path):
    flow = softmax_flow()
    back = load_flow(save_flow(flow, tmp_path / "toy3.npz"))
    assert back.task == "multiclass"
    assert back.accuracy() == pytest.approx(54 / 60)
    np.testing.assert_allclose(back.predict(flow.X).sum(axis=1), 1.0)


def test_multiclass_needs_integer_labels(tmp_path):
    flow = softmax_flow()
    flow.y = flow.y.astype(float)
    with pytest.raises(FlowError, match="multiclass flow needs integer labels"):
        save_flow(flow, tmp_path / "bad.npz")


def test_multiclass_labels_must_match_outputs(tmp_path):
    flow = softmax_flow()
    flow.y = flow.y.copy()
    flow.y[0] = 3  # only three outputs: labels 0..2
    with pytest.raises(FlowError, match=r"labels in 0\.\.2"):
        save_flow(flow, tmp_path / "bad.npz")
    assert not (tmp_path / "bad.npz").exists()
