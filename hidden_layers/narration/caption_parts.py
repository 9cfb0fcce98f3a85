"""A spoken cue as subtitle-sized parts.

A cue is often three sentences: shown whole, it fills four lines of the frame. Subtitles read
best at one sentence (at most two lines of about 42 characters) at a time, so the text is cut at
sentence ends, then long sentences at commas, colons or semicolons, then at words.

Piper speaks a cue part by part (hidden_layers/speech.py), so there each part's start is known
exactly. A person's recording is one take: there each part's start is found on the sound.
Sentences start after the longest pauses (people pause longest between sentences), if those lie
near where the sentences' share of the characters would put them; otherwise, and for parts
inside a sentence, the estimate from the characters is moved to the nearest pause close to it.
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


def caption_sentences(text: str, max_chars: int = MAX_CHARS) -> list[list[str]]:
    """``text`` as sentences, each cut into parts of at most ``max_chars`` (a single longer word
    stays whole)."""
    return [_cut(sentence, max_chars) for sentence in _SENTENCE_END.split(" ".join(text.split()))]


def split_caption(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """The parts of ``text``, in order. Joined with spaces they give back the text with its
    whitespace normalised."""
    return [part for sentence in caption_sentences(text, max_chars) for part in sentence]


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


def _snap(estimate: float, gaps: list[tuple[float, float]], after: float, reach: float) -> tuple[float, float] | None:
    """The pause whose end is nearest ``estimate`` (within ``reach``) and later than ``after``."""
    near = [g for g in gaps if g[1] > after and abs(g[1] - estimate) <= reach]
    return min(near, key=lambda g: abs(g[1] - estimate)) if near else None


def part_offsets(sentences: list[list[str]], samples: np.ndarray, rate: int) -> list[float]:
    """Seconds from the cue's start to where each part's words start (the first is 0), for the
    parts of ``caption_sentences``. Sentences start after the longest pauses of the speech (a
    voice pauses longest between sentences); parts within a sentence share its time by their
    characters, moved to a pause if one is close."""
    gaps = pauses(samples, rate)
    loud = np.flatnonzero(np.abs(samples) > 10 ** (PAUSE_DB / 20))
    first = loud[0] / rate if loud.size else 0.0
    last = loud[-1] / rate if loud.size else len(samples) / rate
    span = max(last - first, 1e-6)

    def shares(texts: list[str]) -> np.ndarray:  # where each text after the first begins, 0..1
        lengths = np.array([len(t) + 1 for t in texts], float)
        return np.cumsum(lengths)[:-1] / lengths.sum()

    # sentence boundaries: the k-1 longest pauses, if each lies near its share of the characters
    estimates = first + shares([" ".join(parts) for parts in sentences]) * span
    longest = sorted(sorted(gaps, key=lambda g: g[0] - g[1])[: len(estimates)])
    if len(longest) == len(estimates) and all(abs(g[1] - e) <= max(1.0, 0.25 * span) for g, e in zip(longest, estimates)):
        bounds = longest
    else:
        bounds, after = [], 0.0
        for e in estimates:
            g = _snap(e, gaps, after, SNAP) or (e, e)
            bounds.append(g)
            after = g[1]
    starts = [first] + [g[1] for g in bounds]
    ends = [g[0] for g in bounds] + [last]

    offsets: list[float] = []
    for parts, a, b in zip(sentences, starts, ends):
        offsets.append(a)
        for e in a + shares(parts) * max(b - a, 0.0):
            g = _snap(e, gaps, offsets[-1], SNAP / 2)
            offsets.append(g[1] if g else float(e))
    offsets[0] = 0.0
    out, floor = [], -WINDOW
    for at in offsets:  # parts stay in order
        at = max(at, floor + WINDOW)
        out.append(round(float(at), 4))
        floor = at
    out[0] = 0.0
    return out
