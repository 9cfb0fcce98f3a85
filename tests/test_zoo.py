"""Chapter 5, anatomy of a layer and the activation zoo: the kit's pieces (scenes/kit/zoo.py,
anatomy.py, plots.sample_curve) and the two scenes' claims, on the trained star network."""

from __future__ import annotations

import re

import numpy as np
import pytest
from manim import DL, UR

from contract.activations import activation
from contract.flow import load_flow
from contract.paths import flow_path
from scenes.kit.anatomy import Piece, example_points, shape_of, shape_text
from scenes.kit.narrate import load_script
from scenes.kit.plots import curve, plot_axes, sample_curve
from scenes.kit.zoo import ZOO, curve_samples, dead_units, flat_share, layer_flow, max_slope, quietest_unit, slope
from tests.scene_probe import dry_run, endpoints, probe_scene


def star():
    return load_flow(flow_path("star_relu"))


# ----------------------------------------------------------------------------- kit


def test_zoo_is_the_seven_activations_of_the_notes():
    assert [a.name for a in ZOO] == ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "mish"]


@pytest.mark.parametrize("act", ZOO, ids=lambda a: a.name)
def test_a_drawn_curve_reads_back_as_the_activation(act):
    axes = plot_axes((-4.0, 4.0, 1.0), (-2.0, 4.0, 1.0), 5.0, 3.7).axes
    z, fz = curve_samples(act, -4.0, 4.0)
    x, y = sample_curve(axes, curve(axes, z, fz, "#ffffff"))
    assert np.allclose(x, z, atol=1e-9)
    assert np.allclose(y, activation(act.name, **act.params)(x), atol=1e-9)


def test_sample_curve_sees_a_wrong_curve():
    axes = plot_axes((-4.0, 4.0, 1.0), (-2.0, 4.0, 1.0), 5.0, 3.7).axes
    z, _ = curve_samples(ZOO[0], -4.0, 4.0)
    x, y = sample_curve(axes, curve(axes, z, np.tanh(z), "#ffffff"))
    assert not np.allclose(y, ZOO[0].fn()(x), atol=1e-3)


def test_slopes_are_measured_from_the_functions():
    sig, tanh, relu = ZOO[:3]
    assert max_slope(sig) == pytest.approx(0.25, abs=1e-6)
    assert max_slope(tanh) == pytest.approx(1.0, abs=1e-6)
    assert slope(relu, np.array([-1.0, 1.0])) == pytest.approx([0.0, 1.0])
    assert flat_share(tanh, np.array([0.0, 3.0, -3.0, 0.5]), 0.1) == pytest.approx(0.5)  # tanh'(3) = 0.0099


def test_layer_flow_is_the_trained_stage_and_the_activation():
    f = star()
    for act in ZOO:
        g = layer_flow(f, 0, (1, 3), act)
        assert np.array_equal(g.stages[0].W, f.stages[0].W[[1, 3]])
        assert np.array_equal(g.stages[0].b, f.stages[0].b[[1, 3]])
        assert np.allclose(g.trace[1], f.trace[1][:, [1, 3]], atol=1e-5)  # numpy replay vs the torch trace
        assert np.array_equal(g.trace[2], act.fn()(g.trace[1]))
    with pytest.raises(ValueError, match="not affine"):
        layer_flow(f, 1, (0, 1), ZOO[0])


def test_dead_units_and_quietest_unit_count_what_they_say():
    f = star()
    pre = [f.trace[k] for k, s in enumerate(f.stages) if s.kind == "activation" and s.name == "relu"]
    dead, units = dead_units(f)
    assert units == sum(p.shape[1] for p in pre) == 10
    assert dead == sum(int(np.sum(np.max(p, axis=0) <= 0)) for p in pre)
    q = quietest_unit(f)
    assert 0.0 <= q <= 1.0 and any(np.isclose(q, np.mean(p[:, j] <= 0)) for p in pre for j in range(p.shape[1]))


