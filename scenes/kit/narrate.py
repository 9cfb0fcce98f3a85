"""Narration cues and beats: the one interface every chapter uses to speak and to pause.

A chapter wraps each beat of its choreography in a cue::

    with self.cue("layer-1", accuracy=pct(flow.accuracy())) as c:
        self.play(player.step(step, run_time=c.fit(self.step_run_time)))

- The words live in the chapter's script, ``scenes/scripts/<script_name>.toml`` (the format is
  contract/script.py). ``{placeholders}`` are filled from the keyword values.
- ``c.duration`` is how long the speech lasts; ``c.fit(t)`` stretches a run time so the
  block's animations last at least as long as the words.
- On leaving the block the scene waits until the speech has ended, then marks a *beat*: a
  pause point for slides.
- A script can put marks in a cue's text, ``{@plane}`` just before the word "plane"; they are
  neither spoken nor shown. ``c.at("plane")`` is the scene time that word starts (from the speech
  itself), ``c.mark("plane")`` the same from the cue's start, and ``self.wait_until(c.at("plane"))``
  holds the scene until then, so the next animation starts on the word::

      with self.cue("plane") as c:
          self.play(FadeIn(formula), run_time=1.5)
          self.wait_until(c.at("plane"))
          self.play(Create(plane))

The voice is a back end handed to the scene, as manim-voiceover hands it a speech service: a
``SpeechService`` set on ``NarrationMixin.speech_service`` (the application's render runner sets
Piper, the user's recordings or a silent one before Manim builds the scene). The default,
``Untimed``, says nothing and takes no time: dry runs and tests. Slides override ``speech_for``
and ``beat``.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from manim import config

from contract.script import (Line, Said, ScriptError, fill, fill_line, load_script, said_number,  # noqa: F401 - re-exported
                             script_path, spoken_number)


@dataclass
class Cue:
    id: str
    text: str
    start: float  # scene time when the cue began
    duration: float = 0.0  # length of its speech in seconds (0 when silent)
    source: str = ""  # "piper", "recording", "silent" or "untimed"
    end: float | None = None  # scene time of the beat that closed the cue (a stage's end)
    parts: list = field(default_factory=list)  # [[offset s, text], ...]: its subtitles, timed on its speech
    spoken: str = ""  # what the voice says (text is what is written); "" = the same as text
    marks: dict = field(default_factory=dict)  # mark name -> seconds from the cue's start to its word
    line: Line | None = field(default=None, repr=False)  # the filled script line (texts and mark words)

    def mark(self, name: str) -> float:
        """Seconds from the cue's start to where the word after ``{@name}`` starts (0 when silent)."""
        if name not in self.marks:
            raise ScriptError(f"cue [{self.id}] has no mark {{@{name}}} (it has {sorted(self.marks)}); "
                              f"put {{@{name}}} before the word in its script")
        return self.marks[name]

    def at(self, name: str) -> float:
        """The scene time the word after ``{@name}`` starts."""
        return self.start + self.mark(name)

    def to(self, name: str | None, now: float, least: float = 0.5, gap: float = 0.1) -> float:
        """A run time from ``now`` until ``gap`` before the word after ``{@name}`` (the end of the
        speech when ``name`` is None), and at least ``least``: an animation that lasts while its
        words are said, and is done as the next mark's word starts."""
        until = self.start + self.duration if name is None else self.at(name)
        return max(least, until - now - gap)

    def fit(self, run_time: float, share: float = 1.0) -> float:
        """A run time of at least ``run_time`` and at least ``share`` of the speech."""
        return max(run_time, share * self.duration)


@dataclass(frozen=True)
class Spoken:
    """What a speech service made of one cue."""

    duration: float  # seconds the scene waits for it
    source: str
    sound: Path | None = None  # a WAV to add at the cue's start, or None for silence
    parts: list = field(default_factory=list)  # [[offset s, text], ...]
    marks: dict = field(default_factory=dict)  # mark name -> seconds from the cue's start to its word


def as_line(text: str | Line) -> Line:
    return text if isinstance(text, Line) else Line(str(text), str(text))


class SpeechService(Protocol):
    """A voice back end: speaks a cue (its written text, spoken text and marks), and hears the
    scene's cues when it ends."""

    def speak(self, cue_id: str, line: Line) -> Spoken: ...

    def finish(self, cues: list[Cue]) -> None: ...


class Untimed:
    """No voice and no time: words only (dry runs, the teleprompter script, tests)."""

    def speak(self, cue_id: str, line: Line) -> Spoken:
        line = as_line(line)
        return Spoken(0.0, "untimed", None, [[0.0, line.text]], {name: 0.0 for name in line.marks})

    def finish(self, cues: list[Cue]) -> None:
        pass


@dataclass
class NarrationLog:
    """Every cue a render spoke, with its scene time: the source of subtitles and tests."""

    cues: list[Cue] = field(default_factory=list)


class NarrationMixin:
    """Gives a Scene ``cue()`` and ``beat()``; speaks through ``speech_service``."""

    script_name: str = ""  # scenes/scripts/<script_name>.toml
    scripts_dir: Path | None = None  # another folder of scripts (tests); None = scenes/scripts
    speech_service: SpeechService = Untimed()

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

    def speech_for(self, cue: Cue) -> float:
        """Start speaking ``cue`` now (add its sound) and return its duration in seconds."""
        spoken = self.speech_service.speak(cue.id, cue.line or as_line(cue.text))
        cue.source = spoken.source
        cue.parts = spoken.parts
        cue.marks = {name: float(spoken.marks.get(name, 0.0)) for name in cue.marks}
        if spoken.sound is not None:
            self.add_sound(str(spoken.sound))
        return spoken.duration

    def tear_down(self):
        super().tear_down()
        self.speech_service.finish(self.narration_log().cues)

    def wait_until(self, t: float) -> None:
        """Hold the scene until scene time ``t`` (a mark's ``c.at(...)``), in whole frames; no wait
        when it has passed already."""
        if t - self.scene_time() > 1e-6:
            frames = max(1, math.ceil((t - self.scene_time()) * config.frame_rate - 1e-6))
            self.wait((frames + 0.01) / config.frame_rate)

    def beat(self) -> None:
        """A natural pause point (each stage's end, each reveal): a slide break in slides."""

    @contextmanager
    def cue(self, cue_id: str, **values):
        script = self.script()
        where = script_path(self.script_name, self.scripts_dir)
        if cue_id not in script:
            raise ScriptError(f"cue {cue_id!r} is not in {where}; add a [{cue_id}] table with its text")
        line = fill_line(script[cue_id], values, f"cue [{cue_id}] of {where.name}")
        cue = Cue(cue_id, line.text, self.scene_time(), spoken=line.spoken, marks={name: 0.0 for name in line.marks},
                  line=line)
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
