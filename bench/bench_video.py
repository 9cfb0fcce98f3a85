"""The whole main video: seconds of wall clock per second of video, narrated and silent, at each
quality, against the same run's floor (an empty scene of the same quality: what encoding alone
costs), and the narration's synthesis on its own. Run from the repo root on a quiet machine:

    .venv/bin/python bench/bench_video.py                 # low and high
    .venv/bin/python bench/bench_video.py -q high --jobs 2

Synthesis alone runs first, into the renders folder's speech cache, so both video runs below
find every cue's speech cached: the narrated/silent difference is then muxing and loudness, and
a cold narrated render costs its wall time plus the synthesis line. Each quality renders through
`hidden-layers video --force`: first `--voice none` (silent, same timing), then narrated, so the
folder ends holding the narrated video (`--renders DIR` keeps it for publish or listening).
"""

from __future__ import annotations

import argparse
import os
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

CLI = Path(sys.executable).parent / "hidden-layers"


def video(quality: str, renders: Path, voice: str, jobs: int, force: bool) -> tuple[float, float]:
    """(wall seconds, video seconds) of one `hidden-layers video` run."""
    env = {**os.environ}
    cmd = [str(CLI), "--renders", str(renders), "video", "-q", quality, "--voice", voice, "--jobs", str(jobs)] + (["--force"] if force else [])
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"video failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    return wall, video_info(renders / quality / "hidden-layers.mp4").duration


def floor(quality: str, seconds: float = 20.0) -> float:
    """Wall seconds per video second of an empty scene (Manim start-up included)."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as media:
        # through scene_runner, as every render goes (its held-frame encoding included)
        cmd = manim_command("bench/bench_scenes.py", "EmptyScene", QUALITIES[quality], media)
        cmd[-2:-2] = ["-v", "WARNING"]
        t = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, env={**manim_env(), "BENCH_SECONDS": str(seconds)})
        return (time.perf_counter() - t) / seconds


def synthesis_alone(renders: Path) -> tuple[int, float, float, float]:
    """(cues, seconds of speech, voice load s, synthesis s) for every cue of the story; cold only
    when the renders folder's speech cache is empty."""
    from hidden_layers.narration import piper_voice
    from hidden_layers.narration.scene_speech import spoken_cues
    from hidden_layers.narration.service import speech_cache
    from hidden_layers.story import SCENES_IN_ORDER

    texts = [text for entry in SCENES_IN_ORDER for _, text in spoken_cues(entry)]
    model = piper_voice.voice_model()
    t = time.perf_counter()
    piper_voice.load_voice(model)
    load = time.perf_counter() - t
    t = time.perf_counter()
    cache = speech_cache(Settings(renders=renders))
    said = sum(piper_voice.synthesize(text, cache, model)[1] for text in texts)
    return len(texts), said, load, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quality", "-q", action="append", choices=list(QUALITIES), help="repeatable; default low and high")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--skip-silent", action="store_true", help="leave out the --voice none renders")
    ap.add_argument("--renders", type=Path, help="renders folder to use and keep (default: a temporary one)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-video-") as tmp:
        renders = (args.renders or Path(tmp) / "renders").resolve()
        cues, said, load, synth = synthesis_alone(renders)
        print(f"narration: {cues} cues, {said:.1f} s of speech; voice load {load:.2f} s, "
              f"synthesis alone {synth:.1f} s ({said / max(synth, 1e-9):.1f}x real time, one process)", flush=True)
        for quality in args.quality or ["low", "high"]:
            runs = ([] if args.skip_silent else [("--voice none", "none")]) + [("narrated", "piper")]
            measured = []
            for label, voice in runs:
                wall, length = video(quality, renders, voice, args.jobs, force=True)
                measured.append((label, length, wall))
                print(f"[{quality} {label}] {length:.1f} s of video in {wall:.1f} s", flush=True)
            quality_floor = floor(quality)
            rows += [(quality, label, length, wall, quality_floor) for label, length, wall in measured]
    print(f"\nwhole video, {args.jobs} scenes at a time (wall clock, manim start-up included)")
    print(f"{'quality':8} {'voice':13} {'video s':>8} {'wall s':>8} {'s per video s':>14} {'floor s/s':>10}")
    for quality, voice, length, wall, fl in rows:
        print(f"{quality:8} {voice:13} {length:8.1f} {wall:8.1f} {wall / length:14.2f} {fl:10.2f}")


if __name__ == "__main__":
    main()