def test_pieces_know_their_shapes():
    W = np.arange(12.0).reshape(6, 2)
    assert shape_of(W) == (6, 2) and shape_of(np.zeros(6)) == (6, 1)
    assert shape_text(W) == r"6 \times 2"
    p = Piece("W", W)
    assert p.shape == (6, 2) and p.shape_label.get_tex_string() == r"6 \times 2"


def test_example_points_pick_the_nearest_scores():
    scores = np.array([-5.0, -2.9, 0.2, 0.01, 3.5])
    assert example_points(scores) == [1, 3, 4]


# ----------------------------------------------------------------------------- scenes


run = dry_run


@pytest.fixture(scope="module")
def anatomy():
    from scenes.layer_anatomy import LayerAnatomy

    return run(LayerAnatomy)


@pytest.fixture(scope="module")
def zoo():
    from scenes.activation_zoo import ActivationZoo

    return run(ActivationZoo)


def test_anatomy_shapes_on_screen_are_the_layers_arrays(anatomy):
    f = star()
    layer = f.stages[anatomy.affine_index]
    n, m = layer.W.shape
    p = anatomy.pieces
    assert (p["W"].shape, p["x"].shape, p["b"].shape, p["z"].shape, p["a"].shape) == ((n, m), (m, 1), (n, 1),
                                                                                      (n, 1), (n, 1))
    for key in p:
        rows, cols = p[key].shape
        assert p[key].shape_label.get_tex_string() == f"{rows} \\times {cols}"
    assert np.array_equal(p["W"].values, layer.W) and np.array_equal(p["b"].values, layer.b)
    x = p["x"].values
    assert any(np.array_equal(x, row) for row in f.X)
    assert np.allclose(p["z"].values, layer.apply(x[None])[0], atol=1e-5)
    assert np.allclose(p["a"].values, np.maximum(p["z"].values, 0.0))


def test_anatomy_output_stage_numbers_are_the_models(anatomy):
    f = star()
    scores, probs = f.trace[-2][:, 0], f.trace[-1][:, 0]
    assert f.stages[-1].name == "sigmoid"
    for z, p in anatomy.shown_scores:
        j = int(np.argmin(np.abs(scores - z)))
        assert scores[j] == z and probs[j] == p
        assert p == pytest.approx(activation("sigmoid")(np.array([z]))[0], abs=1e-6)
    axes, drawn = anatomy.output_curve
    x, y = sample_curve(axes, drawn)
    assert np.allclose(y, activation("sigmoid")(x), atol=1e-9)


def test_anatomy_score_labels_stay_clear_of_the_curve_the_axes_and_each_other(anatomy):
    axes, drawn = anatomy.output_curve
    curve_points = drawn.get_all_points()[:, :2]
    axis_lines = [axes.x_axis, axes.y_axis]
    boxes = []
    for label in anatomy.score_labels:
        (x0, y0), (x1, y1) = label.get_corner(DL)[:2], label.get_corner(UR)[:2]
        boxes.append((x0, y0, x1, y1))
        inside = (curve_points[:, 0] > x0) & (curve_points[:, 0] < x1) & (curve_points[:, 1] > y0) & (curve_points[:, 1] < y1)
        assert not inside.any(), f"{label.get_tex_string()} crosses the curve"
        for line in axis_lines:
            pts = line.get_all_points()[:, :2]
            hit = (pts[:, 0] > x0) & (pts[:, 0] < x1) & (pts[:, 1] > y0) & (pts[:, 1] < y1)
            assert not hit.any(), f"{label.get_tex_string()} crosses an axis"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], "two score labels overlap"


