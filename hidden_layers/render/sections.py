"""Cutting a scene into sections (ranges of its animations) and joining them back.

Every animation of a Manim scene is encoded as its own segment (a partial movie file, starting
on a key frame), and Manim joins a scene's segments with the concat demuxer without re-encoding.
A section is a run of those segments, so joining the sections the same way gives the very
frames of a whole render (tests/test_sections.py decodes both and compares).

Where to cut: each section costs a Manim start-up and a quick replay (nothing drawn) of the
animations before it, so a scene is cut only when it is longer than an even share of the run's
work (all scenes' lengths over the parallel slots), into as many sections as shares; then the
longest task is about one share, and a long scene no longer finishes alone at the end. Cuts
balance the animations' measured wall times from the scene's last render (``animations.json``
in its cache), else their frame counts; a scene that never rendered has no known animations and
renders whole.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from contract.atomic import atomic_write_text

from .errors import RenderError, last_error_line
from .frames import concat_copy

MIN_SECTION_SECONDS = 10.0  # of video: below this, start-up and replay outweigh what splitting saves


def record_path(cache: Path) -> Path:
    return cache / "animations.json"


def read_record(cache: Path) -> list[dict]:
    """Each animation of the scene's last render: its frames and the seconds it took to render."""
    try:
        return list(json.loads(record_path(cache).read_text())["animations"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def write_record(cache: Path, animations: list[dict]) -> None:
    atomic_write_text(record_path(cache), json.dumps({"animations": animations}) + "\n")


def merge_records(records: list[list[dict]]) -> list[dict]:
    """One scene's record from its sections' (in order): the frames of every animation from the
    section that played them all (the last), each animation's seconds from the section that drew it."""
    if not records:
        return []
    merged = [dict(a) for a in max(records, key=len)]
    for record in records:
        for i, a in enumerate(record):
            if a.get("seconds") is not None and i < len(merged):
                merged[i]["seconds"] = a["seconds"]
    return merged


def section_count(scene_seconds: float, total_seconds: float, slots: int, animations: int) -> int:
    """How many sections a scene of ``scene_seconds`` gets in a run of ``total_seconds`` on
    ``slots`` parallel renders (see the module's docstring)."""
    if animations < 2 or slots < 2:
        return 1
    share = max(MIN_SECTION_SECONDS, total_seconds / slots)
    return max(1, min(animations, slots, round(scene_seconds / share)))


def cut(animations: list[dict], count: int) -> list[tuple[int, int | None]]:
    """``count`` ranges (first, last) covering the animations, of about equal cost; the last is
    open-ended (None), so a scene that gained animations since its record still renders whole."""
    n = len(animations)
    count = max(1, min(count, n))
    if count == 1:
        return [(0, None)]
    timed = all(a.get("seconds") is not None for a in animations)
    costs = [float(a["seconds"]) if timed else float(a.get("frames", 1)) + 1.0 for a in animations]
    prefix = [0.0]
    for c in costs:
        prefix.append(prefix[-1] + c)
    starts = [0]
    for j in range(1, count):  # each cut where the work before it is nearest j shares
        target = prefix[-1] * j / count
        choices = range(starts[-1] + 1, n - (count - j) + 1)
        starts.append(min(choices, key=lambda k: abs(prefix[k] - target)))
    ranges = [(a, b - 1) for a, b in zip(starts, starts[1:])]
    return ranges + [(starts[-1], None)]


def _ffmpeg(args: list[str], out: Path) -> Path:
    proc = subprocess.run(["ffmpeg", "-v", "error", "-y", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RenderError(f"joining the sections failed: {last_error_line(proc.stderr)}")
    return out


def join_videos(parts: list[Path], target: Path, scratch: Path) -> Path:
    """Join sections' video streams into ``target`` losslessly (ffmpeg's concat demuxer,
    ``-c copy``, as Manim joins its own segments); their audio, if any, is left out: the scene's
    speech is mixed once, apart (audio.master)."""
    scratch.mkdir(parents=True, exist_ok=True)
    # Video only, first: the concat demuxer places each file after the previous file's longest
    # stream, and a section's audio (Manim mixes what it heard) is longer than its video.
    silent = [_ffmpeg(["-i", str(part), "-map", "0:v:0", "-c", "copy", str(scratch / f"video{i}.mp4")],
                      scratch / f"video{i}.mp4") for i, part in enumerate(parts)]
    return concat_copy(silent, target, scratch, ["-map", "0:v:0"], "sections")
