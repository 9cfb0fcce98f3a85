"""Motion lands on the word (issue #14, parts 1 and 3) in every chapter of the story: with a paced
stand-in voice (every word a fixed time, so every mark falls at a
different, known moment), each mark of every cue has an animation starting within 0.3 s of it.
Real Piper times are checked in tests/test_marks.py; this checks that the choreography waits for
each of its marks and starts the animation there (a dry run, no audio)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from manim import tempconfig

from hidden_layers.story import SCENES_IN_ORDER

from scenes.kit.narrate import Spoken, as_line
from tests.scene_probe import DRY_RUN

WORD = 0.3  # seconds a stand-in word lasts
LEAD = 0.2
TOLERANCE = 0.3


class Paced:
    """Speaks nothing; each word takes WORD seconds and a mark is the start of its word."""

    def speak(self, cue_id, line):
        line = as_line(line)
        words = len(line.spoken.split())
        marks = {name: LEAD + index * WORD for name, index in line.marks.items()}
        return Spoken(LEAD + words * WORD, "paced", None, [[0.0, line.text]], marks)

    def finish(self, cues):
        pass


def played(scene_cls):
    starts = []

    class Timed(scene_cls):
        speech_service = Paced()

        def play(self, *animations, **kwargs):
            starts.append(self.scene_time())
            return super().play(*animations, **kwargs)

    with tempconfig(DRY_RUN):
        scene = Timed()
        scene.render()
    return scene, starts


def late_marks(scene, starts) -> tuple[list, list]:
    """(every mark as (cue, name, time), the marks no animation starts within TOLERANCE of)."""
    marks = [(c.id, name, c.at(name)) for c in scene.narration_log().cues for name in c.marks]
    return marks, [(cue, name, round(at, 2)) for cue, name, at in marks
                   if not any(abs(t - at) <= TOLERANCE for t in starts)]


@lru_cache(maxsize=None)
def played_chapter(chapter_id: str):
    """One paced run per chapter, shared by the tests that read its pictures afterwards."""
    from hidden_layers.story import find_scene

    return played(find_scene(chapter_id).load_class())


@pytest.mark.parametrize("chapter", [e.id for e in SCENES_IN_ORDER])
def test_every_mark_starts_an_animation_on_its_word(chapter):
    marks, late = late_marks(*played_chapter(chapter))
    assert len(marks) >= 3, marks
    assert not late, f"no animation starts within {TOLERANCE} s of these marks: {late}"
