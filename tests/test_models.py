"""models/: the data sets, the trained models and their exported flows.

Every claim a scene makes about a model (accuracy, rank, separation, the ReLU pieces, the fit
error) is recomputed here from the committed flow and from torch, never read from metadata
alone. Tests marked ``slow`` retrain models from scratch (a few seconds each, one thread).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from contract.activations import ACTIVATIONS
from contract.flow import Flow, load_flow
from contract.paths import FLOWS_DIR, flow_path
from models import datasets
from models.nets import MLP, TORCH_ACTIVATIONS
from models.registry import MODELS, get_spec
from models.train import DENSE_POINTS, train, train_flow
from tests.retraining import expected_drift

FLOW_FILES = sorted(FLOWS_DIR.glob("*.npz"))
FLOW_NAMES = [p.stem for p in FLOW_FILES]
REPLAY_TOL = 1e-5  # numpy replay against torch
RETRAIN_ATOL = 1e-6  # retrained weights against the committed ones, on the same float path
# torch promises identical floats only on one platform. On another CPU (measured 2026-12-01: an
# AVX-512 Xeon against the machine that trained the committed flows) the long Adam runs drift:
# spirals' weights by 0.66, parabola_relu400's by 2.5e-2, with every MKL_CBWR and
# ATEN_CPU_CAPABILITY setting tried. What the models do still agrees (spirals: 99.9 % same labels,
# accuracy 99.4 against 99.5 %; parabola_relu10: curves within 0.36 % of the range), so across
# machines that is what retraining must reproduce. Identical weights from one seed on one machine
# are test_training_twice_with_one_seed_gives_identical_weights.
SAME_LABELS = 0.99  # share of the data given the same class
SAME_ACCURACY = 0.01  # accuracy within one point
SAME_CURVE = 0.01  # regression: largest difference on the data, as a share of the output range


@functools.lru_cache(maxsize=None)
def flow(name: str) -> Flow:
    return load_flow(flow_path(name))


@functools.lru_cache(maxsize=None)
def retrained(name: str) -> Flow:
    return train_flow(name)


def affine_weights(f: Flow) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(f.stages[i].W, f.stages[i].b) for i in f.affine_indices()]


def torch_net(f: Flow) -> MLP:
    """The torch MLP rebuilt from a flow's architecture and weights."""
    arch = f.meta["architecture"]
    net = MLP(arch["widths"], arch["hidden"], f.meta.get("features", ())).double()
    weights = affine_weights(f)
    assert len(weights) == len(net.layers)
    with torch.no_grad():
        for layer, (W, b) in zip(net.layers, weights):
            layer.weight.copy_(torch.as_tensor(W))
            layer.bias.copy_(torch.as_tensor(b))
    return net


def link_name(name: str) -> str | None:
    """The output link the registry's spec implies: step for a perceptron, sigmoid for other
    binary models, softmax for multiclass ones, none for regression."""
    spec = get_spec(name)
    if spec.task == "binary":
        return "step" if spec.trainer == "perceptron" else "sigmoid"
    return "softmax" if spec.task == "multiclass" else None


def torch_output(f: Flow, x: np.ndarray) -> np.ndarray:
    """The torch model's output for x, with the task's link (sigmoid for binary)."""
    with torch.no_grad():
        out = torch_net(f)(torch.as_tensor(x, dtype=torch.float64))
        link = link_name(f.name)
        if link == "sigmoid":
            out = torch.sigmoid(out)
        elif link == "step":
            out = torch.heaviside(out, torch.ones((), dtype=out.dtype))
        elif link == "softmax":
            out = torch.softmax(out, dim=1)
    return out.numpy()


def predicted_labels(f: Flow, X: np.ndarray) -> np.ndarray:
    """The class the numpy replay of the stages gives each point (binary: p >= 0.5)."""
    p = f.predict(X)
    return np.argmax(p, axis=1) if f.task == "multiclass" else (p[:, 0] >= 0.5)


