"""The flow format: round trip, and every kind of bad file gives one clear FlowError."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from contract.activations import ACTIVATIONS, activation
from contract.flow import SCHEMA_VERSION, Flow, FlowError, Stage, load_flow, save_flow


def small_flow(width: int = 2, n: int = 50, seed: int = 0) -> Flow:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    stages = [Stage.affine(rng.normal(size=(width, 2)), rng.normal(size=width)), Stage.act("tanh"),
              Stage.affine(rng.normal(size=(1, width)), rng.normal(size=1)), Stage.act("sigmoid")]
    flow = Flow("toy", X, (X[:, 0] > 0).astype(int), stages, [], {"task": "binary", "spec_hash": "x"})
    flow.trace = flow.replay(X)
    return flow


def test_round_trip_keeps_everything(tmp_path):
    flow = small_flow()
    flow.extras["grid"] = np.arange(6.0).reshape(3, 2)
    path = save_flow(flow, tmp_path / "toy.npz")
    back = load_flow(path)
    assert back.meta["schema_version"] == SCHEMA_VERSION
    assert [s.kind for s in back.stages] == [s.kind for s in flow.stages]
    for a, b in zip(back.trace, flow.trace):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(back.extras["grid"], flow.extras["grid"])
    np.testing.assert_allclose(back.predict(flow.X), flow.trace[-1])


def rewrite(path, **changes):
    """Rewrite an npz with some arrays replaced (None deletes)."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    for key, value in changes.items():
        if value is None:
            arrays.pop(key)
        else:
            arrays[key] = value
    np.savez(path, **arrays)


def one_line_error(path) -> str:
    with pytest.raises(FlowError) as info:
        load_flow(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message or path.name in message
    return message


@pytest.fixture
def saved(tmp_path):
    return save_flow(small_flow(), tmp_path / "toy.npz")


def test_missing_file_names_the_fix(tmp_path):
    msg = one_line_error(tmp_path / "nothing.npz")
    assert "not found" in msg and "hidden-layers train nothing" in msg


def test_truncated_file(saved):
    saved.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])
    msg = one_line_error(saved)
    assert "corrupt or truncated" in msg and "git checkout" in msg


def test_garbage_file(saved):
    saved.write_bytes(b"this is not a zip file at all" * 10)
    assert "corrupt or truncated" in one_line_error(saved)


def test_wrong_schema_version(saved):
    meta = json.loads(str(np.load(saved)["meta"]))
    meta["schema_version"] = SCHEMA_VERSION + 1
    rewrite(saved, meta=np.array(json.dumps(meta)))
    assert "schema version" in one_line_error(saved)


def test_nan_in_trace(saved):
    with np.load(saved) as data:
        t = data["trace1"].copy()
    t[3, 0] = np.nan
    rewrite(saved, trace1=t)
    assert "NaN" in one_line_error(saved)


def test_nan_in_weights(saved):
    with np.load(saved) as data:
        W = data["W0"].copy()
    W[0, 0] = np.nan
    rewrite(saved, W0=W)
    assert "NaN" in one_line_error(saved)


def test_trace_that_does_not_match_stages(saved):
    with np.load(saved) as data:
        t = data["trace2"].copy()
    rewrite(saved, trace2=t + 1e-3)
    assert "replaying the stages misses trace2" in one_line_error(saved)


def test_wrong_shapes(saved):
    rewrite(saved, W0=np.zeros((2, 5)))
    assert "takes 5 inputs" in one_line_error(saved)


def test_missing_array(saved):
    rewrite(saved, trace3=None)
    assert "lacks the array 'trace3'" in one_line_error(saved)


def test_unsupported_layer(saved):
    stages = json.loads(str(np.load(saved)["stages"]))
    stages[1] = {"kind": "activation", "name": "gelu_tanh_magic", "params": {}}
    rewrite(saved, stages=np.array(json.dumps(stages)))
    assert "unsupported activation 'gelu_tanh_magic'" in one_line_error(saved)
    stages[1] = {"kind": "conv2d"}
    rewrite(saved, stages=np.array(json.dumps(stages)))
    assert "unsupported kind 'conv2d'" in one_line_error(saved)


def test_pickled_payload_is_refused(saved):
    # An object array can only be stored with pickle; load_flow never unpickles.
    rewrite(saved, y=np.array([{"a": 1}] * 50, dtype=object))
    assert "corrupt" in one_line_error(saved)


def test_save_refuses_bad_flow_and_keeps_old_file(saved):
    before = saved.read_bytes()
    bad = small_flow()
    bad.trace[1] = bad.trace[1] + 1.0
    with pytest.raises(FlowError):
        save_flow(bad, saved)
    assert saved.read_bytes() == before
    assert list(saved.parent.iterdir()) == [saved]  # no temp file left behind


def test_activations_known_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(activation("relu")(z), [0, 0, 3])
    np.testing.assert_allclose(activation("sigmoid")(np.array([0.0, 800.0, -800.0])), [0.5, 1.0, 0.0])
    np.testing.assert_allclose(activation("leaky_relu", slope=0.1)(z), [-0.2, 0, 3])
    np.testing.assert_allclose(activation("softmax")(np.array([[0.0, 0.0]])), [[0.5, 0.5]])
    assert np.all(np.isfinite(activation("elu")(np.array([-1000.0, 1000.0]))))
    with pytest.raises(ValueError, match="unknown activation"):
        activation("nope")
    assert {"relu", "tanh", "sigmoid", "identity", "leaky_relu", "elu", "softmax"} <= set(ACTIVATIONS)


def test_missing_or_wrong_task(saved):
    meta = json.loads(str(np.load(saved)["meta"]))
    meta["task"] = "clustering"
    rewrite(saved, meta=np.array(json.dumps(meta)))
    assert "task 'clustering'" in one_line_error(saved)


def test_binary_flow_needs_integer_labels(saved):
    with np.load(saved) as data:
        y = data["y"].astype(float)
    rewrite(saved, y=y)
    assert "integer labels" in one_line_error(saved)


def test_saved_file_has_ordinary_permissions(saved):
    umask = os.umask(0)
    os.umask(umask)
    assert saved.stat().st_mode & 0o777 == 0o666 & ~umask
