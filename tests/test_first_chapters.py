"""Chapters 'One neuron draws a line' and 'More features, more classes': the kit geometry they
draw (scenes/kit/boundaries.py), and every claim they make, checked on the committed models and
on the mobjects the scenes actually draw (each scene is run once, as a Manim dry run)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from manim import config

from contract.flow import Flow, load_flow
from contract.paths import flow_path
from scenes.kit.boundaries import (angle_deg, arrow_on_segment, contour_crossings, neuron_line, neuron_plane,
                                   plane_normal, probability_grid, softmax_boundaries, softmax_regions)
from scenes.kit.camera3d import overlap_area
from scenes.kit.regions import in_polygons, polygon_area
from scenes.more_classes import SoftmaxRegions, ThreeFeatures
from scenes.one_neuron import Perceptron, SigmoidNeuron
from tests.scene_probe import dry_run

ANGLE_TOL = 0.1  # degrees
CONTOUR_TOL = 1e-6  # model units


@functools.lru_cache(maxsize=None)
def flow(name: str) -> Flow:
    return load_flow(flow_path(name))


ran = functools.lru_cache(maxsize=None)(dry_run)  # one dry run per chapter class for this module


def replay_accuracy(f: Flow) -> float:
    out = f.predict(f.X)
    if f.task == "multiclass":
        return float(np.mean(np.argmax(out, axis=1) == f.y))
    return float(np.mean((out[:, 0] >= 0.5) == (f.y == 1)))


def ends(mobject) -> np.ndarray:
    return np.array([mobject.get_start(), mobject.get_end()])


# ----------------------------------------------------------------------------- kit


@pytest.mark.parametrize("seed", range(20))
def test_neuron_line_and_arrow(seed):
    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=2), rng.normal() * 0.5
    geo = neuron_line(w, b, 2.0, 0.8, avoid=rng.normal(size=(30, 2)))
    np.testing.assert_allclose(geo.segment @ w + b, 0, atol=1e-12)
    assert np.all(np.abs(geo.segment) <= 2.0 + 1e-12)
    tail, head = geo.arrow
    assert abs(w @ tail + b) < 1e-12  # the arrow stands on the line
    assert abs(angle_deg(head - tail, geo.segment[1] - geo.segment[0]) - 90) < 1e-9
    assert angle_deg(head - tail, w) < 1e-9 and np.linalg.norm(head - tail) == pytest.approx(0.8)


def test_neuron_line_that_misses_the_box_says_so():
    with pytest.raises(ValueError, match="misses the box"):
        neuron_line(np.array([1.0, 0.0]), 5.0, 1.0, 0.5)


def test_arrow_avoids_points():
    segment = np.array([[-1.0, 0.0], [1.0, 0.0]])
    crowd = np.column_stack([np.linspace(-1, 0.2, 30), np.full(30, 0.3)])  # above the left part
    tail, head = arrow_on_segment(segment, np.array([0.0, 1.0]), 0.5, avoid=crowd)
    assert tail[0] > 0.4


def test_contour_of_a_logistic_lies_on_its_line():
    w, b = np.array([3.0, -1.5]), 0.4
    def predict(x):
        return 1 / (1 + np.exp(-(x @ w + b)))[:, None]
    points = contour_crossings(predict, 2.0)
    assert len(points) > 20
    assert np.max(np.abs(points @ w + b)) / np.linalg.norm(w) < 1e-9
    p, xs, ys = probability_grid(predict, 2.0, 50)
    assert p.shape == (50, 50) and ys[0] > ys[-1]  # image order: row 0 is the top
    assert p[0, -1] == predict(np.array([[xs[-1], ys[0]]]))[0, 0]  # top right
    assert p[-1, 0] == predict(np.array([[xs[0], ys[-1]]]))[0, 0]  # bottom left


@pytest.mark.parametrize("seed", range(10))
def test_softmax_regions_partition_the_box_and_match_argmax(seed):
    rng = np.random.default_rng(seed)
    W, b = rng.normal(size=(4, 2)), rng.normal(size=4)
    half = 2.0
    regions = softmax_regions(W, b, half)
    assert sum(polygon_area(r) for r in regions) == pytest.approx((2 * half) ** 2, rel=1e-9)
    g = np.linspace(-half, half, 201)
    grid = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    winner = np.argmax(grid @ W.T + b, axis=1)
    for i, r in enumerate(regions):
        if len(r):
            inside = in_polygons(grid, [r], tol=-1e-9)  # strictly inside
            assert np.all(winner[inside] == i)
    for edge in softmax_boundaries(W, b, half):
        t = np.linspace(0, 1, 21)[:, None]
        pts = edge.segment[0] + t * (edge.segment[1] - edge.segment[0])
        z = pts @ W.T + b
        np.testing.assert_allclose(z[:, edge.i], z[:, edge.j], atol=1e-9)
        assert np.all(z[:, edge.i][:, None] >= z - 1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_plane_in_cube_and_its_normal(seed):
    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=3), rng.normal() * 0.3
    poly = neuron_plane(w, b, 1.5)
    np.testing.assert_allclose(poly @ w + b, 0, atol=1e-9)
    assert min(angle_deg(plane_normal(poly), w), angle_deg(-plane_normal(poly), w)) < 1e-6


# ----------------------------------------------------------------------------- the models


def test_models_and_their_accuracies():
    assert flow("perceptron").stages[-1].name == "step"
    assert flow("perceptron").meta["optimizer"]["name"] == "perceptron rule"
    assert flow("sigmoid_neuron").stages[-1].name == "sigmoid"
    assert flow("softmax3").task == "multiclass" and flow("softmax3").stages[-1].name == "softmax"
    for name in ("perceptron", "sigmoid_neuron", "neuron_3d", "softmax3"):
        f = flow(name)
        assert f.meta["accuracy"] == pytest.approx(replay_accuracy(f), abs=1e-12)
    # the two-blob sets are separable: both neurons get every point; 3-D blobs overlap a little
    assert replay_accuracy(flow("perceptron")) == 1.0
    assert replay_accuracy(flow("sigmoid_neuron")) == 1.0
    assert replay_accuracy(flow("softmax3")) == 1.0
    assert 0.9 <= replay_accuracy(flow("neuron_3d")) < 1.0
    assert len(flow("perceptron").X) == 30 and np.allclose(flow("perceptron").X.std(axis=0), 1.0)


# ----------------------------------------------------------------------------- chapter 1, as drawn


@pytest.mark.parametrize("cls", [Perceptron, SigmoidNeuron], ids=lambda c: c.__name__)
def test_drawn_w_is_perpendicular_to_the_drawn_line(cls):
    scene = ran(cls)
    f = flow(cls.flow_name)
    out = f.output_affine()
    w, b = out.W[0], float(out.b[0])
    line = scene.panel.to_model(ends(scene.boundary))
    arrow = scene.panel.to_model(ends(scene.w_arrow))
    assert abs(angle_deg(arrow[1] - arrow[0], line[1] - line[0]) - 90) < ANGLE_TOL
    assert angle_deg(arrow[1] - arrow[0], w) < ANGLE_TOL  # and it points along w, not against it
    np.testing.assert_allclose(line @ w + b, 0, atol=1e-9)
    assert np.linalg.norm(line[1] - line[0]) > scene.half  # a line across the panel, not a stub


@pytest.mark.parametrize("cls", [Perceptron, SigmoidNeuron], ids=lambda c: c.__name__)
def test_accuracy_on_screen_is_the_flow_metadata(cls):
    scene = ran(cls)
    f = flow(cls.flow_name)
    assert scene.score.original_text.startswith(f"{f.meta['accuracy']:.1%} of the {len(f.X)} points")


def test_p_half_contour_lands_on_the_line():
    scene = ran(SigmoidNeuron)
    f = flow("sigmoid_neuron")
    out = f.output_affine()
    w, b = out.W[0], float(out.b[0])
    drawn = scene.panel.to_model(scene.contour.points)  # every point of the drawn curve
    distance = np.abs(drawn @ w + b) / np.linalg.norm(w)
    assert np.max(distance) < CONTOUR_TOL
    line = scene.panel.to_model(ends(scene.boundary))
    span = np.ptp(drawn @ (line[1] - line[0]) / np.linalg.norm(line[1] - line[0]))
    assert span > 0.9 * np.linalg.norm(line[1] - line[0])  # the contour runs the line's length
    p = f.predict(scene.contour_points)[:, 0]
    np.testing.assert_allclose(p, 0.5, atol=1e-9)


def test_sigmoid_field_is_spread_across_the_panel():
    """The colour field is not a hard edge: a fair share of the panel has 0.1 < p < 0.9."""
    scene = ran(SigmoidNeuron)
    p, _, _ = probability_grid(flow("sigmoid_neuron").predict, scene.half, 200)
    assert 0.05 < np.mean((p > 0.1) & (p < 0.9)) < 0.6


# ----------------------------------------------------------------------------- chapter 2, as drawn


def test_drawn_plane_normal_is_parallel_to_w():
    scene = ran(ThreeFeatures)
    out = flow("neuron_3d").output_affine()
    w, b = out.W[0], float(out.b[0])
    vertices = scene.plane.get_vertices() / scene.scale
    np.testing.assert_allclose(vertices @ w + b, 0, atol=1e-9)
    assert angle_deg(plane_normal(vertices), w) < ANGLE_TOL or angle_deg(-plane_normal(vertices), w) < ANGLE_TOL
    arrow = np.array([scene.w_arrow.get_start(), scene.w_arrow.get_end()]) / scene.scale
    assert angle_deg(arrow[1] - arrow[0], w) < ANGLE_TOL
    # a plane, not a speck: its cut through the cube is at least the size of a cube face
    n = plane_normal(vertices)
    u = np.cross(n, [1.0, 0, 0] if abs(n[0]) < 0.9 else [0, 1.0, 0])
    u /= np.linalg.norm(u)
    flat = np.column_stack([vertices @ u, vertices @ np.cross(n, u)])
    assert abs(polygon_area(flat)) >= (2 * scene.plane_half) ** 2


def test_three_features_accuracy_on_screen_and_edge_on_view():
    scene = ran(ThreeFeatures)
    f = flow("neuron_3d")
    w = f.output_affine().W[0]
    theta = scene.edge_on_theta
    sight = np.array([np.cos(theta), np.sin(theta), 0.0])  # phi = 90 degrees
    assert abs(sight @ w) < 1e-9  # the line of sight lies in the plane: it shows edge-on
    texts = [m.original_text for m in scene.mobjects if hasattr(m, "original_text")]
    assert any(t.startswith(f"{f.meta['accuracy']:.1%} of the {len(f.X)} points") for t in texts)


def test_three_features_plane_and_points_stay_clear_of_the_text_and_in_the_frame():
    """Along the camera's whole path (the turn, then the move to edge-on), the projected plane
    and points never cover the fixed formula or score, and stay inside the frame."""
    from manim import DL, UR

    scene = ran(ThreeFeatures)
    cam = scene.camera
    boxes = [(m.get_corner(DL)[:2] - 0.1, m.get_corner(UR)[:2] + 0.1) for m in scene.texts]
    plane, points = scene.plane.get_vertices(), scene.cloud.points
    half = np.array([config.frame_width, config.frame_height]) / 2
    assert len(scene.camera_path) == 7  # the data's orbit, w's three legs, the turn, the move to edge-on
    assert abs(scene.camera_path[6][1] - scene.camera_path[5][1]) <= np.pi / 2  # no spinning back to edge-on
    for (p0, t0), (p1, t1) in zip(scene.camera_path, scene.camera_path[1:]):
        for u in np.linspace(0, 1, 90):
            cam.set_phi(p0 + (p1 - p0) * u)
            cam.set_theta(t0 + (t1 - t0) * u)
            cam.reset_rotation_matrix()
            xy, pts = cam.project_points(plane)[:, :2], cam.project_points(points)[:, :2]
            for lo, hi in boxes:
                assert overlap_area(xy, lo, hi) == 0, (u, lo, hi)
                assert not np.any(np.all((pts > lo) & (pts < hi), axis=1))
            assert np.all(np.abs(np.vstack([xy, pts])) < half - 0.3)


def test_three_features_heights_and_a_long_w_read_in_depth():
    """Every point ends at its three features, its drop line standing from its foot on x3 = 0;
    w is laid out as its three weights tip to tail (one leg per axis) ending on the arrow's tip;
    and wherever the camera stops or moves once w is drawn, w is at least 45 degrees off the
    line of sight (drawn long, never a blob pointing at the viewer)."""
    from scenes.kit.camera3d import sight_angle_deg

    scene = ran(ThreeFeatures)
    f = flow("neuron_3d")
    w = f.output_affine().W[0]
    np.testing.assert_allclose(scene.cloud.points, scene.scale * f.X, atol=1e-12)
    np.testing.assert_allclose(scene.lifted, scene.scale * f.X, atol=1e-12)
    for k, line in zip(sorted(set(f.y)), scene.drops):
        pts = line.points.reshape(-1, 4, 3)  # one cubic (a straight segment) per point: foot, ..., top
        expected = scene.scale * f.X[f.y == k]
        np.testing.assert_allclose(pts[:, -1], expected, atol=1e-12)
        np.testing.assert_allclose(pts[:, 0], expected * [1, 1, 0], atol=1e-12)
    legs = scene.chain[1:] - scene.chain[:-1]
    np.testing.assert_allclose(legs, np.diag(legs.sum(axis=0)), atol=1e-12)  # one axis each
    tip = scene.w_arrow.get_end() / scene.scale
    np.testing.assert_allclose(scene.chain[-1], tip, atol=1e-2)  # the cone's tip, drawn with few faces
    assert angle_deg(legs.sum(axis=0), w) < ANGLE_TOL
    assert np.linalg.norm(legs.sum(axis=0)) >= 0.35 * 2 * scene.half  # long: over a third of the cube
    for (p0, t0), (p1, t1) in zip(scene.camera_path[1:], scene.camera_path[2:]):
        for u in np.linspace(0, 1, 31):
            assert sight_angle_deg(w, p0 + (p1 - p0) * u, t0 + (t1 - t0) * u) >= 45, (u, t0, t1)


def test_softmax_drawn_boundaries_lie_where_two_scores_tie_on_top():
    scene = ran(SoftmaxRegions)
    out = flow("softmax3").output_affine()
    W, b = out.W, out.b
    assert len(scene.lines) == len(scene.edges) == 3  # three classes, every pair meets
    for edge, line, arrow in zip(scene.edges, scene.lines, scene.arrows):
        seg = scene.panel.to_model(ends(line))
        t = np.linspace(0, 1, 51)[:, None]
        z = (seg[0] + t * (seg[1] - seg[0])) @ W.T + b
        np.testing.assert_allclose(z[:, edge.i], z[:, edge.j], atol=1e-9)
        others = [k for k in range(3) if k not in (edge.i, edge.j)]
        assert np.all(z[:, edge.i][:, None] >= z[:, others] - 1e-9)
        a = scene.panel.to_model(ends(arrow))
        assert abs(angle_deg(a[1] - a[0], seg[1] - seg[0]) - 90) < ANGLE_TOL
        assert angle_deg(a[1] - a[0], W[edge.i] - W[edge.j]) < ANGLE_TOL


def test_softmax_coloured_regions_agree_with_argmax():
    scene = ran(SoftmaxRegions)
    f = flow("softmax3")
    half = scene.half
    g = np.linspace(-half, half, 401)
    grid = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    drawn = np.full(len(grid), -1)
    for i, fill in enumerate(scene.fills):
        poly = scene.panel.to_model(fill.get_vertices())
        if polygon_area(poly) < 0:
            poly = poly[::-1]
        drawn[(drawn < 0) & in_polygons(grid, [poly], tol=1e-9)] = i
    agree = np.mean(drawn == np.argmax(f.predict(grid), axis=1))
    assert agree >= 0.999, f"regions agree with argmax on {agree:.4%} of the grid"
    assert scene.fills[0].fill_color.to_hex().lower() == scene.palette[0].lower()


def test_softmax_accuracy_on_screen_is_the_flow_metadata():
    scene = ran(SoftmaxRegions)
    f = flow("softmax3")
    texts = [m.original_text for m in scene.mobjects if hasattr(m, "original_text")]
    assert any(t.startswith(f"{f.meta['accuracy']:.1%} of the {len(f.X)} points") for t in texts)


# ----------------------------------------------------------------------------- softmax, one point followed


def test_crossing_path_ties_on_a_boundary_and_changes_the_winner():
    from scenes.kit.follow import crossing, scores, softmax

    f = flow("softmax3")
    out = f.output_affine()
    half = 1.1 * float(np.max(np.abs(f.X)))
    c = crossing(out.W, out.b, f.X, f.y, half)
    assert np.array_equal(c.start, f.X[c.index]) and f.y[c.index] == c.i != c.j
    for x in (c.start, c.tie, c.end):  # the kit's softmax is the model's
        np.testing.assert_allclose(softmax(scores(out.W, out.b, x)), f.predict(x[None])[0], atol=1e-9)
    z = scores(out.W, out.b, np.array([c.start, c.tie, c.end]))
    assert np.argmax(z[0]) == c.i and np.argmax(z[2]) == c.j
    assert z[1, c.i] == pytest.approx(z[1, c.j], abs=1e-9) and z[1, c.i] > np.delete(z[1], [c.i, c.j]).max()
    np.testing.assert_allclose(c.at(0.5), c.tie, atol=1e-12)
    assert abs(angle_deg(c.end - c.start, out.W[c.j] - out.W[c.i])) < ANGLE_TOL  # straight across, along the normal
    assert np.all(np.abs(c.end) < half)


def test_softmax_bars_are_the_followed_points_probabilities():
    """After every stage the three bars, as drawn, and the stacked column are the model's
    probabilities where the point is drawn: its own class on top, then the neighbour's past the
    boundary, equal on it, its own again at home; the column always reaches one."""
    scene = ran(SoftmaxRegions)
    f = flow("softmax3")
    path = scene.path
    where = [x for x, _, _ in scene.follow_log]
    np.testing.assert_allclose(where, [path.start, path.end, path.tie, path.start], atol=1e-9)
    for x, bars, column in scene.follow_log:
        p = f.predict(x[None])[0]
        np.testing.assert_allclose(bars, p, atol=1e-6)
        np.testing.assert_allclose(column, p, atol=1e-6)
        assert scene.column.top() == pytest.approx(1.0, abs=1e-6) and column.sum() == pytest.approx(1.0, abs=1e-6)
    winners = [int(np.argmax(bars)) for _, bars, _ in scene.follow_log]
    assert winners[0] == winners[3] == path.i == f.y[path.index] and winners[1] == path.j
    tie = scene.follow_log[2][1]
    assert tie[path.i] == pytest.approx(tie[path.j], abs=1e-6)
