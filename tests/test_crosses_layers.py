"""Chapters 'When a line is not enough' and 'Layers build on layers': the kit geometry they draw
(exact ReLU regions, the conic a plane in cross space pulls back to) and every claim they make,
checked on the committed models. Each assertion can fail if a model or the geometry changes."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from contract.flow import Flow, load_flow, monomials
from contract.paths import flow_path
from models.registry import CROSSES, QUADRATIC
from scenes.kit.geometry import box_corners
from scenes.kit.lift import conic_in_box, quadratic_form, quadratic_value
from scenes.kit.regions import in_polygons, network_regions, polygon_area, relu_pieces


@functools.lru_cache(maxsize=None)
def flow(name: str) -> Flow:
    return load_flow(flow_path(name))


def replay_accuracy(f: Flow) -> float:
    return float(np.mean((f.predict(f.X)[:, 0] >= 0.5) == (f.y == 1)))


def dense_grid(half: float, n: int = 501) -> np.ndarray:
    g = np.linspace(-half, half, n)
    return np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)


def hidden_layers_of(f: Flow):
    idx = f.affine_indices()
    return [(f.stages[i].W, f.stages[i].b) for i in idx[:-1]], idx


# ----------------------------------------------------------------------------- kit: regions


def random_net(seed: int, widths=(2, 5, 3)):
    rng = np.random.default_rng(seed)
    layers = [(rng.normal(size=(b, a)), rng.normal(scale=0.5, size=b)) for a, b in zip(widths[:-1], widths[1:])]
    return layers, rng.normal(size=widths[-1]), float(rng.normal())


def numpy_net(layers, x):
    pre, h = [], x
    for W, b in layers:
        z = h @ W.T + b
        pre.append(z)
        h = np.maximum(z, 0)
    return pre, h


@pytest.mark.parametrize("seed", range(4))
def test_pieces_tile_the_box_and_every_region_matches_the_sign(seed):
    layers, w, c = random_net(seed)
    half = 1.5
    levels = relu_pieces(layers, half)
    for pieces in levels:
        assert sum(polygon_area(p.polygon) for p in pieces) == pytest.approx((2 * half) ** 2, rel=1e-9)
    _, units, output = network_regions(layers, w, c, half)
    x = dense_grid(half, 301)
    pre, h = numpy_net(layers, x)
    for L, layer_units in enumerate(units):
        for i, region in enumerate(layer_units):
            agree = np.mean(in_polygons(x, region.polygons) == (pre[L][:, i] >= 0))
            assert agree >= 0.999, f"layer {L + 1} unit {i}: {agree:.4%}"
            for seg in region.boundary:  # the edge is where the pre-activation is 0
                pts = np.linspace(seg[0], seg[1], 7)
                assert np.max(np.abs(numpy_net(layers, pts)[0][L][:, i])) <= 1e-9
    logit = h @ w + c
    assert np.mean(in_polygons(x, output.polygons) == (logit >= 0)) >= 0.999


def test_a_first_layer_unit_is_one_half_plane():
    layers, w, c = random_net(7)
    _, units, _ = network_regions(layers, w, c, 2.0)
    for region in units[0]:
        assert len(region.polygons) == 1 and len(region.boundary) <= 1


def test_in_polygons():
    square = box_corners(1.0)
    inside = in_polygons(np.array([[0, 0], [0.99, -0.99], [1.01, 0], [0, 2]]), [square])
    assert inside.tolist() == [True, True, False, False]


# ----------------------------------------------------------------------------- kit: the conic


@pytest.mark.parametrize("w, b, kind", [
    ((1.0, 1.0, 0.0), -0.25, "circle"),
    ((1.0, 2.0, 0.8), -0.3, "ellipse"),
    ((1.0, -1.0, 0.5), -0.1, "hyperbola"),
])
def test_conic_lies_on_the_zero_set_and_finds_every_crossing(w, b, kind):
    A, g, c = quadratic_form(CROSSES, np.array(w), b)
    half = 1.0
    curves = conic_in_box(A, g, c, half)
    assert len(curves) == (2 if kind == "hyperbola" else 1)
    pts = np.concatenate(curves)
    assert np.max(np.abs(quadratic_value(pts, A, g, c))) <= 1e-12
    assert np.all(np.abs(pts) <= half)
    # every grid cell the zero set crosses lies near a drawn vertex
    n = 101
    grid = dense_grid(half, n)
    v = quadratic_value(grid, A, g, c).reshape(n, n)
    step = 2 * half / (n - 1)
    gx = grid.reshape(n, n, 2)
    crossing = (np.sign(v[:-1, :-1]) != np.sign(v[1:, :-1])) | (np.sign(v[:-1, :-1]) != np.sign(v[:-1, 1:]))
    cells = gx[:-1, :-1][crossing]
    nearest = np.min(np.linalg.norm(cells[:, None] - pts[None], axis=2), axis=1)
    assert np.max(nearest) <= 2 * step


def test_quadratic_form_equals_the_neuron_on_the_features():
    rng = np.random.default_rng(3)
    w, b = rng.normal(size=5), 0.4
    x = rng.normal(size=(50, 2))
    A, g, c = quadratic_form(QUADRATIC, w, b)
    np.testing.assert_allclose(quadratic_value(x, A, g, c), monomials(x, QUADRATIC) @ w + b, atol=1e-12)


def test_a_conic_that_never_reaches_its_level_draws_nothing():
    A, g, c = quadratic_form(CROSSES, np.array([1.0, 1.0, 0.0]), 0.5)  # x1² + x2² = -0.5
    assert conic_in_box(A, g, c, 1.0) == []


# ----------------------------------------------------------------------------- the models


def test_a_line_is_not_enough():
    """On screen and spoken: one neuron's accuracy on the corner set and on the circles."""
    corner, circles, spirals = flow("corner_line"), flow("circles_line"), flow("spirals_line")
    for f in (corner, circles, spirals):
        assert [s.kind for s in f.stages] == ["affine", "activation"]  # one neuron, nothing hidden
        assert f.meta["accuracy"] == pytest.approx(replay_accuracy(f), abs=1e-12)
    assert 0.90 <= replay_accuracy(corner) < 0.95  # measured 93.6 %
    assert replay_accuracy(circles) < 0.6  # measured 53.9 %
    assert replay_accuracy(spirals) <= 0.85  # measured 80.1 %


