"""Scratch folders of renders in flight, under ``<renders>/.scratch``.

Each is named with the pid of the process that made it, so a folder whose process is gone
(killed, even by SIGKILL, before it could clean up) is known stale and removed by the next run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_OWNER = re.compile(r"^[a-z0-9]+-.+-pid(\d+)-")  # <kind>-<scene>-pid<pid>-<random>; kind e.g. section0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_stale(scratch: Path) -> list[Path]:
    """Remove scratch folders whose process has died; returns what was removed."""
    removed = []
    if not scratch.is_dir():
        return removed
    for folder in scratch.iterdir():
        match = _OWNER.match(folder.name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def make_scratch(scratch: Path, kind: str, scene_id: str) -> Path:
    """A new scratch folder for one render by this process."""
    scratch.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{kind}-{scene_id}-pid{os.getpid()}-", dir=scratch))
