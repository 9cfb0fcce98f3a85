"""Rendering story scenes with Manim, caching unchanged ones.

Each scene renders in its own Manim process (so two render side by side on two cores, and a
crash in one never takes the others down) into a scratch media folder; the MP4 is then mastered
(audio.py) and moved atomically to ``<renders>/<quality>/<scene>.mp4``. A render is skipped when
its key (key.py) matches the one stored beside the MP4.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

from contract.atomic import atomic_copy, atomic_write_text
from contract.flow import load_flow
from contract.paths import REPO_ROOT, flow_path

from ..narration import subtitles
from ..narration.cues import read_cues
from ..narration.scene_speech import check_scene_speech, scene_script
from ..settings import Settings
from ..story import run_settings
from . import audio, scene_runner
from .errors import RenderError, last_error_line
from .frames import video_info
from .key import render_key
from .manim_command import manim_command, manim_env
from .quality import Quality
from .run_file import RunSpec
from .scratch import make_scratch, remove_stale
from .text_cache import hand_over_text_caches, seed_text_caches

ProgressCallback = Callable[[object, int, int], None]  # (scene, frames written, frames expected)
DoneCallback = Callable[[object, Path, bool], None]  # (scene, path, rendered rather than reused)


def output_path(entry, quality: Quality, settings: Settings) -> Path:
    return settings.renders / quality.name / f"{entry.id}.mp4"


def _key_path(entry, quality: Quality, settings: Settings) -> Path:
    return settings.renders / quality.name / f".{entry.id}.key"


def cues_path(entry, quality: Quality, settings: Settings) -> Path:
    """The cues the scene spoke (id, text, start, duration), JSON, beside its MP4."""
    return settings.renders / quality.name / f".{entry.id}.cues.json"


def stage_end_times(entry, quality: Quality, settings: Settings) -> list[float]:
    """Scene times at which its stages end (each narrated beat's close), from its last render."""
    path = cues_path(entry, quality, settings)
    if not path.exists():
        return []
    return [c["end"] for c in read_cues(path) if c.get("end") is not None]


def is_current(entry, quality: Quality, settings: Settings) -> bool:
    key = _key_path(entry, quality, settings)
    return (output_path(entry, quality, settings).exists() and key.exists()
            and key.read_text().strip() == render_key(entry, quality, settings))


def check_flows(entry, settings: Settings) -> None:
    """Fail early, with the flow's own one-line message, before starting Manim."""
    settings = run_settings(entry, settings)
    for name in entry.flows:
        load_flow(flow_path(name, settings.flows))


def scene_cache(entry, settings: Settings) -> Path:
    """What is kept between renders of one scene: its compiled text and its last length."""
    return settings.cache / entry.id


def expected_seconds(entry, settings: Settings) -> float:
    """How long the scene's video will be, for progress and scheduling: its length when it last
    rendered (any quality), else what its narration takes to say (``narration_seconds``)."""
    try:
        return float((scene_cache(entry, settings) / "seconds").read_text())
    except (OSError, ValueError):
        return narration_seconds(entry)


WORDS_PER_SECOND = 2.5  # of video: Piper's joe voice says about 2.7 words a second, and the picture waits a little
_SILENT_GUESS = 30.0  # a scene without a script


def narration_seconds(entry) -> float:
    """A first render's length, guessed from the words of the scene's script (so on a fresh
    machine the longest chapter still starts first)."""
    from contract.script import load_script

    script = scene_script(entry)
    if script is None:
        return _SILENT_GUESS
    words = sum(len(text.split()) for text in load_script(script.stem, script.parent).values())
    return words / WORDS_PER_SECOND


def write_run_file(entry, settings: Settings, media: Path, cues_out: Path | None = None,
                   slides_out: Path | None = None) -> Path:
    """The run file a story scene's Manim process reads (run_file.py), written into ``media``:
    its settings, its voice, where its cues and frame count go; it dies with this process."""
    script = scene_script(entry)
    spec = RunSpec(run_settings(entry, settings), entry.id, str(script) if script else None,
                   cues_out=str(cues_out) if cues_out else None, progress_out=str(media / "progress"),
                   slides_out=str(slides_out) if slides_out else None, parent_pid=os.getpid(), flow=entry.flow)
    return spec.write(media / "run.json")


def render_scene(entry, quality: Quality, settings: Settings, force: bool = False,
                 on_progress: ProgressCallback | None = None) -> tuple[Path, bool]:
    """Render one scene; returns (path, rendered) where rendered is False for a cache hit.
    ``on_progress`` hears the frames written so far, a few times a second."""
    target = output_path(entry, quality, settings)
    if not force and is_current(entry, quality, settings):
        return target, False
    check_flows(entry, settings)
    check_scene_speech(entry, settings)
    key = render_key(entry, quality, settings)  # taken before rendering: a change mid-render re-renders
    with render_workspace(entry, settings, "media") as media:
        run = write_run_file(entry, settings, media, cues_out=media / "cues.json")
        cmd = manim_command(entry.path, entry.cls, quality, media)
        log = _run_reporting_progress(cmd, manim_env(run), media, entry, quality, settings, on_progress)
        movies = sorted(media.rglob(f"{entry.cls}.mp4"), key=lambda p: p.stat().st_mtime)
        if log is not None or not movies:
            raise RenderError(f"rendering {entry.id} failed: {last_error_line(log or 'no video was written')}"
                              f"; run `manim -q{quality.flag} scenes/{entry.file} {entry.cls}` to see the whole log")
        audio.master(movies[-1], target)  # one AAC track, loudness-normalised, as long as the video
        duration = video_info(target).duration
        if (media / "cues.json").exists():
            atomic_copy(media / "cues.json", cues_path(entry, quality, settings))
            lines = subtitles.lines_from_cues(read_cues(media / "cues.json"), duration)
            subtitles.write_subtitles(lines, target)
        else:  # a scene that says nothing: no cues or subtitles left from an earlier render
            for stale in (cues_path(entry, quality, settings), target.with_suffix(".srt"), target.with_suffix(".vtt")):
                stale.unlink(missing_ok=True)
        atomic_write_text(_key_path(entry, quality, settings), key)
        atomic_write_text(scene_cache(entry, settings) / "seconds", f"{duration:.3f}")
    return target, True


@contextlib.contextmanager
def render_workspace(entry, settings: Settings, kind: str):
    """A scratch media folder for one render of ``entry`` (a scene, or its slides): seeded with
    the scene's compiled TeX and text, which a good render hands back; removed whatever happens.
    Stale folders of killed renders are cleared first."""
    remove_stale(settings.scratch)
    media = make_scratch(settings.scratch, kind, entry.id)
    seed_text_caches(media, scene_cache(entry, settings))
    try:
        yield media
        hand_over_text_caches(media, scene_cache(entry, settings))
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _run_reporting_progress(cmd: list[str], env: dict, media: Path, entry, quality: Quality, settings: Settings,
                            on_progress: ProgressCallback | None) -> str | None:
    """Run the Manim process, polling its frame count; returns its log if it failed, else None.
    Its output goes to a file, not a pipe, so a chatty render can never block on a full pipe."""
    expected = max(1, round(expected_seconds(entry, settings) * quality.fps))
    log_path = media / "manim.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
        try:
            while True:
                try:
                    proc.wait(timeout=0.3)
                    break
                except subprocess.TimeoutExpired:
                    if on_progress:
                        on_progress(entry, scene_runner.read_progress(media / "progress"), expected)
        except BaseException:  # interrupted: stop the child too, keep nothing half-made
            proc.kill()
            proc.wait()
            raise
    if on_progress:
        done = scene_runner.read_progress(media / "progress")
        on_progress(entry, done, done)
    return log_path.read_text(errors="replace") if proc.returncode != 0 else None


def run_side_by_side(entries: list, work: Callable[[object], tuple[Path, bool]], jobs: int,
                     on_done: DoneCallback | None = None) -> dict[str, Path]:
    """``work(entry)`` for each entry, ``jobs`` at a time, started in the order given; each result
    is reported to ``on_done`` as it ends. The first failure is raised after the others finish,
    so finished work is kept. Returns the paths by scene id."""
    results: dict[str, Path] = {}
    errors: list[Exception] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(work, e): e for e in entries}
        for fut in as_completed(futures):
            entry = futures[fut]
            try:
                path, rendered = fut.result()
            except Exception as exc:  # noqa: BLE001 - reported below, one line
                errors.append(exc)
                continue
            results[entry.id] = path
            if on_done:
                on_done(entry, path, rendered)
    if errors:
        raise errors[0]
    return results


def render_many(entries: list, quality: Quality, settings: Settings, jobs: int = 2, force: bool = False,
                on_done: DoneCallback | None = None, on_progress: ProgressCallback | None = None) -> list[Path]:
    """Render scenes side by side (each in its own process); returns paths in input order.
    The first failure is raised after the others finish, so finished renders are kept."""
    for entry in entries:
        check_flows(entry, settings)
    remove_stale(settings.scratch)  # what a killed render left behind
    # Longest first: the pool's last scene then runs beside others instead of alone at the end.
    by_length = sorted(entries, key=lambda e: expected_seconds(e, settings), reverse=True)
    results = run_side_by_side(by_length, lambda e: render_scene(e, quality, settings, force, on_progress), jobs, on_done)
    return [results[e.id] for e in entries]
