"""The maths the 3-D and spiral chapters used to do inline, now in scenes/kit: composed affine
maps, the 3-D axes builder, the level edge-on view, the logistic line fitted once per stage, and
the rule that a chapter imports only the kit and the contract layer.

Where a kit function replaced chapter code, the old inline code is copied here as the reference
and the kit's result must equal it exactly (the renders must not change by a pixel)."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from manim import OUT, RIGHT, UP, Line, MathTex, ThreeDAxes, VGroup

from contract.flow import load_flow, monomial_names
from contract.paths import flow_path
from scenes.kit import View
from scenes.kit.affine import compose_affine, flat_net_cut, span_normal
from scenes.kit.axes3d import AxesLook, axes3d, axes_reach, tight_box, whole_unit_box
from scenes.kit.camera3d import level_edge_on_angles, nearest_turn, view_direction
from scenes.kit.palette import GRID_AXIS, TEXT
from scenes.kit.separability import StageLineFits, line_accuracy, logistic_line

SCENES = Path(__file__).resolve().parent.parent / "scenes"
rng = np.random.default_rng(7)


def flow(name):
    return load_flow(flow_path(name))


# ----------------------------------------------------------------------------- affine maps


def test_composed_map_is_the_two_maps_applied_in_turn():
    W1, b1 = rng.normal(size=(3, 2)), rng.normal(size=3)
    W2, b2 = rng.normal(size=(1, 3)), rng.normal(size=1)
    W, b = compose_affine(W2, b2, W1, b1)
    x = rng.normal(size=(50, 2))
    np.testing.assert_allclose(x @ W.T + b, (x @ W1.T + b1) @ W2.T + b2, rtol=1e-12, atol=1e-12)
    assert W.shape == (1, 2) and b.shape == (1,)


def test_span_normal_is_perpendicular_to_every_lifted_point():
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    n = span_normal(W)
    assert np.linalg.norm(n) > 1e-6
    lifted = rng.normal(size=(20, 2)) @ W.T + b
    np.testing.assert_allclose((lifted - b) @ n, 0, atol=1e-12)


def test_flat_net_cut_lies_on_both_planes():
    f = flow("corner_linear")
    W1, b1 = f.stages[0].W, f.stages[0].b
    out = f.output_affine()
    ends = flat_net_cut(W1, b1, out.W, out.b, float(np.max(np.abs(f.X))))
    assert ends.shape == (2, 3) and np.linalg.norm(ends[1] - ends[0]) > 0.1
    np.testing.assert_allclose(ends @ out.W[0] + out.b[0], 0, atol=1e-9)  # on the output plane
    np.testing.assert_allclose((ends - b1) @ span_normal(W1), 0, atol=1e-9)  # on the plane of hidden points


def test_flat_net_cut_equals_the_chapters_old_inline_maths():
    from scenes.kit.geometry import line_in_box

    f = flow("corner_linear")
    W1, b1 = f.stages[0].W, f.stages[0].b
    out = f.output_affine()
    half = float(np.max(np.abs(f.X)))
    g, c = (out.W @ W1)[0], float((out.W @ b1 + out.b)[0])  # as FlatHiddenPlane.cut_line had it
    np.testing.assert_array_equal(flat_net_cut(W1, b1, out.W, out.b, half), line_in_box(g, c, half) @ W1.T + b1)


def test_flat_net_cut_is_none_when_the_boundary_misses_the_box():
    W1, b1 = np.array([[1.0, 0], [0, 1.0], [0, 0]]), np.zeros(3)
    assert flat_net_cut(W1, b1, np.array([[1.0, 0, 0]]), np.array([-5.0]), 1.0) is None


# ----------------------------------------------------------------------------- 3-D axes


def test_axis_boxes():
    points = np.array([[0.2, -1.3, 2.0], [1.7, 0.4, 3.2]])
    lo, hi = whole_unit_box(points)
    np.testing.assert_array_equal(lo, [-0.5, -2.5, -0.5])
    np.testing.assert_array_equal(hi, [2.5, 1.5, 4.5])
    lo, hi = tight_box(points, 0.1, 0.08)
    np.testing.assert_allclose(lo, [-0.1, -1.4, -0.1])
    np.testing.assert_allclose(hi, [1.78, 0.48, 3.28])


def test_axes_run_from_lo_to_hi_with_labels_past_the_ends():
    lo, hi, scale = np.array([-1.0, -2.0, -0.5]), np.array([3.0, 1.0, 2.0]), 0.7
    axes = axes3d(lo, hi, scale, ["a", "b", "c"], AxesLook(label_gap=0.2, reach=0.5))
    for i, line in enumerate(axes.axes):
        np.testing.assert_allclose(line.get_start(), scale * lo[i] * np.eye(3)[i], atol=1e-12)
        np.testing.assert_allclose(line.get_end(), scale * hi[i] * np.eye(3)[i], atol=1e-12)
        np.testing.assert_allclose(axes.labels[i].get_center(), scale * (hi[i] + 0.2) * np.eye(3)[i], atol=1e-12)
    np.testing.assert_allclose(axes.ends, scale * np.vstack([np.diag(lo), np.diag(hi + 0.5)]))
    assert len(axes_reach(axes)) == 9  # 6 ends, 3 label centres


def test_shaded_axes_put_model_zero_at_the_origin_and_ends_where_the_points_are_drawn():
    lo, hi, scale = np.array([-0.5, -1.5, -0.5]), np.array([4.5, 2.5, 3.5]), 0.6
    group = axes3d(lo, hi, scale, ["a", "b", "c"], AxesLook(shaded_pieces=1))
    np.testing.assert_allclose(group.axes.c2p(0, 0, 0), 0, atol=1e-12)
    for i in range(3):
        corner = hi[i] * np.eye(3)[i]
        np.testing.assert_allclose(group.axes.c2p(*corner), scale * corner, atol=1e-9)


def same_mobjects(a, b):
    """Exactly equal points, colours and strokes, member by member."""
    fa, fb = a.get_family(), b.get_family()
    assert [type(m) for m in fa] == [type(m) for m in fb]
    for ma, mb in zip(fa, fb):
        np.testing.assert_array_equal(ma.points, mb.points)
        assert ma.get_stroke_width() == mb.get_stroke_width()
        assert [c.to_hex() for c in ma.get_stroke_colors()] == [c.to_hex() for c in mb.get_stroke_colors()]
        assert [c.to_hex() for c in ma.get_fill_colors()] == [c.to_hex() for c in mb.get_fill_colors()]


def old_hidden_axes(hidden, scale):
    """PlaneInHiddenSpace.hidden_axes as it was, less the scene calls."""
    lo = np.minimum(np.floor(hidden.min(axis=0)), 0) - 0.5
    hi = np.ceil(hidden.max(axis=0)) + 0.5
    ranges = [[lo[i], hi[i], max(1.0, float(np.ceil((hi[i] - lo[i]) / 8)))] for i in range(3)]
    lengths = [(hi[i] - lo[i]) * scale for i in range(3)]
    axes = ThreeDAxes(num_axis_pieces=1, x_range=ranges[0], y_range=ranges[1], z_range=ranges[2], x_length=lengths[0],
                      y_length=lengths[1], z_length=lengths[2], axis_config={"stroke_width": 2, "color": TEXT,
                                                                            "include_ticks": False,
                                                                            "include_tip": False})
    axes.shift(-axes.c2p(0, 0, 0))
    labels = VGroup()
    for i, direction in enumerate((RIGHT, UP, OUT)):
        label = MathTex(f"a_{i + 1}", color=TEXT, font_size=40)
        label.move_to(axes.c2p(*[hi[j] + 0.6 if j == i else 0 for j in range(3)]))
        labels.add(label)
    group = VGroup(axes, labels)
    group.ends = View(scale).apply(np.vstack([np.diag(lo), np.diag(hi + 0.9)]))
    return group


def test_hidden_space_axes_are_exactly_the_chapters_old_ones():
    from scenes.hidden_space import HIDDEN_AXES

    f = flow("corner_relu")
    out_stage = f.affine_indices()[-1]
    every_hidden = np.concatenate(f.trace[1:out_stage + 1])
    scale = 2.5 / float(np.max(np.abs(every_hidden)))
    for hidden in (every_hidden, f.trace[out_stage]):  # before the fold, and the octant after it
        old = old_hidden_axes(hidden, scale)
        lo, hi = whole_unit_box(hidden)
        new = axes3d(lo, hi, scale, ["a_1", "a_2", "a_3"], HIDDEN_AXES)
        same_mobjects(new, old)
        np.testing.assert_array_equal(new.ends, old.ends)


def test_three_features_axes_are_exactly_the_chapters_old_ones():
    from scenes.more_classes import CUBE_AXES, ThreeFeatures

    f = flow(ThreeFeatures.flow_name)
    radius = ThreeFeatures.radius
    half = 1.1 * float(np.max(np.abs(f.X)))
    old_axes = ThreeDAxes(x_range=[-half, half, 1], y_range=[-half, half, 1], z_range=[-half, half, 1],
                          x_length=2 * radius, y_length=2 * radius, z_length=2 * radius,
                          axis_config={"color": "#8fa3c7", "include_ticks": False}, tips=False)
    old_labels = VGroup(*[MathTex(s, color=TEXT, font_size=40).move_to(p) for s, p in
                          (("x_1", [radius + 0.35, 0, 0]), ("x_2", [0, radius + 0.35, 0]),
                           ("x_3", [0, 0, radius + 0.35]))])
    new = axes3d(np.full(3, -half), np.full(3, half), radius / half, ["x_1", "x_2", "x_3"], CUBE_AXES)
    assert CUBE_AXES.colour == GRID_AXIS == "#8fa3c7"
    same_mobjects(new.axes, old_axes)
    same_mobjects(new.labels, old_labels)


@pytest.mark.parametrize("name", ["circles_crosses", "spirals_crosses"])
def test_feature_cross_axes_are_exactly_the_chapters_old_ones(name):
    from scenes.feature_crosses import CROSS_AXES, TEX

    f = flow(name)
    lifted = f.trace[1]
    scale = 2.6 / float(max(np.max(np.abs(lifted)), np.max(np.abs(f.X))))
    view = View(scale)
    names = monomial_names(f.stages[0].W)
    lo = np.minimum(lifted.min(axis=0), 0) - 0.1  # FeatureCrosses.cross_axes as it was
    hi = np.maximum(lifted.max(axis=0), 0) + 0.08
    lines, labels = VGroup(), VGroup()
    for i, feature in enumerate(names[:3]):
        a, b = np.zeros((2, 3))
        a[i], b[i] = lo[i], hi[i]
        lines.add(Line(*view.apply(np.array([a, b])), color=TEXT, stroke_width=2))
        tip = b.copy()
        tip[i] += 0.16
        tex = MathTex(TEX.get(feature, feature), color=TEXT, font_size=38).add_background_rectangle(opacity=0.7)
        labels.add(tex.move_to(view.apply(tip[None])[0]))
    new = axes3d(*tight_box(lifted, 0.1, 0.08), scale, [TEX.get(n, n) for n in names[:3]], CROSS_AXES)
    same_mobjects(new, VGroup(lines, labels))


# ----------------------------------------------------------------------------- edge-on camera


@pytest.mark.parametrize("normal", [[0.3, -1.2, 0.8], [1.0, 0.0, -0.4], [-0.2, 0.7, 2.5], [0.0, 1.0, 0.0]])
@pytest.mark.parametrize("current", [-2.8, -0.87, 0.0, 1.3, 7.0])
def test_level_edge_on_view_lies_in_the_plane_and_turns_the_short_way(normal, current):
    phi, theta = level_edge_on_angles(np.array(normal), current)
    assert phi == pytest.approx(np.pi / 2, abs=0)
    assert view_direction(phi, theta) @ np.array(normal) == pytest.approx(0, abs=1e-9)
    assert abs(theta - current) <= np.pi / 2 + 1e-12


def test_level_edge_on_equals_three_features_old_inline_maths():
    from manim import DEGREES

    w = flow("neuron_3d").output_affine().W[0]
    for current in np.linspace(-4, 4, 17):
        along = np.cross(w, [0.0, 0.0, 1.0])
        old = nearest_turn(float(np.arctan2(along[1], along[0])), current)
        assert level_edge_on_angles(w, current) == (90 * DEGREES, old)


# ----------------------------------------------------------------------------- separability


def test_a_separable_set_gets_a_separating_line():
    X = np.vstack([rng.normal(size=(40, 2)) - 3, rng.normal(size=(40, 2)) + 3])
    y = np.repeat([0, 1], 40)
    assert line_accuracy(X, y) == 1.0
    assert line_accuracy(X, 1 - y) == 1.0


def test_stage_line_fits_fit_each_stage_once_and_equal_a_fresh_fit(monkeypatch):
    import scenes.kit.separability as kit_separability

    f = flow("spirals")
    fits = StageLineFits(f.trace, f.y)
    calls = []
    real = kit_separability.line_accuracy
    monkeypatch.setattr(kit_separability, "line_accuracy", lambda X, y: calls.append(1) or real(X, y))
    stages = [k for k, s in enumerate(f.stages) if s.kind == "activation"]
    first = [fits.after(k) for k in stages]
    again = [fits.after(k) for k in stages]
    assert len(calls) == len(stages)  # the second round reuses every fit
    assert first == again == [real(f.trace[k + 1], f.y) for k in stages]


def test_spirals_chapter_fits_once_per_layer():
    """Dry-run the chapter, counting fits: one for the raw data, one per hidden layer."""
    from manim import tempconfig

    import scenes.kit.separability as kit_separability
    import scenes.spirals as spirals

    calls = []
    real = kit_separability.linear_accuracy  # a line for two classes, a linear softmax for more
    patched = lambda X, y: calls.append(len(X)) or real(X, y)
    mp = pytest.MonkeyPatch()
    mp.setattr(kit_separability, "linear_accuracy", patched)
    mp.setattr(spirals, "linear_accuracy", patched)
    try:
        with tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True, "progress_bar": "none",
                         "verbosity": "ERROR"}):
            scene = spirals.UnfoldingSpirals()
            scene.render()
    finally:
        mp.undo()
    layers = len(scene.flow.affine_indices()) - 1
    assert len(calls) == 1 + layers


# ----------------------------------------------------------------------------- chapter layering


ALLOWED = ("scenes.kit", "manim", "numpy", "__future__", "contextlib", "contract.flow", "contract.activations",
           "contract.paths")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module)
    return names


@pytest.mark.parametrize("chapter", sorted(p.name for p in SCENES.glob("*.py") if p.name != "__init__.py"))
def test_a_chapter_imports_only_the_kit_and_the_contract_layer(chapter):
    bad = [m for m in imported_modules(SCENES / chapter)
           if not any(m == a or m.startswith(a + ".") for a in ALLOWED)]
    assert not bad, f"{chapter} imports {bad}"


def test_both_lifting_chapters_share_the_kit_base_not_each_other():
    from scenes.feature_crosses import FeatureCrosses
    from scenes.hidden_space import PlaneInHiddenSpace
    from scenes.kit.hidden_scene import HiddenSpaceScene

    assert issubclass(FeatureCrosses, HiddenSpaceScene) and issubclass(PlaneInHiddenSpace, HiddenSpaceScene)
    assert not issubclass(FeatureCrosses, PlaneInHiddenSpace)


def test_the_output_plane_is_the_output_neurons_plane():
    from scenes.kit.hidden_scene import HiddenSpaceScene

    f = flow("corner_relu")
    out = f.output_affine()
    hidden = f.trace[f.affine_indices()[-1]]
    scene = HiddenSpaceScene.__new__(HiddenSpaceScene)
    scene.model_view = View(1.0)
    vertices = scene.output_plane(f, hidden, 1.0).get_vertices()
    assert len(vertices) >= 3
    np.testing.assert_allclose(vertices @ out.W[0] + out.b[0], 0, atol=1e-9)
    lo, hi = np.minimum(hidden.min(axis=0), 0), hidden.max(axis=0)
    assert np.all(vertices >= lo - 1e-9) and np.all(vertices <= hi + 1e-9)


def test_input_box_puts_the_inputs_on_the_floor_with_a_z_axis_as_long_as_they_reach():
    from scenes.kit.axes3d import input_box, whole_unit_box

    X = np.array([[-1.2, 0.5], [0.8, -0.3]])
    box = input_box(X)
    assert box.shape == (3, 3) and np.all(box[:2, 2] == 0) and np.array_equal(box[:2, :2], X)
    assert np.array_equal(box[2], [0.0, 0.0, 1.2])
    lo, hi = whole_unit_box(box)
    assert np.array_equal(lo, [-2.5, -1.5, -0.5]) and np.array_equal(hi, [1.5, 1.5, 2.5])
