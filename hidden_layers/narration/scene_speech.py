"""Narration per story scene: which script it speaks, the checks before Manim starts, the
speech's share of the render key, and the teleprompter's words."""

from __future__ import annotations

from pathlib import Path

from contract.script import load_script, script_path

from ..settings import Settings
from .piper_voice import voice_identity, voice_model
from .recordings import read_recording, recordings_digest, recordings_for
from .service import recordings_folder
from .wav import warn


def scene_script(entry) -> Path | None:
    """The narration script a story entry's scene speaks (its class's script_name), or None."""
    cls = entry.load_class()
    name = getattr(cls, "script_name", "")
    return script_path(name, getattr(cls, "scripts_dir", None)) if name else None


def check_scene_speech(entry, settings: Settings) -> None:
    """Fail before Manim starts, with one line: a missing voice model, a recording that is
    corrupt, empty, at an unusable rate, or named after no cue."""
    script = scene_script(entry)
    if script is None:
        return
    voice_model(settings.voice_model)
    cues = load_script(script.stem, script.parent)
    folder = recordings_folder(settings, entry.id)
    recorded = recordings_for(folder, entry.id, list(cues), script.name)
    for path in recorded.values():
        read_recording(path)
    if recorded:
        for cue_id in cues:
            if cue_id not in recorded:
                warn(f"no recording for cue {cue_id!r} of scene {entry.id} "
                     f"({folder / (cue_id + '.wav')}); using the synthetic voice")


def speech_key(entry, settings: Settings) -> bytes:
    """Everything about the speech that changes a render: the voice choice, the voice model and
    settings, the script, and the recordings used."""
    script = scene_script(entry)
    parts = [settings.voice, str(script and script.name)]
    if script is not None:
        parts += [script.read_bytes().decode("utf-8", "replace"), voice_identity(voice_model(settings.voice_model)),
                  recordings_digest(recordings_folder(settings, entry.id))]
    return "\n".join(parts).encode()


def spoken_cues(entry, raw: bool = False, spoken: bool = False) -> list[tuple[str, str]]:
    """(cue id, text) in the order the scene speaks them: a dry run (the kit's default voice,
    untimed) fills the placeholders from the models; ``raw`` gives the script's templates.
    The text is the written one (marks taken out), or with ``spoken`` what the voice reads."""
    script = scene_script(entry)
    if script is None:
        return []
    if raw:
        return list(load_script(script.stem, script.parent).items())
    from manim import tempconfig

    with tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True,
                     "progress_bar": "none", "verbosity": "ERROR"}):
        scene = entry.scene_class()()
        scene.render()
    return [(c.id, (c.spoken or c.text) if spoken else c.text) for c in scene.narration_log().cues]


def narration_for(entry, settings: Settings, cues_out: Path | None = None):
    """The voice back end a story scene speaks with in this run (recordings, then Piper)."""
    from .service import narration

    return narration(settings, entry.id, scene_script(entry), cues_out)
