"""Training histories (contract/history.py, recorded by models/history.py): the committed
histories replay to their traces, end on their flows, show the loss and accuracy their replay
gives; the perceptron's is exactly the rule's updates, in order; the loader refuses a bad file
with one line; retraining reproduces them and leaves the flows as they were."""

from __future__ import annotations

import functools
import shutil

import numpy as np
import pytest

from contract.flow import Flow, load_flow
from contract.history import (HISTORY_TOLERANCE, History, HistoryError, history_path, load_history, log_steps,
                              replay_accuracy, replay_loss, save_history, split_time)
from contract.paths import flow_path
from models.registry import HISTORIES
from tests.retraining import expected_drift

NAMES = sorted(HISTORIES)
SAME_LOSS_CURVE = 0.01  # another float path: largest loss difference, as a share of the curve's range
SAME_ACCURACY_CURVE = 0.01  # and accuracy within one point at every checkpoint


@functools.lru_cache(maxsize=None)
def committed(name: str) -> tuple[Flow, History]:
    f = load_flow(flow_path(name))
    return f, load_history(history_path(name), f)


# ----------------------------------------------------------------------------- the committed histories


@pytest.mark.parametrize("name", NAMES)
def test_every_checkpoint_replays_to_its_stored_trace(name):
    f, h = committed(name)
    for c in range(len(h)):
        replayed = h.replay(f, c, h.traced(f))  # every point, or the ones whose torch traces are kept
        for j in range(1, len(replayed)):
            assert np.max(np.abs(replayed[j] - h.traces[j - 1][c])) <= 1e-9, (c, j)


@pytest.mark.parametrize("name", NAMES)
def test_last_checkpoint_is_the_flow_exactly(name):
    f, h = committed(name)
    for i in f.affine_indices():
        np.testing.assert_array_equal(h.weights[i][0][-1], f.stages[i].W)
        np.testing.assert_array_equal(h.weights[i][1][-1], f.stages[i].b)
    keep = slice(None) if h.trace_points is None else h.trace_points
    for j in range(1, len(f.trace)):
        np.testing.assert_array_equal(h.traces[j - 1][-1], f.trace[j][keep])
    assert h.accuracy[-1] == f.meta["accuracy"]


@pytest.mark.parametrize("name", NAMES)
def test_loss_and_accuracy_are_the_replays(name):
    f, h = committed(name)
    for c in range(len(h)):
        replayed = h.replay(f, c)
        assert abs(h.loss[c] - replay_loss(f, replayed, h.meta["loss"])) <= 1e-12
        assert h.accuracy[c] == replay_accuracy(f, replayed)
    if HISTORIES[name] is not None:  # gradient descent: the loss falls overall
        assert h.loss[-1] < 0.1 * h.loss[0]


@pytest.mark.parametrize("name", ["sigmoid_neuron", "spirals"])
def test_gradient_descent_history_is_log_spaced_over_the_whole_run(name):
    f, h = committed(name)
    assert 60 <= len(h) <= 120
    assert h.steps[0] == 0 and h.steps[-1] == f.meta["steps"]
    np.testing.assert_array_equal(h.steps[:20], np.arange(20))  # every early step
    gaps = np.diff(h.steps)
    ratios = np.diff(np.log(h.steps[40:]))  # past the whole numbers: evenly spaced in log (rounding aside)
    assert gaps[-1] > 50 and ratios.max() < 1.5 * ratios.min()


def test_perceptron_history_is_the_rules_updates_in_order():
    """Replays Rosenblatt's rule independently (numpy, the trainer's shuffled order from torch's
    generator): every update, which point, which sign, the weights after it, in order."""
    import torch

    from models.registry import get_spec

    f, h = committed("perceptron")
    spec = get_spec("perceptron")
    X, y, eta = f.X, f.y, spec.lr
    w, b = np.zeros(2), 0.0
    updates = [(0, -1, 0, w.copy(), b)]
    gen = torch.Generator().manual_seed(spec.seed)
    visits = 0
    for _ in range(spec.steps):
        for i in torch.randperm(len(X), generator=gen).tolist():
            visits += 1
            error = y[i] - (1 if X[i] @ w + b >= 0 else 0)
            if error:
                w = w + eta * error * X[i]
                b = b + eta * error
                updates.append((visits, i, error, w.copy(), b))
    assert len(updates) == len(h) >= 2
    for c, (visit, point, sign, w_c, b_c) in enumerate(updates):
        assert (h.steps[c], h.extras["point"][c], h.extras["sign"][c]) == (visit, point, sign)
        np.testing.assert_allclose(h.weights[0][0][c, 0], w_c, rtol=0, atol=1e-15)
        np.testing.assert_allclose(h.weights[0][1][c, 0], b_c, rtol=0, atol=1e-15)
        if c:  # the rule: w <- w + eta (y - yhat) x, b <- b + eta (y - yhat), yhat wrong before it
            before = h.weights[0][0][c - 1, 0] @ X[point] + h.weights[0][1][c - 1, 0]
            assert (before >= 0) != (y[point] == 1)
    assert h.accuracy[-1] == 1.0 and h.accuracy[0] < 1.0


