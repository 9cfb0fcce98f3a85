"""Reading the project's .npz files (flows, histories) with one-line errors and no pickle."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable

import numpy as np


def read_arrays(path: Path, error: type[Exception], what: str,
                hint: str) -> tuple[dict[str, np.ndarray], Callable[[str], np.ndarray]]:
    """Every array of the .npz at ``path``, loaded with ``allow_pickle=False``, and ``need``:
    key -> array, for the arrays the file must hold. A missing, corrupt or truncated file, or a
    missing key, raises ``error`` with one line: ``<what> file <path> ...; <hint>``."""
    path = Path(path)
    if not path.exists():
        raise error(f"{what} file {path} not found; {hint}")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise error(f"{what} file {path} is corrupt or truncated ({reason}); {hint}") from None

    def need(key: str) -> np.ndarray:
        if key not in arrays:
            raise error(f"{what} file {path} lacks the array {key!r}; {hint}")
        return arrays[key]

    return arrays, need
