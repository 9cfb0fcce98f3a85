"""A spoken cue as subtitle-sized parts, each timed on the cue's own audio.

A cue is often three sentences: shown whole, it fills four lines of the frame. Subtitles read
best at one sentence (at most two lines of about 42 characters) at a time, so the text is cut at
sentence ends, then long sentences at commas, colons or semicolons, then at words. Each part
starts where its words start: at the end of a pause in the cue's speech (Piper leaves a gap
between sentences; people pause there too), the pause nearest to where the part's share of the
characters would put it. With no pause near, that estimate is used.
"""

from __future__ import annotations

import re

import numpy as np

MAX_CHARS = 84  # two subtitle lines of 42 characters, the usual broadcast limit
PAUSE_DB = -40.0  # a 10 ms window quieter than this (RMS, dBFS) is silent
MIN_PAUSE = 0.12  # seconds of silence that count as a pause between parts
WINDOW = 0.01  # seconds per loudness window
SNAP = 0.8  # a pause farther than this (s) from a part's estimated start is not its pause

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_CLAUSE_END = re.compile(r"(?<=[,:;])\s+")


def split_caption(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """``text`` cut into parts of at most ``max_chars`` (a single longer word stays whole).
    Joined with spaces, the parts give back the text with its whitespace normalised."""
    parts = []
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        parts += _cut(sentence, max_chars)
    return parts


def _cut(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    # prefer the clause break nearest the middle, then the word break nearest the middle
    for pattern in (_CLAUSE_END, re.compile(r"\s+")):
        cuts = [m.start() for m in pattern.finditer(text)]
        if cuts:
            at = min(cuts, key=lambda c: abs(c - len(text) / 2))
            head, tail = text[:at].rstrip(), text[at:].lstrip()
            if head and tail:
                return _cut(head, max_chars) + _cut(tail, max_chars)
    return [text]


def pauses(samples: np.ndarray, rate: int, min_pause: float = MIN_PAUSE) -> list[tuple[float, float]]:
    """(start, end) seconds of every silent stretch of at least ``min_pause`` between sounds."""
    width = max(1, int(rate * WINDOW))
    n = len(samples) // width
    if n == 0:
        return []
    rms = np.sqrt(np.mean(np.asarray(samples[: n * width], float).reshape(n, width) ** 2, axis=1))
    loud = rms > 10 ** (PAUSE_DB / 20)
    if not loud.any():
        return []
    first, last = np.flatnonzero(loud)[[0, -1]]
    found, run_start = [], None
    for i in range(first, last + 1):
        if not loud[i] and run_start is None:
            run_start = i
        elif loud[i] and run_start is not None:
            if (i - run_start) * WINDOW >= min_pause:
                found.append((run_start * WINDOW, i * WINDOW))
            run_start = None
    return found


def part_offsets(parts: list[str], samples: np.ndarray, rate: int) -> list[float]:
    """Seconds from the cue's start to where each part's words start; the first is 0."""
    if len(parts) <= 1:
        return [0.0] * len(parts)
    gaps = pauses(samples, rate)
    loud = np.flatnonzero(np.abs(samples) > 10 ** (PAUSE_DB / 20))
    speech_start = loud[0] / rate if loud.size else 0.0
    speech_end = loud[-1] / rate if loud.size else len(samples) / rate
    lengths = np.array([len(p) + 1 for p in parts], float)
    shares = np.cumsum(lengths)[:-1] / lengths.sum()
    offsets, used, floor = [0.0], set(), 0.0
    for share in shares:
        estimate = speech_start + share * (speech_end - speech_start)
        candidates = [(abs(end - estimate), k) for k, (_, end) in enumerate(gaps)
                      if k not in used and end > floor and abs(end - estimate) <= SNAP]
        if candidates:
            k = min(candidates)[1]
            used.add(k)
            at = gaps[k][1]
        else:
            at = estimate
        at = max(at, floor + WINDOW)  # parts stay in order
        offsets.append(round(at, 4))
        floor = at
    return offsets
