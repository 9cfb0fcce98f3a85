"""Where the project's own files live, found relative to this package (never by absolute path).

Only fixed places are here. Where a run writes (renders) or reads user flows is a setting of
that run, handed down as an argument (hidden_layers/settings.py), never read from the
environment.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = REPO_ROOT / "assets"
FLOWS_DIR = ASSETS_DIR / "flows"  # the story's committed flows
USER_FLOWS_DIR = FLOWS_DIR / "user"  # flows of your own models (`hidden-layers export`), not committed
SCENES_DIR = REPO_ROOT / "scenes"
SCRIPTS_DIR = SCENES_DIR / "scripts"  # one narration script per story id


def flow_path(name: str, folder: Path | None = None) -> Path:
    """The flow file of model ``name`` in ``folder`` (default: the committed flows)."""
    return Path(folder or FLOWS_DIR) / f"{name}.npz"