# ----------------------------------------------------------------------------- maths


@pytest.mark.parametrize("total,count", [(1500, 100), (4000, 80), (10, 100), (1, 2), (100000, 120)])
def test_log_steps(total, count):
    s = log_steps(total, count)
    assert s[0] == 0 and s[-1] == total and np.all(np.diff(s) > 0)
    assert len(s) == min(count, total + 1)


def test_split_time_and_interpolation_are_exact_at_checkpoints():
    f, h = committed("sigmoid_neuron")
    k = len(h)
    assert split_time(0, k) == (0, 0.0) and split_time(k - 1, k) == (k - 1, 0.0)
    assert split_time(3.25, k) == (3, 0.25)
    with pytest.raises(ValueError):
        split_time(k - 0.5, k)
    for c in (0, 1, 17, k - 1):
        stage = h.stages_between(f, float(c))[0]
        np.testing.assert_array_equal(stage.W, h.weights[0][0][c])  # that checkpoint's bits, not a sum
        np.testing.assert_array_equal(stage.b, h.weights[0][1][c])
        np.testing.assert_array_equal(h.predict_between(f, c, f.X), h.replay(f, c)[-1])  # its replay, exactly
    mid = h.stages_between(f, 4.5)[0]
    np.testing.assert_allclose(mid.W, 0.5 * (h.weights[0][0][4] + h.weights[0][0][5]), atol=1e-15)


# ----------------------------------------------------------------------------- the loader


def one_line(exc: pytest.ExceptionInfo, *needles: str) -> None:
    message = str(exc.value)
    assert "\n" not in message and "hidden-layers train" in message, message
    for needle in needles:
        assert needle in message, message


@pytest.fixture
def copied(tmp_path):
    f, _ = committed("sigmoid_neuron")
    path = tmp_path / "sigmoid_neuron.npz"
    shutil.copy(history_path("sigmoid_neuron"), path)
    return f, path


def arrays_of(path):
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def test_loader_rejects_a_truncated_file(copied):
    f, path = copied
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(HistoryError) as exc:
        load_history(path, f)
    one_line(exc, "corrupt or truncated")


def test_loader_rejects_a_missing_file(tmp_path):
    f, _ = committed("sigmoid_neuron")
    with pytest.raises(HistoryError) as exc:
        load_history(tmp_path / "sigmoid_neuron.npz", f)
    one_line(exc, "not found")


@pytest.mark.parametrize("key,where", [("loss", 3), ("W0", (5, 0, 1)), ("trace2", (7, 4, 0))])
def test_loader_rejects_nan(copied, key, where):
    f, path = copied
    arrays = arrays_of(path)
    arrays[key][where] = np.nan
    np.savez_compressed(path, **arrays)
    with pytest.raises(HistoryError) as exc:
        load_history(path, f)
    one_line(exc, "NaN")


def test_loader_rejects_a_history_cut_short(copied):
    f, path = copied
    arrays = arrays_of(path)
    arrays["loss"] = arrays["loss"][:-10]
    np.savez_compressed(path, **arrays)
    with pytest.raises(HistoryError) as exc:
        load_history(path, f)
    one_line(exc, "loss has shape")


def test_loader_rejects_another_flows_history(copied):
    _, path = copied
    perceptron, _ = committed("perceptron")
    with pytest.raises(HistoryError) as exc:
        load_history(path, perceptron)
    one_line(exc)


def test_loader_rejects_a_history_that_does_not_end_on_the_flow(copied):
    f, path = copied
    arrays = arrays_of(path)
    arrays["W0"][-1, 0, 0] += 1e-12
    np.savez_compressed(path, **arrays)
    with pytest.raises(HistoryError) as exc:
        load_history(path, f)
    one_line(exc, "differ from the flow's weights")


@pytest.mark.parametrize("key", ["W0", "loss", "accuracy"])
def test_loader_rejects_a_checkpoint_its_replay_disagrees_with(copied, key):
    f, path = copied
    arrays = arrays_of(path)
    arrays[key][10] += 1e-6 if key != "W0" else np.array([[1e-6, 0.0]])
    np.savez_compressed(path, **arrays)
    with pytest.raises(HistoryError) as exc:
        load_history(path, f)
    one_line(exc, "checkpoint 10")


