"""layers-build's new pictures checked on the star network (scenes/kit/unit_probe.py and the
chapter): the line slid across the star leaves orange on both sides wherever it stands; the point
carried across the first neuron's line reads that neuron's own w.x + b, negative before the line
and positive in the region drawn active; every bend of a second-layer edge sits on a first-layer
line; the pieces counted and the accuracy bar are the model's; the narration speaks its numbers."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from contract.flow import load_flow
from contract.paths import flow_path
from scenes.kit.regions import in_polygons, network_regions
from scenes.kit.unit_probe import lines_through, probe_path, unit_value
from scenes.layers_build import LayersBuild, bend_points
from tests.scene_probe import dry_run
from tests.test_subtitles import dry_run_cues


@functools.cache
def star():
    f = load_flow(flow_path(LayersBuild.flow_name))
    idx = f.affine_indices()
    hidden = [(f.stages[i].W, f.stages[i].b) for i in idx[:-1]]
    out = f.output_affine()
    half = float(np.max(np.abs(f.X)))
    return f, idx, hidden, half, network_regions(hidden, out.W[0], float(out.b[0]), half)


@functools.cache
def scene():
    return dry_run(LayersBuild)


def test_the_probe_crosses_each_first_layer_line_from_off_to_on():
    f, idx, hidden, half, (_, units, _) = star()
    W1, b1 = hidden[0]
    for i in range(len(b1)):
        start, end = probe_path(W1[i], b1[i], half)
        assert np.max(np.abs([start, end])) <= 0.9 * half + 1e-12  # inside the square
        pre = f.replay(np.array([start, end]))[idx[0] + 1][:, i]  # the network's own w.x + b
        np.testing.assert_allclose(unit_value(W1[i], b1[i], np.array([start, end])), pre, atol=1e-12)
        assert pre[0] < 0 < pre[1]
        inside = in_polygons(np.array([start, end]), units[0][i].polygons)
        assert not inside[0] and inside[1]  # ends in the region drawn active, starts outside it


def test_every_bend_of_a_second_layer_edge_sits_on_a_first_layer_line():
    f, idx, hidden, half, (_, units, _) = star()
    W1, b1 = hidden[0]
    for j, unit in enumerate(units[1]):
        bends = bend_points(unit.boundary, half)
        on = lines_through(bends, W1, b1)
        assert all(len(ids) >= 1 for ids in on), f"neuron {j + 1}: a bend on no first-layer line"
        pre = f.replay(bends)[idx[0] + 1] if len(bends) else np.zeros((0, len(b1)))
        for row, ids in zip(pre, on):
            assert np.min(np.abs(row[ids])) <= 1e-7  # that neuron switches there (bends are kept to 9 decimals)


def test_lines_through_finds_the_line_a_point_is_on():
    W, b = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), np.array([-0.5, 1.0, 0.0])
    found = lines_through(np.array([[0.5, 3.0], [0.5, -0.5], [0.2, 0.2]]), W, b)
    assert [ids.tolist() for ids in found] == [[0], [0, 1, 2], []]


def test_the_line_slid_across_the_star_never_separates_it():
    f, *_ = star()
    w, (b0, b1) = scene().slide
    assert np.linalg.norm(w) == pytest.approx(1.0)
    orange = f.X[f.y == 0]
    for b in np.linspace(b0, b1, 201):
        side = orange @ w + b >= 0
        assert side.any() and (~side).any()  # orange on both sides wherever the line stands
    star_side = f.X[f.y == 1] @ w
    assert np.all(star_side + b0 >= 0) and np.all(star_side + b1 < 0)  # it starts past the star and ends past it


def test_the_scene_reads_the_probe_counts_the_pieces_and_bars_the_accuracy():
    f, idx, hidden, half, (_, units, output) = star()
    s = scene()
    value, centre = s.probe_read
    at = s.big.to_model(centre[None])[0]
    np.testing.assert_allclose(at, s.probe_ends[1], atol=1e-9)
    assert value == pytest.approx(f.replay(at[None])[idx[0] + 1][0, 0], abs=1e-9)
    assert s.count.get_value() == len(output.boundary)
    assert s.bar.drawn() == pytest.approx(f.accuracy(), abs=1e-6)
    assert round(s.bar.number.get_value(), 1) == round(100 * f.accuracy(), 1)


def test_the_narration_speaks_the_models_numbers():
    f, idx, hidden, half, (_, _, output) = star()
    cues = dict(dry_run_cues("layers-build"))
    assert f"{len(f.X):,}" in cues["star"]
    assert all(str(len(b)) in cues["star"] for _, b in hidden)
    assert str(len(output.boundary)) in cues["output"] and f"{f.accuracy():.1%}" in cues["output"]


def test_nothing_the_scene_ends_on_is_out_of_frame():
    from tests.scene_probe import _outside_frame, drawn_parts

    assert not [type(m).__name__ for m in drawn_parts(scene().mobjects) if _outside_frame(m)]
