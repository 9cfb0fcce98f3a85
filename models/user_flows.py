"""Where your own flows go: assets/flows/user/ by default, never over the story's flows.
Torch-free, so a bad name is refused before torch is even imported."""

from __future__ import annotations

import re
from pathlib import Path

from contract.paths import FLOWS_DIR, USER_FLOWS_DIR

from .errors import ExportError
from .registry import MODELS

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")  # a plain file name: no folders, no dot files


def user_flow_path(name: str, folder: Path | None = None) -> Path:
    """Where flow ``name`` goes; refuses names that are not plain file names, and never writes
    over (or beside) the story's own flows."""
    if not NAME.fullmatch(name or ""):
        raise ExportError(f"--name {name!r}: use letters, digits, _ and - (starting with a letter or digit)")
    if name in MODELS or (FLOWS_DIR / f"{name}.npz").exists():
        raise ExportError(f"--name {name}: that is a flow of the story (assets/flows/{name}.npz); choose another name")
    folder = Path(folder) if folder is not None else USER_FLOWS_DIR
    if folder.resolve() == FLOWS_DIR.resolve():
        raise ExportError(f"--out {folder}: that folder holds the story's flows; write yours to "
                          f"{USER_FLOWS_DIR} (the default) or a folder of your own")
    return folder / f"{name}.npz"
