"""What a Manim child process needs to know about its run, handed over in one JSON file.

This is the only setting that crosses a process boundary through the environment: Manim's
command line builds the scene itself, so the parent cannot pass it arguments. The parent writes
``<scratch>/run.json`` and names it in ``HIDDEN_LAYERS_RUN`` (manim_command.py); the child's
runner (scene_runner.py) reads it and hands the scene its flows folder and its voice.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from contract.atomic import atomic_write_text

from ..settings import Settings

RUN_ENV = "HIDDEN_LAYERS_RUN"


@dataclass(frozen=True)
class RunSpec:
    settings: Settings
    scene_id: str  # the story id: recordings live under it
    script: str | None = None  # the scene's narration script, if it speaks
    cues_out: str | None = None  # where the scene writes the cues it spoke
    progress_out: str | None = None  # where the frame counter writes its count
    slides_out: str | None = None  # manim-slides' output folder, for a slides run
    parent_pid: int | None = None  # the render that started the child: the child dies with it
    flow: str | None = None  # a general chapter's flow (`--flow NAME`), read from settings.flows
    first: int = 0  # a section render (sections.py): the first animation it encodes (Manim's -n)
    section_out: str | None = None  # where the runner records each animation's frames and seconds
    audio_out: str | None = None  # where a section render writes the whole scene's mixed speech (WAV)

    def write(self, path: Path) -> Path:
        data = {**asdict(self), "settings": self.settings.to_json()}
        return atomic_write_text(path, json.dumps(data, indent=1) + "\n")

    @classmethod
    def read(cls, path: Path) -> "RunSpec":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**{**data, "settings": Settings.from_json(data["settings"])})


def current() -> RunSpec | None:
    """The run this process belongs to, if a parent named one."""
    path = os.environ.get(RUN_ENV)
    return RunSpec.read(Path(path)) if path else None
