"""The narration script format: one TOML file per chapter, ``scenes/scripts/<story-id>.toml``.

Each cue is a table in speaking order with ``text = "..."``. ``{placeholders}`` in the text are
filled from the scene's values (numbers spoken come from the model, never typed in). Python's
standard library reads it (tomllib); nothing here knows about Manim or voices.
"""

from __future__ import annotations

import math
import string
import tomllib
from pathlib import Path

from .paths import SCRIPTS_DIR


class ScriptError(ValueError):
    """A narration script is missing, malformed, or does not match the scene's cues."""


def script_path(script_name: str, folder: Path | None = None) -> Path:
    return Path(folder or SCRIPTS_DIR) / f"{script_name}.toml"


def load_script(script_name: str, folder: Path | None = None) -> dict[str, str]:
    """cue id -> text template, in speaking order."""
    path = script_path(script_name, folder)
    if not path.exists():
        raise ScriptError(f"narration script {path} not found; create it with one [cue-id] table per cue")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScriptError(f"narration script {path} is not valid TOML ({exc}); fix the line it names") from None
    cues = {}
    for cue_id, table in data.items():
        if not isinstance(table, dict) or not isinstance(table.get("text"), str) or not table["text"].strip():
            raise ScriptError(f"narration script {path}: cue [{cue_id}] needs a non-empty text = \"...\"")
        cues[cue_id] = " ".join(table["text"].split())
    return cues


def fill(template: str, values: dict, where: str) -> str:
    """The cue's text with its {placeholders} filled; a missing or unused value is an error."""
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing, unused = names - set(values), set(values) - names
    if missing or unused:
        raise ScriptError(f"{where}: placeholders {sorted(missing)} have no value and values {sorted(unused)} "
                          f"have no placeholder; make the script's text and the scene's cue() agree")
    return template.format(**values)


def spoken_number(v: float, sig: int = 2) -> str:
    """A number as a voice should read it: ``sig`` significant digits in plain decimals (no
    exponent, no superscripts), a leading "minus" for negatives: 0.0033, minus 0.84, 400."""
    v = float(v)
    if v == 0:
        return "0"
    if abs(v - round(v)) < 1e-9 and abs(v) >= 1:
        text = f"{abs(round(v))}"
    else:
        digits = max(0, sig - 1 - math.floor(math.log10(abs(v))))
        text = f"{abs(v):.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return ("minus " if v < 0 else "") + text
