"""Thousands of points as one mobject, drawn as round antialiased discs.

`DiscCloud` is a PMobject (one mobject, one points array), so moving 2,000 points costs one
numpy assignment a frame. Manim's own PMobject drawing paints square pixels; the cameras here
(`SplatCamera`, `SplatThreeDCamera`) draw a DiscCloud instead by splatting discs with numpy:
for each colour, every disc's coverage of the pixels near it is computed analytically
(distance from the pixel centre to the disc's edge), overlaps of one colour merge by max,
and the colour is blended over the frame. Cost grows with points x disc area, not with
Cairo path work.
"""

from __future__ import annotations

import numpy as np
from manim import PMobject, ThreeDCamera, config
from manim.camera.camera import Camera
from manim.utils.color import ManimColor

from .cairo_paths import CachedPathsMixin


class DiscCloud(PMobject):
    """Points in scene coordinates with one colour each; ``radius`` is in scene units."""

    def __init__(self, points: np.ndarray, colors: list, radius: float = 0.04, opacity: float = 0.95, **kwargs):
        super().__init__(**kwargs)
        points = _as_3d(points)
        rgbas = np.array([[*ManimColor(c).to_rgb(), opacity] for c in colors], dtype=float)
        if len(rgbas) != len(points):
            raise ValueError(f"DiscCloud got {len(points)} points but {len(rgbas)} colours")
        self.points = points
        self.rgbas = rgbas
        self.radius = radius

    def set_positions(self, points: np.ndarray) -> "DiscCloud":
        self.points = _as_3d(points)
        return self

    def set_opacity(self, opacity: float, family: bool = True) -> "DiscCloud":
        self.rgbas[:, 3] = opacity
        return self

    def fade(self, darkness: float = 0.5, family: bool = True) -> "DiscCloud":
        # FadeIn/FadeOut start or end on a copy faded with fade(1); Mobject.fade leaves a point
        # cloud untouched, so without this the discs popped in at full opacity.
        self.rgbas[:, 3] *= 1.0 - darkness
        return self

    def interpolate_color(self, mobject1, mobject2, alpha):
        # Fades (FadeIn/FadeOut) interpolate rgbas; keep that working on the (n, 4) array.
        self.rgbas = (1 - alpha) * mobject1.rgbas + alpha * mobject2.rgbas
        return self


def _as_3d(points: np.ndarray) -> np.ndarray:
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] > 3:
        raise ValueError(f"points must have shape (n, <=3), got {points.shape}")
    out = np.zeros((len(points), 3))
    out[:, : points.shape[1]] = points
    return out


_ROW_KEY = np.array([1.0, 1e3 + 0.123, 1e6 + 0.456, 1e9 + 0.789])


