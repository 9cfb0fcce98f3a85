"""Where the project's files live, found relative to this package (never by absolute path)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = REPO_ROOT / "assets"
FLOWS_DIR = ASSETS_DIR / "flows"  # the committed flows
SCENES_DIR = REPO_ROOT / "scenes"


def renders_dir() -> Path:
    """Output root; HIDDEN_LAYERS_RENDERS moves it (tests use a temp dir)."""
    return Path(os.environ.get("HIDDEN_LAYERS_RENDERS", REPO_ROOT / "renders"))


def flows_dir() -> Path:
    """Where flows are read and written; HIDDEN_LAYERS_FLOWS points elsewhere (tests, or a
    speaker's own models)."""
    return Path(os.environ.get("HIDDEN_LAYERS_FLOWS", FLOWS_DIR))


def flow_path(name: str) -> Path:
    return flows_dir() / f"{name}.npz"
