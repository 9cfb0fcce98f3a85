"""Run Manim's command line in this process, with the run's settings handed to the scene.

manim_command.py starts ``python -m hidden_layers.render.scene_runner render ...`` instead of
``python -m manim render ...``: the same command, plus
- the run file (run_file.py): the scene gets its flows folder and its voice back end (the kit's
  ``FlowSceneMixin.flows_dir`` and ``NarrationMixin.speech_service``) before Manim builds it;
- a frame counter: every frame Manim hands its file writer is counted, and the count is written
  to the run's ``progress_out`` about four times a second, so the parent shows progress in frames;
- held_frames: a held frame is colour-converted once, not once per copy (byte-identical);
- sections (section_runner.py): with ``-n FIRST,LAST`` the animations before FIRST keep the
  whole render's clock and sound without being drawn, and each animation's frames are recorded;
- death with the parent: if the render that started it is killed, even by SIGKILL, this process
  is killed too (Linux's parent-death signal), so no Manim render runs on as an orphan.
Nothing else about the render changes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

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


def die_with_parent(parent_pid: int | None) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; if the parent is already gone, go."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the parent's own clean-up still stops us on an ordinary exit
        return
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the signal was armed


def hand_over(spec) -> None:
    """Give the scene what the run chose: where flows are, which flow a general chapter draws,
    and the voice."""
    from scenes.kit.base import FlowSceneMixin
    from scenes.kit.narrate import NarrationMixin

    from ..narration.service import narration

    FlowSceneMixin.flows_dir = spec.settings.flows
    FlowSceneMixin.run_flow = spec.flow  # a general chapter draws it (kit AnyFlowMixin); None for the story
    NarrationMixin.speech_service = narration(spec.settings, spec.scene_id, Path(spec.script) if spec.script else None,
                                              Path(spec.cues_out) if spec.cues_out else None)


def main() -> None:
    from . import run_file
    from .held_frames import install as convert_held_frames_once

    spec = run_file.current()
    if spec is not None:
        die_with_parent(spec.parent_pid)
    convert_held_frames_once()  # same bytes, about half the encoding cost of a held frame
    if spec is not None:
        if spec.progress_out:
            install_frame_counter(spec.progress_out)
        if spec.section_out or spec.first:
            from . import section_runner

            section_runner.install(spec.first, spec.section_out, spec.audio_out)
        hand_over(spec)
    from manim.__main__ import main as manim_main

    sys.argv[0] = "manim"
    manim_main()


if __name__ == "__main__":
    main()
