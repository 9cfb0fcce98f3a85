"""The spirals network learns (issue #15 part 4): what the end of the spirals chapter draws while
its training replays, checked against the history (assets/flows/history/spirals.npz). The
chapter is run once as a Manim dry run; then, checkpoint by checkpoint, its own redraw is asked
for that checkpoint and what it drew is compared with the numpy replay and with torch's traces."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from contract.flow import load_flow
from contract.history import history_path, load_history, replay_accuracy, replay_loss
from contract.paths import flow_path
from scenes.kit.learning import layer_between, output_line_between, value_at
from scenes.spirals import UnfoldingSpirals
from tests.scene_probe import dry_run

TOL = 1e-9


@functools.lru_cache(maxsize=None)
def committed():
    f = load_flow(flow_path("spirals"))
    return f, load_history(history_path("spirals"), f)


@functools.lru_cache(maxsize=None)
def ran():
    return dry_run(UnfoldingSpirals)


def drawn_at(scene, c: float) -> np.ndarray:
    """The last hidden layer's points the chapter draws at checkpoint time c, in model units."""
    scene.learn_time.set_value(float(c))
    scene.learn_redraw()
    return scene.learn_player.cloud.model_points[:, :2]


def test_each_checkpoint_draws_its_replay():
    scene = ran()
    f, h = committed()
    hidden = f.affine_indices()[-1]
    for c in range(len(h)):
        drawn = drawn_at(scene, c)
        replayed = h.replay(f, c)
        assert np.max(np.abs(drawn - replayed[hidden])) <= TOL, c
        # and torch's own trace of the sampled points at that checkpoint
        assert np.max(np.abs(drawn[h.trace_points] - h.traces[hidden - 1][c])) <= TOL, c
        w, b = output_line_between(h, f, float(c))
        np.testing.assert_array_equal(w, h.weights[hidden][0][c, 0])
        assert b == h.weights[hidden][1][c, 0]


def test_between_checkpoints_the_weights_are_interpolated():
    f, h = committed()
    hidden = f.affine_indices()[-1]
    stages = h.stages_between(f, 7.25)
    for i in f.affine_indices():
        np.testing.assert_allclose(stages[i].W, 0.75 * h.weights[i][0][7] + 0.25 * h.weights[i][0][8], atol=1e-15)
    between = layer_between(h, f, 7.25, f.X, hidden)
    assert np.all(np.abs(between) < 1)  # a real tanh layer's points: inside the square drawn
    assert not np.allclose(between, 0.75 * h.replay(f, 7)[hidden] + 0.25 * h.replay(f, 8)[hidden])


def test_learning_ends_on_the_final_flow():
    scene = ran()
    f, h = committed()
    hidden = f.affine_indices()[-1]
    assert scene.learn_time.get_value() == len(h) - 1  # the replay ran to the last checkpoint
    for i in f.affine_indices():
        np.testing.assert_array_equal(h.weights[i][0][-1], f.stages[i].W)
        np.testing.assert_array_equal(h.weights[i][1][-1], f.stages[i].b)
    drawn = drawn_at(scene, len(h) - 1)
    np.testing.assert_array_equal(drawn, f.replay(f.X)[hidden])  # the flow's own numpy replay, bit for bit
    assert np.max(np.abs(drawn - f.trace[hidden])) <= TOL  # and torch's trace of it
    assert scene.learn_sides in scene.mobjects and scene.learn_segment is not None  # the line, on screen
    ends = scene.learn_sides[2].get_start_and_end()
    view = scene.learn_view()
    model_ends = (np.array(ends) - view.centre)[:, :2] / view.scale
    w, b = f.output_affine().W[0], float(f.output_affine().b[0])
    assert np.max(np.abs(model_ends @ w + b)) < 1e-6  # on the trained network's line w.h + b = 0


def test_loss_and_accuracy_shown_are_the_replays():
    scene = ran()
    f, h = committed()
    plot, bar = scene.loss_plot, scene.accuracy_bar
    for c in range(len(h)):
        replayed = h.replay(f, c)
        plot.set_time(float(c))
        x, loss = plot.axes.p2c(plot.head.get_center())
        assert abs(loss - replay_loss(f, replayed, h.meta["loss"])) <= TOL, c
        assert abs(x - np.log10(1 + h.steps[c])) <= TOL
        bar.set_share(value_at(h.accuracy, float(c)))
        assert abs(bar.share - replay_accuracy(f, replayed)) <= TOL, c
    lo, hi = plot.axes.y_range[:2]
    assert lo <= h.loss.min() and h.loss.max() <= hi
    assert h.accuracy[-1] >= 0.99  # separated at the end


def test_the_untrained_network_calls_every_point_one_class():
    """Said in the `learn` cue: at checkpoint 0 every point lies on a thin line (s2/s1 of the
    last hidden layer's cloud under 0.05), and the output neuron puts every one on one side, so
    half of them are right."""
    f, h = committed()
    hidden = f.affine_indices()[-1]
    out = h.replay(f, 0)[-1][:, 0]
    assert np.all(out >= 0.5) or np.all(out < 0.5)
    assert h.accuracy[0] == max(np.mean(f.y == 1), np.mean(f.y == 0))
    needle = np.linalg.eigvalsh(np.cov(h.replay(f, 0)[hidden].T))  # "onto one thin line"
    assert np.sqrt(needle[0] / needle[1]) < 0.05


@pytest.mark.parametrize("cls", ["Bottleneck", "GeneralUnfold"])
def test_only_the_spirals_chapter_learns(cls):
    import scenes.spirals as chapter

    assert not getattr(chapter, cls).watch_it_learn
