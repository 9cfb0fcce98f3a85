"""The main video: every scene of the story in order, joined, with chapter timestamps."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from contract.atomic import atomic_write_text

from ..narration import subtitles
from ..narration.cues import read_cues
from ..settings import Settings
from ..story import SCENES_IN_ORDER, SceneEntry
from .frames import concat_videos, video_info
from .quality import Quality
from .scenes import ProgressCallback, cues_path, render_many

VIDEO_NAME = "hidden-layers"


def timestamp(seconds: float) -> str:
    """YouTube's chapter format: m:ss, or h:mm:ss past an hour."""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def chapter_lines(entries: list[SceneEntry], durations: list[float]) -> list[str]:
    lines, start = [], 0.0
    for entry, duration in zip(entries, durations):
        lines.append(f"{timestamp(start)} {entry.chapter}")
        start += duration
    return lines


def make_video(quality: Quality, settings: Settings, jobs: int = 2, force: bool = False,
               on_done: Callable[[SceneEntry, Path, bool], None] | None = None,
               on_progress: ProgressCallback | None = None, executor=None) -> tuple[Path, Path]:
    """Render what changed, join the scenes in story order; returns (video, chapters file)."""
    entries = list(SCENES_IN_ORDER)
    parts = render_many(entries, quality, settings, jobs=jobs, force=force, on_done=on_done, on_progress=on_progress,
                        executor=executor)
    folder = parts[0].parent
    video = concat_videos(parts, folder / f"{VIDEO_NAME}.mp4", settings.scratch)
    durations = [video_info(p).duration for p in parts]
    chapters = atomic_write_text(folder / f"{VIDEO_NAME}.chapters.txt", "\n".join(chapter_lines(entries, durations)) + "\n")
    scene_cues = [read_cues(cues_path(e, quality, settings)) if cues_path(e, quality, settings).exists() else []
                  for e in entries]
    subtitles.write_subtitles(subtitles.joined_lines(scene_cues, durations), video)  # .srt and .vtt beside it
    return video, chapters
