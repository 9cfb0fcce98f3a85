"""Talk slides: chosen chapters as one manim-slides deck, HTML (reveal.js, offline) and PPTX.

Each chapter renders silently in its own Manim process (the same runner as every render,
render/manim_command.py), the same scene file made into a manim-slides Slide at run time
(slide_scene.py): every beat (a cue's end) is a
slide break. The slides of a chapter are kept under renders/<quality>/slides/.scenes/<id>/ with a
key of everything they depend on, so an unchanged chapter is not rendered again. Then
``manim-slides convert`` joins the chapters, in the order given, into

    renders/<quality>/slides/<name>.html      the reveal.js deck, opened from file://
    renders/<quality>/slides/<name>_assets/   its clips and reveal.js itself (no CDN, no network)
    renders/<quality>/slides/<name>.pptx      the same slides for PowerPoint / Impress

reveal.js comes from the npm package, vendored in assets/vendor/reveal.js (MIT, with its
LICENSE; refreshed by assets/vendor/update-revealjs.sh) and copied beside every deck:
manim-slides' template would load it from a CDN.

Outputs are handed over whole: the deck is built in a staging folder beside them and moved in
by rename, so an interrupted run leaves the earlier deck as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Callable

from contract.paths import ASSETS_DIR, REPO_ROOT

from ..render.errors import RenderError, last_error_line
from ..render.key import render_key
from ..render.manim_command import manim_command, manim_env
from ..render.quality import Quality
from ..render.scenes import DoneCallback, check_flows, render_workspace, run_side_by_side, write_run_file
from ..settings import Settings
from ..story import SceneEntry

REVEAL_VERSION = "6.0.1"  # the npm package vendored in assets/vendor/reveal.js
REVEAL_DIR = ASSETS_DIR / "vendor" / "reveal.js"
FORMATS = ("html", "pptx")
# reveal.js settings for the HTML deck (manim-slides' `convert -c` options): keys or a clicker move on;
# the on-screen arrows stay off, they would cover the captions at the bottom right of the frame
HTML_OPTIONS = {"controls": "false", "progress": "true", "slide_number": "true"}


class SlidesError(RenderError):
    """A deck that could not be made; the message names the problem and the fix."""


def slides_dir(quality: Quality, settings: Settings) -> Path:
    return settings.renders / quality.name / "slides"


def scene_slides_dir(entry: SceneEntry, quality: Quality, settings: Settings) -> Path:
    """One chapter's slides: slides/<Cls>.json, slides/files/<Cls>/*.mp4, cues.json and .key."""
    return slides_dir(quality, settings) / ".scenes" / entry.id


def deck_name(entries: list[SceneEntry]) -> str:
    return "_".join(e.id for e in entries)