def accuracy(f: Flow) -> float:
    """Recomputed from the numpy replay of the stages, not from the trace or metadata."""
    truth = f.y if f.task == "multiclass" else (f.y == 1)
    return float(np.mean(predicted_labels(f, f.X) == truth))


def dense_x() -> np.ndarray:
    """The dense grid of [0, 1] regression fits are judged on."""
    return np.linspace(0.0, 1.0, 1001)


def best_line_accuracy(X: np.ndarray, y: np.ndarray, directions: int = 1440) -> float:
    """The best accuracy any line reaches on 2-D data (searched over directions and offsets)."""
    best = 0.0
    n1 = int(np.sum(y == 1))
    for angle in np.linspace(0, np.pi, directions, endpoint=False):
        proj = X @ np.array([np.cos(angle), np.sin(angle)])
        order = np.argsort(proj)
        ys = y[order] == 1
        ones_left = np.concatenate([[0], np.cumsum(ys)])  # class 1 among the first k points
        k = np.arange(len(ys) + 1)
        # class 0 left of the cut and class 1 right, or the other way round
        right = (k - ones_left) + (n1 - ones_left)
        best = max(best, right.max() / len(ys), (len(ys) - right).max() / len(ys))
    return float(best)


def relu_units(f: Flow) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    (W1, b1), (W2, b2) = affine_weights(f)
    return W1[:, 0], b1, W2[0], float(b2[0])


# ----------------------------------------------------------------------------- the flow files


def test_every_model_has_a_committed_flow_and_every_flow_a_model():
    assert set(FLOW_NAMES) == set(MODELS)


@pytest.mark.parametrize("name", FLOW_NAMES)
def test_flow_loads_and_numpy_replay_matches_torch(name):
    f = flow(name)  # load_flow also checks replay against the stored trace
    arch = f.meta["architecture"]
    stage_names = [s.kind if s.kind != "activation" else s.name for s in f.stages]
    expected = [s.kind if s.kind != "activation" else s.name for s in torch_net(f).stages()]
    if link_name(name):
        expected.append(link_name(name))
    assert stage_names == expected
    with torch.no_grad():
        torch_trace = [t.numpy() for t in torch_net(f).trace(torch.as_tensor(f.X, dtype=torch.float64))]
    replay = f.replay(f.X)
    for i, t in enumerate(torch_trace):  # every stage, not only the output
        assert np.max(np.abs(t - replay[i])) <= REPLAY_TOL, f"{name}: stage {i} misses torch"
    assert arch["widths"][0] == f.X.shape[1] and f.widths[-1] == arch["widths"][-1]
    err = np.max(np.abs(torch_output(f, f.X) - f.predict(f.X)))
    assert err <= REPLAY_TOL, f"{name}: numpy replay misses torch by {err:.2e}"
    # also away from the training points: a grid over the data's box
    lo, hi = f.X.min(axis=0), f.X.max(axis=0)
    grid = np.random.default_rng(0).uniform(lo - 0.5, hi + 0.5, size=(500, f.X.shape[1]))
    assert np.max(np.abs(torch_output(f, grid) - f.predict(grid))) <= REPLAY_TOL


@pytest.mark.parametrize("name", FLOW_NAMES)
def test_flow_is_current(name):
    spec = get_spec(name)
    meta = flow(name).meta
    assert meta["spec_hash"] == spec.spec_hash(), f"assets/flows/{name}.npz is stale: retrain {name}"
    assert meta["architecture"] == {"widths": list(spec.widths), "hidden": spec.hidden}
    assert (meta["seed"], meta["steps"], meta["optimizer"]["lr"], meta["init"]) == (
        spec.seed, spec.steps, spec.lr, spec.init)


