"""A person's own takes: ``<recordings>/<scene-id>/<cue-id>.wav``.

Read with scipy (never unpickled), mixed to mono, resampled to 48 kHz, trimmed like synthetic
speech and cached by their bytes. A recording replaces Piper for its cue.

Marks (``{@name}`` in the script) in a recorded cue are timed by a sidecar
``<cue-id>.marks.toml`` beside the WAV, one ``name = seconds`` line per mark, the seconds read
off the recording as it is (your editor's time line); they are shifted by the leading silence
the trimming takes off. A mark the sidecar does not give is estimated: from where its subtitle
part starts (found on the pauses) plus the share of that part's characters before its word.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import numpy as np

from .wav import (LEAD, RATE, SILENCE_DB, TAIL, SpeechError, cached_wav, first_sound, resample, shape_speech,
                  wav_duration, write_wav)

MIN_RATE, MAX_RATE = 8_000, 192_000


def read_recording(path: Path) -> tuple[np.ndarray, int]:
    """A user's WAV as mono float samples in [-1, 1] and its sample rate; one clear error line."""
    from scipy.io import wavfile

    fix = "record it again as a WAV (16-bit PCM, mono, 48 kHz is best) or delete it to use the synthetic voice"
    if path.stat().st_size == 0:
        raise SpeechError(f"recording {path} is empty (0 bytes); {fix}")
    try:
        rate, data = wavfile.read(path)
    except Exception as exc:  # noqa: BLE001 - scipy raises ValueError / EOFError / struct.error
        raise SpeechError(f"recording {path} is not a readable WAV ({exc}); {fix}") from None
    if not MIN_RATE <= rate <= MAX_RATE:
        raise SpeechError(f"recording {path} has sample rate {rate} Hz, outside {MIN_RATE}-{MAX_RATE} Hz; "
                          f"export it at 48000 Hz")
    data = np.asarray(data)
    if data.dtype.kind == "u":
        samples = (data.astype(float) - 128.0) / 128.0
    elif data.dtype.kind == "i":
        samples = data.astype(float) / float(np.iinfo(data.dtype).max)
    else:
        samples = data.astype(float)
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    if samples.size == 0 or float(np.max(np.abs(samples))) <= 10 ** (SILENCE_DB / 20):
        raise SpeechError(f"recording {path} has no sound (no samples above {SILENCE_DB:g} dBFS); {fix}")
    return samples, int(rate)


def from_recording(path: Path, cache: Path) -> tuple[Path, float]:
    """A user's recording, validated, mono, resampled to 48 kHz and trimmed, cached by its bytes;
    returns (cached WAV, seconds)."""
    target = cached_wav(cache, "recording|" + json.dumps({"rate": RATE, "lead": LEAD, "tail": TAIL}) + "|"
                        + hashlib.sha256(path.read_bytes()).hexdigest())
    if not target.exists():
        samples, rate = read_recording(path)
        write_wav(target, shape_speech(resample(samples, rate)))
    return target, wav_duration(target)


def marks_sidecar(recording: Path) -> Path:
    """``<cue-id>.marks.toml`` beside ``<cue-id>.wav``."""
    return recording.with_name(recording.stem + ".marks.toml")


def recording_marks(recording: Path, line, parts: list[list], duration: float) -> dict[str, float]:
    """Seconds from the cue's start to each mark's word in a recorded cue: from the sidecar
    (times on the original recording, moved by the trimmed leading silence), else estimated from
    its subtitle part's start and the share of the part's characters before the word."""
    if not line.marks:
        return {}
    given: dict[str, float] = {}
    sidecar = marks_sidecar(recording)
    if sidecar.exists():
        try:
            data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SpeechError(f"marks file {sidecar} is not valid TOML ({exc}); write one `name = seconds` per line") from None
        unknown = sorted(set(data) - set(line.marks))
        if unknown or not all(isinstance(v, (int, float)) and v >= 0 for v in data.values()):
            raise SpeechError(f"marks file {sidecar}: each line must be `name = seconds` (seconds >= 0) for one of "
                              f"the cue's marks {sorted(line.marks)}; {unknown or 'a time'} is not")
        samples, rate = read_recording(recording)
        trimmed = (first_sound(samples) or 0) / rate - LEAD  # what shape_speech took off the start
        given = {name: round(max(0.0, float(t) - trimmed), 4) for name, t in data.items()}
    marks = {}
    words_seen, offsets = 0, [p[0] for p in parts] + [max(duration - TAIL, parts[-1][0] if parts else 0.0)]
    starts = [LEAD if i == 0 else at for i, at in enumerate(offsets[:-1])] + offsets[-1:]
    for i, (_, text) in enumerate(parts):
        words = text.split()
        for name, index in line.written_marks.items():
            if words_seen <= index < words_seen + len(words) or (i == len(parts) - 1 and index >= words_seen + len(words)):
                share = len(" ".join(words[:index - words_seen])) / max(1, len(text))
                marks[name] = round(starts[i] + share * max(0.0, starts[i + 1] - starts[i]), 4)
        words_seen += len(words)
    marks.update(given)
    return marks


def recordings_for(folder: Path, scene_id: str, cue_ids: list[str], script_file: str = "the script") -> dict[str, Path]:
    """cue id -> recording for one scene (``folder`` is ``<recordings>/<scene-id>``); a WAV named
    after no cue is an error."""
    if not folder.is_dir():
        return {}
    found = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".wav"}
    unknown = sorted(set(found) - set(cue_ids))
    if unknown:
        raise SpeechError(f"recording {folder / (unknown[0] + '.wav')} matches no cue of {script_file}; "
                          f"rename it to one of the cue ids `hidden-layers script {scene_id}` lists, or remove it")
    return found


def recordings_digest(folder: Path) -> str:
    """A hash of one scene's recordings (names and bytes), for the render key."""
    h = hashlib.sha256()
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if (p.suffix.lower() == ".wav" or p.name.endswith(".marks.toml")) and p.is_file():
                h.update(p.name.encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()
