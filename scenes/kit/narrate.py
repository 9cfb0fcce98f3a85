"""Narration cues and beats: the one interface every chapter uses to speak and to pause.

A chapter wraps each beat of its choreography in a cue::

    with self.cue("layer-1", accuracy=pct(flow.accuracy())) as c:
        self.play(player.step(step, run_time=c.fit(self.step_run_time)))

- The words live in the chapter's script, ``scenes/scripts/<script_name>.toml``: one table per
  cue id, in speaking order, each with ``text = "..."``. ``{placeholders}`` in the text are
  filled from the keyword values (numbers spoken come from the model, never typed in).
  A person edits the words there without touching the choreography.
- ``c.duration`` is how long the speech lasts; ``c.fit(t)`` stretches a run time so the
  block's animations last at least as long as the words.
- On leaving the block the scene waits until the speech has ended (the picture waits for the
  sentence; a sentence never runs over the next stage), then marks a *beat*: a pause point
  for slides.

This module is the interface; the speech itself plugs in behind ``NarrationMixin.speech_for``
(hidden_layers/speech.py: Piper TTS, or the user's recordings, cached as WAVs; the voice is
chosen by HIDDEN_LAYERS_VOICE, ``piper`` or ``none``) and slides behind ``NarrationMixin.beat``.
When the scene ends it writes its cues (id, text, start, duration, end) as JSON to the path in
HIDDEN_LAYERS_CUES_OUT, if set: render.py turns them into subtitles.
"""

from __future__ import annotations

import math
import os
import string
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from manim import config

from hidden_layers.paths import SCENES_DIR
from hidden_layers.speech import ScriptError  # noqa: F401 - re-exported: scenes import it from here

SCRIPTS_DIR = SCENES_DIR / "scripts"




@dataclass
class Cue:
    id: str
    text: str
    start: float  # scene time when the cue began
    duration: float = 0.0  # length of its speech in seconds (0 when silent)
    source: str = ""  # "piper" or "recording"
    end: float | None = None  # scene time of the beat that closed the cue (a stage's end)
    parts: list = field(default_factory=list)  # [[offset s, text], ...]: its subtitles, timed on its speech

    def fit(self, run_time: float, share: float = 1.0) -> float:
        """A run time of at least ``run_time`` and at least ``share`` of the speech."""
        return max(run_time, share * self.duration)


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


def fill(template: str, values: dict, where: str) -> str:
    """The cue's text with its {placeholders} filled; a missing or unused value is an error."""
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing, unused = names - set(values), set(values) - names
    if missing or unused:
        raise ScriptError(f"{where}: placeholders {sorted(missing)} have no value and values {sorted(unused)} "
                          f"have no placeholder; make the script's text and the scene's cue() agree")
    return template.format(**values)


@dataclass
class NarrationLog:
    """Every cue a render spoke, with its scene time: the source of subtitles and tests."""

    cues: list[Cue] = field(default_factory=list)


class NarrationMixin:
    """Gives a Scene ``cue()`` and ``beat()``. Silent until a speech back end is plugged in."""

    script_name: str = ""  # scenes/scripts/<script_name>.toml
    scripts_dir: Path | None = None  # another folder of scripts (tests); None = scenes/scripts

    def script(self) -> dict[str, str]:
        if not hasattr(self, "_script"):
            self._script = load_script(self.script_name, self.scripts_dir)
        return self._script

    def narration_log(self) -> NarrationLog:
        if not hasattr(self, "_narration_log"):
            self._narration_log = NarrationLog()
        return self._narration_log

    def scene_time(self) -> float:
        return float(self.renderer.time)

    def scene_id(self) -> str:
        """The story's id for this scene (recordings live under it), else the class name."""
        from hidden_layers.story import UnknownScene, find_scene

        if os.environ.get("HIDDEN_LAYERS_SCENE_ID"):  # set by render.py for the scene it renders
            return os.environ["HIDDEN_LAYERS_SCENE_ID"]
        try:
            return find_scene(type(self).__name__).id
        except UnknownScene:
            return type(self).__name__

    def narrator(self):
        if not hasattr(self, "_narrator"):
            from hidden_layers.speech import Narrator

            self._narrator = Narrator(self.scene_id(), list(self.script()), script_path(self.script_name, self.scripts_dir).name)
        return self._narrator

    def speech_for(self, cue: Cue) -> float:
        """Start speaking ``cue`` now (add its sound) and return its duration in seconds.
        With voice ``none`` the duration is the same (the timing matches) but no sound is added."""
        from hidden_layers.speech import timed_parts

        narrator = self.narrator()
        speech = narrator.speech(cue.id, cue.text)
        cue.source = speech.source
        cue.parts = timed_parts(cue.text, speech)
        if narrator.voice == "piper":
            self.add_sound(str(speech.path))
        return speech.duration

    def tear_down(self):
        super().tear_down()
        target = os.environ.get("HIDDEN_LAYERS_CUES_OUT")
        if target:
            from hidden_layers.speech import write_cues

            cues = [{"id": c.id, "text": c.text, "start": round(c.start, 4), "duration": round(c.duration, 4),
                     "source": c.source, "end": c.end,  # unrounded: a stage end is a frame time inside the video
                     "parts": c.parts} for c in self.narration_log().cues]
            write_cues(target, cues, self.narrator().voice if self.narration_log().cues else "none")

    def beat(self) -> None:
        """A natural pause point (each stage's end, each reveal): a slide break in slides."""

    @contextmanager
    def cue(self, cue_id: str, **values):
        script = self.script()
        if cue_id not in script:
            raise ScriptError(f"cue {cue_id!r} is not in {script_path(self.script_name, self.scripts_dir)}; "
                              f"add a [{cue_id}] table with its text")
        text = fill(script[cue_id], values, f"cue [{cue_id}] of {script_path(self.script_name, self.scripts_dir).name}")
        cue = Cue(cue_id, text, self.scene_time())
        cue.duration = self.speech_for(cue)
        self.narration_log().cues.append(cue)
        yield cue
        end = cue.start + cue.duration
        while end - self.scene_time() > 1e-6:  # waits come in whole frames; never stop short
            before = self.scene_time()
            frames = max(1, math.ceil((end - before) * config.frame_rate - 1e-6))
            self.wait((frames + 0.01) / config.frame_rate)  # a still wait keeps int(frames)
            if self.scene_time() <= before:  # a dry run's clock may not move
                break
        cue.end = self.scene_time()  # `hidden-layers still --at step:N` shows this moment
        self.beat()


def spoken_number(v: float, sig: int = 2) -> str:
    """A number as a voice should read it: ``sig`` significant digits in plain decimals (no
    exponent, no superscripts), a leading "minus" for negatives: 0.0033, minus 0.84, 400."""
    v = float(v)
    if v == 0:
        return "0"
    if abs(v - round(v)) < 1e-9 and abs(v) >= 1:
        text = f"{abs(round(v))}"
    else:
        digits = max(0, sig - 1 - math.floor(math.log10(abs(v))))
        text = f"{abs(v):.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return ("minus " if v < 0 else "") + text