def distinct_rows(rgbas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(rgbas, axis=0, return_index=True, return_inverse=True)``, through one number
    per row: np.unique along an axis sorts whole rows and cost 2 ms a frame for 2,000 points.
    A collision of two colours on one key is detected and falls back to the exact way."""
    _, first_seen, which = np.unique(rgbas @ _ROW_KEY, return_index=True, return_inverse=True)
    colours = rgbas[first_seen]
    if not np.array_equal(colours[which], rgbas):
        colours, first_seen, which = np.unique(rgbas, axis=0, return_index=True, return_inverse=True)
    return colours, first_seen, which.reshape(-1)


def disc_offsets(r: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixel offsets (dy, dx) from a disc's floor pixel that its coverage can reach for some
    sub-pixel position of its centre: the square's corners are never touched, so skip them."""
    k = int(np.ceil(r + 0.5))
    o = np.arange(-k, k + 1)
    oy, ox = np.meshgrid(o, o, indexing="ij")
    nearest = lambda v: np.maximum(np.abs(v) - 0.5, 0)  # noqa: E731  closest a pixel centre can be, per axis
    reach = nearest(ox) ** 2 + nearest(oy) ** 2 < (r + 0.5) ** 2
    return oy[reach].astype(np.int64), ox[reach].astype(np.int64)


def splat_discs(pixel_array: np.ndarray, xy: np.ndarray, rgbas: np.ndarray, radius_px: float) -> None:
    """Blend antialiased discs into an (H, W, 4) uint8 frame, in place.

    xy are sub-pixel coordinates (x right, y down; pixel i spans [i, i+1)). Discs of the
    same colour merge by max coverage, so overlaps do not darken; colours are drawn in the
    order they first appear. Per colour, coverage is gathered in a buffer over the discs'
    bounding box; each (disc, pixel) pair then reads the merged coverage back and blends its
    pixel. Pairs that share a pixel compute the same value from the same frame, so writing
    them all is exact, and cheaper than finding the distinct pixels. Pixels are moved as one
    4-byte word each.
    """
    h, w = pixel_array.shape[:2]
    r = max(float(radius_px), 0.75)  # below ~1.5 px across, a disc flickers between pixels
    k = int(np.ceil(r + 0.5))
    oy, ox = disc_offsets(r)
    words = pixel_array.reshape(-1).view(np.uint32)
    colours, first_seen, which = distinct_rows(rgbas)
    edge = np.float32(r + 0.5)
    for c in np.argsort(first_seen):
        pts = xy[which == c]
        base = np.floor(pts).astype(np.int64)
        lo, hi = base.min(axis=0) - k, base.max(axis=0) + k + 1
        x0, x1, y0, y1 = max(lo[0], 0), min(hi[0], w), max(lo[1], 0), min(hi[1], h)
        if x0 >= x1 or y0 >= y1:
            continue  # this colour is entirely off screen
        cx = base[:, 0, None] + ox  # (n, p) pixel columns near each point
        cy = base[:, 1, None] + oy
        dx = (cx + 0.5 - pts[:, 0, None]).astype(np.float32)
        dy = (cy + 0.5 - pts[:, 1, None]).astype(np.float32)
        # Coverage of each pixel: how far its centre lies inside the disc's edge, clipped to [0, 1].
        coverage = np.clip(edge - np.sqrt(dx * dx + dy * dy), 0, 1)
        if lo[0] < 0 or lo[1] < 0 or hi[0] > w or hi[1] > h:
            on = (cx >= 0) & (cx < w) & (cy >= 0) & (cy < h)
            cx, cy, coverage = cx[on], cy[on], coverage[on]
        else:
            cx, cy, coverage = cx.reshape(-1), cy.reshape(-1), coverage.reshape(-1)
        box_w = x1 - x0
        local = (cy - y0) * box_w + (cx - x0)
        union = np.zeros((y1 - y0) * box_w, dtype=np.float32)
        np.maximum.at(union, local, coverage)
        alpha = union[local] * np.float32(colours[c, 3])
        where = cy * w + cx
        px = words[where].view(np.uint8).reshape(-1, 4).astype(np.float32)
        tint = np.float32(255) * colours[c].astype(np.float32)
        tint[3] = 0
        out = px * (1 - alpha)[:, None] + alpha[:, None] * tint
        out[:, 3] = px[:, 3] + (255 - px[:, 3]) * alpha
        words[where] = np.rint(out).astype(np.uint8).view(np.uint32).reshape(-1)


class SplatMixin:
    """Draws DiscClouds by splatting; every other PMobject as Manim does. In a dry run it draws
    nothing: Manim 0.22 still rasterises every frame of a dry run only to drop it, and the
    tests' and the script's dry runs read where things are, never pixels."""

    draw_in_dry_run = False  # True: a dry run draws every frame and writes none (bench/bench_frames.py)

    def capture_mobjects(self, mobjects, **kwargs):
        if config.dry_run and not self.draw_in_dry_run:
            if hasattr(self, "reset_rotation_matrix"):  # the 3-D camera's projection, as a drawn frame leaves it
                self.reset_rotation_matrix()
            return
        super().capture_mobjects(mobjects, **kwargs)

    def display_multiple_point_cloud_mobjects(self, pmobjects, pixel_array):
        for pmobject in pmobjects:
            if isinstance(pmobject, DiscCloud):
                self.display_disc_cloud(pmobject, pixel_array)
            else:
                super().display_multiple_point_cloud_mobjects([pmobject], pixel_array)

    def display_disc_cloud(self, cloud: DiscCloud, pixel_array: np.ndarray) -> None:
        if len(cloud.points) == 0 or not np.any(cloud.rgbas[:, 3] > 0):
            return
        xy = self.points_to_subpixel_coords(cloud, cloud.points)
        radius_px = cloud.radius * self.pixel_width / self.frame_width
        splat_discs(pixel_array, xy, cloud.rgbas, radius_px)


class SplatCamera(SplatMixin, CachedPathsMixin, Camera):
    pass


class SplatThreeDCamera(SplatMixin, CachedPathsMixin, ThreeDCamera):
    """``screen_offset`` (frame units) moves the whole projected 3-D picture on screen, e.g. to
    the right of a column of fixed text, while the camera still turns about the origin (moving
    Manim's frame_center instead would swing the picture around as the camera turns)."""

    screen_offset = (0.0, 0.0)

    def project_points(self, points):
        projected = super().project_points(points)
        projected[:, 0] += self.screen_offset[0]
        projected[:, 1] += self.screen_offset[1]
        return projected