def slides_key(entry: SceneEntry, quality: Quality, settings: Settings) -> str:
    """A hash of every input of a chapter's slides: what changes its silent render (the render
    key with voice none: scene, kit, flows, script, quality, Manim) and the slide machinery."""
    import manim_slides

    h = hashlib.sha256(render_key(entry, quality, settings.replace(voice="none")).encode())
    h.update(f"manim-slides {manim_slides.__version__}".encode())
    for f in sorted(Path(__file__).parent.glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()


def is_current(entry: SceneEntry, quality: Quality, settings: Settings) -> bool:
    folder = scene_slides_dir(entry, quality, settings)
    key = folder / ".key"
    return (folder / "slides" / f"{entry.cls}.json").exists() and key.exists() and \
        key.read_text().strip() == slides_key(entry, quality, settings)


@contextlib.contextmanager
def _locked(folder: Path):
    """One hand-over at a time in ``folder``, across processes (two `slides` runs side by side)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".slides.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _swap_dir(new: Path, target: Path) -> None:
    """Put folder ``new`` where ``target`` is: the old one is renamed aside first and removed
    after, so ``target`` is always either the old folder or the new one, whole. Callers hold
    ``_locked(target.parent)``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old.{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def render_scene_slides(entry: SceneEntry, quality: Quality, settings: Settings,
                        force: bool = False, executor=None) -> tuple[Path, bool]:
    """Render one chapter silently as slides (on ``executor``: this machine by default); returns
    (its folder, rendered) where rendered is False when the kept slides were current."""
    from ..render.section_task import repo_commit

    target = scene_slides_dir(entry, quality, settings)
    if not force and is_current(entry, quality, settings):
        return target, False
    check_flows(entry, settings)
    key = slides_key(entry, quality, settings)  # taken before rendering: a change mid-render re-renders
    args = (entry, quality, settings, repo_commit())
    packed = executor.call(slides_files, *args) if executor is not None else slides_files(*args)
    with render_workspace(entry, settings, "slides-in", text_caches=False) as media:
        with tarfile.open(fileobj=io.BytesIO(packed), mode="r:gz") as tar:
            tar.extractall(media, filter="data")
        out = media / "out"
        (out / ".key").write_text(key)
        with _locked(target.parent):
            _swap_dir(out, target)
    return target, True


def slides_files(entry: SceneEntry, quality: Quality, settings: Settings, commit: str) -> bytes:
    """Where the chapter renders (this machine or a worker): its slides folder, as a .tar.gz."""
    from ..render.section_task import WorkerMismatch, local_settings, repo_commit

    if repo_commit() != commit:
        raise WorkerMismatch(f"worker runs commit {repo_commit()[:12]}, the client {commit[:12]}; check out "
                             f"{commit[:12]} on the worker, run `bash setup.sh` there and restart `dask worker`")
    settings = local_settings(settings, str(REPO_ROOT))
    with render_workspace(entry, settings, "slides") as media:
        out = media / "out"
        module = media / "slide_scene_module.py"
        module.write_text("# generated by hidden_layers/slides/deck.py: the chapter as manim-slides slides\n"
                          "from hidden_layers.slides.slide_scene import slide_class\n\n"
                          f"{entry.cls} = slide_class({str(entry.path)!r}, {entry.cls!r}, __name__)\n")
        run = write_run_file(entry, settings.replace(voice="none"), media, cues_out=out / "cues.json",
                             slides_out=out / "slides")
        proc = subprocess.run(manim_command(module, entry.cls, quality, media), cwd=REPO_ROOT, capture_output=True,
                              text=True, env=manim_env(run))
        config = out / "slides" / f"{entry.cls}.json"
        if proc.returncode != 0 or not config.exists():
            raise SlidesError(f"rendering {entry.id} as slides failed: {last_error_line(proc.stderr + proc.stdout)}"
                              f"; run `manim -q{quality.flag} scenes/{entry.file} {entry.cls}` to see whether the "
                              f"scene itself renders")
        _make_relative(config, entry.cls)
        packed = io.BytesIO()
        with tarfile.open(fileobj=packed, mode="w:gz") as tar:
            tar.add(out, arcname="out")
        return packed.getvalue()


def _make_relative(config: Path, cls: str) -> None:
    """manim-slides writes absolute clip paths; a kept chapter must survive being moved, so each
    becomes slides/files/<Cls>/<clip>, the form manim-slides reads relative to the folder's parent."""
    data = json.loads(config.read_text(encoding="utf-8"))
    for slide in data["slides"]:
        for field in ("file", "rev_file"):
            slide[field] = f"{config.parent.name}/files/{cls}/{Path(slide[field]).name}"
    config.write_text(json.dumps(data, indent=2), encoding="utf-8")


def slide_count(entry: SceneEntry, quality: Quality, settings: Settings) -> int:
    config = scene_slides_dir(entry, quality, settings) / "slides" / f"{entry.cls}.json"
    return len(json.loads(config.read_text(encoding="utf-8"))["slides"])


def render_chapters(entries: list[SceneEntry], quality: Quality, settings: Settings, jobs: int = 2,
                    force: bool = False, on_done: DoneCallback | None = None, executor=None) -> list[Path]:
    """Each distinct chapter's slides, side by side in separate processes; the first failure is
    raised after the others finish, so finished chapters are kept."""
    unique = list({e.id: e for e in entries}.values())
    for entry in unique:
        check_flows(entry, settings)
    slots = executor.slots if executor is not None else jobs
    results = run_side_by_side(unique, lambda e: render_scene_slides(e, quality, settings, force, executor), slots,
                               on_done)
    return [results[e.id] for e in entries]


def _convert(folder: Path, scenes: list[str], dest: Path, fmt: str, options: dict[str, str]) -> None:
    cmd = [sys.executable, "-m", "manim_slides", "convert", "--folder", str(folder), "--to", fmt, "-v", "error",
           *scenes, str(dest), *[f"-c{k}={v}" for k, v in options.items()]]
    proc = subprocess.run(cmd, cwd=dest.parent, capture_output=True, text=True, env=manim_env())
    if proc.returncode != 0 or not dest.exists():
        raise SlidesError(f"converting the slides to {fmt} failed: {last_error_line(proc.stderr + proc.stdout)}")


def _offline_html(html: Path, assets: Path) -> None:
    """Copy the vendored reveal.js beside the deck (the HTML points there through cdn_url) and
    drop the template's comments, which hold the only web addresses left."""
    if not (REVEAL_DIR / "dist" / "reveal.js").exists():
        raise SlidesError(f"reveal.js is missing from {REVEAL_DIR}; restore it from git or run "
                          f"`bash assets/vendor/update-revealjs.sh {REVEAL_VERSION}`")
    shutil.copytree(REVEAL_DIR, assets / "reveal.js")
    text = html.read_text(encoding="utf-8")
    html.write_text(re.sub(r"<!--.*?-->\n?", "", text, flags=re.S), encoding="utf-8")


def make_deck(entries: list[SceneEntry], quality: Quality, settings: Settings, formats: tuple[str, ...] = FORMATS,
              name: str | None = None, jobs: int = 2, force: bool = False,
              on_done: Callable[[SceneEntry, Path, bool], None] | None = None, executor=None) -> list[Path]:
    """One deck of ``entries`` in the order given; returns the files written (HTML, PPTX)."""
    if not entries:
        raise SlidesError("name at least one chapter; see `hidden-layers list`")
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise SlidesError(f"unknown slide format {bad[0] if bad else ''!r}; use html, pptx or both")
    name = name or deck_name(entries)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", name):
        raise SlidesError(f"deck name {name!r} is not a plain file name; use letters, digits, '.', '_', '+' or '-'")
    folders = render_chapters(entries, quality, settings, jobs=jobs, force=force, on_done=on_done, executor=executor)
    out = slides_dir(quality, settings)
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out))
    try:
        collected = stage / "slides"
        collected.mkdir()
        for entry, folder in zip(entries, folders):
            if not (collected / f"{entry.cls}.json").exists():
                shutil.copyfile(folder / "slides" / f"{entry.cls}.json", collected / f"{entry.cls}.json")
                shutil.copytree(folder / "slides" / "files" / entry.cls, collected / "files" / entry.cls,
                                copy_function=_link_or_copy)
        scenes = [e.cls for e in entries]
        title = entries[0].chapter if len(entries) == 1 else f"hidden-layers: {len(entries)} chapters"
        written = []
        if "html" in formats:
            html = stage / f"{name}.html"
            _convert(collected, scenes, html, "html",
                     {**HTML_OPTIONS, "reveal_version": REVEAL_VERSION, "cdn_url": f"{name}_assets/reveal.js",
                      "title": title})
            _offline_html(html, stage / f"{name}_assets")
            with _locked(out):
                _swap_dir(stage / f"{name}_assets", out / f"{name}_assets")
                os.replace(html, out / f"{name}.html")
            written.append(out / f"{name}.html")
        if "pptx" in formats:
            pptx = stage / f"{name}.pptx"
            _convert(collected, scenes, pptx, "pptx", {})
            os.replace(pptx, out / f"{name}.pptx")
            written.append(out / f"{name}.pptx")
        return written
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def install_deck(html: Path, target: Path) -> Path:
    """Copy a deck (its HTML and the ``<name>_assets`` folder beside it) into folder ``target``
    as ``index.html``, hard-linking the clips; the folder is swapped in whole, so a reader sees
    the old deck or the new one. Returns the new index.html."""
    html = Path(html)
    assets = html.with_name(f"{html.stem}_assets")
    if not html.is_file() or not assets.is_dir():
        raise SlidesError(f"the deck {html} or its folder {assets.name}/ is missing; "
                          f"make it with `hidden-layers slides --all`")
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        shutil.copyfile(html, stage / "index.html")
        shutil.copytree(assets, stage / assets.name, copy_function=_link_or_copy)
        with _locked(target.parent):
            _swap_dir(stage, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return target / "index.html"


def deck_key(html: Path) -> str:
    """What a deck is made of, cheaply: the HTML's bytes and its assets' names, sizes and times."""
    html = Path(html)
    h = hashlib.sha256(html.read_bytes())
    assets = html.with_name(f"{html.stem}_assets")
    for f in sorted(assets.rglob("*")):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.relative_to(assets)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return dst