def test_zoo_curves_on_screen_are_the_activations(zoo):
    assert list(zoo.drawn_curves) == [a.name for a in ZOO]
    for act in ZOO:
        x, y = zoo.drawn_curves[act.name]  # sampled from the mobject while it was on screen
        lo, hi = zoo.axes.y_range[:2]
        inside = (y > lo + 1e-9) & (y < hi - 1e-9)  # the plot clips at its y range
        assert inside.mean() > 0.9
        assert np.allclose(y[inside], activation(act.name, **act.params)(x[inside]), atol=1e-9)


def test_every_zoo_stage_ends_on_the_replayed_values():
    from scenes.activation_zoo import ActivationZoo

    base, flows = ActivationZoo.built_flows()
    probe = probe_scene(ActivationZoo)
    assert probe.off_frame == []
    (start, end), *_ = endpoints(probe.moves[0])
    assert np.allclose(end[:, :2], flows[0].trace[1], atol=1e-12)  # the affine stage: the layer's z
    forward = probe.moves[1::2]
    assert len(forward) == len(ZOO)
    for move, act, flow in zip(forward, ZOO, flows):
        (cloud_start, cloud_end), (grid_start, grid_end) = endpoints(move)
        assert np.allclose(cloud_start[:, :2], flow.trace[1], atol=1e-12)
        assert np.allclose(cloud_end[:, :2], activation(act.name, **act.params)(flow.trace[1]), atol=1e-12)
        assert np.allclose(grid_end[:, :2], act.fn()(grid_start[:, :2]), atol=1e-12)
    spread = np.ptp(endpoints(forward[0])[0][1][:, :2], axis=0)
    assert np.all(spread > 0.5)  # sigmoid's output still a plane, not a needle


def test_zoo_numbers_on_screen_are_measured(zoo):
    f = star()
    assert zoo.facts["sigmoid_max_slope"] == pytest.approx(0.25, abs=1e-6)
    assert zoo.facts["dead"] == dead_units(f)
    assert zoo.facts["quietest"] == quietest_unit(f)
    assert zoo.facts["tanh_flat_share"] == flat_share(ZOO[1], f.trace[1][:, list(zoo.rows)], zoo.flat_slope)
    z = zoo.z_values
    assert 0.3 < np.mean(z < 0) < 0.7  # the plane spreads over both signs
    assert np.all(z.min(axis=0) < -2) and np.all(z.max(axis=0) > 2)


@pytest.mark.parametrize("scene", ["anatomy", "zoo"])
def test_every_cue_is_spoken_once_in_order_with_no_typed_numbers(scene, request):
    s = request.getfixturevalue(scene)
    script = load_script(s.script_name)
    assert len(script) >= 3
    assert not any(re.search(r"\d", text) for text in script.values())
    assert [c.id for c in s.narration_log().cues] == list(script)


def test_anatomy_stays_in_frame():
    from scenes.layer_anatomy import LayerAnatomy

    probe = probe_scene(LayerAnatomy)
    assert probe.off_frame == [] and probe.moves == []


# ----------------------------------------------------------------------------- the gradient facts as pictures


def test_slope_curves_are_the_derivatives():
    from scenes.kit.zoo import slope_curve

    z, d = slope_curve(ZOO[0], -4.0, 4.0)
    s = 1 / (1 + np.exp(-z))
    assert np.allclose(d, s * (1 - s), atol=1e-8)
    z, d = slope_curve(ZOO[1], -4.0, 4.0)
    assert np.allclose(d, 1 - np.tanh(z) ** 2, atol=1e-8)


def test_zoo_slope_plot_shows_sigmoid_slope_and_its_peak(zoo):
    x, y = sample_curve(zoo.slope_axes, zoo.sigmoid_slope_curve)
    s = 1 / (1 + np.exp(-x))
    assert np.allclose(y, s * (1 - s), atol=1e-6)
    dot = zoo.peak_marker[1]
    zx, zy = zoo.slope_axes.p2c(dot.get_center())
    assert zx == pytest.approx(0.0, abs=1e-9) and zy == pytest.approx(zoo.facts["sigmoid_max_slope"], abs=1e-9)
    assert zy == pytest.approx(0.25, abs=1e-6) and zoo.peak_marker[2].get_tex_string() == "0.25"
    x, y = sample_curve(zoo.slope_axes, zoo.tanh_slope_curve)
    assert np.allclose(y, 1 - np.tanh(x) ** 2, atol=1e-6)