@pytest.mark.parametrize("name", FLOW_NAMES)
def test_flow_holds_the_registry_data_and_is_small(name):
    f, spec = flow(name), get_spec(name)
    X, y = datasets.make_dataset(spec.dataset, **spec.dataset_params)
    np.testing.assert_array_equal(f.X, X)
    np.testing.assert_array_equal(f.y, y)
    # small enough for git; the 5-class example keeps a 100-wide layer's trace for 1,000 points
    assert flow_path(name).stat().st_size < (2_000_000 if name == "spirals5" else 1_000_000)


@pytest.mark.parametrize("name", FLOW_NAMES)
def test_meta_numbers_equal_what_the_weights_give(name):
    f = flow(name)
    meta = f.meta
    out = f.predict(f.X)[:, 0]
    if link_name(name) == "step":  # the perceptron rule's "loss" is the share of points wrong
        assert meta["accuracy"] == pytest.approx(accuracy(f), abs=1e-12)
        assert meta["final_loss"] == pytest.approx(1 - accuracy(f), abs=1e-12)
    elif f.task == "multiclass":
        assert meta["accuracy"] == pytest.approx(accuracy(f), abs=1e-12)
        Z = f.trace[-2]  # logits
        ce = np.mean(np.logaddexp.reduce(Z, axis=1) - Z[np.arange(len(Z)), f.y])
        assert meta["final_loss"] == pytest.approx(ce, rel=1e-9)
    elif f.task == "binary":
        assert meta["accuracy"] == pytest.approx(accuracy(f), abs=1e-12)
        z = f.trace[-2][:, 0]  # logits
        bce = np.mean(np.logaddexp(0.0, z) - f.y * z)
        assert meta["final_loss"] == pytest.approx(bce, rel=1e-9)
    else:
        err = out - f.y
        assert meta["mse"] == pytest.approx(np.mean(err**2), rel=1e-9)
        assert meta["final_loss"] == pytest.approx(np.mean(err**2), rel=1e-9)
        assert meta["max_abs_error"] == pytest.approx(np.max(np.abs(err)), rel=1e-9)
        x = dense_x()
        dense_err = f.predict(x[:, None])[:, 0] - datasets.TARGETS[get_spec(name).dataset](x)
        assert meta["dense_grid"] == {"start": 0.0, "stop": 1.0, "n": DENSE_POINTS} and DENSE_POINTS == 1001
        assert meta["dense_max_abs_error"] == pytest.approx(np.max(np.abs(dense_err)), rel=1e-9)
        assert meta["dense_mse"] == pytest.approx(np.mean(dense_err**2), rel=1e-9)


# ----------------------------------------------------------------------------- training


def test_training_twice_with_one_seed_gives_identical_weights():
    spec = get_spec("corner_relu")
    nets = [train(spec)[0] for _ in range(2)]
    for p, q in zip(nets[0].parameters(), nets[1].parameters()):
        assert torch.equal(p, q)
    other = train(dataclasses.replace(spec, seed=spec.seed + 1))[0]
    assert not torch.equal(next(other.parameters()), next(nets[0].parameters()))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(MODELS))
def test_retraining_reproduces_the_committed_model(name):
    """Exactly where this machine's float path is the one that trained the flows; elsewhere the
    retrained model must do what the committed one does (see SAME_LABELS)."""
    mine, committed = retrained(name), flow(name)
    assert mine.meta["spec_hash"] == committed.meta["spec_hash"]
    assert [(W.shape, b.shape) for W, b in affine_weights(mine)] == \
           [(W.shape, b.shape) for W, b in affine_weights(committed)]
    diffs = [float(np.max(np.abs(a - b)))
             for (Wa, ba), (Wb, bb) in zip(affine_weights(mine), affine_weights(committed))
             for a, b in ((Wa, Wb), (ba, bb))]
    if max(diffs) <= RETRAIN_ATOL:  # the same float path: the same weights and the same figures
        for key in ("accuracy", "final_loss", "dense_max_abs_error"):
            if key in committed.meta:
                assert mine.meta[key] == pytest.approx(committed.meta[key], rel=1e-6, abs=1e-12)
        return
    X = committed.X
    if committed.task == "regression":
        ours, theirs = np.ravel(mine.predict(X)), np.ravel(committed.predict(X))
        gap = float(np.max(np.abs(ours - theirs)) / np.ptp(theirs))
        assert gap <= SAME_CURVE, f"{name}: the retrained curve is {gap:.2%} of the range off the committed one"
    else:
        same = float(np.mean(predicted_labels(mine, X) == predicted_labels(committed, X)))
        gap = abs(mine.meta["accuracy"] - committed.meta["accuracy"])
        if same < SAME_LABELS or gap > SAME_ACCURACY:
            expected_drift(name, f"retrained and committed agree on {same:.1%} of the points, accuracy "
                                 f"{mine.meta['accuracy']:.1%} against {committed.meta['accuracy']:.1%}")


