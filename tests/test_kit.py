"""The kit: stage geometry equals the exported trace at both ends of every step; the disc
splatter draws round antialiased discs; grid and boundary geometry."""

from __future__ import annotations

import numpy as np
import pytest

from contract.flow import Flow, Stage, load_flow
from contract.paths import FLOWS_DIR
from scenes.kit import (DiscCloud, Embedding, FlowPlayer, FlowView, Tracked, View, WarpGrid, grid_lines,
                        line_in_box, splat_discs)
from scenes.kit.pointcloud import distinct_rows
from scenes.kit.geometry import box_corners, clip_polygon_halfplane
from scenes.kit.grid import polyline_bezier_points

FLOWS = sorted(p.stem for p in FLOWS_DIR.glob("*.npz"))


def pad3(a):
    out = np.zeros((len(a), 3))
    out[:, : a.shape[1]] = a
    return out


def wide_flow() -> Flow:
    """2 -> 5 (tanh) -> 2 -> 1: has a layer that must be drawn through a projection."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 2))
    stages = [Stage.affine(rng.normal(size=(5, 2)), rng.normal(size=5)), Stage.act("tanh"),
              Stage.affine(rng.normal(size=(2, 5)), rng.normal(size=2)), Stage.act("relu"),
              Stage.affine(rng.normal(size=(1, 2)), rng.normal(size=1)), Stage.act("sigmoid")]
    flow = Flow("wide", X, (X[:, 0] > 0).astype(int), stages, [], {})
    flow.trace = flow.replay(X)
    return flow


def play_all(flow: Flow, split: bool):
    """Build a player like the scenes do and run every step to both ends."""
    view = FlowView(flow, split_affine=split, stop_before=flow.affine_indices()[-1])
    cloud = Tracked(DiscCloud(view.embedded_layer(0), ["#ffffff"] * len(flow.X)), view.embedded_layer(0), View(1.0))
    player = FlowPlayer(view, cloud, radius=3.0)
    return view, player


@pytest.mark.parametrize("name", FLOWS)
@pytest.mark.parametrize("split", [True, False])
def test_every_step_starts_and_ends_on_the_trace(name, split):
    flow = load_flow(FLOWS_DIR / f"{name}.npz")
    view, player = play_all(flow, split)
    hidden_stages = flow.affine_indices()[-1]
    drawable = [s for s in flow.stages[:hidden_stages] if s.kind == "affine" or s.name != "identity"]
    assert len(view.steps) >= len(drawable), "every hidden stage that moves points has a step"
    for step in view.steps:
        move = player.step(step, run_time=1.0)
        k = step.stage
        emb_in, emb_out = view.embeddings[k], view.embeddings[k + 1]
        if step.phase is not None:  # one phase of a square map: its ends are the view's (chained in test_linear_path)
            expected_start, expected_end = view.positions(step)
            move.interpolate_mobject(0.0)
            np.testing.assert_array_equal(player.cloud.model_points, expected_start)
            move.interpolate_mobject(1.0)
            np.testing.assert_array_equal(player.cloud.model_points, expected_end)
            continue
        move.interpolate_mobject(0.0)
        expected_start = emb_out(flow.stages[k].linear_part(flow.trace[k])) if step.part == "shift" else emb_in(flow.trace[k])
        np.testing.assert_allclose(player.cloud.model_points, expected_start, atol=1e-12)
        move.interpolate_mobject(1.0)
        expected_end = emb_out(flow.stages[k].linear_part(flow.trace[k])) if step.part == "linear" else emb_out(flow.trace[k + 1])
        np.testing.assert_allclose(player.cloud.model_points, expected_end, atol=1e-12)
        # What is drawn is the view of those positions.
        np.testing.assert_allclose(player.cloud.mobject.points, player.view.apply(expected_end), atol=1e-12)
        if not emb_out.is_projection and step.part != "linear":
            np.testing.assert_allclose(player.cloud.model_points, pad3(flow.trace[k + 1]), atol=1e-12)


def test_steps_cover_every_hidden_stage_in_order():
    flow = wide_flow()
    view = FlowView(flow, split_affine=True, stop_before=flow.affine_indices()[-1])
    assert [(s.stage, s.part) for s in view.steps] == [(0, "affine"), (1, "activation"), (2, "linear"), (2, "shift"), (3, "activation")]


def test_wide_layer_is_drawn_through_its_principal_components():
    flow = wide_flow()
    emb = Embedding.for_layer(flow.trace[1])
    assert emb.is_projection and emb.components.shape == (3, 5)
    np.testing.assert_allclose(emb.components @ emb.components.T, np.eye(3), atol=1e-10)
    drawn = emb(flow.trace[1])
    # Variance kept by the projection equals the share it reports.
    kept = drawn.var(axis=0).sum() / flow.trace[1].var(axis=0).sum()
    assert kept == pytest.approx(emb.explained, rel=1e-9)
    assert "principal components" in emb.describe()
    small = Embedding.for_layer(flow.trace[3])
    assert not small.is_projection
    np.testing.assert_array_equal(small(flow.trace[3]), pad3(flow.trace[3]))
    # In a flat scene only two axes are visible: the share reported is that of those two.
    flat = Embedding.for_layer(flow.trace[1], dims=2)
    assert flat.components.shape == (2, 5) and flat.explained <= emb.explained
    flat_drawn = flat(flow.trace[1])
    assert np.all(flat_drawn[:, 2] == 0)
    assert flat_drawn.var(axis=0).sum() / flow.trace[1].var(axis=0).sum() == pytest.approx(flat.explained, rel=1e-9)
    assert "top 2 principal components" in flat.describe()
    assert Embedding.for_layer(np.random.default_rng(0).normal(size=(50, 3)), dims=2).is_projection


def test_points_stay_inside_the_frame_radius_during_every_step():
    flow = load_flow(FLOWS_DIR / "spirals.npz")
    view, player = play_all(flow, True)
    for step in view.steps:
        move = player.step(step)
        for alpha in np.linspace(0, 1, 11):
            move.interpolate_mobject(alpha)
            assert np.abs(player.cloud.mobject.points).max() <= 3.0 + 1e-9


def test_grid_moves_with_the_same_map():
    flow = load_flow(FLOWS_DIR / "spirals.npz")
    lines, is_axis = grid_lines(1.2, 0.2, samples=21)
    assert lines.shape == (26, 21, 2) and is_axis.sum() == 2
    grid_trace = flow.replay(lines.reshape(-1, 2))
    view = FlowView(flow, stop_before=flow.affine_indices()[-1])
    grid = WarpGrid(is_axis, 21)
    tracked = Tracked(grid, view.embedded_layer(0, grid_trace), View(1.0))
    cloud = Tracked(DiscCloud(view.embedded_layer(0), ["#fff"] * len(flow.X)), view.embedded_layer(0), View(1.0))
    player = FlowPlayer(view, cloud, tracked, grid_trace)
    last = view.steps[-1]
    player.step(last).interpolate_mobject(1.0)
    np.testing.assert_allclose(tracked.model_points, pad3(grid_trace[last.stage + 1]), atol=1e-12)
    # 24 minor lines of 20 segments, 4 Bezier points each.
    assert grid.minor.points.shape == (24 * 20 * 4, 3)


def test_polyline_bezier_points_are_straight_segments():
    line = np.array([[[0, 0, 0], [3, 0, 0], [3, 3, 0]]], dtype=float)
    pts = polyline_bezier_points(line)
    np.testing.assert_allclose(pts[:4], [[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 0]])
    np.testing.assert_allclose(pts[4:], [[3, 0, 0], [3, 1, 0], [3, 2, 0], [3, 3, 0]])


def test_splatted_disc_is_round_antialiased_and_the_right_size():
    frame = np.zeros((40, 40, 4), dtype=np.uint8)
    frame[..., 3] = 255
    splat_discs(frame, np.array([[20.3, 19.6]]), np.array([[1.0, 0.5, 0.0, 1.0]]), radius_px=8.0)
    red = frame[..., 0].astype(float) / 255
    assert red[19, 20] == 1.0  # centre fully covered
    assert red.sum() == pytest.approx(np.pi * 8.0**2, rel=0.03)  # area of the disc
    partial = (red > 0) & (red < 1)
    assert partial.sum() > 20  # soft edge, not a hard stair
    # Round, not square: the corners of the bounding square stay empty.
    for r, c in [(12, 13), (12, 27), (27, 13), (27, 27)]:
        assert red[r, c] == 0.0
    assert frame[0, 0, 0] == 0 and frame[..., 1].max() == 128


def test_splat_merges_same_colour_and_layers_colours_in_order():
    frame = np.zeros((20, 20, 4), dtype=np.uint8)
    xy = np.array([[10.0, 10.0], [10.5, 10.0], [10.0, 10.0]])
    rgbas = np.array([[1, 0, 0, 1], [1, 0, 0, 1], [0, 0, 1, 1.0]])
    splat_discs(frame, xy, rgbas, radius_px=3.0)
    assert tuple(frame[10, 10, :3]) == (0, 0, 255)  # blue drawn after red
    frame2 = np.zeros((20, 20, 4), dtype=np.uint8)
    splat_discs(frame2, xy[:2], rgbas[:2] * [1, 1, 1, 0.5], radius_px=3.0)
    assert frame2[10, 10, 0] == 128  # two half-opaque red discs do not add up


def test_splat_clips_at_frame_edges():
    frame = np.zeros((10, 10, 4), dtype=np.uint8)
    splat_discs(frame, np.array([[-1.0, 5.0], [50.0, 50.0]]), np.array([[1, 1, 1, 1.0]] * 2), radius_px=3.0)
    assert frame[5, 0, 0] > 0 and frame[:, 5:, 0].max() == 0


def _splat_by_definition(frame, xy, rgbas, radius_px):
    """The splat written out pixel by pixel over the whole frame: per colour in order of first
    appearance, each pixel's coverage is the max over that colour's discs, blended over it."""
    r = max(radius_px, 0.75)
    h, w = frame.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w] + 0.5
    out = frame.astype(np.float32)
    seen = []
    for row in rgbas:
        if not any(np.array_equal(row, s) for s in seen):
            seen.append(row)
    for colour in seen:
        mine = xy[(rgbas == colour).all(axis=1)]
        cover = np.zeros((h, w), np.float32)
        for x, y in mine:
            d = np.sqrt((xx - x) ** 2 + (yy - y) ** 2).astype(np.float32)
            cover = np.maximum(cover, np.clip(np.float32(r + 0.5) - d, 0, 1))
        a = cover * np.float32(colour[3])
        out[..., :3] = out[..., :3] * (1 - a)[..., None] + a[..., None] * (np.float32(255) * colour[:3].astype(np.float32))
        out[..., 3] += (255 - out[..., 3]) * a
        out = np.rint(out)
    return out.astype(np.uint8)


@pytest.mark.parametrize("seed", range(6))
def test_splat_matches_its_definition_pixel_by_pixel(seed):
    """The fast splat (merged coverage read back per disc and pixel, skipped square corners,
    rows keyed by one number) paints what the definition paints, at edges and overlaps too."""
    rng = np.random.default_rng(seed)
    h, w = 48, 64
    frame = rng.integers(0, 256, size=(h, w, 4), dtype=np.uint8)
    n = int(rng.integers(1, 60))
    xy = rng.uniform([-6, -6], [w + 6, h + 6], size=(n, 2))
    palette = rng.uniform(0, 1, size=(3, 4))
    rgbas = palette[rng.integers(0, 3, size=n)]
    radius = float(rng.choice([0.3, 1.7, 3.0, 5.4]))
    expected = _splat_by_definition(frame, xy, rgbas, radius)
    splat_discs(frame, xy, rgbas, radius)
    assert np.abs(frame.astype(int) - expected).max() <= 1  # float32 order of operations only


def test_distinct_rows_is_np_unique_over_rows():
    rng = np.random.default_rng(3)
    rgbas = rng.uniform(0, 1, size=(5, 4))[rng.integers(0, 5, size=300)]
    rgbas[:7] = [0.5, 0.5, 0.5, 1.0]
    got = distinct_rows(rgbas)
    want = np.unique(rgbas, axis=0, return_index=True, return_inverse=True)
    order_got, order_want = np.argsort(got[1]), np.argsort(want[1])
    np.testing.assert_array_equal(got[0][order_got], want[0][order_want])
    np.testing.assert_array_equal(got[0][got[2]], rgbas)


def test_line_in_box_and_half_planes():
    w, b = np.array([1.0, 1.0]), -0.5
    seg = line_in_box(w, b, 1.0)
    np.testing.assert_allclose(seg @ w + b, 0, atol=1e-12)
    assert np.all(np.abs(seg) <= 1 + 1e-12)
    assert line_in_box(np.array([1.0, 0.0]), -5.0, 1.0) is None
    pos = clip_polygon_halfplane(box_corners(1.0), w, b)
    neg = clip_polygon_halfplane(box_corners(1.0), -w, -b)
    area = lambda p: 0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], 1)) - np.dot(p[:, 1], np.roll(p[:, 0], 1)))
    assert area(pos) + area(neg) == pytest.approx(4.0)
    assert np.all(pos @ w + b >= -1e-12) and np.all(neg @ w + b <= 1e-12)


@pytest.mark.parametrize("name", ["corner_relu", "corner_linear"])
def test_input_space_regions_are_the_models_own_boundary(name):
    """The pulled-back boundary drawn in the input plane: every boundary segment has logit 0,
    every region polygon is classified as the model classifies its interior."""
    from scenes.kit.geometry import relu_net_regions

    flow = load_flow(FLOWS_DIR / f"{name}.npz")
    first, out = flow.stages[0], flow.output_affine()
    regions = relu_net_regions(first.W, first.b, out.W[0], float(out.b[0]), 2.0, flow.meta["architecture"]["hidden"])
    logit = lambda p: flow.replay(p)[flow.affine_indices()[-1] + 1][:, 0]
    segments = [seg for _, _, seg in regions if seg is not None]
    assert segments
    for seg in segments:
        pts = seg[0] + np.linspace(0, 1, 7)[:, None] * (seg[1] - seg[0])
        np.testing.assert_allclose(logit(pts), 0, atol=1e-9)
    for pos, neg, _ in regions:
        for poly, sign in ((pos, 1), (neg, -1)):
            if len(poly) >= 3:
                assert sign * logit(poly.mean(axis=0)[None, :])[0] >= 0
    if name == "corner_linear":  # one straight line, as the chapter says
        assert len(segments) == 1


def test_output_plane_polygon_lies_on_the_plane_inside_the_box():
    from scenes.kit.geometry import plane_in_box

    w, b = np.array([1.0, 2.0, -1.0]), -0.5
    poly = plane_in_box(w, b, np.zeros(3), np.ones(3) * 2)
    assert len(poly) >= 3
    np.testing.assert_allclose(poly @ w + b, 0, atol=1e-9)
    assert np.all(poly >= -1e-9) and np.all(poly <= 2 + 1e-9)
    assert len(plane_in_box(w, 100.0, np.zeros(3), np.ones(3))) == 0


def test_scale_square_rescales_with_the_view():
    from scenes.kit.reference import ScaleSquare

    square = ScaleSquare(1.0)
    view = View(2.5, np.array([0.4, -0.3, 0.0]))
    tracked = Tracked(square, square.model_corners, view)
    points = np.vstack([d.points for d in square.submobjects])
    # every dash lies on the square of half-width 2.5 scene units around the view's centre
    rel = (points - view.centre)[:, :2] / 2.5
    assert np.allclose(np.max(np.abs(rel), axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(square.top_right(), view.apply(np.array([[1.0, 1.0, 0.0]]))[0])
    tracked.show(tracked.model_points, View(1.0))
    assert np.abs(np.vstack([d.points for d in square.submobjects])).max() == pytest.approx(1.0)


def test_light_arrow3d_points_where_asked_with_few_faces():
    from manim import Arrow3D

    from scenes.kit.solids import light_arrow3d

    start, end = np.array([0.2, -0.1, 0.3]), np.array([1.0, 0.8, 0.9])
    arrow = light_arrow3d(start, end, "#ffffff")
    assert np.allclose(arrow.get_end(), end) and np.allclose(arrow.get_start(), start)
    faces = len(arrow.family_members_with_points())
    assert faces <= 40 < len(Arrow3D(start, end).family_members_with_points()), faces
    # the cone sits on the shaft's line, just short of the tip
    direction = (end - start) / np.linalg.norm(end - start)
    cone_centre = arrow.cone.get_all_points().mean(axis=0)  # not the bounding box: a 12-gon's is lopsided
    offset = cone_centre - start
    assert np.linalg.norm(offset - offset.dot(direction) * direction) < 0.01  # radius 0.08
    assert 0 < np.linalg.norm(end - cone_centre) < 0.3


def test_readout_rebuilds_only_when_its_text_changes():
    from scenes.kit.readout import ReadOut

    number = ReadOut(93.61, num_decimal_places=1)
    glyphs = list(number.submobjects)
    number.set_value(93.64)  # prints 93.6 as well: same glyphs, new value
    assert number.submobjects == glyphs and number.get_value() == 93.64
    number.set_value(93.66)  # prints 93.7
    assert number.submobjects != glyphs
    fresh = ReadOut(93.66, num_decimal_places=1).move_to(number)
    np.testing.assert_allclose(number.get_center(), fresh.get_center(), atol=1e-9)
    np.testing.assert_allclose(number.points if len(number.points) else number.family_members_with_points()[0].points,
                               fresh.points if len(fresh.points) else fresh.family_members_with_points()[0].points,
                               atol=1e-9)
    number.num_decimal_places = 2
    number.set_value(93.66)  # same value, more places: new text
    assert len(number.submobjects) == len(fresh.submobjects) + 1


@pytest.mark.parametrize("three_d", [False, True], ids=["2d", "3d"])
def test_cached_paths_draw_the_frames_manim_draws(three_d):
    """Frame by frame, a camera that replays kept Cairo paths fills the same pixels as Manim's
    own camera: first sight (paths built), repeats (paths replayed), a moved shape (new path),
    text, formulas, open and closed curves, and a 3-D camera turning between frames."""
    from manim import DOWN, RIGHT, UP, Circle, MathTex, Polygon, Square, Text, ThreeDCamera, VGroup, tempconfig
    from manim.camera.camera import Camera

    from scenes.kit.cairo_paths import CachedPathsMixin

    plain_cls = ThreeDCamera if three_d else Camera
    cached_cls = type("Cached", (CachedPathsMixin, plain_cls), {})
    with tempconfig({"quality": "low_quality"}):
        plain, cached = plain_cls(), cached_cls()
        words = VGroup(Text("hidden layers 99.4 %"), MathTex(r"a = f(Wx + b)")).arrange(DOWN).to_edge(UP)
        ring = Circle(radius=1.2).set_stroke(width=6)
        bent = Polygon([-3, -2, 0], [-1, -1, 0], [-2, 0.5, 0], [-3.5, -0.5, 0]).set_fill(opacity=0.6)
        square = Square(1.0).set_fill(opacity=0.5).shift(2 * RIGHT)
        scene = VGroup(words, ring, bent, square)
        for frame in range(5):
            if frame == 3:
                square.shift(0.37 * UP).rotate(0.3)
            if three_d:
                for cam in (plain, cached):
                    cam.set_phi(0.4 + 0.1 * frame)
                    cam.set_theta(-1.2 + 0.05 * (frame // 2))
            for cam in (plain, cached):
                cam.reset()
                cam.capture_mobjects([scene])
            np.testing.assert_array_equal(cached.pixel_array, plain.pixel_array, err_msg=f"frame {frame}")
        assert len(cached._path_cache) > 0


def test_a_copied_caption_shares_only_its_svg_parse():
    """svg_copy.py: a copy of words or a formula keeps the read-only parse it was built from and
    owns everything else: the same points and colours, and changing it leaves the original."""
    from manim import BLUE, RIGHT, MathTex, Text

    import scenes.kit  # noqa: F401 - installs the copy

    for original in (Text("best straight line: 78.6 %"), MathTex(r"a = \operatorname{relu}(w x + b)")):
        glyphs = [m for m in original.get_family() if hasattr(m, "path_obj")]
        assert glyphs
        before = [m.points.copy() for m in original.get_family()]
        twin = original.copy()
        twin_glyphs = [m for m in twin.get_family() if hasattr(m, "path_obj")]
        assert all(a.path_obj is b.path_obj for a, b in zip(glyphs, twin_glyphs))
        for a, b in zip(original.get_family(), twin.get_family()):
            assert a is not b and a.points is not b.points
            np.testing.assert_array_equal(a.points, b.points)
        twin.shift(RIGHT).set_color(BLUE)
        for m, pts in zip(original.get_family(), before):
            np.testing.assert_array_equal(m.points, pts)
        assert original.get_color() != twin.get_color()
