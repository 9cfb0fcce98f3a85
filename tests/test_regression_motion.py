"""Regression and anatomy-of-a-layer chapters (issue #14): what moves on their marks is the
model's own numbers. The kit pieces (scenes/kit/fit_motion.py, scenes/kit/matrix_rows.py) are
checked against the flows, and one paced dry run per chapter checks that every mark starts an
animation on its word and that the moving values end on the model's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from contract.flow import load_flow
from contract.paths import flow_path
from scenes.kit.anatomy import Piece
from scenes.kit.fit_motion import collapse_steps, leg_samples, residual_segments, step_at, sweep_legs, worst
from scenes.kit.matrix_rows import row_box, row_glyphs
from scenes.kit.pieces import (collapse_linear, dense_grid, input_range, kinks, network_curve, one_hidden_layer,
                               pick_unit)
from scenes.kit.plots import fit_errors, number, plot_axes
from scenes.layer_anatomy import LayerAnatomy
from scenes.regression import ReluPiecesParabola, unit_words
from tests.test_motion_on_marks import played_chapter

SCENE = ReluPiecesParabola


def load(name):
    return load_flow(flow_path(name))


# ----------------------------------------------------------------------------- the kit


def test_the_largest_miss_is_the_error_the_narration_says():
    flow = load(SCENE.linear_flow)
    x, y = flow.X[:, 0], np.ravel(flow.y)
    i, gap = worst(network_curve(flow, x), y)
    assert gap == pytest.approx(flow.meta["max_abs_error"], abs=1e-9)
    assert gap == pytest.approx(fit_errors(flow.meta)[0], abs=1e-9)  # the number spoken over the bar
    assert abs(flow.trace[-1][i, 0] - y[i]) == pytest.approx(gap, abs=1e-6)


def test_residual_segments_run_from_the_fit_to_each_point():
    axes = plot_axes((0.0, 1.0, 0.2), (-0.2, 0.4, 0.2), 6.0, 4.0).axes
    x, fit, y = np.array([0.1, 0.5, 0.9]), np.array([0.0, 0.1, 0.2]), np.array([0.3, -0.1, 0.2])
    segments = residual_segments(axes, x, fit, y, "#ffffff")
    assert len(segments) == 3
    for seg, xi, fi, yi in zip(segments, x, fit, y):
        np.testing.assert_allclose(axes.p2c(seg.get_start())[:2], [xi, fi], atol=1e-9)
        np.testing.assert_allclose(axes.p2c(seg.get_end())[:2], [xi, yi], atol=1e-9)


def test_collapse_steps_add_up_to_c_and_d_one_unit_at_a_time():
    flow = load(SCENE.linear_hidden_flow)
    net = one_hidden_layer(flow)
    c_steps, d_steps = collapse_steps(flow)
    assert len(c_steps) == len(d_steps) == net.width + 1
    assert c_steps[0] == pytest.approx(net.b2) and d_steps[0] == 0.0
    c, d = collapse_linear(flow)
    assert (c_steps[-1], d_steps[-1]) == (pytest.approx(c, abs=1e-12), pytest.approx(d, abs=1e-12))
    assert step_at(d_steps, 0.0) == d_steps[0] and step_at(d_steps, 1.0) == d_steps[-1]
    n = net.width
    assert [step_at(d_steps, (j + 0.5) / n) for j in range(n)] == list(d_steps[:-1])  # one unit per step
    with pytest.raises(ValueError, match="relu"):
        collapse_steps(load(SCENE.relu_flow))


def test_the_linear_hidden_layer_is_the_same_line_as_one_neuron():
    """The collapse cue says the extra layer gives the same line as one neuron: equal as printed."""
    c, d = collapse_linear(load(SCENE.linear_hidden_flow))
    b, w = collapse_linear(load(SCENE.linear_flow))
    assert number(c, 3) == number(b, 3) and number(d, 3) == number(w, 3)
    assert abs(c - b) < 1e-3 and abs(d - w) < 1e-3


@pytest.mark.parametrize("flat_left", [True, False])
def test_the_traced_input_crosses_the_flat_side_first(flat_left):
    legs = sweep_legs(0.0, 0.7, 1.0, flat_left)
    assert legs == ([(0.0, 0.7), (0.7, 1.0)] if flat_left else [(1.0, 0.7), (0.7, 0.0)])
    assert sweep_legs(0.0, 2.0, 1.0, True) == [(0.0, 0.5), (0.5, 1.0)]  # kink outside: split in the middle
    xs = dense_grid(0.0, 1.0, 11)
    leg = leg_samples(xs, *legs[0])
    assert leg[0] == legs[0][0] and leg[-1] == legs[0][1] and np.all(np.diff(leg) * np.sign(legs[0][1] - legs[0][0]) > 0)


def test_the_chapters_unit_is_zero_along_the_first_leg_and_a_line_along_the_second():
    flow = load(SCENE.relu_flow)
    lo, hi = input_range(flow)
    k = pick_unit(flow, lo, hi)
    net = one_hidden_layer(flow)
    flat, _ = unit_words(net.w1[k], net.w2[k])
    first, second = sweep_legs(lo, float(kinks(flow)[k]), hi, flat == "left")
    relu = lambda v: np.maximum(net.w1[k] * v + net.b1[k], 0.0)  # noqa: E731
    along = lambda leg: np.linspace(*leg, 50)[1:-1]  # noqa: E731
    assert np.all(relu(along(first)) == 0) and np.all(relu(along(second)) > 0)


def test_row_boxes_frame_each_row_of_the_layers_matrices():
    flow = load(LayerAnatomy.flow_name)
    layer = flow.stages[0]
    for M in (layer.W, layer.b):
        piece = Piece("W", M)
        rows = row_glyphs(piece)
        assert len(rows) == piece.shape[0]
        centres = [r.get_center()[1] for r in rows]
        assert centres == sorted(centres, reverse=True)  # top to bottom
        for i, r in enumerate(rows):
            box = row_box(piece, i, "#ffffff")
            assert box.get_top()[1] > r.get_top()[1] and box.get_bottom()[1] < r.get_bottom()[1]
            others = [o for j, o in enumerate(rows) if j != i]
            assert all(not (box.get_bottom()[1] < o.get_center()[1] < box.get_top()[1]) for o in others)


# ----------------------------------------------------------------------------- the chapters, paced


@pytest.fixture(scope="module")
def regression_run():
    return played_chapter("regression")


@pytest.fixture(scope="module")
def anatomy_run():
    return played_chapter("layer-anatomy")


def test_regression_moving_values_end_on_the_models_numbers(regression_run):
    scene, _ = regression_run
    bar, gap = scene.worst_bar
    assert bar.drawn()[0] == pytest.approx(gap, rel=1e-3)
    assert gap == pytest.approx(fit_errors(load(SCENE.linear_flow).meta)[0], abs=1e-9)
    c, d = collapse_linear(load(SCENE.linear_hidden_flow))
    c_value, d_value = scene.collapse_values
    assert c_value.get_value() == pytest.approx(c, abs=1e-12) and d_value.get_value() == pytest.approx(d, abs=1e-12)
    relu = load(SCENE.relu_flow)
    k = pick_unit(relu, *input_range(relu))
    assert scene.scaled_factor.get_value() == pytest.approx(one_hidden_layer(relu).w2[k], abs=1e-9)
    # the traced input ends where the second leg ends, on the unit's line
    pa, x_in, a_out, relu_k = scene.tracer
    x_end = pa.p2c(x_in.get_center())[0]
    assert pa.p2c(a_out.get_center())[1] == pytest.approx(relu_k(x_end), abs=1e-6)


def test_anatomy_moving_values_end_on_the_models_numbers(anatomy_run):
    scene, _ = anatomy_run
    flow = load(LayerAnatomy.flow_name)
    bar, accuracy = scene.accuracy_bar
    assert accuracy == pytest.approx(100.0 * flow.accuracy())
    assert bar.drawn()[0] == pytest.approx(accuracy, rel=1e-3)
    z, a = scene.pieces["z"].values, scene.pieces["a"].values
    assert list(scene.off_rows) == list(np.flatnonzero(a == 0)) and np.all(z[scene.off_rows] <= 0)
