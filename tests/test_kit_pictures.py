"""The kit's numbers-as-pictures (scenes/kit/bars.py) and the 3-D helpers the three-features
chapter draws with (scenes/kit/camera3d.py): bars read back as the values they were given, a
stacked column reaches its sum, log bars put each power of ten at its height; an arrow's angle
to the line of sight, drop lines, a vector's legs."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.kit.bars import StackedColumn, ValueBars, log_bars
from scenes.kit.camera3d import arrow_chain, drop_lines, sight_angle_deg, view_direction

COLOURS = ["#E69F00", "#56B4E9", "#009E73"]


@pytest.mark.parametrize("values", [[0.2, 0.7, 0.1], [-2.8, 2.3, 0.04], [0.0, 1.0, 0.0]])
def test_value_bars_read_back_what_they_show(values):
    bars = ValueBars(COLOURS, ["a", "b", "c"], unit=0.4, origin=(1.0, -2.0))
    bars.set_values(values)
    assert np.allclose(bars.drawn(), values, atol=1e-9)
    for v, bar, number in zip(values, bars.bars, bars.numbers):
        assert number.get_value() == pytest.approx(v)
        assert (number.get_y() > -2.0) == (v >= 0)  # the value printed beyond the bar's end


def test_stacked_column_reaches_the_sum():
    column = StackedColumn(COLOURS, unit=2.0, origin=(0.0, -3.0))
    p = np.array([0.05, 0.6, 0.35])
    column.set_values(p)
    assert np.allclose(column.drawn(), p, atol=1e-9) and column.top() == pytest.approx(1.0)
    assert column.tick.get_y() == pytest.approx(-3.0 + 2.0)  # the mark for one, where the stack ends
    tops = [piece.get_top()[1] for piece in column.pieces]
    bottoms = [piece.get_bottom()[1] for piece in column.pieces]
    assert np.allclose(bottoms[1:], tops[:-1])  # end to end, no gaps


def test_log_bars_put_each_power_of_ten_at_its_height():
    h = log_bars(np.array([1.0, 1e-2, 1e-4, 1e-7]), floor=1e-7, height=2.1)
    assert np.allclose(h, [2.1, 2.1 * 5 / 7, 2.1 * 3 / 7, 0.0])


def test_sight_angle_drop_lines_and_legs():
    w = np.array([4.24, 1.55, 1.84])
    phi, theta = np.radians(70), np.radians(20.1)
    assert sight_angle_deg(w, phi, theta) < 5  # about along the line of sight: a dot
    assert sight_angle_deg(-w, phi, theta) == pytest.approx(sight_angle_deg(w, phi, theta))
    side = np.cross(view_direction(phi, theta), [0, 0, 1.0])
    assert sight_angle_deg(side, phi, theta) == pytest.approx(90)
    points = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, -2.0]])
    lines = drop_lines(points)
    assert np.array_equal(lines[:, 0], points) and np.array_equal(lines[:, 1], points * [1, 1, 0])
    chain = arrow_chain(np.array([0.1, 0.0, -0.2]), w)
    assert np.allclose(chain[-1], [0.1, 0.0, -0.2] + w)
    assert np.allclose(np.diff(chain, axis=0), np.diag(w))
