"""Chapters perceptron and sigmoid-neuron move on their words (issue #14): one training point
followed across the neuron's line (scenes/kit/neuron_probe.py), its z and output drawn as bars,
each side coloured as it grows from the line, and the weights turned once round. The kit is
checked on the committed flows, the drawn bars against the model where the point is drawn, the
narrated claims about the followed point against the model, and every mark against an animation
that starts on its word."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from contract.activations import activation
from contract.flow import Flow, load_flow
from contract.paths import flow_path
from scenes.kit.geometry import box_corners, clip_polygon_halfplane, line_in_box
from scenes.kit.neuron_probe import SignBar, UnitBar, crossing, side_band, side_depth, turning, z_of
from scenes.kit.regions import polygon_area
from scenes.one_neuron import Perceptron, SigmoidNeuron
from tests.scene_probe import dry_run

CHAPTERS = {"perceptron": Perceptron, "sigmoid-neuron": SigmoidNeuron}


@functools.lru_cache(maxsize=None)
def flow(name: str) -> Flow:
    return load_flow(flow_path(name))


ran = functools.lru_cache(maxsize=None)(dry_run)


def weights(f: Flow):
    out = f.output_affine()
    return out.W[0], float(out.b[0])


def output(cls, f: Flow, x: np.ndarray) -> float:
    """What the chapter's output bar should show at x: the flow's own prediction (the step's
    0 or 1 for the perceptron, p for the sigmoid neuron)."""
    p = float(f.predict(np.asarray(x)[None])[0, 0])
    return p if cls is SigmoidNeuron else float(p >= 0.5)


# ----------------------------------------------------------------------------- kit


@pytest.mark.parametrize("cls", CHAPTERS.values(), ids=CHAPTERS.keys())
def test_crossing_starts_on_a_training_point_and_crosses_the_line_along_w(cls):
    f = flow(cls.flow_name)
    w, b = weights(f)
    half = 1.15 * float(np.max(np.abs(f.X)))
    c = crossing(w, b, f.X, half, cls.probe_reach)
    assert np.array_equal(c.start, f.X[c.index])
    z0, zc, z1 = z_of(w, b, np.array([c.start, c.cross, c.end]))
    assert z0 < 0 and zc == pytest.approx(0, abs=1e-12) and z1 == pytest.approx(-z0, abs=1e-12)
    d = c.end - c.start
    assert abs(d[0] * w[1] - d[1] * w[0]) < 1e-9 and d @ w > 0  # straight along w
    np.testing.assert_allclose(c.at(0.5), c.cross, atol=1e-12)
    assert np.all(np.abs(c.end) < half) and np.all(np.abs(c.start) < half)
    # the narrated claims: below zero the step says zero (p under one half), past it one
    assert output(cls, f, c.start) < 0.5 <= output(cls, f, c.end)


def test_the_sigmoid_point_starts_deep_in_its_colour():
    """'Deep in one colour the neuron is sure': p there is near 0, and near 1 where it is carried."""
    f = flow("sigmoid_neuron")
    w, b = weights(f)
    c = crossing(w, b, f.X, 1.15 * float(np.max(np.abs(f.X))), SigmoidNeuron.probe_reach)
    assert output(SigmoidNeuron, f, c.start) < 0.05 and output(SigmoidNeuron, f, c.end) > 0.95


def test_zero_weights_call_every_point_one():
    """'At the start every weight is zero, so the neuron calls every point one': step(0) = 1."""
    assert activation("step")(np.zeros(3)).tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("seed", range(5))
def test_side_band_grows_from_the_line_to_the_whole_side(seed):
    rng = np.random.default_rng(seed)
    w, b, half = rng.normal(size=2), 0.3 * rng.normal(), 2.0
    whole = clip_polygon_halfplane(box_corners(half), w, b)
    full = side_band(w, b, half, side_depth(w, b, half))
    assert abs(polygon_area(full)) == pytest.approx(abs(polygon_area(whole)), rel=1e-9)
    depth = 0.4 * side_depth(w, b, half)
    band = side_band(w, b, half, depth)
    z = z_of(w, b, band)
    assert np.all(z >= -1e-9) and np.all(z <= depth + 1e-9)
    assert 0 < abs(polygon_area(band)) < abs(polygon_area(whole))


@pytest.mark.parametrize("cls", CHAPTERS.values(), ids=CHAPTERS.keys())
def test_turning_keeps_one_line_in_the_box_and_ends_on_the_neurons_weights(cls):
    f = flow(cls.flow_name)
    w, b = weights(f)
    half = 1.15 * float(np.max(np.abs(f.X)))
    for u in (0.0, 1.0):
        wt, bt = turning(w, b, u, cls.turn_slide)
        np.testing.assert_allclose(wt, w, atol=1e-12)
        assert bt == pytest.approx(b, abs=1e-12)
    for u in np.linspace(0, 1, 41):
        wt, bt = turning(w, b, u, cls.turn_slide)
        assert np.linalg.norm(wt) == pytest.approx(np.linalg.norm(w))
        assert line_in_box(wt, bt, half) is not None  # a line across the panel all the way round


def test_bars_draw_their_values():
    bar = SignBar("z", ("#ff0000", "#0000ff"), unit=2.0, reach=1.5)
    for v in (-0.6, -0.1, 0.0, 0.25, 0.7):
        bar.set_value(v)
        assert bar.drawn() == pytest.approx(v, abs=1e-9)
        assert bar.bar.get_fill_color().to_hex().lower() == ("#0000ff" if v >= 0 else "#ff0000")
    unit = UnitBar("p", ("#ff0000", "#0000ff"), width=3.0)
    for v in (0.0, 0.2, 0.5, 0.99, 1.0):
        unit.set_value(v)
        assert unit.drawn() == pytest.approx(v, abs=1e-9)


# ----------------------------------------------------------------------------- as drawn


@pytest.mark.parametrize("cls", CHAPTERS.values(), ids=CHAPTERS.keys())
def test_followed_point_bars_and_curve_dot_are_the_models(cls):
    """After every stage of the follow, the z bar as drawn is w.x + b where the ring is, the output
    bar is the model's output there, and the dot on the activation curve sits at that z."""
    scene = ran(cls)
    f = flow(cls.flow_name)
    w, b = weights(f)
    path = scene.path
    where = [x for x, _, _, _ in scene.probe_log]
    expected = ([path.start, path.cross, path.end, path.cross, path.end] if cls is Perceptron
                else [path.start, path.cross, path.end])
    np.testing.assert_allclose(where, expected, atol=1e-9)
    for x, z_drawn, out_drawn, dot_z in scene.probe_log:
        z = float(z_of(w, b, x))
        assert z_drawn == pytest.approx(z, abs=1e-6) and dot_z == pytest.approx(z, abs=1e-9)
        if abs(z) > 1e-9:
            assert out_drawn == pytest.approx(output(cls, f, x), abs=1e-6)
        else:  # on the line itself (up to rounding): z = 0, where the step says one and p is one half
            assert out_drawn == pytest.approx(float(activation(cls.act_name)(np.zeros(1))[0]), abs=1e-6)


@pytest.mark.parametrize("cls", CHAPTERS.values(), ids=CHAPTERS.keys())
def test_the_turn_ends_on_the_trained_line_and_arrow(cls):
    scene = ran(cls)
    w, b = weights(flow(cls.flow_name))
    for wt, bt in scene.turn_log:
        np.testing.assert_allclose(wt, w, atol=1e-12)
        assert bt == pytest.approx(b, abs=1e-12)
    assert scene.boundary in scene.mobjects and scene.w_arrow in scene.mobjects