# ----------------------------------------------------------------------------- chapter 6: spirals


def test_spirals_reach_99_percent():
    f = flow("spirals")
    assert accuracy(f) >= 0.99
    assert f.meta["accuracy"] == pytest.approx(accuracy(f), abs=1e-12)
    assert all(w == 2 for w in f.meta["architecture"]["widths"][1:-1])  # every layer drawable in 2-D


# ----------------------------------------------------------------------------- chapters 4-5: the corner


def test_corner_relu_separates_the_corner():
    f = flow("corner_relu")
    acc = accuracy(f)
    assert acc >= 0.99
    assert acc > best_line_accuracy(f.X, f.y) + 0.03  # beyond what any line in the input can do


def test_the_output_plane_in_hidden_space_classifies_as_the_model_does():
    f = flow("corner_relu")
    H = f.last_hidden()  # after ReLU
    assert H.shape[1] == 3 and np.all(H >= 0)  # on the faces of the positive octant or inside it
    W, b = f.output_affine().W[0], f.output_affine().b[0]
    plane_side = H @ W + b >= 0
    model_says = f.predict(f.X)[:, 0] >= 0.5
    np.testing.assert_array_equal(plane_side, model_says)
    assert np.mean(plane_side == (f.y == 1)) == pytest.approx(f.meta["accuracy"], abs=1e-12)
    # the ReLU points really fill 3-D (unlike the linear net's)
    s = np.linalg.svd(H - H.mean(axis=0), compute_uv=False)
    assert s[2] / s[0] > 0.05


def test_corner_linear_is_trained_the_same_way_and_does_worse():
    relu, linear = get_spec("corner_relu"), get_spec("corner_linear")
    # the same recipe; only the seed differs (chosen so the plane of hidden points is not a sliver)
    assert dataclasses.replace(linear, name=relu.name, description=relu.description, hidden=relu.hidden,
                               seed=relu.seed) == relu
    assert linear.hidden == "identity"
    acc_linear, acc_relu = accuracy(flow("corner_linear")), accuracy(flow("corner_relu"))
    assert acc_linear < acc_relu
    # a linear net is a line in the input plane: it cannot beat the best line
    assert acc_linear <= best_line_accuracy(flow("corner_linear").X, flow("corner_linear").y) + 0.005


def test_corner_relu_keeps_both_classes_off_the_origin_and_off_the_axes():
    """Issue 6: the picture needs points spread over the octant's faces, not piled at a = 0."""
    from scenes.kit.geometry import fold_shares

    f = flow("corner_relu")
    for label in (0, 1):
        H = f.last_hidden()[f.y == label]
        shares = fold_shares(H)
        assert shares["origin"] <= 0.10
        on_one_axis = max(np.mean((np.sum(H > 0, axis=1) == 1) & (H[:, k] > 0)) for k in range(3))
        assert on_one_axis <= 0.60


def test_corner_linear_plane_of_hidden_points_is_not_a_sliver():
    H = flow("corner_linear").last_hidden()
    s = np.linalg.svd(H - H.mean(axis=0), compute_uv=False)
    assert s[1] / s[0] >= 0.25


