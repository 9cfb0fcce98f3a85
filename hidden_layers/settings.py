"""The settings of one run, handed down as one object (never read from the environment).

The command line builds a ``Settings`` from its options; everything below takes it as an
argument. The one place it crosses a process boundary is the Manim child that renders a scene:
there it travels as JSON in a run file (hidden_layers/render/run_file.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from contract.paths import FLOWS_DIR, REPO_ROOT

VOICES = ("piper", "none")  # none: the same timing, no sound


@dataclass(frozen=True)
class Settings:
    renders: Path = REPO_ROOT / "renders"  # every output, and the caches under .cache/
    flows: Path = FLOWS_DIR  # where flows are read (the story's, or a speaker's own)
    voice: str = "piper"
    recordings: Path = REPO_ROOT / "recordings"  # <recordings>/<scene-id>/<cue-id>.wav
    voice_model: Path | None = None  # another Piper .onnx voice (its .onnx.json beside it)

    @property
    def cache(self) -> Path:
        return self.renders / ".cache"

    @property
    def scratch(self) -> Path:
        """Where renders in flight keep their files; removed when they end."""
        return self.renders / ".scratch"

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict:
        return {f.name: (str(v) if isinstance(v, Path) else v)
                for f in dataclasses.fields(self) for v in [getattr(self, f.name)]}

    @classmethod
    def from_json(cls, data: dict) -> "Settings":
        paths = {"renders", "flows", "recordings", "voice_model"}
        return cls(**{k: (Path(v) if k in paths and v is not None else v) for k, v in data.items()})
