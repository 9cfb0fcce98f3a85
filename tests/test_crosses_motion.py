"""Pictures on the word (issue #14) in feature-crosses, crosses-spirals and flat-plane: the score bars
show the models' accuracies, and the walked sum lands on the hidden point (the marks themselves are
tests/test_motion_on_marks.py)."""

from __future__ import annotations

import numpy as np
import pytest



def test_a_score_bar_fills_to_the_share_it_is_given():
    from scenes.kit.score import ScoreBar

    from contract.flow import load_flow
    from contract.paths import flow_path

    for name in ("circles_line", "circles_crosses", "spirals_quadratic", "corner_linear"):
        share = load_flow(flow_path(name)).accuracy()
        bar = ScoreBar("words")
        bar.set_share(share)
        assert bar.drawn() == pytest.approx(share, abs=1e-9)
        assert bar.fill.get_left()[0] == pytest.approx(bar.frame.get_left()[0])
    grow = ScoreBar("words").grow(0.5)
    grow.interpolate_mobject(1.0)
    assert grow.mobject.drawn() == pytest.approx(0.5)
    assert ScoreBar("words").drawn() == 0.0


def test_the_sum_walked_in_flat_plane_lands_on_the_points_hidden_value():
    """The span cue walks b1, b1 + x1 v1, b1 + x1 v1 + x2 v2: it ends on that input's hidden point."""
    from contract.flow import load_flow
    from contract.paths import flow_path
    from scenes.hidden_space import FlatHiddenPlane
    from scenes.kit.affine import column_sum_path

    flow = load_flow(flow_path("corner_linear"))
    W, b = flow.stages[0].W, flow.stages[0].b
    i = FlatHiddenPlane.example_point(None, flow)
    path = column_sum_path(W, b, flow.X[i])
    assert path.shape == (3, 3)
    np.testing.assert_array_equal(path[0], b)
    np.testing.assert_allclose(path[1], b + flow.X[i, 0] * W[:, 0], atol=1e-12)
    np.testing.assert_allclose(path[-1], flow.last_hidden()[i], atol=1e-9)
    assert np.min(np.abs(flow.X[i])) >= 0.5 * np.max(np.min(np.abs(flow.X), axis=1))  # both legs long
