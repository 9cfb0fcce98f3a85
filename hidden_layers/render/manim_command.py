"""The one place a Manim command line is built. Render, slides, the benches and the tests all
start Manim through ``manim_command`` + ``manim_env``: the same runner (held frames encoded
once, frames counted), the same flags."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .quality import Quality
from .run_file import RUN_ENV


def manim_command(scene_file: Path | str, cls: str, quality: Quality, media_dir: Path | str,
                  animations: tuple[int, int | None] | None = None) -> list[str]:
    """``python -m hidden_layers.render.scene_runner render ...``: Manim's own command line, run
    by our runner, writing into ``media_dir`` with Manim's caching off (ours is the render key).
    ``animations=(first, last)`` renders only those animations, both included (Manim's ``-n``;
    ``last=None``: to the end)."""
    section = []
    if animations is not None:
        first, last = animations
        section = ["-n", f"{first}" if last is None else f"{first},{last}"]
    return [sys.executable, "-m", "hidden_layers.render.scene_runner", "render", f"-q{quality.flag}",
            "--media_dir", str(media_dir), "--progress_bar", "none", "--disable_caching", *section,
            str(scene_file), cls]


def manim_env(run_file: Path | str | None = None, base: dict | None = None) -> dict[str, str]:
    """The child's environment: ours, unbuffered, plus the run file if there is one."""
    env = {**(os.environ if base is None else base), "PYTHONUNBUFFERED": "1"}
    if run_file is not None:
        env[RUN_ENV] = str(run_file)
    else:
        env.pop(RUN_ENV, None)
    return env
