"""Watching the neurons learn: the kit maths (scenes/kit/learning.py, learn_view.py) and what the
perceptron and sigmoid chapters draw from their training histories, checked against the
histories (each chapter run once as a Manim dry run)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from contract.flow import load_flow
from contract.history import history_path, load_history, replay_accuracy, replay_loss
from contract.paths import flow_path
from scenes.kit.learning import (curve_until, log_step_axis, perceptron_updates, step_at, value_at, vector_sum,
                                 weights_between)
from scenes.one_neuron import Perceptron, SigmoidNeuron
from tests.scene_probe import dry_run


@functools.lru_cache(maxsize=None)
def committed(name: str):
    f = load_flow(flow_path(name))
    return f, load_history(history_path(name), f)


ran = functools.lru_cache(maxsize=None)(dry_run)


# ----------------------------------------------------------------------------- kit


def test_vector_sum_is_tip_to_tail_and_ends_on_the_weights_after():
    f, h = committed("perceptron")
    eta = h.meta["eta"]
    for u in perceptron_updates(h):
        vs = vector_sum(u, f.X[u.point], eta)
        np.testing.assert_array_equal(vs.step[0], vs.before)  # the step starts at w / eta's tip
        np.testing.assert_array_equal(vs.step[1], vs.after)  # and ends on w / eta after
        np.testing.assert_array_equal(vs.after, u.w_after / eta)
        np.testing.assert_allclose(vs.after - vs.before, u.sign * f.X[u.point], atol=1e-12)  # the step is +-x


def test_weights_between_is_exact_at_both_ends_and_straight_between():
    _, h = committed("perceptron")
    for u in perceptron_updates(h):
        assert weights_between(u, 0.0)[0] is u.w_before and weights_between(u, 0.0)[1] == u.b_before
        assert weights_between(u, 1.0)[0] is u.w_after and weights_between(u, 1.0)[1] == u.b_after
        w, b = weights_between(u, 0.25)
        np.testing.assert_allclose(w, 0.75 * u.w_before + 0.25 * u.w_after, atol=1e-15)


def test_curve_until_and_values_at_checkpoint_times():
    x, y = log_step_axis(np.array([0, 1, 3, 10])), np.array([0.7, 0.5, 0.3, 0.1])
    assert x[0] == 0.0
    head = curve_until(x, y, 2.0)
    assert len(head) == 3 and head[-1].tolist() == [x[2], y[2]]  # at a checkpoint: exactly its point
    mid = curve_until(x, y, 1.5)
    assert len(mid) == 3 and np.allclose(mid[-1], [(x[1] + x[2]) / 2, 0.4])
    assert curve_until(x, y, 3.0)[-1].tolist() == [x[3], y[3]]
    assert value_at(y, 2.7) == y[2] and value_at(y, 3) == y[3]
    assert step_at(np.array([0, 1, 3, 10]), 2.5) == 6.5


# ----------------------------------------------------------------------------- the perceptron chapter


def test_drawn_updates_are_the_rules_updates_in_order():
    scene = ran(Perceptron)
    f, h = committed("perceptron")
    eta = h.meta["eta"]
    updates = perceptron_updates(h)
    assert len(scene.drawn_updates) == len(updates) == len(h) - 1  # every update, each turns the line
    for drawn, u in zip(scene.drawn_updates, updates):
        assert (drawn["point"], drawn["sign"], drawn["checkpoint"]) == (u.point, u.sign, u.checkpoint)
        np.testing.assert_allclose(drawn["w_arrow"], [[0, 0], u.w_after / eta], atol=1e-9)
        np.testing.assert_allclose(drawn["step"], [u.w_before / eta, u.w_after / eta], atol=1e-9)
        np.testing.assert_allclose(drawn["step"][1] - drawn["step"][0], u.sign * f.X[u.point], atol=1e-9)
        np.testing.assert_allclose(drawn["line"] @ u.w_after + u.b_after, 0, atol=1e-9)  # the line after it
        assert drawn["bar"] == h.accuracy[u.checkpoint] == replay_accuracy(f, h.replay(f, u.checkpoint))
        before = h.replay(f, u.checkpoint - 1)[-1][u.point, 0]  # the point was wrong before the update
        assert (before >= 0.5) != (f.y[u.point] == 1)


def test_perceptron_learning_ends_on_the_committed_weights():
    scene = ran(Perceptron)
    f, h = committed("perceptron")
    w = f.output_affine().W[0]
    np.testing.assert_allclose(scene.drawn_updates[-1]["w_arrow"][1], w / h.meta["eta"], atol=1e-9)
    assert scene.w_arrow in scene.mobjects and scene.boundary in scene.mobjects


# ----------------------------------------------------------------------------- the sigmoid chapter


def test_sigmoid_field_and_line_at_each_checkpoint_are_its_replay():
    scene = ran(SigmoidNeuron)
    f, h = committed("sigmoid_neuron")
    assert scene.learn_time.get_value() == len(h) - 1  # the descent ran to the last checkpoint
    grid = np.random.default_rng(0).uniform(-scene.half, scene.half, size=(400, 2))
    for c in range(len(h)):
        np.testing.assert_array_equal(h.predict_between(f, float(c), grid), h.replay(f, c, grid)[-1])
    np.testing.assert_array_equal(h.predict_between(f, len(h) - 1.0, grid), f.predict(grid))  # ends on the model


def test_loss_curve_head_at_each_checkpoint_is_the_replays_loss():
    scene = ran(SigmoidNeuron)
    f, h = committed("sigmoid_neuron")
    plot = scene.loss_plot
    for c in range(len(h)):
        plot.set_time(float(c))
        x, loss = plot.axes.p2c(plot.head.get_center())
        assert abs(loss - replay_loss(f, h.replay(f, c), h.meta["loss"])) < 1e-9
        assert abs(x - np.log10(1 + h.steps[c])) < 1e-9
    lo, hi = plot.axes.y_range[:2]
    assert lo <= h.loss.min() and h.loss.max() <= hi  # the whole curve inside its axes
