"""The narration script format: one TOML file per chapter, ``scenes/scripts/<story-id>.toml``.

Each cue is a table in speaking order with ``text = "..."``. ``{placeholders}`` in the text are
filled from the scene's values (numbers spoken come from the model, never typed in). Python's
standard library reads it (tomllib); nothing here knows about Manim or voices.

**Marks.** ``{@name}`` just before a word marks where that word starts, so a scene can start the
animation that shows the thing when the word is said (``c.at("name")`` in the kit). A mark is
never spoken nor shown: ``fill_line`` takes it out of both texts and keeps the index of the word
it stands before. Names are lower-case letters and dashes, each used once per cue.

**Written and spoken.** A value can be a ``Said(written, spoken)``: the written form goes into
the subtitles and the teleprompter, the spoken one to the voice (Piper silently drops characters
it cannot read: "9.54 × 10⁻⁷" comes out as "nine point five four times ten"). Plain numbers
(``0.0033``, ``minus 0.84``, ``1,000``, ``99.5%``) are read right by Piper's phonemizer and stay
digits; anything else goes through ``spoken_number``/``said_number``.
"""

from __future__ import annotations

import math
import re
import string
import tomllib
from dataclasses import dataclass, field
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


MARK = re.compile(r"\{@([a-z]+(?:-[a-z]+)*)\}")
_MARK_LIKE = re.compile(r"\{@[^}]*\}")


class Said(str):
    """A value with a written form (the string itself: subtitles, captions) and a spoken one
    (``.spoken``: what the voice reads)."""

    spoken: str

    def __new__(cls, written: str, spoken: str | None = None):
        self = super().__new__(cls, written)
        self.spoken = written if spoken is None else spoken
        return self


@dataclass(frozen=True)
class Line:
    """A filled cue: the written text, the spoken text and its marks.

    ``marks`` maps a mark's name to the index of the word it stands before among the spoken
    text's whitespace-separated words (``words.index``); ``written_marks`` the same among the written
    text's words. Without ``Said`` values the two texts are equal."""

    text: str
    spoken: str
    marks: dict[str, int] = field(default_factory=dict)
    written_marks: dict[str, int] = field(default_factory=dict)
    swaps: tuple[tuple[str, str], ...] = ()  # (written, spoken) of each Said value that differs

    def speakable(self, written_part: str) -> str:
        """A stretch of the written text as it is spoken."""
        for written, spoken in self.swaps:
            written_part = written_part.replace(written, spoken)
        return written_part

    def __str__(self) -> str:
        return self.text


def _names(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f and not f.startswith("@")}


def _check_marks(template: str, where: str) -> list[str]:
    bad = [m for m in _MARK_LIKE.findall(template) if not MARK.fullmatch(m)]
    if bad:
        raise ScriptError(f"{where}: mark {bad[0]} is not {{@name}} with a lower-case-words name")
    names = MARK.findall(template)
    if len(set(names)) != len(names):
        raise ScriptError(f"{where}: a mark name is used twice in {names}; give each mark its own name")
    return names


def _strip_marks(text: str) -> tuple[str, dict[str, int]]:
    """``text`` without its marks (whitespace normalised) and mark name -> index of the next word."""
    marks, words = {}, []
    for i, piece in enumerate(MARK.split(text)):
        if i % 2:
            marks[piece] = len(words)
        else:
            words += piece.split()
    return " ".join(words), marks


def fill_line(template: str, values: dict, where: str) -> Line:
    """The cue's written and spoken texts with its {placeholders} filled and its {@marks} taken
    out; a missing or unused value is an error."""
    _check_marks(template, where)
    names = _names(template)
    missing, unused = names - set(values), set(values) - names
    if missing or unused:
        raise ScriptError(f"{where}: placeholders {sorted(missing)} have no value and values {sorted(unused)} "
                          f"have no placeholder; make the script's text and the scene's cue() agree")
    escaped = MARK.sub(lambda m: "{{@" + m.group(1) + "}}", template)
    written, written_marks = _strip_marks(escaped.format(**values))
    spoken_values = {k: getattr(v, "spoken", v) for k, v in values.items()}
    spoken, marks = _strip_marks(escaped.format(**spoken_values))
    swaps = tuple((str(v), v.spoken) for v in values.values() if isinstance(v, Said) and v.spoken != str(v))
    return Line(written, spoken, marks, written_marks, swaps)


def fill(template: str, values: dict, where: str) -> str:
    """The cue's written text with its {placeholders} filled (and its marks taken out); a missing
    or unused value is an error."""
    return fill_line(template, values, where).text


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
    "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCIENTIFIC_BELOW = 1e-4  # smaller magnitudes are spoken "... times ten to the minus n"


def integer_words(n: int) -> str:
    """0 <= n < 1,000,000 in words as Piper reads the digits: 'four hundred', 'one thousand two
    hundred five'."""
    n = int(n)
    if n < 0 or n >= 1_000_000:
        raise ValueError(f"integer_words reads 0 to 999,999, not {n}")
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + integer_words(rest))
    rest = n % 1000
    return integer_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + integer_words(rest))


def number_words(text: str) -> str:
    """A number as written digits ("-0.84", "1,000", "99.5%") in words, digit by digit after the point:
    "minus zero point eight four", "one thousand", "ninety nine point five percent"."""
    t = text.strip()
    sign = "minus " if t.startswith(("-", "−")) else ""
    t = t.lstrip("-−")
    percent = t.endswith("%")
    t = t.rstrip("%").replace(",", "")
    whole, _, frac = t.partition(".")
    words = integer_words(int(whole or "0"))
    if frac:
        words += " point " + " ".join(_ONES[int(d)] for d in frac)
    return sign + words + (" percent" if percent else "")


def spoken_number(v: float, sig: int = 2) -> str:
    """A number as a voice should read it: ``sig`` significant digits in plain decimals (no
    exponent, no superscripts), a leading "minus" for negatives: 0.0033, minus 0.84, 400. Below
    ``SCIENTIFIC_BELOW`` in words, as "nine point five four times ten to the minus seven"."""
    v = float(v)
    if v == 0:
        return "0"
    if abs(v) < SCIENTIFIC_BELOW:
        mantissa, exponent = f"{abs(v):.{sig - 1}e}".split("e")
        return (("minus " if v < 0 else "") + number_words(mantissa.rstrip("0").rstrip(".") if "." in mantissa
                                                           else mantissa)
                + " times ten to the " + ("minus " if int(exponent) < 0 else "") + integer_words(abs(int(exponent))))
    if abs(v - round(v)) < 1e-9 and abs(v) >= 1:
        text = f"{abs(round(v))}"
    else:
        digits = max(0, sig - 1 - math.floor(math.log10(abs(v))))
        text = f"{abs(v):.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return ("minus " if v < 0 else "") + text


def said_number(written: str, v: float, sig: int = 2) -> Said:
    """A number shown as ``written`` (e.g. "9.54 × 10⁻⁷") and spoken by ``spoken_number``."""
    return Said(written, spoken_number(v, sig))
