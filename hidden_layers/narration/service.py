"""The voice back ends handed to a scene (the kit's ``SpeechService``).

``Narration`` speaks a scene's cues with the user's recordings first and Piper for the rest;
with voice ``none`` the timing is the same but no sound is added (for a sound track of your
own). When the scene ends it writes the cues it spoke to ``cues_out``, the render's record.
"""

from __future__ import annotations

import json
from pathlib import Path

from contract.script import Line, load_script
from scenes.kit.narrate import Spoken, as_line

from ..settings import Settings
from .cues import cue_record, write_cues
from .piper_voice import parts_file, synthesize, synthesized_marks, voice_model
from .recordings import from_recording, recording_marks, recordings_for
from .wav import read_wav, warn


def speech_cache(settings: Settings) -> Path:
    return settings.cache / "speech"


def recordings_folder(settings: Settings, scene_id: str) -> Path:
    return settings.recordings / scene_id


def recording_parts(text: str, wav: Path, duration: float) -> list[list]:
    """[[offset s, text], ...]: a recording's subtitle parts, found from its pauses."""
    from .caption_parts import caption_sentences, part_offsets

    sentences = caption_sentences(text)
    parts = [part for sentence in sentences for part in sentence]
    if len(parts) == 1 or duration <= 0:
        return [[0.0, " ".join(parts)]]
    samples, rate = read_wav(wav)
    return [[offset, part] for offset, part in zip(part_offsets(sentences, samples, rate), parts)]


class Narration:
    """Speech for one scene's cues: its recordings first, Piper for the rest."""

    def __init__(self, settings: Settings, scene_id: str, cue_ids: list[str], script_file: str,
                 cues_out: Path | None = None):
        self.settings = settings
        self.scene_id = scene_id
        self.cues_out = cues_out
        self.recordings = recordings_for(recordings_folder(settings, scene_id), scene_id, cue_ids, script_file)
        self.warned: set[str] = set()

    def _sound(self, wav: Path) -> Path | None:
        return wav if self.settings.voice == "piper" else None

    def speak(self, cue_id: str, line: Line | str) -> Spoken:
        line = as_line(line)
        text = line.text
        cache = speech_cache(self.settings)
        if cue_id in self.recordings:
            wav, duration = from_recording(self.recordings[cue_id], cache)
            parts = recording_parts(text, wav, duration)
            return Spoken(duration, "recording", self._sound(wav), parts,
                          recording_marks(self.recordings[cue_id], line, parts, duration))
        if self.recordings and cue_id not in self.warned:
            self.warned.add(cue_id)
            warn(f"no recording for cue {cue_id!r} of scene {self.scene_id} "
                 f"({recordings_folder(self.settings, self.scene_id) / (cue_id + '.wav')}); using the synthetic voice")
        wav, duration = synthesize(line, cache, voice_model(self.settings.voice_model))
        parts = json.loads(parts_file(wav).read_text(encoding="utf-8"))
        return Spoken(duration, "piper", self._sound(wav), parts, synthesized_marks(wav))

    def finish(self, cues) -> None:
        if self.cues_out is not None:
            write_cues(self.cues_out, [cue_record(c) for c in cues], self.settings.voice if cues else "none")


def narration(settings: Settings, scene_id: str, script: Path | None, cues_out: Path | None = None) -> Narration:
    """The back end for a scene that speaks ``script`` (None: a scene without words)."""
    cue_ids = list(load_script(script.stem, script.parent)) if script else []
    return Narration(settings, scene_id, cue_ids, script.name if script else "the script", cues_out)
