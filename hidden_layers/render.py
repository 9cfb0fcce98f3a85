"""Rendering scenes with Manim, caching unchanged ones, and reading frames back.

Each scene renders in its own `python -m manim` process (so two render side by side on two
cores, and a crash in one never takes the others down) into a scratch media folder; the MP4
is then copied atomically to renders/<quality>/<scene>.mp4. A render is skipped when a hash
of everything it depends on (its scene file, the kit, the flow format, its flows, manim.cfg,
the quality) matches the one stored beside the MP4.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import audio, scene_runner, speech, subtitles
from .atomic import atomic_copy, atomic_path, atomic_write_text
from .flow import load_flow
from .paths import REPO_ROOT, SCENES_DIR, flow_path, renders_dir
from .story import SceneEntry


@dataclass(frozen=True)
class Quality:
    name: str
    flag: str  # manim -q flag
    width: int
    height: int
    fps: int


QUALITIES = {
    "low": Quality("low", "l", 854, 480, 15),
    "medium": Quality("medium", "m", 1280, 720, 30),
    "high": Quality("high", "h", 1920, 1080, 60),
    "4k": Quality("4k", "k", 3840, 2160, 60),
}


class RenderError(RuntimeError):
    pass


def output_path(entry: SceneEntry, quality: Quality) -> Path:
    return renders_dir() / quality.name / f"{entry.id}.mp4"


def _key_path(entry: SceneEntry, quality: Quality) -> Path:
    return renders_dir() / quality.name / f".{entry.id}.key"


def cues_path(entry: SceneEntry, quality: Quality) -> Path:
    """The cues the scene spoke (id, text, start, duration), JSON, beside its MP4."""
    return renders_dir() / quality.name / f".{entry.id}.cues.json"


def stage_end_times(entry: SceneEntry, quality: Quality) -> list[float]:
    """Scene times at which its stages end (each narrated beat's close), from its last render."""
    path = cues_path(entry, quality)
    if not path.exists():
        return []
    return [c["end"] for c in speech.read_cues(path) if c.get("end") is not None]


def render_key(entry: SceneEntry, quality: Quality) -> str:
    """A hash of every input that changes the picture."""
    import manim

    files = [entry.path, REPO_ROOT / "manim.cfg", REPO_ROOT / "hidden_layers" / "flow.py",
             REPO_ROOT / "hidden_layers" / "activations.py"]
    files += [REPO_ROOT / "hidden_layers" / f for f in ("speech.py", "audio.py", "subtitles.py")]
    files += sorted((SCENES_DIR / "kit").rglob("*.py"))
    files += [flow_path(name) for name in entry.flows]
    h = hashlib.sha256(f"{quality}|manim {manim.__version__}".encode())
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"<missing>")
    h.update(speech.speech_key(entry))  # voice choice, voice model, script, recordings
    return h.hexdigest()


def is_current(entry: SceneEntry, quality: Quality) -> bool:
    key = _key_path(entry, quality)
    return (output_path(entry, quality).exists() and key.exists()
            and key.read_text().strip() == render_key(entry, quality))


def check_flows(entry: SceneEntry) -> None:
    """Fail early, with the flow's own one-line message, before starting Manim."""
    for name in entry.flows:
        load_flow(flow_path(name))


def last_error_line(stderr: str) -> str:
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    for line in reversed(lines):
        if "Error" in line or "error" in line:
            return line
    return lines[-1] if lines else "no output"


def expected_seconds(entry: SceneEntry) -> float:
    """How long the scene's video was when it last rendered (any quality), for progress and
    scheduling; a first render guesses ``_GUESS_SECONDS``."""
    try:
        return float((renders_dir() / ".cache" / entry.id / "seconds").read_text())
    except (OSError, ValueError):
        return _GUESS_SECONDS


_GUESS_SECONDS = 30.0
ProgressCallback = Callable[[SceneEntry, int, int], None]  # (scene, frames written, frames expected)


def render_scene(entry: SceneEntry, quality: Quality, force: bool = False,
                 on_progress: ProgressCallback | None = None) -> tuple[Path, bool]:
    """Render one scene; returns (path, rendered) where rendered is False for a cache hit.
    ``on_progress`` hears the frames written so far, a few times a second."""
    target = output_path(entry, quality)
    if not force and is_current(entry, quality):
        return target, False
    check_flows(entry)
    speech.check_scene_speech(entry)
    key = render_key(entry, quality)  # taken before rendering: a change mid-render re-renders
    media = Path(tempfile.mkdtemp(prefix=f"media-{entry.id}-", dir=_scratch_dir()))
    seed_text_caches(media, entry)
    try:
        cmd = [sys.executable, "-m", "hidden_layers.scene_runner", "render", f"-q{quality.flag}",
               "--media_dir", str(media), "--progress_bar", "none", "--disable_caching", str(entry.path), entry.cls]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", speech.CUES_ENV: str(media / "cues.json"),
               "HIDDEN_LAYERS_SCENE_ID": entry.id, scene_runner.PROGRESS_ENV: str(media / "progress")}
        log = _run_reporting_progress(cmd, env, media, entry, quality, on_progress)
        movies = sorted(media.rglob(f"{entry.cls}.mp4"), key=lambda p: p.stat().st_mtime)
        if log is not None or not movies:
            raise RenderError(f"rendering {entry.id} failed: {last_error_line(log or 'no video was written')}"
                              f"; run `manim -q{quality.flag} scenes/{entry.file} {entry.cls}` to see the whole log")
        audio.master(movies[-1], target)  # one AAC track, loudness-normalised, as long as the video
        duration = audio.video_duration(target)
        if (media / "cues.json").exists():
            atomic_copy(media / "cues.json", cues_path(entry, quality))
            lines = subtitles.lines_from_cues(speech.read_cues(media / "cues.json"), duration)
            subtitles.write_subtitles(lines, target)
        else:  # a scene that says nothing: no cues or subtitles left from an earlier render
            for stale in (cues_path(entry, quality), target.with_suffix(".srt"), target.with_suffix(".vtt")):
                stale.unlink(missing_ok=True)
        atomic_write_text(_key_path(entry, quality), key)
        atomic_write_text(renders_dir() / ".cache" / entry.id / "seconds", f"{duration:.3f}")
        hand_over_text_caches(media, entry)
        return target, True
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _run_reporting_progress(cmd: list[str], env: dict, media: Path, entry: SceneEntry, quality: Quality,
                            on_progress: ProgressCallback | None) -> str | None:
    """Run the Manim process, polling its frame count; returns its log if it failed, else None.
    Its output goes to a file, not a pipe, so a chatty render can never block on a full pipe."""
    expected = max(1, round(expected_seconds(entry) * quality.fps))
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


