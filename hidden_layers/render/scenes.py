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
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

from contract.atomic import atomic_copy, atomic_write_text
from contract.flow import load_flow
from contract.paths import flow_path

from ..narration import subtitles
from ..narration.cues import read_cues
from ..narration.scene_speech import check_scene_speech, scene_script
from ..settings import Settings
from ..story import run_settings
from . import audio
from .frames import video_info
from .key import render_key
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
                   slides_out: Path | None = None, first: int = 0, section_out: Path | None = None,
                   audio_out: Path | None = None) -> Path:
    """The run file a story scene's Manim process reads (run_file.py), written into ``media``:
    its settings, its voice, where its cues and frame count go (and for a section, its first
    animation and where its record and the scene's speech go); it dies with this process."""
    script = scene_script(entry)
    spec = RunSpec(run_settings(entry, settings), entry.id, str(script) if script else None,
                   cues_out=str(cues_out) if cues_out else None, progress_out=str(media / "progress"),
                   slides_out=str(slides_out) if slides_out else None, parent_pid=os.getpid(), flow=entry.flow,
                   first=first, section_out=str(section_out) if section_out else None,
                   audio_out=str(audio_out) if audio_out else None)
    return spec.write(media / "run.json")


def render_scene(entry, quality: Quality, settings: Settings, force: bool = False,
                 on_progress: ProgressCallback | None = None) -> tuple[Path, bool]:
    """Render one scene whole, on this machine; returns (path, rendered) where rendered is False
    for a cache hit. ``on_progress`` hears the frames written so far, a few times a second."""
    done: dict[str, tuple[Path, bool]] = {}
    render_many([entry], quality, settings, jobs=1, force=force, on_progress=on_progress,
                on_done=lambda e, path, rendered: done.setdefault(e.id, (path, rendered)))
    return done[entry.id]


def _finish_scene(entry, quality: Quality, settings: Settings, key: str, results: list) -> Path:
    """Write a scene from its sections' results, on the client: join (or take the one MP4), master
    the audio, write cues, subtitles, record and key; each file atomically."""
    from .sections import join_videos, merge_records, write_record

    target = output_path(entry, quality, settings)
    results = sorted(results, key=lambda r: r.task.index)
    ending = next((r for r in results if r.complete), results[-1])
    with render_workspace(entry, settings, "join", text_caches=False) as media:
        parts = []
        for r in results:
            if r.video is not None:
                parts.append(media / f"section{r.task.index}.mp4")
                parts[-1].write_bytes(r.video)
        if len(results) == 1:
            audio.master(parts[0], target)  # one AAC track, loudness-normalised, as long as the video
        else:
            speech = None
            if ending.audio is not None:
                speech = media / "speech.wav"
                speech.write_bytes(ending.audio)
            audio.master(join_videos(parts, media / "joined.mp4", media), target, speech)
        duration = video_info(target).duration
        if ending.cues is not None:
            (media / "cues.json").write_bytes(ending.cues)
            atomic_copy(media / "cues.json", cues_path(entry, quality, settings))
            lines = subtitles.lines_from_cues(read_cues(media / "cues.json"), duration)
            subtitles.write_subtitles(lines, target)
        else:  # a scene that says nothing: no cues or subtitles left from an earlier render
            for stale in (cues_path(entry, quality, settings), target.with_suffix(".srt"), target.with_suffix(".vtt")):
                stale.unlink(missing_ok=True)
    write_record(scene_cache(entry, settings), merge_records([r.animations for r in results]))
    atomic_write_text(_key_path(entry, quality, settings), key)
    atomic_write_text(scene_cache(entry, settings) / "seconds", f"{duration:.3f}")
    return target


@contextlib.contextmanager
def render_workspace(entry, settings: Settings, kind: str, text_caches: bool = True):
    """A scratch media folder for one render of ``entry`` (a scene, a section, or its slides):
    seeded with the scene's compiled TeX and text, which a good render hands back; removed
    whatever happens. Stale folders of killed renders are cleared first."""
    remove_stale(settings.scratch)
    media = make_scratch(settings.scratch, kind, entry.id)
    if text_caches:
        seed_text_caches(media, scene_cache(entry, settings))
    try:
        yield media
        if text_caches:
            hand_over_text_caches(media, scene_cache(entry, settings))
    finally:
        shutil.rmtree(media, ignore_errors=True)


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