def test_corner_linear_hidden_points_lie_on_a_plane_spanned_by_the_weight_columns():
    f = flow("corner_linear")
    H = f.last_hidden()  # what the output layer receives, after the (identity) activation
    np.testing.assert_array_equal(H, f.trace[1])  # the same as right after the first affine stage
    s = np.linalg.svd(H - H.mean(axis=0), compute_uv=False)
    assert H.shape[1] == 3
    assert s[2] / s[0] <= 1e-5, f"rank figure s3/s1 = {s[2] / s[0]:.2e}"
    (W1, b1), (W2, b2) = affine_weights(f)
    v = W1  # columns v1, v2
    coef, *_ = np.linalg.lstsq(v, (H - b1).T, rcond=None)
    assert np.max(np.abs(v @ coef - (H - b1).T)) <= 1e-9
    # stacked linear layers collapse into one: sigmoid(x . (W2 W1) + W2 b1 + b2)
    z = f.X @ (W2 @ W1).T + (W2 @ b1 + b2)
    np.testing.assert_allclose(1 / (1 + np.exp(-z)), f.predict(f.X), atol=1e-12)


# ----------------------------------------------------------------------------- chapter 7: bottleneck


def test_bottleneck_layer_is_separated_by_the_output_line():
    f = flow("bottleneck")
    assert f.meta["architecture"]["widths"][-2] == 2
    assert len(f.meta["architecture"]["widths"]) >= 4  # wider layers before the bottleneck
    assert best_line_accuracy(f.X, f.y) < 0.9  # no line separates the input (the best gets 84 %)
    A = f.last_hidden()
    assert A.shape[1] == 2
    W, b = f.output_affine().W[0], f.output_affine().b[0]
    line_side = A @ W + b >= 0
    np.testing.assert_array_equal(line_side, f.predict(f.X)[:, 0] >= 0.5)
    line_acc = float(np.mean(line_side == (f.y == 1)))
    assert line_acc == pytest.approx(accuracy(f), abs=1e-12) and line_acc >= 0.99
    assert line_acc == pytest.approx(f.meta["accuracy"], abs=1e-12)
    # the output is logistic regression on the two activations
    np.testing.assert_allclose(1 / (1 + np.exp(-(A @ W + b))), f.predict(f.X)[:, 0], atol=1e-12)


# ----------------------------------------------------------------------------- chapter 8: regression


@pytest.mark.parametrize("name", ["parabola_linear", "parabola_linear_hidden"])
def test_linear_regression_models_are_a_line_c_plus_dx(name):
    f = flow(name)
    x = dense_x()
    out = f.predict(x[:, None])[:, 0]
    assert np.max(np.abs(np.diff(out, 2))) <= 1e-12  # second differences of a line vanish
    c, d = np.zeros(1), np.eye(1)  # collapse the affine stages: out = c + d x
    for W, b in affine_weights(f):
        c, d = W @ c + b, W @ d
    np.testing.assert_allclose(out, c[0] + d[0, 0] * x, atol=1e-12)
    # and with MSE it is least-squares linear regression
    slope, intercept = np.polyfit(f.X[:, 0], f.y, 1)
    assert abs(d[0, 0] - slope) <= 1e-6 and abs(c[0] - intercept) <= 1e-6


def test_linear_hidden_layer_really_has_ten_identity_units():
    f = flow("parabola_linear_hidden")
    assert f.meta["architecture"] == {"widths": [1, 10, 1], "hidden": "identity"}
    assert flow("parabola_linear").meta["architecture"]["widths"] == [1, 1]


def test_relu10_is_a_real_fit():
    f = flow("parabola_relu10")
    x = dense_x()
    err = np.max(np.abs(f.predict(x[:, None])[:, 0] - datasets.parabola_target(x)))
    assert err <= 0.01, f"dense max error {err:.4f}"
    assert err < flow("parabola_linear").meta["dense_max_abs_error"] / 10


