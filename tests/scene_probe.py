"""Run a scene without writing video (Manim's dry run) and record what it did: every flow
Move it played, and after every play, any mobject that left the frame."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from manim import DL, UR, Group, MathTex, Text, ValueTracker, config, tempconfig

from scenes.kit import WarpGrid, animate
from scenes.kit.camera3d import frame_share


@dataclass
class Probe:
    duration: float = 0.0
    moves: list = field(default_factory=list)  # (move, start positions, end positions) per tracked mobject
    off_frame: list = field(default_factory=list)
    coverage: list = field(default_factory=list)  # (time, share of the frame the moved cloud spans) per Move
    covered: list = field(default_factory=list)  # (time, words) text drawn over the moving cloud
    cloud_off_frame: list = field(default_factory=list)  # (time, share) of the cloud out of frame mid-move


def _outside_frame(mobject, margin: float = 0.02) -> bool:
    points = mobject.get_all_points()
    if len(points) == 0:
        return False
    half_w, half_h = config.frame_width / 2 + margin, config.frame_height / 2 + margin
    return bool(np.any(np.abs(points[:, 0]) > half_w) or np.any(np.abs(points[:, 1]) > half_h))


DRY_RUN = {"dry_run": True, "quality": "low_quality", "disable_caching": True, "progress_bar": "none",
           "verbosity": "ERROR"}


def dry_run(scene_cls):
    """The scene after a full Manim dry run at low quality (nothing written), with everything it drew."""
    with tempconfig(DRY_RUN):
        scene = scene_cls()
        scene.render()
    return scene


def probe_scene(scene_cls, quality: str = "low_quality", margin: float = 0.0) -> Probe:
    """``margin``: how close (scene units) the moving cloud may come to a word before it counts
    as drawn over it."""
    probe = Probe()
    original_init = animate.Move.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        probe.moves.append(self)

    class Probed(scene_cls):
        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            for anim in args:
                if isinstance(anim, animate.Move):
                    cloud = on_screen(self, anim.moves[0][0].mobject)
                    probe.coverage.append((round(self.renderer.time, 2),
                                           frame_share(cloud.points, config.frame_width, config.frame_height)))
                    check_clear_of_text(self, anim, probe, margin=margin)
            for mob in drawn_parts(self.mobjects):
                if getattr(self, "close_up", False) and mob not in getattr(self.camera, "fixed_in_frame_mobjects", ()):
                    continue  # a deliberate camera close-up: only the labels must stay in frame
                if _outside_frame(on_screen(self, mob)):
                    probe.off_frame.append((round(self.renderer.time, 2), type(mob).__name__))

    animate.Move.__init__ = recording_init
    try:
        with tempconfig({**DRY_RUN, "quality": quality}):
            scene = Probed()
            scene.render()
            probe.duration = scene.renderer.time
    finally:
        animate.Move.__init__ = original_init
    return probe


def check_clear_of_text(scene, move, probe: Probe, samples: int = 9, margin: float = 0.0) -> None:
    """At moments through a Move (its end included): no word drawn over the moving cloud and no
    point of it out of frame. Text is every Text/MathTex on screen then (labels, captions,
    matrices), except a tag that rides with the picture (``rides_with_points``); lines and
    shading drawn over the points on purpose are not text."""
    words = [part for mob in scene.mobjects for part in mob.get_family() if isinstance(part, (Text, MathTex))]
    boxes = [(m, m.get_critical_point(DL)[:2] - margin, m.get_critical_point(UR)[:2] + margin) for m in words
             if max(part.get_fill_opacity() for part in m.get_family()) > 0.05
             and not getattr(m, "rides_with_points", False)]
    half = np.array([config.frame_width, config.frame_height]) / 2
    for alpha in np.linspace(0.0, 1.0, samples):
        move.interpolate_mobject(alpha)
        points = on_screen(scene, move.moves[0][0].mobject).points[:, :2]
        if len(points) == 0:
            continue
        t = round(scene.renderer.time, 2)
        out = float(np.mean(np.any(np.abs(points) > half + 0.02, axis=1)))
        if out > 0:
            probe.cloud_off_frame.append((t, round(out, 4)))
        for m, lo, hi in boxes:
            if np.any(np.all((points > lo) & (points < hi), axis=1)):
                probe.covered.append((t, getattr(m, "text", None) or type(m).__name__))
    move.interpolate_mobject(1.0)


def drawn_parts(mobjects):
    """What must stay in frame: everything drawn, except the bending grid, a background that
    is meant to run past the edges, and camera trackers, which are never drawn."""
    for mob in mobjects:
        if isinstance(mob, (ValueTracker, WarpGrid)):
            continue
        if type(mob) is Group:  # an animation's bundle: look at its members
            yield from drawn_parts(mob.submobjects)
        else:
            yield mob


def on_screen(scene, mobject):
    """A copy of the mobject in screen coordinates (3-D scenes project through their camera)."""
    camera = scene.camera
    if not hasattr(camera, "project_points") or mobject in camera.fixed_in_frame_mobjects:
        return mobject
    projected = mobject.copy()
    for sub in projected.get_family():
        if len(sub.points):
            sub.points = camera.transform_points_pre_display(sub, sub.points)
    return projected


def endpoints(move) -> list[tuple[np.ndarray, np.ndarray]]:
    """Model-space (start, end) of each tracked mobject of a recorded Move."""
    out = []
    for tracked, _, _ in move.moves:
        move.interpolate_mobject(0.0)
        start = tracked.model_points.copy()
        move.interpolate_mobject(1.0)
        out.append((start, tracked.model_points.copy()))
    return out

