"""What narration costs: loading the Piper voice, synthesizing a chapter's cues alone, and
rendering the chapter narrated (cold speech cache, then warm) against silent (--voice none),
through `hidden-layers render` in a fresh renders folder each time. Run from the repo root:

    .venv/bin/python bench/bench_narration.py                      # regression, low quality
    .venv/bin/python bench/bench_narration.py line-not-enough --quality high

Wall-clock seconds on whatever else the machine is doing: run it on a quiet machine.
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

from hidden_layers.narration import piper_voice  # noqa: E402
from hidden_layers.narration.scene_speech import spoken_cues  # noqa: E402
from hidden_layers.narration.service import speech_cache  # noqa: E402
from hidden_layers.render import audio  # noqa: E402
from hidden_layers.render.frames import video_info  # noqa: E402
from hidden_layers.settings import Settings  # noqa: E402
from hidden_layers.story import find_scene  # noqa: E402


def render(scene: str, quality: str, renders: Path, voice: str) -> tuple[float, Path]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cli = Path(sys.executable).parent / "hidden-layers"
    t = time.perf_counter()
    proc = subprocess.run([str(cli), "--renders", str(renders), "render", scene, "-q", quality, "--voice", voice, "--force"], env=env,
                          capture_output=True, text=True)
    took = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"render failed: {proc.stderr.strip().splitlines()[-1]}")
    return took, renders / quality / f"{scene}.mp4"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scene", nargs="?", default="regression")
    ap.add_argument("--quality", "-q", default="low", choices=["low", "medium", "high", "4k"])
    args = ap.parse_args()
    entry = find_scene(args.scene)

    with tempfile.TemporaryDirectory(prefix="bench-narration-") as tmp:
        tmp = Path(tmp)
        cache = speech_cache(Settings(renders=tmp / "synth"))
        cues = spoken_cues(entry)  # the filled texts (an untimed dry run, not timed here)
        model = piper_voice.voice_model()
        t = time.perf_counter()
        piper_voice.load_voice(model)
        load = time.perf_counter() - t
        t = time.perf_counter()
        spoken = [piper_voice.synthesize(text, cache, model) for _, text in cues]
        synth = time.perf_counter() - t
        said = sum(seconds for _, seconds in spoken)
        print(f"{entry.id}: {len(cues)} cues, {said:.1f} s of speech")
        print(f"  voice load            {load:6.2f} s")
        print(f"  synthesis (all cues)  {synth:6.2f} s  ({said / synth:.1f}x real time, one process)")

        narrated_root = tmp / "narrated"
        cold, video = render(entry.id, args.quality, narrated_root, "piper")
        warm, video = render(entry.id, args.quality, narrated_root, "piper")
        info = video_info(video)
        figures = audio.audio_figures(video)
        silent, silent_video = render(entry.id, args.quality, narrated_root, "none")  # same (warm) cache
        print(f"  render {args.quality}, narrated, cold speech cache  {cold:6.1f} s")
        print(f"  render {args.quality}, narrated, warm speech cache  {warm:6.1f} s")
        print(f"  render {args.quality}, --voice none, warm cache    {silent:6.1f} s")
        print(f"  video {info.duration:.1f} s; silent video {video_info(silent_video).duration:.1f} s")
        print("  audio: " + ", ".join(f"{k} {v:g}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
