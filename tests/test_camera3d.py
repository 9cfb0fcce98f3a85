"""Camera angles chosen from the points (scenes/kit/camera3d.py), checked against Manim's camera."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ThreeDCamera

from scenes.kit.camera3d import (edge_on_angles, edge_on_phi, facing_angles, frame_share, screen_xy,
                                 view_direction, zoom_to_fill)

NORMALS = [np.array(n, dtype=float) for n in ([0.46, 0.32, 0.83], [0.9, -0.2, 0.1], [0, 0, 1], [1, 2, -3],
                                              [-0.3, 0.1, 0.2])]


def angle(a, b):
    c = abs(a @ b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return np.degrees(np.arccos(np.clip(c, -1, 1)))


@pytest.mark.parametrize("normal", NORMALS)
def test_facing_angles_look_the_chosen_tilt_off_the_normal(normal):
    phi, theta = facing_angles(normal, np.radians(35))
    assert angle(view_direction(phi, theta), normal) == pytest.approx(35, abs=1e-6)
    assert 0 <= phi <= np.radians(72) + 1e-9


@pytest.mark.parametrize("normal", NORMALS)
def test_edge_on_views_lie_in_the_plane(normal):
    phi, theta = edge_on_angles(normal)
    assert view_direction(phi, theta) @ normal == pytest.approx(0, abs=1e-9)
    assert 0 < phi <= np.pi / 2 + 1e-12  # from above (a level plane: from the side)
    assert view_direction(edge_on_phi(normal, 0.3), 0.3) @ normal == pytest.approx(0, abs=1e-9)


def test_screen_xy_is_what_manims_camera_draws():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(50, 3))
    camera = ThreeDCamera(focal_distance=1e9)
    for phi, theta in ((0.3, -1.2), (1.1, 0.5), (0.0, -np.pi / 2)):
        camera.set_phi(phi)
        camera.set_theta(theta)
        camera.reset_rotation_matrix()  # Manim refreshes it once per frame
        drawn = camera.project_points(points)[:, :2]
        np.testing.assert_allclose(screen_xy(points, phi, theta), drawn, atol=1e-6)


def test_zoom_to_fill_fills_the_asked_share():
    rng = np.random.default_rng(1)
    points = rng.normal(size=(400, 3))
    points = np.vstack([points, -points])  # symmetric about the origin, as the camera centres
    phi, theta = 1.0, 0.4
    zoom = zoom_to_fill(points, phi, theta, 14.2, 8.0, share=0.6)
    assert frame_share(zoom * screen_xy(points, phi, theta), 14.2, 8.0) == pytest.approx(0.6, rel=1e-9)
    # a cloud off to one side: filling would push it out of the frame, so it stops at the margin
    shifted = points + np.array([3.0, 0.0, 0.0])
    zoom = zoom_to_fill(shifted, phi, theta, 14.2, 8.0, share=0.9, margin=0.45)
    xy = zoom * screen_xy(shifted, phi, theta)
    assert np.max(np.abs(xy[:, 0])) <= 0.45 * 14.2 + 1e-9 and np.max(np.abs(xy[:, 1])) <= 0.45 * 8.0 + 1e-9


def test_overlap_area_of_a_convex_polygon_and_a_box():
    from scenes.kit.camera3d import overlap_area

    square = np.array([[0, 0], [2, 0], [2, 2], [0, 2]], float)
    assert overlap_area(square, np.array([1, 1]), np.array([3, 3])) == pytest.approx(1.0)
    assert overlap_area(square, np.array([2.5, 0]), np.array([3, 3])) == 0.0
    diamond = np.array([[0, -1], [1, 0], [0, 1], [-1, 0]], float)
    assert overlap_area(diamond, np.array([0, 0]), np.array([5, 5])) == pytest.approx(0.5)


def test_nearest_turn_reaches_an_equivalent_view_without_spinning_back():
    from scenes.kit.camera3d import nearest_turn

    target, current = np.radians(-69.9), np.radians(236.3)
    got = nearest_turn(target, current)
    assert abs(got - current) <= np.pi / 2 and np.isclose(np.sin(2 * (got - target)), 0, atol=1e-12)
    assert nearest_turn(0.3, 0.2) == pytest.approx(0.3)
