"""Drawing cost per frame, encoding left out: chapters run as a dry run that draws every frame
(and writes none), with the kit's kept Cairo paths and with Manim's own path building.

    .venv/bin/python bench/bench_frames.py line-not-enough layer-anatomy -q high

Prints, per chapter and way, the frames drawn and the CPU seconds (this process only) of the
whole run, construct included, so the difference between the two rows is the drawing's. The
kit's default voice (no speech) keeps the chapters short: the cost per frame is what counts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hidden_layers.render.quality import QUALITIES  # noqa: E402
from hidden_layers.story import find_scene  # noqa: E402


MANIM_QUALITY = {"l": "low_quality", "m": "medium_quality", "h": "high_quality", "k": "fourk_quality"}


def run(scene_cls, quality: str, keep_paths: bool) -> tuple[int, float]:
    from manim import tempconfig

    from scenes.kit.cairo_paths import CachedPathsMixin
    from scenes.kit.pointcloud import SplatMixin

    frames = []

    class Counted(scene_cls):
        def render(self, *args, **kwargs):
            add_frame = self.renderer.add_frame
            self.renderer.add_frame = lambda frame, num_frames=1: (frames.append(num_frames),
                                                                   add_frame(frame, num_frames))[1]
            return super().render(*args, **kwargs)

    SplatMixin.draw_in_dry_run, CachedPathsMixin.keep_paths = True, keep_paths
    try:
        with tempconfig({"dry_run": True, "quality": quality, "disable_caching": True, "progress_bar": "none",
                         "verbosity": "ERROR"}):
            start = time.process_time()
            Counted().render()
            return len(frames), time.process_time() - start
    finally:
        SplatMixin.draw_in_dry_run, CachedPathsMixin.keep_paths = False, True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+")
    parser.add_argument("-q", "--quality", default="high", choices=list(QUALITIES))
    args = parser.parse_args()
    quality = MANIM_QUALITY[QUALITIES[args.quality].flag]
    print(f"{'chapter':<18} {'paths':<8} {'frames':>7} {'CPU s':>8} {'ms/frame':>9}")
    for chapter in args.chapters:
        scene_cls = find_scene(chapter).load_class()
        run(scene_cls, "low_quality", True)  # warm TeX, text and imports out of the figures
        for keep in (False, True):
            frames, cpu = run(scene_cls, quality, keep)
            print(f"{chapter:<18} {'kept' if keep else 'manim':<8} {frames:>7} {cpu:>8.1f} {1000 * cpu / frames:>9.2f}")


if __name__ == "__main__":
    main()
