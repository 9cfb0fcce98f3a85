"""Compiled TeX and Pango text, shared between renders of a scene without sharing a folder.

Each render gets its own copy: two Manim processes
compiling the same formula into one folder trip over each other's half-written files. After a
good render, what it compiled is added to the shared cache, each file renamed into place whole.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

_KINDS = ("Tex", "texts")


def seed_text_caches(media: Path, shared_root: Path) -> None:
    """Seed a render's media folder from ``shared_root`` (``<cache>/<scene-id>``)."""
    for sub in _KINDS:
        shared = shared_root / sub
        shared.mkdir(parents=True, exist_ok=True)
        private = media / sub
        private.mkdir(parents=True, exist_ok=True)
        for f in shared.iterdir():
            if f.is_file() and not f.name.startswith("."):
                # copied, not hard-linked: sections of one scene render at once, and a Manim that
                # rewrites a file in place would truncate the shared copy under the other's reader
                shutil.copyfile(f, private / f.name)


def hand_over_text_caches(media: Path, shared_root: Path) -> None:
    """Add what a good render compiled to the shared cache; a reader never sees half a file."""
    for sub in _KINDS:
        shared = shared_root / sub
        private = media / sub
        if not private.is_dir():
            continue
        for f in private.iterdir():
            if f.is_file() and not (shared / f.name).exists():
                tmp = shared / f".{f.name}.{os.getpid()}.tmp"
                shutil.copyfile(f, tmp)
                os.replace(tmp, shared / f.name)
