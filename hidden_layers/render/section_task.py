"""One section of one scene, rendered wherever it runs: in a thread of this machine's pool or on a
Dask worker. The task carries everything the worker needs (the scene, the quality, the settings,
the range of animations) and what it must match (the repository commit and the render key); the
result carries the files back as bytes, so the client writes every output itself, atomically.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from contract.paths import REPO_ROOT

from ..settings import Settings
from .errors import RenderError, last_error_line
from .key import render_key
from .manim_command import manim_command, manim_env
from .quality import Quality


class WorkerMismatch(RenderError):
    """A worker runs another version of the project than the client."""


@dataclass(frozen=True)
class SectionTask:
    entry: object  # story.SceneEntry
    quality: Quality
    settings: Settings
    first: int  # first animation, included
    last: int | None  # last animation, included; None: to the end of the scene
    index: int  # which section of the scene, from 0
    count: int  # how many sections the scene is cut into
    commit: str  # the client's repository commit: a worker on another refuses the task
    key: str  # the scene's render key on the client: a worker computing another refuses
    root: str = str(REPO_ROOT)  # the client's repository, to find its paths on the worker
    expected_frames: int = 1  # for progress


@dataclass
class SectionResult:
    task: SectionTask
    video: bytes | None  # Manim's MP4 of the range; None if the range lies past the scene's end
    animations: list = field(default_factory=list)  # [{frames, seconds}] per animation it played
    complete: bool = False  # it played the scene to its end: its cues and speech are the scene's
    cues: bytes | None = None
    audio: bytes | None = None  # the whole scene's speech, mixed once (a split scene's last section)
    host: str = ""
    seconds: float = 0.0


@lru_cache(maxsize=1)
def repo_commit() -> str:
    """This checkout's commit (``unknown`` outside git: then only the render key is compared)."""
    try:
        out = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def local_settings(settings: Settings, client_root: str) -> Settings:
    """The client's settings as paths on this machine: what lies in the client's repository lies
    in ours (same commit); any other path must exist here as well (a shared folder)."""
    changes = {}
    for name in ("renders", "flows", "recordings", "voice_model"):
        value = getattr(settings, name)
        if value is not None and Path(value).is_relative_to(client_root) and Path(client_root) != REPO_ROOT:
            changes[name] = REPO_ROOT / Path(value).relative_to(client_root)
    return settings.replace(**changes) if changes else settings


def check_version(task: SectionTask, settings: Settings) -> None:
    """Refuse, in one line, a task from a client on another version of the project."""
    host = socket.gethostname()
    mine = repo_commit()
    if mine != task.commit:
        raise WorkerMismatch(f"worker {host} runs commit {mine[:12]}, the client {task.commit[:12]}; check out "
                             f"{task.commit[:12]} on the worker, run `bash setup.sh` there and restart `dask worker`")
    if render_key(task.entry, task.quality, settings) != task.key:
        raise WorkerMismatch(f"worker {host} computes another render key for {task.entry.id} (its flows, voice, "
                             f"recordings or libraries differ); give every worker the same flows and run "
                             f"`bash setup.sh` there")


def run_section(task: SectionTask, on_progress: Callable[[int], None] | None = None,
                stop: Callable[[], bool] | None = None) -> SectionResult:
    """Render ``task``'s animations in a Manim child and return its files. ``on_progress`` hears
    the frames written so far; ``stop()`` returning True kills the child (the task was cancelled)."""
    from .scenes import render_workspace, write_run_file

    started = time.monotonic()
    settings = local_settings(task.settings, task.root)
    check_version(task, settings)
    entry = task.entry
    with render_workspace(entry, settings, f"section{task.index}") as media:
        last_section = task.last is None
        run = write_run_file(entry, settings, media, cues_out=media / "cues.json", first=task.first,
                             section_out=media / "section.json",
                             audio_out=media / "speech.wav" if last_section and task.count > 1 else None)
        animations = (task.first, task.last) if task.count > 1 else None
        cmd = manim_command(entry.path, entry.cls, task.quality, media, animations)
        log = run_manim(cmd, manim_env(run), media, on_progress, stop)
        if log is not None:
            raise RenderError(f"rendering {entry.id} (animations {task.first}-{'' if task.last is None else task.last})"
                              f" failed: {last_error_line(log)}; run `manim -q{task.quality.flag} scenes/{entry.file} "
                              f"{entry.cls}` to see the whole log")
        record = json.loads((media / "section.json").read_text()) if (media / "section.json").exists() else {}
        movies = sorted(media.rglob(f"{entry.cls}.mp4"), key=lambda p: p.stat().st_mtime)
        if not movies and task.first == 0:
            raise RenderError(f"rendering {entry.id} failed: no video was written; run `manim -q{task.quality.flag} "
                              f"scenes/{entry.file} {entry.cls}` to see the whole log")

        def read(path: Path) -> bytes | None:
            return path.read_bytes() if path.exists() else None

        return SectionResult(task, movies[-1].read_bytes() if movies else None, record.get("animations", []),
                             bool(record.get("complete")), read(media / "cues.json"), read(media / "speech.wav"),
                             socket.gethostname(), time.monotonic() - started)


def run_manim(cmd: list[str], env: dict, media: Path, on_progress: Callable[[int], None] | None = None,
              stop: Callable[[], bool] | None = None) -> str | None:
    """Run the Manim process, polling its frame count; returns its log if it failed, else None.
    Its output goes to a file, not a pipe, so a chatty render can never block on a full pipe."""
    from .scene_runner import read_progress

    log_path = media / "manim.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
        try:
            while True:
                try:
                    proc.wait(timeout=0.3)
                    break
                except subprocess.TimeoutExpired:
                    if stop is not None and stop():
                        raise RenderError("the render was cancelled")
                    if on_progress:
                        on_progress(read_progress(media / "progress"))
        except BaseException:  # interrupted or cancelled: stop the child too, keep nothing half-made
            proc.kill()
            proc.wait()
            raise
    if on_progress:
        on_progress(read_progress(media / "progress"))
    return log_path.read_text(errors="replace") if proc.returncode != 0 else None
