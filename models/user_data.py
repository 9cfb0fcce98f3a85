"""The points of your own model (`--data points.csv`): a header row, one column per input
feature, and the label or target last, in a column named ``y``:

    x1,x2,y
    0.52,-0.13,1
    -1.04,0.40,0

Classification labels are the integers 0..k-1; a regression target is any finite number.
numpy and the csv module only. Every problem is one ExportError line naming row and column.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from .errors import ExportError

MAX_POINTS = 20_000  # every point is drawn at every stage; more would only slow the renders
TARGET_COLUMN = "y"
SAMPLE_HINT = "(head -n 1 {p} && tail -n +2 {p} | shuf -n {n}) > sample.csv"


def read_points(path: Path, classification: bool) -> tuple[np.ndarray, np.ndarray]:
    """(X float (n, d), y) from a CSV; y int64 labels 0..k-1 when ``classification``, else float."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"--data {path}: no such file; give a CSV with a header row x1,...,y "
                          f"(README, \"Your own model\")")
    with path.open(newline="", encoding="utf-8-sig") as f:  # -sig: a spreadsheet's BOM is no header
        rows = [(line, row) for line, row in enumerate(csv.reader(f), start=1) if any(c.strip() for c in row)]
    if not rows:
        raise ExportError(f"{path} is empty; write a header row x1,...,y and one row per point")
    header = [c.strip() for c in rows[0][1]]
    if len(header) < 2 or header[-1] != TARGET_COLUMN:
        raise ExportError(f"{path}: the header is {','.join(header)!r}; name the features and put the label "
                          f"or target last, in a column named {TARGET_COLUMN!r} (e.g. x1,x2,y)")
    data = rows[1:]
    if not data:
        raise ExportError(f"{path} has a header but no points; add one row per point")
    if len(data) > MAX_POINTS:
        raise ExportError(f"{path} has {len(data):,} points, more than the {MAX_POINTS:,} a flow may hold; "
                          f"draw a random sample: {SAMPLE_HINT.format(p=path, n=MAX_POINTS)}")
    values = np.empty((len(data), len(header)))
    for r, (line, row) in enumerate(data):
        if len(row) != len(header):
            raise ExportError(f"{path} row {r + 1} (line {line}) has {len(row)} cells but the header has "
                              f"{len(header)} columns; give every point {len(header)} values")
        for c, cell in enumerate(row):
            values[r, c] = _number(path, r, line, header[c], cell)
    X, y = values[:, :-1], values[:, -1]
    return X, (_labels(path, y, data) if classification else y)


def _number(path: Path, r: int, line: int, column: str, cell: str) -> float:
    where = f"{path} row {r + 1} (line {line}), column {column!r}"
    try:
        value = float(cell)
    except ValueError:
        raise ExportError(f"{where}: {cell.strip()!r} is not a number; fix or remove that row") from None
    if not math.isfinite(value):
        raise ExportError(f"{where} is {cell.strip()}; every cell must be a finite number, fix or remove that row")
    return value


def _labels(path: Path, y: np.ndarray, data: list) -> np.ndarray:
    """Classification labels must be the integers 0..k-1, each used."""
    for r, value in enumerate(y):
        if value != round(value) or value < 0:
            raise ExportError(f"{path} row {r + 1} (line {data[r][0]}): label {value:g} is not one of the "
                              f"integers 0..k-1; number the classes 0, 1, 2, ...")
    labels = y.astype(np.int64)
    missing = sorted(set(range(int(labels.max()) + 1)) - set(labels.tolist()))
    if missing:
        raise ExportError(f"{path}: the labels must be the integers 0..k-1, but {missing[0]} is never used "
                          f"(labels {', '.join(map(str, sorted(set(labels.tolist()))[:8]))}); number the classes "
                          f"0..{len(set(labels.tolist())) - 1} without gaps")
    if labels.max() < 1:
        raise ExportError(f"{path}: every label is 0; a classification needs at least two classes, 0 and 1")
    return labels
