"""In the Manim child: render one section (a range of animations) exactly as the whole scene would.

Manim 0.22 renders a range with ``-n FIRST,LAST``: animations before FIRST are *skipped* (the
construct code runs, nothing is drawn or encoded) and at LAST + 1 ``EndSceneEarlyException`` ends
the scene. Read in manim/renderer/cairo_renderer.py: a skipped ``play`` advances
``renderer.time`` by the animation's run time, while a rendered one advances it one frame at a
time, by ``ceil(run_time * fps)`` frames (a held frame: ``int(run_time * fps)``). Our cues read
the scene time (``NarrationMixin.scene_time``) to start, to wait for their speech and to place
marks, so with Manim's own skipping a section's clock would drift from the whole render's, a
cue's closing wait would take other frame counts, and the animations after it would differ.
Three patches make a skipped animation behave like a rendered one, without drawing it:

- the clock: after a skipped play, ``renderer.time`` is what the rendered frames would have made
  it, added the same way (frame by frame, or once for a held frame), so it is the same float;
- updaters: a rendered play ends with ``update_mobjects(0)``; a skipped one now does too;
- sound: Manim drops sounds added while skipping; here every cue's speech is mixed in at its
  time, so the section that reaches the end holds the whole scene's speech and writes it to
  ``audio_out`` (mixed once, by Manim's own pydub code, as a whole render mixes it).

Nothing is drawn for a skipped animation (``update_frame`` returns at once), which is what
makes a section cheaper than the whole. Each animation's frame count and, when rendered, its
wall time go to ``section_out`` (JSON) for the next render's balancing (sections.py).
"""

from __future__ import annotations

import json
import os
import time

import numpy as np


def _frames(scene, fps: float) -> tuple[int, bool]:
    """(frames the animation just played writes, whether they are one held frame)."""
    if scene.is_current_animation_frozen_frame():
        return int(scene.duration / (1 / fps)), True
    return len(np.arange(0, scene.duration, 1 / fps)), False


def install(first: int, section_out: str | None, audio_out: str | None) -> None:
    from manim import config
    from manim.manager import Manager
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene_file_writer import SceneFileWriter
    from manim.utils.exceptions import EndSceneEarlyException

    record = {"animations": [], "complete": False}

    def save() -> None:
        if section_out:
            tmp = f"{section_out}.{os.getpid()}.tmp"
            with open(tmp, "w") as f:
                json.dump(record, f)
            os.replace(tmp, section_out)

    play = CairoRenderer.play

    def section_play(self, scene, *args, **kwargs):
        index, clock, started = self.num_plays, self.time, time.monotonic()
        try:
            play(self, scene, *args, **kwargs)
        except EndSceneEarlyException:  # past the section's last animation: the scene ends here
            record["ended_early"] = True
            save()
            raise
        frames, held = _frames(scene, self.camera.frame_rate)
        skipped = index < config.from_animation_number
        if skipped:
            dt = 1 / self.camera.frame_rate
            if held:
                clock += frames * dt
            else:
                for _ in range(frames):
                    clock += 1 * dt
            self.time = clock
            scene.update_mobjects(0)
        record["animations"].append({"frames": frames, "seconds": None if skipped else time.monotonic() - started})
        save()

    update_frame = CairoRenderer.update_frame

    def lazy_update_frame(self, scene, *args, **kwargs):
        if self.skip_animations:  # nothing of a skipped animation is ever shown
            return
        update_frame(self, scene, *args, **kwargs)

    def add_sound(self, sound_file, time_offset=0, gain=None, **kwargs):
        self.file_writer.add_sound(sound_file, self.time + time_offset, gain, **kwargs)

    combine = SceneFileWriter.combine_to_movie

    def combine_and_keep_speech(self):
        if audio_out and self.includes_sound:
            from pydub import AudioSegment

            self.add_audio_segment(AudioSegment.silent(0))
            self.audio_segment.export(audio_out, format="wav")
        combine(self)

    post_construct = Manager.post_construct

    def mark_complete(self):
        record["complete"] = not record.get("ended_early")
        save()
        post_construct(self)

    CairoRenderer.play = section_play
    CairoRenderer.update_frame = lazy_update_frame
    Manager.add_sound = add_sound
    SceneFileWriter.combine_to_movie = combine_and_keep_speech
    Manager.post_construct = mark_complete
