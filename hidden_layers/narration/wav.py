"""The WAV every cue's speech is kept in: mono, 16-bit, 48 kHz, leading silence trimmed to
``LEAD`` and a pause of ``TAIL`` after the last word (so the subtitle's start is the speech
onset and consecutive cues are audibly apart)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from contract.atomic import atomic_path

RATE = 48_000  # every cached WAV, and the final AAC track
LEAD = 0.05  # seconds of silence kept before the first word
TAIL = 0.35  # seconds of silence after the last word (a breath between cues)
SILENCE_DB = -40.0  # below this (dBFS) a sample counts as silence when trimming


class SpeechError(ValueError):
    """Bad speech input (voice model, recording); the message names the problem and the fix."""


def warn(message: str) -> None:
    import sys

    print(f"warning: {message}", file=sys.stderr, flush=True)


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Polyphase resampling (scipy) of float samples."""
    if rate == target:
        return samples
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate, target)
    return resample_poly(samples, target // g, rate // g)


def _loud(samples: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.abs(samples) > 10 ** (SILENCE_DB / 20)) if samples.size else np.array([], int)


def first_sound(samples: np.ndarray) -> int | None:
    """Index of the first sample above SILENCE_DB, or None for silence."""
    loud = _loud(samples)
    return int(loud[0]) if loud.size else None


def shape_speech(samples: np.ndarray) -> np.ndarray:
    """Trim silence to LEAD before the first and TAIL after the last audible sample."""
    loud = _loud(samples)
    if loud.size == 0:
        return samples[:0]
    first, last = loud[0], loud[-1]
    body = samples[max(0, first - int(LEAD * RATE)):last + 1]
    lead_pad = max(0, int(LEAD * RATE) - first)
    return np.concatenate([np.zeros(lead_pad), body, np.zeros(int(TAIL * RATE))])


def write_wav(target: Path, samples: np.ndarray) -> Path:
    """Mono 16-bit 48 kHz WAV, written atomically (two renders may write the same key)."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).round().astype("<i2")
    with atomic_path(target, suffix=".wav") as tmp:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(pcm.tobytes())
    return target


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A cached WAV's float samples and rate."""
    with wave.open(str(path), "rb") as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(float) / 32767
        return samples, w.getframerate()


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def cached_wav(cache: Path, key_text: str) -> Path:
    """Where the speech with this key lives in the speech cache."""
    import hashlib

    return cache / f"{hashlib.sha256(key_text.encode()).hexdigest()[:32]}.wav"