def test_relu10_units_are_active_with_kinks_inside_the_interval():
    f = flow("parabola_relu10")
    w1, b1, w2, _ = relu_units(f)
    assert len(w1) == 10
    kinks = -b1 / w1
    bend = np.abs(w1 * w2)  # the change of slope a unit adds to the output at its kink
    active = (kinks >= 0) & (kinks <= 1) & (bend >= 0.02)
    assert active.sum() >= 8, f"only {active.sum()} active units; kinks {np.round(kinks, 3)}"


def test_relu10_pieces_plus_output_bias_equal_the_network_output():
    f = flow("parabola_relu10")
    w1, b1, w2, b2 = relu_units(f)
    x = dense_x()
    pieces = w2[None, :] * np.maximum(w1[None, :] * x[:, None] + b1[None, :], 0.0)
    total = pieces.sum(axis=1) + b2
    assert np.max(np.abs(total - f.predict(x[:, None])[:, 0])) <= 1e-5
    assert np.max(np.abs(total - torch_output(f, x[:, None])[:, 0])) <= 1e-5


def test_relu400_fits_better_than_relu10():
    x = np.linspace(0, 1, 1001)
    errs = {name: np.max(np.abs(flow(name).predict(x[:, None])[:, 0] - datasets.parabola_target(x)))
            for name in ("parabola_relu10", "parabola_relu400")}
    assert errs["parabola_relu400"] < errs["parabola_relu10"]
    assert flow("parabola_relu400").meta["architecture"]["widths"] == [1, 400, 1]


# ----------------------------------------------------------------------------- activations


@pytest.mark.parametrize("name", sorted(TORCH_ACTIVATIONS))
def test_torch_and_numpy_activations_agree(name):
    z = np.linspace(-6, 6, 241)
    with torch.no_grad():
        theirs = TORCH_ACTIVATIONS[name]()(torch.as_tensor(z)).numpy()
    np.testing.assert_allclose(ACTIVATIONS[name](z), theirs, atol=1e-12)


# ----------------------------------------------------------------------------- data sets

SEEDED = ["spirals", "corner", "circles", "xor", "blobs"]


@pytest.mark.parametrize("name", SEEDED)
def test_seeded_generators_repeat_and_seeds_differ(name):
    X1, y1 = datasets.make_dataset(name, seed=3)
    X2, y2 = datasets.make_dataset(name, seed=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = datasets.make_dataset(name, seed=4)
    assert X3.shape != X1.shape or not np.array_equal(X1, X3)
    assert X1.dtype == np.float64 and y1.dtype == np.int64 and X1.ndim == 2 and len(X1) == len(y1)


def test_unknown_dataset_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown data set"):
        datasets.make_dataset("moons")


def test_spirals_shape_balance_and_geometry():
    X, y = datasets.spirals(n=1000, turns=1.0, noise=0.0, seed=0)
    assert X.shape == (1000, 2) and np.bincount(y).tolist() == [500, 500]
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() >= 0.08 - 1e-12 and r.max() <= 1 + 1e-12
    # arm k sits at angle 2 pi turns r + k pi
    residual = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - 2 * np.pi * r - y * np.pi)))
    assert np.max(np.abs(residual)) < 1e-9


def test_circles_shape_balance_and_geometry():
    X, y = datasets.circles(n=800, ratio=0.5, noise=0.0, seed=0)
    assert X.shape == (800, 2) and np.bincount(y).tolist() == [400, 400]
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() <= 0.4 + 1e-12 and r[y == 0].min() >= 0.6 - 1e-12 and r.max() <= 1 + 1e-12