def test_spirals_history_keeps_a_sample_of_traces_and_stays_small():
    """1,000 points after 10 stages at 100 checkpoints would be ~16 MB: the file keeps the weights,
    loss and accuracy, and torch's traces of every 20th point; every point is replayed."""
    f, h = committed("spirals")
    assert history_path("spirals").stat().st_size < 2_000_000
    np.testing.assert_array_equal(h.trace_points, np.arange(0, len(f.X), 20))
    assert all(t.shape[:2] == (len(h), 50) for t in h.traces)


def test_loader_rejects_sampled_traces_of_other_points(tmp_path):
    f, _ = committed("spirals")
    path = tmp_path / "spirals.npz"
    shutil.copy(history_path("spirals"), path)
    arrays = arrays_of(path)
    arrays["trace_points"] = arrays["trace_points"] + 1  # the same traces said to be of the next points
    np.savez_compressed(path, **arrays)
    with pytest.raises(HistoryError) as exc:
        load_history(path, f)
    one_line(exc, "replays trace1")


def test_a_bad_history_is_never_written(tmp_path):
    f, h = committed("sigmoid_neuron")
    bad = History(h.name, h.steps, dict(h.weights), h.traces, h.loss.copy(), h.accuracy, h.meta)
    bad.loss[0] = np.nan
    with pytest.raises(HistoryError):
        save_history(bad, f, tmp_path / "x.npz")
    assert not (tmp_path / "x.npz").exists()


# ----------------------------------------------------------------------------- retraining


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_retraining_reproduces_the_history_and_keeps_the_flow(name, tmp_path):
    """Recording reads the net and never changes it: the flow of a recorded run is the committed
    one, bit for bit, and two runs record the same history, bit for bit."""
    from models.train import train_and_export, train_flow, train_flow_and_history

    flow_a, hist_a = train_flow_and_history(name)
    flow_b, hist_b = train_flow_and_history(name)
    plain = train_flow(name)
    for i in flow_a.affine_indices():
        np.testing.assert_array_equal(flow_a.stages[i].W, plain.stages[i].W)
        np.testing.assert_array_equal(flow_a.stages[i].b, plain.stages[i].b)
    for key in ("steps", "loss", "accuracy"):
        np.testing.assert_array_equal(getattr(hist_a, key), getattr(hist_b, key))
    for i in hist_a.weights:
        np.testing.assert_array_equal(hist_a.weights[i][0], hist_b.weights[i][0])
    # and against the committed files, written the way `hidden-layers train` writes them: byte
    # for byte on the float path that trained them (tests/retraining.py)
    train_and_export(name, flows_dir=tmp_path)
    mine_flow = tmp_path / f"{name}.npz"
    if (mine_flow.read_bytes() == flow_path(name).read_bytes()
            and history_path(name, tmp_path).read_bytes() == history_path(name).read_bytes()):
        return
    # on another float path the sums round differently: the run must tell the committed one's story
    theirs = committed(name)[1]
    mine = load_history(history_path(name, tmp_path), load_flow(mine_flow))
    np.testing.assert_array_equal(mine.steps, theirs.steps)
    loss_gap = float(np.max(np.abs(mine.loss - theirs.loss)) / max(float(np.ptp(theirs.loss)), 1e-12))
    accuracy_gap = float(np.max(np.abs(mine.accuracy - theirs.accuracy)))
    if loss_gap > SAME_LOSS_CURVE or accuracy_gap > SAME_ACCURACY_CURVE:
        expected_drift(name, f"the retrained history's loss is {loss_gap:.2%} of its range off the committed "
                             f"one and its accuracy up to {accuracy_gap:.1%}")


def test_list_shows_which_models_have_a_history(tmp_path):
    import os
    import subprocess
    import sys

    from contract.paths import FLOWS_DIR, REPO_ROOT

    flows = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, flows)

    def listing() -> dict[str, str]:
        out = subprocess.run([sys.executable, "-m", "hidden_layers", "--flows", str(flows), "list"], cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "COLUMNS": "300", "PYTHONPATH": str(REPO_ROOT)}).stdout
        rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
        models = {}
        for row in rows:  # the models table comes first; the scenes table reuses some names
            if len(row) == 5 and row[0] not in models:
                models[row[0]] = row[3]
        return models

    rows = listing()
    assert rows["perceptron"] == f"{len(committed('perceptron')[1])} checkpoints"
    assert rows["sigmoid_neuron"] == f"{len(committed('sigmoid_neuron')[1])} checkpoints"
    assert rows["spirals"] == f"{len(committed('spirals')[1])} checkpoints"
    assert rows["bottleneck"] == "-"
    damaged = history_path("sigmoid_neuron", flows)
    damaged.write_bytes(damaged.read_bytes()[:100])
    history_path("perceptron", flows).unlink()
    rows = listing()
    assert rows["sigmoid_neuron"].startswith("invalid") and rows["perceptron"] == "missing: run train"
