"""How much of each rendered chapter holds still, and how long the voice pauses (issue #14's measure).

    .venv/bin/python bench/bench_motion.py [--renders DIR] [--quality low|...] [SCENE ...]

Frames are sampled 4 times a second at 480x270 in grey; a sample is *still* when fewer than
0.05 % of its pixels change by more than 8 grey levels from the sample before. Silences are the
gaps between consecutive subtitles (the scene's .srt). Prints one row per rendered scene.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RATE, WIDTH, HEIGHT = 4, 480, 270
LEVELS, SHARE = 8, 0.0005


def grey_samples(video: Path) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-vf", f"fps={RATE},scale={WIDTH}:{HEIGHT},format=gray",
                          "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, HEIGHT, WIDTH).astype(np.int16)


def still_runs(frames: np.ndarray) -> tuple[float, float, float]:
    """(still share, longest still s, where it starts s)."""
    changed = (np.abs(np.diff(frames, axis=0)) > LEVELS).mean(axis=(1, 2))
    still = changed < SHARE
    longest, start, run, run_start = 0, 0, 0, 0
    for i, s in enumerate(still):
        run, run_start = (run + 1, run_start) if s else (0, i + 1)
        if run > longest:
            longest, start = run, run_start
    return float(still.mean()), longest / RATE, start / RATE


def silences(srt: Path) -> list[float]:
    import srt as srt_lib

    subs = list(srt_lib.parse(srt.read_text(encoding="utf-8"))) if srt.exists() else []
    return [(b.start - a.end).total_seconds() for a, b in zip(subs, subs[1:])]


def main() -> None:
    from hidden_layers.settings import Settings
    from hidden_layers.story import SCENES_IN_ORDER

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenes", nargs="*")
    ap.add_argument("--renders", type=Path, default=Settings().renders)
    ap.add_argument("--quality", "-q", default="high")
    args = ap.parse_args()
    ids = args.scenes or [e.id for e in SCENES_IN_ORDER]
    print(f"{'chapter':18} {'seconds':>8} {'still':>6} {'longest still':>18} {'silences >= 4 s':>16} {'> 2.5 s / min':>14}")
    for scene in ids:
        video = args.renders / args.quality / f"{scene}.mp4"
        if not video.exists():
            print(f"{scene:18} (not rendered: {video})")
            continue
        frames = grey_samples(video)
        share, longest, at = still_runs(frames)
        gaps = silences(video.with_suffix(".srt"))
        minutes = len(frames) / RATE / 60
        long_gaps = ", ".join(f"{g:.1f}" for g in gaps if g >= 4) or "-"
        per_minute = sum(g > 2.5 for g in gaps) / max(minutes, 1e-9)
        print(f"{scene:18} {len(frames) / RATE:8.1f} {share:6.0%} {longest:8.1f} s (at {int(at // 60)}:{at % 60:04.1f}) "
              f"{long_gaps:>16} {per_minute:14.1f}")


if __name__ == "__main__":
    main()