def seed_text_caches(media: Path, entry: SceneEntry) -> None:
    """Seed this render's compiled TeX and Pango text from the scene's shared cache. Each render
    gets its own copy (hard links, so no bytes are copied): two Manim processes compiling the
    same formula into one folder trip over each other's half-written files."""
    for sub in ("Tex", "texts"):
        shared = renders_dir() / ".cache" / entry.id / sub
        shared.mkdir(parents=True, exist_ok=True)
        private = media / sub
        private.mkdir(parents=True, exist_ok=True)
        for f in shared.iterdir():
            if f.is_file() and not f.name.startswith("."):
                try:
                    os.link(f, private / f.name)
                except OSError:
                    shutil.copyfile(f, private / f.name)


def hand_over_text_caches(media: Path, entry: SceneEntry) -> None:
    """After a good render, add what it compiled to the shared cache, each file renamed into
    place whole, so a reader never sees a half-written one and two writers never mix."""
    for sub in ("Tex", "texts"):
        shared = renders_dir() / ".cache" / entry.id / sub
        private = media / sub
        if not private.is_dir():
            continue
        for f in private.iterdir():
            if f.is_file() and not (shared / f.name).exists():
                tmp = shared / f".{f.name}.{os.getpid()}.tmp"
                shutil.copyfile(f, tmp)
                os.replace(tmp, shared / f.name)


def _scratch_dir() -> Path:
    d = renders_dir() / ".scratch"
    d.mkdir(parents=True, exist_ok=True)
    return d


DoneCallback = Callable[[SceneEntry, Path, bool], None]  # (scene, path, rendered rather than reused)


def run_side_by_side(entries: list[SceneEntry], work: Callable[[SceneEntry], tuple[Path, bool]], jobs: int,
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


def render_many(entries: list[SceneEntry], quality: Quality, jobs: int = 2, force: bool = False,
                on_done: DoneCallback | None = None, on_progress: ProgressCallback | None = None) -> list[Path]:
    """Render scenes side by side (each in its own process); returns paths in input order.
    The first failure is raised after the others finish, so finished renders are kept."""
    for entry in entries:
        check_flows(entry)
    # Longest first: the pool's last scene then runs beside others instead of alone at the end.
    by_length = sorted(entries, key=expected_seconds, reverse=True)
    results = run_side_by_side(by_length, lambda e: render_scene(e, quality, force, on_progress), jobs, on_done)
    return [results[e.id] for e in entries]


# ----------------------------------------------------------------------------- reading back


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    frames: int
    duration: float
    codec: str


def video_info(path: Path) -> VideoInfo:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for _ in container.decode(stream))
        fps = float(stream.guessed_rate or stream.average_rate)
        duration = frames / fps
        return VideoInfo(stream.codec_context.width, stream.codec_context.height, fps, frames, duration,
                         stream.codec_context.name)


def extract_frame(video: Path, at: float, target: Path) -> Path:
    """Save the frame shown at ``at`` seconds as a PNG (atomically)."""
    import av

    info = video_info(video)
    if not 0 <= at <= info.duration:
        raise RenderError(f"--at {at:g} is outside the scene, which lasts {info.duration:.2f} s; "
                          f"choose a time from 0 to {info.duration:.2f}")
    index = min(int(at * info.fps), info.frames - 1)
    with av.open(str(video)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i == index:
                image = frame.to_image()
                break
        else:
            raise RenderError(f"could not decode frame {index} of {video}; delete it and render again")
    with atomic_path(target, suffix=".png") as tmp:
        image.save(tmp, format="PNG")
    return target


def concat_videos(parts: list[Path], target: Path) -> Path:
    """Join MP4s of one quality without re-encoding (ffmpeg's concat demuxer). The join is cut
    at the sum of the video streams' lengths: each part's AAC ends on a whole 1,024-sample frame
    (21 ms, more than a 60 fps frame), and unclipped those overhangs add up."""
    length = sum(video_info(Path(part)).duration for part in parts)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, dir=_scratch_dir()) as listing:
        for part in parts:
            listing.write(f"file '{Path(part).resolve()}'\n")
    try:
        with atomic_path(target) as tmp:
            proc = subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listing.name,
                                   "-c", "copy", "-t", f"{length:.6f}", "-movflags", "+faststart", str(tmp)],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                raise RenderError(f"joining the scenes failed: {last_error_line(proc.stderr)}")
    finally:
        os.unlink(listing.name)
    return target