def test_corner_labels_follow_the_l_shape_before_standardizing():
    n = 1550
    raw, y = datasets.corner_raw(n=n, seed=0)
    X, y2 = datasets.corner(n=n, seed=0)
    np.testing.assert_array_equal(y, y2)
    np.testing.assert_allclose(X, datasets.standardize(raw))
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1)
    assert np.all((raw >= 0) & (raw <= 4))
    in_l = (raw[:, 0] >= 3) | (raw[:, 1] >= 3)
    in_square = (raw[:, 0] <= 2.3) & (raw[:, 1] <= 2.3)
    assert np.all(in_l[y == 1]) and np.all(in_square[y == 0])
    # rejection sampling keeps about n * area / 16 of each class
    for label, area in ((1, 16 - 9), (0, 2.3**2)):
        p = area / 16
        assert abs(np.sum(y == label) - n * p) < 5 * math.sqrt(n * p * (1 - p))


def test_xor_and_blobs_labels():
    X, y = datasets.xor(n=800, seed=0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))
    assert np.abs(X).min() > 0.05 and 0.4 < y.mean() < 0.6
    X, y = datasets.blobs(n=600, seed=0)
    assert X.shape == (600, 2) and set(np.unique(y)) == {0, 1, 2}
    assert np.bincount(y).min() > 150


def test_parabola_is_the_articles_regression_set():
    X, y = datasets.parabola(n=100)
    assert X.shape == (100, 1) and y.shape == (100,)
    np.testing.assert_array_equal(X[:, 0], np.linspace(0, 1, 100))
    np.testing.assert_allclose(y, -(X[:, 0] - 0.5) ** 2 + 0.25)
    assert datasets.parabola_target(0.5) == 0.25 and datasets.parabola_target(0.0) == 0.0
    assert datasets.TARGETS["parabola"] is datasets.parabola_target


# ----------------------------------------------------------------------------- issue 6: the spirals unfold


def spirals_hidden_layers():
    f = flow("spirals")
    return f, [f.trace[k + 2] for k in f.affine_indices()[:-1]]  # after each hidden activation


def test_spirals_model_is_deep_narrow_and_right():
    f, layers = spirals_hidden_layers()
    assert len(f.X) >= 1000 and f.accuracy() >= 0.99
    assert 3 <= len(layers) <= 8 and all(h.shape[1] == 2 for h in layers)


def test_every_spirals_hidden_layer_keeps_its_spread():
    _, layers = spirals_hidden_layers()
    for i, h in enumerate(layers, 1):
        s = np.linalg.svd(h - h.mean(axis=0), compute_uv=False)
        assert s[1] / s[0] >= 0.3, f"layer {i} is a needle: s2/s1 = {s[1] / s[0]:.2f}"


def test_spirals_come_apart_gradually():
    """The project's logistic fit, layer by layer: never a drop of more than two points, from
    ~80 % at the input to >= 99 % at the last hidden layer, with at least two layers adding >= 3
    points. (The model retrained with its history, 2026-12-02, dips 1.5 points in layer 1, 80.1
    to 78.6 %, while the spirals are still wound; the chapter says each number, and never that
    every layer improves it.)"""
    from scenes.kit.separability import line_accuracy

    f, layers = spirals_hidden_layers()
    lines = [line_accuracy(f.X, f.y)] + [line_accuracy(h, f.y) for h in layers]
    assert 0.75 <= lines[0] <= 0.85
    assert lines[-1] >= 0.99
    steps = np.diff(lines)
    assert steps.min() >= -0.02, f"separability drops: {np.round(lines, 3)}"
    assert np.sum(steps >= 0.03) >= 2, f"fewer than two layers make visible progress: {np.round(lines, 3)}"


def test_spread_penalty_is_declared_where_it_shaped_the_model():
    """The chapter must not claim the net found this shape unaided: it says so, and the spec says so."""
    assert get_spec("spirals").spread_penalty > 0
    script = (Path(__file__).resolve().parent.parent / "scenes" / "scripts" / "spirals.toml").read_text()
    assert "penalty" in script
