"""Render cost of a chapter against the floor (an empty scene of the same length) and the naive
one-Dot-per-point version of the same chapter. Prints a table; run from the repo root:

    .venv/bin/python bench/bench_render.py                      # spirals, low and high quality
    .venv/bin/python bench/bench_render.py --quality high --animations 0   # whole chapter

Every variant renders in a fresh `python -m manim` process, timed wall-clock (start-up
included), on whatever else the machine is doing: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hidden_layers.render.frames import video_info  # noqa: E402
from hidden_layers.render.manim_command import manim_command, manim_env  # noqa: E402
from hidden_layers.render.quality import QUALITIES  # noqa: E402
from hidden_layers.settings import Settings  # noqa: E402

SETTINGS = Settings()  # --points swaps in a flows folder of its own

# chapter -> (file, scene class, one-Dot-per-point variant in bench/bench_scenes.py or None)
CHAPTERS = {
    "spirals": ("scenes/spirals.py", "UnfoldingSpirals", "UnfoldingSpiralsDots"),
    "hidden-plane": ("scenes/hidden_space.py", "PlaneInHiddenSpace", None),
    "flat-plane": ("scenes/hidden_space.py", "FlatHiddenPlane", None),
    "bottleneck": ("scenes/spirals.py", "Bottleneck", None),
    "regression": ("scenes/regression.py", "ReluPiecesParabola", None),
    "line-not-enough": ("scenes/line_not_enough.py", "LineNotEnough", None),
    "feature-crosses": ("scenes/feature_crosses.py", "FeatureCrosses", None),
    "crosses-spirals": ("scenes/feature_crosses.py", "CrossesFailOnSpirals", None),
    "layers-build": ("scenes/layers_build.py", "LayersBuild", None),
    "layer-anatomy": ("scenes/layer_anatomy.py", "LayerAnatomy", None),
    "activation-zoo": ("scenes/activation_zoo.py", "ActivationZoo", None),
    "perceptron": ("scenes/one_neuron.py", "Perceptron", None),
    "sigmoid-neuron": ("scenes/one_neuron.py", "SigmoidNeuron", None),
    "three-features": ("scenes/more_classes.py", "ThreeFeatures", None),
    "softmax-regions": ("scenes/more_classes.py", "SoftmaxRegions", None),
}


def render(file: str, cls: str, quality: str, animations: int, env_extra: dict | None = None) -> tuple[float, float]:
    """(seconds of wall time, seconds of video) for one render, through the one Manim command
    every render uses (held frames encoded once); a story scene speaks as it does in the video."""
    from hidden_layers.render.scenes import write_run_file
    from hidden_layers.story import find_scene

    media = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        try:
            run = write_run_file(find_scene(cls), SETTINGS, media)
        except LookupError:  # a bench-only scene: no story entry, no voice
            run = None
        cmd = manim_command(file, cls, QUALITIES[quality], media)
        cmd[-2:-2] = ["-v", "WARNING"] + (["-n", f"0,{animations - 1}"] if animations else [])
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, env={**manim_env(run), **(env_extra or {})})
        wall = time.perf_counter() - t0
        movie = next(media.rglob(f"{cls}.mp4"))
        return wall, video_info(movie).duration
    finally:
        shutil.rmtree(media, ignore_errors=True)


def resampled_spirals(n: int) -> Path:
    """A flows folder where spirals.npz holds the committed model replayed on n points of the
    same data set (numpy only: the weights are untouched, the trace is recomputed)."""
    from contract.flow import load_flow, save_flow
    from contract.paths import FLOWS_DIR
    from models.datasets import make_dataset

    folder = Path(tempfile.mkdtemp(prefix="bench-flows-"))
    for f in FLOWS_DIR.glob("*.npz"):
        shutil.copy(f, folder / f.name)
    flow = load_flow(FLOWS_DIR / "spirals.npz")
    params = {**flow.meta["dataset"]["params"], "n": n}
    flow.X, flow.y = make_dataset("spirals", **params)
    flow.trace = flow.replay(flow.X)
    save_flow(flow, folder / "spirals.npz")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", choices=[*CHAPTERS, "all"], action="append",
                        help="repeatable; default: spirals; 'all' for every chapter")
    parser.add_argument("--quality", choices=list(QUALITIES), action="append",
                        help="repeatable; default: low and high")
    parser.add_argument("--animations", type=int, default=None,
                        help="render only the first N animations (0 = whole chapter); default: whole at low, 14 at high and 4k")
    parser.add_argument("--skip-dots", action="store_true", help="leave out the slow one-Dot-per-point baseline")
    parser.add_argument("--points", type=int, default=None,
                        help="spirals only: draw this many points (same trained weights, replayed on a larger sample)")
    args = parser.parse_args()
    if args.points:
        global SETTINGS
        SETTINGS = SETTINGS.replace(flows=resampled_spirals(args.points))
    chapters = args.chapter or ["spirals"]
    chapters = list(CHAPTERS) if "all" in chapters else chapters
    rows = []
    for chapter in chapters:
        rows += bench_chapter(chapter, args)
    print()
    print("render seconds per second of video (wall clock, manim start-up included)")
    print(f"{'chapter':13} {'quality':8} {'video s':>8} {'floor':>7} {'chapter':>8} {'dots':>7} {'chapter/floor':>14} {'dots/chapter':>13}")
    for r in rows:
        dots = f"{r['dots']:7.2f}" if "dots" in r else "      -"
        speedup = f"{r['dots'] / r['chapter']:12.1f}x" if "dots" in r else "            -"
        print(f"{r['name']:13} {r['quality']:8} {r['video_s']:8.1f} {r['floor']:7.2f} {r['chapter']:8.2f} {dots} "
              f"{r['chapter'] / r['floor']:13.2f}x {speedup}")


def bench_chapter(name: str, args) -> list[dict]:
    file, cls, dots_cls = CHAPTERS[name]
    rows = []
    for quality in args.quality or ["low", "high"]:
        n = args.animations if args.animations is not None else (0 if quality in ("low", "medium") else 14)
        wall, video = render(file, cls, quality, n)
        floor_wall, floor_video = render("bench/bench_scenes.py", "EmptyScene", quality, 0, {"BENCH_SECONDS": f"{video:.3f}"})
        row = {"name": name, "quality": quality, "video_s": video, "chapter": wall / video, "floor": floor_wall / floor_video}
        if dots_cls and not args.skip_dots:
            dots_wall, dots_video = render("bench/bench_scenes.py", dots_cls, quality, n)
            row["dots"] = dots_wall / dots_video
        rows.append(row)
        print_row(row, n)
    return rows


def print_row(row: dict, n: int) -> None:
    part = "whole chapter" if not n else f"first {n} animations"
    print(f"[{row['name']} {row['quality']}] {part}: {row['video_s']:.1f} s of video; "
          f"floor {row['floor']:.2f}, chapter {row['chapter']:.2f}"
          + (f", dots {row['dots']:.2f}" if "dots" in row else "") + " s/s", flush=True)


if __name__ == "__main__":
    main()