def test_zoo_gradient_bars_shrink_by_the_largest_slope_each_layer(zoo):
    top = zoo.facts["sigmoid_max_slope"]
    g = zoo.gradients
    assert len(g) == zoo.sigmoid_layers + 1
    assert np.allclose(g, top ** np.arange(len(g)), rtol=1e-12)
    assert g[-1] == pytest.approx(9.54e-7, rel=1e-3)  # 0.25 ** 10
    floor, height, base = zoo.gradient_scale
    drawn = np.array([bar.height for bar in zoo.gradient_bars])
    bottoms = np.array([bar.get_bottom()[1] for bar in zoo.gradient_bars])
    assert np.allclose(bottoms, base, atol=1e-9)  # every bar stands on the axis
    read = 10 ** (np.log10(floor) * (1 - drawn / height))  # the log axis read back
    assert np.allclose(read, g, rtol=1e-6)
    assert np.all(np.diff(drawn) < 0)


def test_zoo_tanh_flat_bands_are_where_its_slope_is_small(zoo):
    from scenes.kit.zoo import flat_beyond

    edge = zoo.flat_edge
    assert slope(ZOO[1], np.array([edge]))[0] == pytest.approx(zoo.flat_slope, abs=1e-6)
    assert flat_beyond(ZOO[1], zoo.flat_slope) == edge
    z = np.ravel(zoo.z_values)
    assert zoo.facts["tanh_flat_share"] == pytest.approx(np.mean(np.abs(z) > edge), abs=1e-12)
    assert zoo.flat_bar.share == pytest.approx(zoo.facts["tanh_flat_share"], abs=1e-12)


def test_zoo_unit_bars_and_the_quietest_units_off_region(zoo):
    from scenes.kit.zoo import off_grid, relu_unit_list, unit_off

    f = star()
    units = relu_unit_list(f)
    pre = [f.trace[k] for k, s in enumerate(f.stages) if s.kind == "activation" and s.name == "relu"]
    on = np.concatenate([np.mean(p > 0, axis=0) for p in pre])
    assert np.allclose([u.on_share for u in units], on)
    assert np.allclose(zoo.on_bars.drawn(), on, atol=1e-9)  # the bars as drawn
    assert int(np.sum(zoo.on_bars.drawn() <= 0)) == zoo.facts["dead"][0]  # a dead unit is a bar at zero
    q = zoo.quiet
    assert 1 - q.on_share == pytest.approx(quietest_unit(f), abs=1e-12) == zoo.facts["quietest"]
    assert np.mean(unit_off(f, q, f.X)) == pytest.approx(quietest_unit(f), abs=1e-12)  # numpy replay = trace
    # the shaded picture: each training point's pixel is shaded exactly where the unit is off there
    half, n = zoo.panel.half, zoo.off_pixels
    grid = off_grid(f, q, half, n)
    assert grid.shape == (n, n) and np.array_equal(grid, zoo.off)
    cols = np.clip(np.round((f.X[:, 0] + half) / (2 * half) * (n - 1)).astype(int), 0, n - 1)
    rows = np.clip(np.round((half - f.X[:, 1]) / (2 * half) * (n - 1)).astype(int), 0, n - 1)
    centres = np.column_stack([-half + cols * 2 * half / (n - 1), half - rows * 2 * half / (n - 1)])
    assert np.array_equal(grid[rows, cols], unit_off(f, q, centres))
    assert np.mean(grid[rows, cols] == unit_off(f, q, f.X)) > 0.97  # pixels agree with the points they lie under
