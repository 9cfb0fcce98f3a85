"""Choosing 3-D camera angles and zoom from the points themselves (numpy only, tested).

Manim's ThreeDCamera looks along d(phi, theta) = (sin phi cos theta, sin phi sin theta, cos phi)
(from the camera towards the origin, reversed) and draws a point p at R p, with
R = Rx(-phi) Rz(-theta - 90 deg). These helpers pick angles so a flat cloud is seen nearly face
on (never as a needle), a plane edge on (as a line with one class each side), and a zoom so the
cloud fills a chosen share of the frame.
"""

from __future__ import annotations

import numpy as np


def view_direction(phi: float, theta: float) -> np.ndarray:
    return np.array([np.sin(phi) * np.cos(theta), np.sin(phi) * np.sin(theta), np.cos(phi)])


def rotation(phi: float, theta: float) -> np.ndarray:
    """Manim's camera rotation (gamma = 0): screen x, y are the first two rows applied to p."""
    a = -theta - np.pi / 2
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(-phi), -np.sin(-phi)], [0, np.sin(-phi), np.cos(-phi)]])
    return rx @ rz


def screen_xy(points: np.ndarray, phi: float, theta: float) -> np.ndarray:
    """Screen coordinates before zoom (perspective ignored: the focal distance is far)."""
    return (np.asarray(points, dtype=float) @ rotation(phi, theta).T)[:, :2]


def facing_angles(normal: np.ndarray, tilt: float, max_phi: float = np.radians(72)) -> tuple[float, float]:
    """(phi, theta) looking ``tilt`` radians off the normal of a plane, from its upper side: the
    plane reads as a plane, with depth, not as a line. The tilt goes away from the top view
    unless that would put the camera lower than ``max_phi`` (where the input plane, z = 0, would
    itself turn into a line); then it goes towards the top view."""
    n = np.asarray(normal, dtype=float)
    n = n / np.linalg.norm(n)
    if n[2] < 0:
        n = -n
    phi0 = float(np.arccos(np.clip(n[2], -1, 1)))
    theta = float(np.arctan2(n[1], n[0])) if np.hypot(n[0], n[1]) > 1e-9 else -np.pi / 2
    phi = phi0 + tilt if phi0 + tilt <= max_phi else phi0 - tilt
    if phi < 0:  # past the top: the same view from the other azimuth
        phi, theta = -phi, theta + np.pi
    return phi, theta


def edge_on_phi(normal: np.ndarray, theta: float) -> float:
    """phi in (0, pi) at which a camera at azimuth ``theta`` sees the plane with this normal
    edge on (its view direction lies in the plane)."""
    n = np.asarray(normal, dtype=float)
    horizontal = n[0] * np.cos(theta) + n[1] * np.sin(theta)
    phi = float(np.arctan2(-n[2], horizontal))  # sin(phi) h + cos(phi) n_z = 0
    return phi % np.pi


def zoom_to_fill(points: np.ndarray, phi: float, theta: float, frame_width: float, frame_height: float,
                 share: float = 0.7, margin: float = 0.42, keep_inside: np.ndarray | None = None) -> float:
    """The zoom at which the points, seen from (phi, theta), span ``share`` of the frame's width
    or height (see ``frame_share``), unless that would push a point further than ``margin`` of
    the frame's size from its centre (the camera stays on the scene's origin, and the title and
    caption need their rows): then the largest zoom that keeps every point inside, and every
    point of ``keep_inside`` too (axes, labels, a plane drawn with the points)."""
    xy = screen_xy(points, phi, theta)
    span = np.maximum(np.ptp(xy, axis=0), 1e-9)
    inside = xy if keep_inside is None else screen_xy(keep_inside, phi, theta)
    reach = np.maximum(np.max(np.abs(inside), axis=0), 1e-9)
    wanted = share / max(span[0] / frame_width, span[1] / frame_height)
    fits = min(margin * frame_width / reach[0], margin * frame_height / reach[1])
    return float(min(wanted, fits))


def frame_share(xy: np.ndarray, frame_width: float, frame_height: float) -> float:
    """How much of the frame the points span: the larger of width share and height share."""
    span = np.ptp(np.asarray(xy)[:, :2], axis=0)
    return float(max(span[0] / frame_width, span[1] / frame_height))


def edge_on_angles(normal: np.ndarray) -> tuple[float, float]:
    """(phi, theta) from above (phi < 90 deg) that see the plane with this normal edge on: the
    camera's azimuth points away from the normal's horizontal part."""
    n = np.asarray(normal, dtype=float)
    if n[2] < 0:
        n = -n
    theta = float(np.arctan2(-n[1], -n[0]))
    return edge_on_phi(n, theta), theta


def level_edge_on_angles(normal: np.ndarray, current_theta: float) -> tuple[float, float]:
    """(phi, theta) of a level camera (phi = 90 deg) that sees the plane with this normal edge
    on: it looks along n x (0, 0, 1), horizontal and inside the plane. Of the equivalent
    azimuths (every half turn), the one nearest ``current_theta``, so the camera does not spin."""
    along = np.cross(normal, [0.0, 0.0, 1.0])
    return np.pi / 2, nearest_turn(float(np.arctan2(along[1], along[0])), current_theta)


def nearest_turn(target: float, current: float, period: float = np.pi) -> float:
    """``target`` plus whole ``period``s, as close as possible to ``current``: the camera reaches
    an equivalent view (an edge-on view repeats every half turn) without spinning back around."""
    return float(target + period * np.round((current - target) / period))


def overlap_area(polygon_xy: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """Area of a convex screen polygon inside the box [lo, hi] (0 when they are apart)."""
    from .geometry import clip_polygon_halfplane
    from .regions import polygon_area

    poly = np.asarray(polygon_xy, dtype=float)[:, :2]
    for w, b in (([1, 0], -lo[0]), ([-1, 0], hi[0]), ([0, 1], -lo[1]), ([0, -1], hi[1])):
        poly = clip_polygon_halfplane(poly, np.array(w, dtype=float), float(b))
        if len(poly) < 3:
            return 0.0
    return abs(polygon_area(poly))


def sight_angle_deg(direction: np.ndarray, phi: float, theta: float) -> float:
    """The angle (0..90 degrees) between a direction and the camera's line of sight: near 0 an
    arrow along it points at the camera and reads as a dot; near 90 it is drawn at full length."""
    d = np.asarray(direction, dtype=float)
    c = abs(float(view_direction(phi, theta) @ d)) / float(np.linalg.norm(d))
    return float(np.degrees(np.arccos(np.clip(c, 0.0, 1.0))))


def drop_lines(points: np.ndarray, axis: int = 2, floor: float = 0.0) -> np.ndarray:
    """(n, 2, 3): each point and its foot on the floor ``axis = floor`` (its height made visible)."""
    points = np.asarray(points, dtype=float)
    feet = points.copy()
    feet[:, axis] = floor
    return np.stack([points, feet], axis=1)


def arrow_chain(origin: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """(d + 1, d): from ``origin``, the vector's components laid tip to tail, one axis at a time;
    the last point is origin + vector."""
    origin, vector = np.asarray(origin, dtype=float), np.asarray(vector, dtype=float)
    steps = np.diag(vector)
    return origin + np.vstack([np.zeros(len(vector)), np.cumsum(steps, axis=0)])
