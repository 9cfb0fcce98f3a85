"""Motion lands on the word in line-not-enough and layers-build (issue #14): with the paced
stand-in voice of tests/test_motion_on_marks.py, every mark of every cue has an animation
starting within its tolerance."""

from __future__ import annotations

import pytest

from tests.test_motion_on_marks import TOLERANCE, played


def chapters():
    from scenes.layers_build import LayersBuild
    from scenes.line_not_enough import LineNotEnough

    return {"line-not-enough": LineNotEnough, "layers-build": LayersBuild}


@pytest.mark.parametrize("chapter", ["line-not-enough", "layers-build"])
def test_every_mark_starts_an_animation_on_its_word(chapter):
    scene, starts = played(chapters()[chapter])
    marks = [(c.id, name, c.at(name)) for c in scene.narration_log().cues for name in c.marks]
    assert len(marks) >= 10, marks
    late = [(cue, name, round(at, 2)) for cue, name, at in marks
            if not any(abs(t - at) <= TOLERANCE for t in starts)]
    assert not late, f"no animation starts within {TOLERANCE} s of these marks: {late}"