def test_crosses_separate_the_circles_and_fail_on_the_spirals():
    assert replay_accuracy(flow("circles_crosses")) >= 0.99
    assert replay_accuracy(flow("spirals_crosses")) <= 0.85
    assert replay_accuracy(flow("spirals_quadratic")) <= 0.85
    np.testing.assert_array_equal(flow("circles_crosses").stages[0].W, CROSSES)
    np.testing.assert_array_equal(flow("spirals_crosses").stages[0].W, CROSSES)
    np.testing.assert_array_equal(flow("spirals_quadratic").stages[0].W, QUADRATIC)


@pytest.mark.parametrize("name", ["circles_crosses", "spirals_crosses", "spirals_quadratic"])
def test_lifted_points_are_exactly_the_feature_map_of_the_data(name):
    f = flow(name)
    X = f.X
    by_hand = {(1, 0): X[:, 0], (0, 1): X[:, 1], (2, 0): X[:, 0] ** 2, (0, 2): X[:, 1] ** 2, (1, 1): X[:, 0] * X[:, 1]}
    expected = np.column_stack([by_hand[tuple(int(k) for k in row)] for row in f.stages[0].W])
    np.testing.assert_array_equal(f.trace[1], expected)


@pytest.mark.parametrize("name", ["circles_crosses", "spirals_crosses"])
def test_the_drawn_plane_and_curve_are_the_models_decision(name):
    """The plane drawn in cross space is the output neuron; pulled back it is the conic drawn."""
    from scenes.feature_crosses import FeatureCrosses

    f = flow(name)
    out = f.output_affine()
    side = f.trace[1] @ out.W[0] + out.b[0] >= 0
    np.testing.assert_array_equal(side, f.trace[-1][:, 0] >= 0.5)
    scene = FeatureCrosses.__new__(FeatureCrosses)
    from scenes.kit import View

    scene.model_view = View(1.0)
    half = 1.1 * float(np.max(np.abs(f.X)))
    curve = scene.pulled_back(f, half)
    pts = np.concatenate([np.asarray(m.get_anchors())[:, :2] for m in curve])  # the polyline's corners
    assert len(pts) > 0
    logit = f.replay(pts)[-2][:, 0]
    assert np.max(np.abs(logit)) <= 1e-9 * np.max(np.abs(out.W))


def test_both_spiral_arms_cross_to_one_curve():
    """Spoken: every orange point is minus a blue point, and the crosses cannot tell x from -x."""
    f = flow("spirals_crosses")
    X0, X1 = f.X[f.y == 0], f.X[f.y == 1]
    np.testing.assert_array_equal(monomials(-X0, CROSSES), monomials(X0, CROSSES))
    nearest = np.min(np.linalg.norm((-X0)[:, None] - X1[None], axis=2), axis=1)
    assert np.max(nearest) < 0.05  # -x of an orange point lies on the blue arm


