"""Run Manim's command line in this process, counting frames as they are written.

render.py starts ``python -m hidden_layers.scene_runner render ...`` instead of
``python -m manim render ...``: the same command, plus a frame counter. Every frame Manim hands
to its file writer is counted, and the count is written to the file named by
HIDDEN_LAYERS_PROGRESS_OUT about four times a second, so the parent can show progress in frames
within each scene (a scene may run minutes; a bar that moves once per scene is no bar).
It also installs held_frames (a held frame is colour-converted once, not once per copy; the
output is byte-identical). Nothing else about the render changes.
"""

from __future__ import annotations

import os
import sys
import time

PROGRESS_ENV = "HIDDEN_LAYERS_PROGRESS_OUT"
_EVERY_SECONDS = 0.25


def read_progress(path) -> int:
    """The frame count a render last reported (0 before its first report)."""
    try:
        with open(path) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):  # not written yet, or caught mid-write: report nothing new
        return 0


def install_frame_counter(target: str) -> None:
    from manim.scene.scene_file_writer import SceneFileWriter

    write_frame = SceneFileWriter.write_frame
    state = {"frames": 0, "last": 0.0}

    def report(force: bool = False) -> None:
        now = time.monotonic()
        if force or now - state["last"] >= _EVERY_SECONDS:
            state["last"] = now
            tmp = f"{target}.{os.getpid()}.tmp"
            with open(tmp, "w") as f:
                f.write(str(state["frames"]))
            os.replace(tmp, target)  # the reader sees the old count or the new, never half

    def counting_write_frame(self, pixels, *, repeat: int = 1):
        write_frame(self, pixels, repeat=repeat)
        state["frames"] += repeat
        report()

    finish = SceneFileWriter.finish

    def counting_finish(self):
        report(force=True)
        finish(self)

    SceneFileWriter.write_frame = counting_write_frame
    SceneFileWriter.finish = counting_finish


def main() -> None:
    from .held_frames import install as convert_held_frames_once

    convert_held_frames_once()  # same bytes, about half the encoding cost of a held frame
    target = os.environ.get(PROGRESS_ENV)
    if target:
        install_frame_counter(target)
    from manim.__main__ import main as manim_main

    sys.argv[0] = "manim"
    manim_main()


if __name__ == "__main__":
    main()
