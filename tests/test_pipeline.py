"""The render pipeline under the commands: progress in frames within a scene, longest scenes
first, and stills at the end of a stage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hidden_layers.render import scenes as render
from hidden_layers.render.frames import video_info
from hidden_layers.render.quality import QUALITIES
from hidden_layers.settings import Settings
from hidden_layers.story import find_scene

BIN = Path(sys.executable).parent / "hidden-layers"


@pytest.fixture
def renders(tmp_path):
    return tmp_path / "renders"


@pytest.fixture(scope="module")
def perceptron_render(tmp_path_factory):
    """One real render of a short chapter, through render_scene, with every progress report kept."""
    root = tmp_path_factory.mktemp("pipeline")
    settings = Settings(renders=root / "renders", voice="none")
    reports: list[tuple[int, int]] = []
    entry = find_scene("perceptron")
    path, rendered = render.render_scene(entry, QUALITIES["low"], settings, force=True,
                                         on_progress=lambda e, done, expected: reports.append((done, expected)))
    return {"path": path, "rendered": rendered, "reports": reports, "entry": entry, "root": root,
            "settings": settings}


def test_progress_counts_frames_within_the_scene(perceptron_render):
    reports, path = perceptron_render["reports"], perceptron_render["path"]
    frames = video_info(path).frames
    done = [d for d, _ in reports]
    assert done == sorted(done), "the frame count never goes back"
    assert done[-1] == frames, (done[-1], frames)  # the last report is every frame of the video
    moving = {d for d in done if 0 < d < frames}
    assert len(moving) >= 3, f"the bar moved only through {sorted(moving)} before the end"


def test_a_render_remembers_its_length_for_the_next_estimate(perceptron_render):
    remembered = perceptron_render["root"] / "renders" / ".cache" / "perceptron" / "seconds"
    assert float(remembered.read_text()) == pytest.approx(video_info(perceptron_render["path"]).duration, abs=0.01)


def test_longest_scenes_are_rendered_first(renders, monkeypatch):
    lengths = {"perceptron": 12.0, "spirals": 90.0, "regression": 60.0, "softmax-regions": 20.0}
    for scene_id, seconds in lengths.items():
        (renders / ".cache" / scene_id).mkdir(parents=True)
        (renders / ".cache" / scene_id / "seconds").write_text(str(seconds))
    started = []

    def fake_section(task, on_progress=None, stop=None):
        started.append(task.entry.id)
        return task

    monkeypatch.setattr("hidden_layers.render.local_executor.run_section", fake_section)
    monkeypatch.setattr(render, "_finish_scene", lambda entry, *args: Path(f"{entry.id}.mp4"))
    entries = [find_scene(s) for s in lengths]
    paths = render.render_many(entries, QUALITIES["low"], Settings(renders=renders), jobs=1)
    assert started == ["spirals", "regression", "softmax-regions", "perceptron"]
    assert [p.stem for p in paths] == list(lengths)  # results still in the order asked


def test_an_unseen_scene_gets_a_guess(renders):
    assert render.expected_seconds(find_scene("spirals"), Settings(renders=renders)) > 0


def run(settings, *args):
    """The CLI with the voice the fixture rendered with (so the render is reused)."""
    return subprocess.run([str(BIN), "--renders", str(settings.renders), *args, "--voice", "none"],
                          capture_output=True, text=True, timeout=600)


def test_still_at_the_end_of_a_stage(perceptron_render):
    from PIL import Image

    env, entry = perceptron_render["settings"], perceptron_render["entry"]
    ends = render.stage_end_times(entry, QUALITIES["low"], env)
    assert len(ends) >= 3 and ends == sorted(ends)
    assert ends[-1] <= video_info(perceptron_render["path"]).duration + 1e-6
    result = run(env, "still", "perceptron", "--at", "step:2")
    assert result.returncode == 0, result.stderr
    png = Path(result.stdout.strip().splitlines()[-1])
    assert png.name == "perceptron_step2.png" and Image.open(png).size == (854, 480)
    # the frame is the stage's last one: the same picture as asking for that time in seconds
    by_time = run(env, "still", "perceptron", "--at", f"{ends[1] - 0.5 / 15:.4f}")
    by_time_png = Path(by_time.stdout.strip().splitlines()[-1])
    assert Image.open(png).tobytes() == Image.open(by_time_png).tobytes()


@pytest.mark.parametrize("at, needle, code", [("step:0", "use step:1 to step:", 1), ("step:999", "use step:1 to step:", 1),
                                              ("step:x", "neither seconds nor step:N", 2),
                                              ("soon", "neither seconds nor step:N", 2)])
def test_bad_still_moments_are_one_line_errors(perceptron_render, at, needle, code):
    result = run(perceptron_render["settings"], "still", "perceptron", "--at", at)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code and len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], result.stderr