def star_geometry():
    from scenes.layers_build import LayersBuild

    f = flow(LayersBuild.flow_name)
    hidden, idx = hidden_layers_of(f)
    out = f.output_affine()
    half = float(np.max(np.abs(f.X)))  # the square the scene draws
    return f, hidden, idx, half, network_regions(hidden, out.W[0], float(out.b[0]), half)


def test_star_net_shape_and_accuracy():
    f, hidden, *_ = star_geometry()
    assert [W.shape for W, _ in hidden] == [(6, 2), (4, 6)]
    assert f.meta["architecture"]["hidden"] == "relu"
    assert replay_accuracy(f) >= 0.97  # measured 97.6 %
    from tests.test_scenes import best_line_accuracy

    assert best_line_accuracy(f.X, f.y) < 0.85


def test_every_drawn_region_is_where_that_neuron_is_active():
    f, hidden, idx, half, (_, units, output) = star_geometry()
    x = dense_grid(half)
    trace = f.replay(x)
    for L, layer_units in enumerate(units):
        pre = trace[idx[L] + 1]
        for i, region in enumerate(layer_units):
            agree = np.mean(in_polygons(x, region.polygons) == (pre[:, i] >= 0))
            assert agree >= 0.999, f"layer {L + 1} neuron {i + 1}: {agree:.4%}"
            # and every neuron draws something: active somewhere and inactive somewhere in the square
            assert 0.0 < np.mean(pre[:, i] >= 0) < 1.0, f"layer {L + 1} neuron {i + 1} is dead or always on"
    logit = trace[-2][:, 0]
    assert np.mean(in_polygons(x, output.polygons) == (logit >= 0)) >= 0.999


def test_the_final_boundary_has_logit_zero_along_it():
    f, *_, (_, _, output) = star_geometry()
    assert len(output.boundary) >= 5
    pts = np.concatenate([np.linspace(s[0], s[1], 11) for s in output.boundary])
    assert np.max(np.abs(f.replay(pts)[-2][:, 0])) <= 1e-9


# ----------------------------------------------------------------------------- narration


@pytest.mark.parametrize("module, cls", [("line_not_enough", "LineNotEnough"), ("feature_crosses", "FeatureCrosses"),
                                         ("feature_crosses", "CrossesFailOnSpirals"), ("layers_build", "LayersBuild")])
def test_every_cue_of_the_script_is_spoken_once_in_order(module, cls):
    """The scene speaks each cue of its script once, in the script's order, with no digit in
    the script itself (numbers come from the model through placeholders)."""
    import importlib
    import re

    from manim import tempconfig

    from scenes.kit.narrate import load_script

    scene_cls = getattr(importlib.import_module(f"scenes.{module}"), cls)
    script = load_script(scene_cls.script_name)
    assert not any(re.search(r"(?<![A-Za-z])\d", text) for text in script.values())  # x1, x2 are names
    with tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True, "progress_bar": "none",
                     "verbosity": "ERROR"}):
        scene = scene_cls()
        scene.render()
    spoken = [cue.id for cue in scene.narration_log().cues]
    assert spoken == list(script)


def test_a_disc_cloud_fades_in_and_out():
    """FadeIn starts the discs transparent (Mobject.fade leaves point clouds alone)."""
    from manim import FadeIn, FadeOut

    from scenes.kit.pointcloud import DiscCloud

    cloud = DiscCloud(np.zeros((4, 2)), ["#E69F00"] * 4, opacity=0.8)
    fade_in = FadeIn(cloud)
    fade_in.begin()
    alphas = []
    for t in (0.0, 0.5, 1.0):
        fade_in.interpolate(t)
        alphas.append(float(cloud.rgbas[0, 3]))
    assert alphas[0] == 0.0 and 0.0 < alphas[1] < 0.8 and alphas[2] == pytest.approx(0.8)
    fade_out = FadeOut(cloud)
    fade_out.begin()
    fade_out.interpolate(1.0)
    assert cloud.rgbas[0, 3] == pytest.approx(0.0)


def test_second_layer_edges_bend_only_on_first_layer_lines():
    """Said on screen: a second-layer neuron's edge is straight inside each cell of the first
    layer's lines and bends only where it crosses one of them (or ends at the square's edge)."""
    f, hidden, idx, half, (_, units, _) = star_geometry()
    W1, b1 = hidden[0]
    for j, region in enumerate(units[1]):
        assert region.boundary, f"layer 2 neuron {j + 1} draws no edge"
        ends = np.concatenate(region.boundary)
        on_line = np.min(np.abs(ends @ W1.T + b1) / np.linalg.norm(W1, axis=1), axis=1) <= 1e-9
        on_edge = np.abs(np.max(np.abs(ends), axis=1) - half) <= 1e-9
        assert np.all(on_line | on_edge)
