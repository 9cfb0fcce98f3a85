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


# Not handed to a Manim child. Dask's nanny starts every worker with MALLOC_TRIM_THRESHOLD_=65536
# (distributed.nanny.pre-spawn-environ): a child inheriting it gives each freed frame buffer back to
# the kernel and faults it in again, zeroed, on the next frame. line-not-enough at 1080p60 with it:
# 20.8 M page faults against 0.3 M, 50 s of system time against 4, 97 s wall against 74.
_NOT_INHERITED = ("MALLOC_TRIM_THRESHOLD_",)


def manim_env(run_file: Path | str | None = None, base: dict | None = None) -> dict[str, str]:
    """The child's environment: ours (less the allocator settings above), unbuffered, plus the
    run file if there is one."""
    env = {**(os.environ if base is None else base), "PYTHONUNBUFFERED": "1"}
    for name in _NOT_INHERITED:
        env.pop(name, None)
    if run_file is not None:
        env[RUN_ENV] = str(run_file)
    else:
        env.pop(RUN_ENV, None)
    return env
