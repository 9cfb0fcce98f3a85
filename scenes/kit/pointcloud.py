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
from manim import PMobject, ThreeDCamera
from manim.camera.camera import Camera
from manim.utils.color import ManimColor


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


def splat_discs(pixel_array: np.ndarray, xy: np.ndarray, rgbas: np.ndarray, radius_px: float) -> None:
    """Blend antialiased discs into an (H, W, 4) uint8 frame, in place.

    xy are sub-pixel coordinates (x right, y down; pixel i spans [i, i+1)). Discs of the
    same colour merge by max coverage, so overlaps do not darken; colours are drawn in the
    order they first appear. Per colour, coverage is gathered in a buffer over the discs'
    bounding box, and only the pixels it touches are read and written back.
    """
    h, w = pixel_array.shape[:2]
    r = max(float(radius_px), 0.75)  # below ~1.5 px across, a disc flickers between pixels
    k = int(np.ceil(r + 0.5))
    offsets = np.arange(-k, k + 1, dtype=np.int64)
    flat_frame = pixel_array.reshape(-1, pixel_array.shape[2])
    colours, first_seen, which = np.unique(rgbas, axis=0, return_index=True, return_inverse=True)
    which = which.reshape(-1)
    for c in np.argsort(first_seen):
        pts = xy[which == c]
        base = np.floor(pts).astype(np.int64)
        x0, x1 = max(int(base[:, 0].min()) - k, 0), min(int(base[:, 0].max()) + k + 1, w)
        y0, y1 = max(int(base[:, 1].min()) - k, 0), min(int(base[:, 1].max()) + k + 1, h)
        if x0 >= x1 or y0 >= y1:
            continue  # this colour is entirely off screen
        cx = base[:, 0, None] + offsets  # (n, m) pixel columns near each point
        cy = base[:, 1, None] + offsets
        dx = (cx + 0.5 - pts[:, 0, None]).astype(np.float32)
        dy = (cy + 0.5 - pts[:, 1, None]).astype(np.float32)
        # Coverage of each pixel: how far its centre lies inside the disc's edge, clipped to [0, 1].
        coverage = np.clip(np.float32(r + 0.5) - np.sqrt(dx[:, None, :] ** 2 + dy[:, :, None] ** 2), 0, 1)
        inside = (coverage > 0) & ((cy >= y0) & (cy < y1))[:, :, None] & ((cx >= x0) & (cx < x1))[:, None, :]
        box_w = x1 - x0
        local = ((cy - y0)[:, :, None] * box_w + (cx - x0)[:, None, :])[inside]
        union = np.zeros((y1 - y0) * box_w, dtype=np.float32)
        np.maximum.at(union, local, coverage[inside])
        touched = np.flatnonzero(union)
        alpha = (union[touched] * np.float32(colours[c, 3]))[:, None]
        where = (touched // box_w + y0) * w + (touched % box_w + x0)
        px = flat_frame[where].astype(np.float32)
        px[:, :3] = px[:, :3] * (1 - alpha) + np.float32(255) * colours[c, :3].astype(np.float32) * alpha
        px[:, 3] += (255 - px[:, 3]) * alpha[:, 0]
        flat_frame[where] = np.rint(px).astype(np.uint8)


class SplatMixin:
    """Draws DiscClouds by splatting; every other PMobject as Manim does."""

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


class SplatCamera(SplatMixin, Camera):
    pass


class SplatThreeDCamera(SplatMixin, ThreeDCamera):
    """``screen_offset`` (frame units) moves the whole projected 3-D picture on screen, e.g. to
    the right of a column of fixed text, while the camera still turns about the origin (moving
    Manim's frame_center instead would swing the picture around as the camera turns)."""

    screen_offset = (0.0, 0.0)

    def project_points(self, points):
        projected = super().project_points(points)
        projected[:, 0] += self.screen_offset[0]
        projected[:, 1] += self.screen_offset[1]
        return projected
