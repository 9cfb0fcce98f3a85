"""Incremental writing: every output written atomically and recorded in ``.publish.json`` with a
hash of its inputs, so a rerun rewrites only the outputs whose inputs changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

from contract.atomic import atomic_path, atomic_write_text

MANIFEST = ".publish.json"


def _digest_file(path: Path, h) -> None:
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)


def input_key(*parts) -> str:
    """A hash of the inputs of one output: files by content, anything else by its JSON/str."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            h.update(b"file:" + part.name.encode())
            _digest_file(part, h)
        else:
            h.update(json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


class Outputs:
    """Writes outputs atomically, skipping those whose input key matches the manifest's."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.folder / MANIFEST
        try:
            self.manifest: dict[str, str] = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            self.manifest = {}
        self.written: list[str] = []
        self.kept: list[str] = []
        self.notes: dict[str, str] = {}

    def make(self, name: str, key: str, write: Callable[[Path], str | None]) -> Path:
        target = self.folder / name
        if target.exists() and self.manifest.get(name) == key:
            self.kept.append(name)
            return target
        with atomic_path(target) as tmp:
            note = write(tmp)
        if isinstance(note, str):
            self.notes[name] = note
        self.record(name, key)
        return target

    def record(self, name: str, key: str) -> None:
        """``name`` was written from inputs ``key``: remember it, so an unchanged rerun skips it."""
        self.manifest[name] = key
        atomic_write_text(self.manifest_path, json.dumps(self.manifest, indent=1, sort_keys=True))
        self.written.append(name)