def plan_tasks(entries: list, quality: Quality, settings: Settings, slots: int,
               sections: int | None = None) -> list:
    """The section tasks of ``entries`` (scenes to render), longest scene first; ``sections``
    forces that many sections a scene (else sections.section_count decides)."""
    from .section_task import SectionTask, repo_commit
    from .sections import cut, read_record, section_count

    lengths = {e.id: expected_seconds(e, settings) for e in entries}
    total = sum(lengths.values())
    tasks = []
    for entry in sorted(entries, key=lambda e: lengths[e.id], reverse=True):
        record = read_record(scene_cache(entry, settings))
        count = sections or section_count(lengths[entry.id], total, slots, len(record))
        ranges = cut(record, count) if record else [(0, None)]
        frames = max(1, round(lengths[entry.id] * quality.fps))
        key = render_key(entry, quality, settings)  # taken before rendering: a change mid-render re-renders
        for i, (first, last) in enumerate(ranges):
            share = (sum(a.get("frames", 0) for a in record[first:None if last is None else last + 1])
                     if len(ranges) > 1 else frames)
            tasks.append(SectionTask(entry, quality, settings, first, last, i, len(ranges), repo_commit(), key,
                                     expected_frames=max(1, share)))
    return tasks


def render_many(entries: list, quality: Quality, settings: Settings, jobs: int = 2, force: bool = False,
                on_done: DoneCallback | None = None, on_progress: ProgressCallback | None = None,
                executor=None, sections: int | None = None) -> list[Path]:
    """Render scenes side by side, each as one or more sections (sections.py), on ``executor``
    (default: this machine, ``jobs`` at a time); returns paths in input order. The first failure
    is raised after the others finish, so finished renders are kept."""
    from .local_executor import LocalExecutor

    executor = executor or LocalExecutor(jobs)
    for entry in entries:
        check_flows(entry, settings)
    remove_stale(settings.scratch)  # what a killed render left behind
    paths: dict[str, Path] = {}
    todo = []
    for entry in entries:
        if entry.id in paths or any(e.id == entry.id for e in todo):
            continue
        if not force and is_current(entry, quality, settings):
            paths[entry.id] = output_path(entry, quality, settings)
            if on_done:
                on_done(entry, paths[entry.id], False)
        else:
            check_scene_speech(entry, settings)
            todo.append(entry)
    # Longest first: the pool's last scene then runs beside others instead of alone at the end.
    tasks = plan_tasks(todo, quality, settings, executor.slots, sections)
    pending = {e.id: sum(1 for t in tasks if t.entry.id == e.id) for e in todo}
    results: dict[str, list] = {e.id: [] for e in todo}
    frames: dict[tuple[str, int], int] = {}
    expected = {e.id: sum(t.expected_frames for t in tasks if t.entry.id == e.id) for e in todo}
    errors: list[BaseException] = []

    def heard(task, count: int) -> None:
        frames[(task.entry.id, task.index)] = count
        if on_progress:
            done = sum(v for (scene, _), v in frames.items() if scene == task.entry.id)
            on_progress(task.entry, done, max(done, expected[task.entry.id]))

    def finished(task, result, error) -> None:
        entry = task.entry
        if error is not None:
            errors.append(error)
            pending[entry.id] = -1
            return
        if pending[entry.id] < 0:
            return  # another section of this scene failed: nothing of it is written
        results[entry.id].append(result)
        pending[entry.id] -= 1
        if pending[entry.id] == 0:
            try:
                paths[entry.id] = _finish_scene(entry, quality, settings, task.key, results.pop(entry.id))
            except Exception as exc:  # noqa: BLE001 - raised below, after the others
                errors.append(exc)
                return
            if on_progress:
                done = sum(v for (scene, _), v in frames.items() if scene == entry.id)
                on_progress(entry, done, done)
            if on_done:
                on_done(entry, paths[entry.id], True)

    executor.run(tasks, finished, heard)
    if errors:
        raise errors[0]
    return [paths[e.id] for e in entries]
