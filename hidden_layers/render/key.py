"""The render key: a hash of every input that changes a scene's picture or sound. A scene whose
key matches the one stored beside its MP4 is not rendered again."""

from __future__ import annotations

import hashlib

from contract.paths import REPO_ROOT, flow_path

from ..narration.scene_speech import speech_key
from ..settings import Settings
from .quality import Quality


def render_key(entry, quality: Quality, settings: Settings) -> str:
    import manim

    files = [entry.path, REPO_ROOT / "manim.cfg"]
    files += sorted((REPO_ROOT / "contract").rglob("*.py"))
    files += sorted((REPO_ROOT / "hidden_layers" / "narration").rglob("*.py"))
    files += sorted((REPO_ROOT / "hidden_layers" / "render").rglob("*.py"))
    files += sorted((REPO_ROOT / "scenes" / "kit").rglob("*.py"))
    files += [flow_path(name, settings.flows) for name in entry.flows]
    h = hashlib.sha256(f"{quality}|manim {manim.__version__}".encode())
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"<missing>")
    h.update(speech_key(entry, settings))  # voice choice, voice model, script, recordings
    return h.hexdigest()
