"""Chapter 8 (ReLU pieces sum into a parabola): the claims it makes on screen hold on its models,
computed with the same functions the scene draws with, and the scene stays in the frame."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Text

from contract.flow import Flow, Stage, load_flow
from contract.paths import flow_path
from scenes.kit.pieces import (collapse_linear, dense_grid, hidden_activations, input_range, kink_order, kinks,
                               network_curve, one_hidden_layer, pick_unit, pieces, running_sums)
from scenes.kit.plots import axis_range, error_lines, fit_errors, short_number
from scenes.regression import ReluPiecesParabola, unit_words
from tests.scene_probe import probe_scene

SCENE = ReluPiecesParabola
RELU_FLOWS = [SCENE.relu_flow, SCENE.wide_flow]


def load(name: str) -> Flow:
    return load_flow(flow_path(name))


def grid(flow: Flow) -> np.ndarray:
    return dense_grid(*input_range(flow), 1001)


# ----------------------------------------------------------------------------- the pieces


def test_the_targets_are_the_parabola_the_caption_names():
    for name in (SCENE.linear_flow, SCENE.linear_hidden_flow, *RELU_FLOWS):
        flow = load(name)
        x = flow.X[:, 0]
        assert len(x) == 100 and x.min() == 0.0 and x.max() == 1.0
        np.testing.assert_allclose(np.ravel(flow.y), -(x - 0.5) ** 2 + 0.25, atol=1e-12)


@pytest.mark.parametrize("name", RELU_FLOWS)
def test_pieces_plus_bias_equal_the_output_on_a_dense_grid(name):
    flow = load(name)
    x = grid(flow)
    net = one_hidden_layer(flow)
    sums = running_sums(pieces(flow, x), net.b2, kink_order(flow))
    assert sums.shape == (net.width + 1, len(x))
    np.testing.assert_allclose(sums[0], net.b2)  # the sum starts from the output bias alone
    assert np.max(np.abs(sums[-1] - network_curve(flow, x))) <= 1e-5
    # ...and at the training points, equals what torch itself computed.
    at_data = running_sums(pieces(flow, flow.X[:, 0]), net.b2)[-1]
    assert np.max(np.abs(at_data - flow.trace[-1][:, 0])) <= 1e-5


@pytest.mark.parametrize("name", RELU_FLOWS)
def test_each_piece_is_a_scaled_relu_bent_at_its_kink(name):
    flow = load(name)
    x = grid(flow)
    net = one_hidden_layer(flow)
    assert net.activation == "relu"
    by_hand = net.w2 * np.maximum(np.outer(x, net.w1) + net.b1, 0.0)
    np.testing.assert_allclose(pieces(flow, x), by_hand, atol=1e-12)
    k = kinks(flow)
    finite = np.isfinite(k)
    np.testing.assert_allclose(net.w1[finite] * k[finite] + net.b1[finite], 0.0, atol=1e-12)
    assert np.all(np.diff(k[kink_order(flow)]) >= 0)


def test_the_unit_shown_alone_bends_inside_the_plot_and_is_flat_where_the_caption_says():
    flow = load(SCENE.relu_flow)
    lo, hi = input_range(flow)
    k = pick_unit(flow, lo, hi)
    kink = kinks(flow)[k]
    assert lo < kink < hi
    x = grid(flow)
    a = hidden_activations(flow, x)[:, k]
    net = one_hidden_layer(flow)
    flat, _ = unit_words(net.w1[k], net.w2[k])
    flat_side = x < kink if flat == "left" else x > kink
    assert np.all(a[flat_side] == 0) and np.all(a[~flat_side & (np.abs(x - kink) > 1e-9)] > 0)


def test_running_sums_follow_the_given_order():
    p = np.array([[1.0, 10.0, 100.0], [2.0, 20.0, 200.0]])
    sums = running_sums(p, 0.5, np.array([2, 0, 1]))
    np.testing.assert_allclose(sums[:, 0], [0.5, 100.5, 101.5, 111.5])
    np.testing.assert_allclose(sums[:, 1], [0.5, 200.5, 202.5, 222.5])


def test_one_hidden_layer_refuses_other_shapes():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 2))
    stages = [Stage.affine(rng.normal(size=(3, 2)), np.zeros(3)), Stage.act("relu"),
              Stage.affine(rng.normal(size=(1, 3)), np.zeros(1))]
    flow = Flow("two_inputs", X, np.zeros(5), stages, [], {})
    with pytest.raises(ValueError, match="1 -> 1"):
        one_hidden_layer(flow)


# ----------------------------------------------------------------------------- the lines


def test_linear_hidden_layer_is_the_line_c_plus_d_x():
    flow = load(SCENE.linear_hidden_flow)
    assert [s.name for s in flow.stages if s.kind == "activation"] == ["identity"]
    c, d = collapse_linear(flow)
    W1, b1 = flow.stages[0].W, flow.stages[0].b
    W2, b2 = flow.stages[-1].W, flow.stages[-1].b
    assert d == pytest.approx(float((W2 @ W1)[0, 0]), abs=1e-12)
    assert c == pytest.approx(float((W2 @ b1 + b2)[0]), abs=1e-12)
    x = grid(flow)
    assert np.max(np.abs(c + d * x - network_curve(flow, x))) <= 1e-9
    assert np.max(np.abs(c + d * flow.X[:, 0] - flow.trace[-1][:, 0])) <= 1e-5


def test_single_linear_neuron_collapses_to_its_own_weights():
    flow = load(SCENE.linear_flow)
    assert len(flow.stages) == 1
    c, d = collapse_linear(flow)
    assert (c, d) == (pytest.approx(flow.stages[0].b[0]), pytest.approx(flow.stages[0].W[0, 0]))


def test_collapse_refuses_a_nonlinear_network():
    with pytest.raises(ValueError, match="relu"):
        collapse_linear(load(SCENE.relu_flow))


# ----------------------------------------------------------------------------- printed numbers


def parse_number(s: str) -> float:
    """Read back a short_number string, '4.83 × 10⁻⁶' included."""
    s = s.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    if "×" in s:
        mantissa, power = s.split("× 10")
        return float(mantissa) * 10.0 ** int(power)
    return float(s)


@pytest.mark.parametrize("name", [SCENE.linear_flow] + RELU_FLOWS)
def test_printed_errors_are_the_metadata_rounded(name):
    meta = load(name).meta
    max_abs, mse, dense = fit_errors(meta)
    assert dense == ("dense_max_abs_error" in meta)
    assert max_abs == meta["dense_max_abs_error" if dense else "max_abs_error"]
    assert mse == meta["dense_mse" if dense else "mse"]
    largest, mean_sq = error_lines(meta)
    assert parse_number(largest.removeprefix("largest error ")) == pytest.approx(max_abs, rel=5e-3)
    assert parse_number(mean_sq.removeprefix("mean squared error ")) == pytest.approx(mse, rel=5e-3)


def test_fit_errors_falls_back_to_the_training_points():
    assert fit_errors({"max_abs_error": 0.5, "mse": 0.1}) == (0.5, 0.1, False)
    both = {"max_abs_error": 0.5, "mse": 0.1, "dense_max_abs_error": 0.6, "dense_mse": 0.2}
    assert fit_errors(both) == (0.6, 0.2, True)
    assert short_number(4.8321e-6) == "4.83 × 10⁻⁶" and short_number(0.0064123) == "0.00641"


def test_more_units_fit_better():
    """The last part says 400 units fit almost exactly, beside the ten."""
    ten, wide = (fit_errors(load(n).meta) for n in RELU_FLOWS)
    assert wide[0] < ten[0] and wide[1] < ten[1]


def test_axis_range_covers_values_on_nice_ticks():
    lo, hi, step = axis_range(np.array([-0.27, 0.44]))
    assert lo <= -0.27 and hi >= 0.44
    assert abs(lo / step - round(lo / step)) < 1e-9 and abs(hi / step - round(hi / step)) < 1e-9
    assert axis_range(np.array([0.0, 0.25]))[0] == 0.0


# ----------------------------------------------------------------------------- the scene


class Recorded(SCENE):
    """The scene, keeping every text it ever showed (and itself, for the test to read)."""

    last: "Recorded | None" = None

    def play(self, *args, **kwargs):
        super().play(*args, **kwargs)
        Recorded.last = self
        self.shown = getattr(self, "shown", set())
        self.shown |= {m.text for m in self.mobjects for m in m.get_family() if isinstance(m, Text)}


@pytest.fixture(scope="module")
def probed(voice_settings):
    """One dry run (as Manim renders it, no video written), speaking with Piper so it lasts as
    long as its words, serves every scene test."""
    from tests.conftest import speaking

    with speaking(Recorded, "regression", voice_settings):
        probe = probe_scene(Recorded)
    return probe, Recorded.last


def test_scene_shows_the_errors_formatted_from_metadata(probed):
    _, scene = probed
    squash = lambda s: "".join(s.split())  # Text keeps its string without spaces
    for name in RELU_FLOWS + [SCENE.linear_flow]:
        for line in error_lines(load(name).meta):
            assert squash(line) in scene.shown, f"{line!r} of {name} is not on screen"
    assert scene.error_texts == {n: error_lines(load(n).meta) for n in RELU_FLOWS}


def test_scene_dry_run_stays_in_frame_and_lasts_as_long_as_its_narration(probed):
    probe, scene = probed
    assert probe.off_frame == []
    cues = scene.narration_log().cues
    speech = sum(c.duration for c in cues)
    assert speech <= probe.duration <= speech + 60  # the picture waits for the words, and no longer than a minute more
    assert 60 <= probe.duration <= 180
