"""The command line end to end, as a user runs it: real renders read back with PyAV, stills,
the main video, and one-line errors that leave earlier outputs untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from contract.paths import FLOWS_DIR
from hidden_layers.render.frames import video_info
from hidden_layers.settings import Settings
from scenes.kit.palette import BACKGROUND, CLASS_COLORS

BIN = Path(sys.executable).parent / "hidden-layers"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    flows = root / "flows"
    shutil.copytree(FLOWS_DIR, flows)
    return Settings(renders=root / "renders", flows=flows)


def run(env, *args):
    """The command as a user types it, with the test's own renders and flows folders. The
    timeout leaves room for the whole low-quality video (~8 min on a quiet 2-core machine)."""
    return subprocess.run([str(BIN), "--renders", str(env.renders), "--flows", str(env.flows), *args],
                          capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="module")
def spirals_render(env):
    result = run(env, "render", "spirals", "--quality", "low")
    assert result.returncode == 0, result.stderr
    path = env.renders / "low" / "spirals.mp4"
    assert str(path) in result.stdout
    return path


def test_render_writes_an_mp4_of_the_expected_format(env, spirals_render, monkeypatch):
    from scenes.spirals import UnfoldingSpirals
    from tests.scene_probe import probe_scene

    info = video_info(spirals_render)
    assert (info.width, info.height, info.fps, info.codec) == (854, 480, 15, "h264")
    # the dry run must hear the speech the render spoke: Piper's durations differ run to run,
    # so it speaks with the same voice back end, reading the same speech cache
    from hidden_layers.narration.scene_speech import narration_for
    from hidden_layers.story import find_scene

    monkeypatch.setattr(UnfoldingSpirals, "speech_service", narration_for(find_scene("spirals"), env))
    expected = probe_scene(UnfoldingSpirals).duration
    assert abs(info.duration - expected) <= 1.5 / 15, (info.duration, expected)


def test_unchanged_scene_is_not_rendered_again(env, spirals_render):
    mtime = spirals_render.stat().st_mtime_ns
    result = run(env, "render", "spirals")
    assert result.returncode == 0 and "unchanged" in result.stdout
    assert spirals_render.stat().st_mtime_ns == mtime


def rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def test_still_is_a_png_of_the_expected_size_with_both_classes_visible(env, spirals_render):
    result = run(env, "still", "spirals", "--at", "4")
    assert result.returncode == 0, result.stderr
    png = Path(result.stdout.strip().splitlines()[-1])
    image = Image.open(png)
    assert image.format == "PNG" and image.size == (854, 480)
    pixels = np.asarray(image.convert("RGB"), dtype=float).reshape(-1, 3)
    for colour in CLASS_COLORS[:2]:  # both classes drawn, in their palette colours
        near = np.linalg.norm(pixels - rgb(colour), axis=1) < 40
        assert near.sum() > 300, colour
    background = np.linalg.norm(pixels - rgb(BACKGROUND), axis=1) < 10
    assert 0.3 < background.mean() < 0.98


@pytest.mark.e2e
def test_main_video_joins_the_scenes_and_writes_chapters(env, spirals_render):
    result = run(env, "video", "--quality", "low")
    assert result.returncode == 0, result.stderr
    from hidden_layers.story import SCENES_IN_ORDER
    from hidden_layers.render.video import timestamp

    folder = spirals_render.parent
    video = video_info(folder / "hidden-layers.mp4")
    assert (video.width, video.height) == (854, 480)
    parts = [video_info(folder / f"{e.id}.mp4").duration for e in SCENES_IN_ORDER]
    assert abs(video.duration - sum(parts)) < 0.2 * len(parts)
    chapters = (folder / "hidden-layers.chapters.txt").read_text().splitlines()
    starts = np.concatenate([[0], np.cumsum(parts)[:-1]])
    assert chapters == [f"{timestamp(t)} {e.chapter}" for t, e in zip(starts, SCENES_IN_ORDER)]
    assert chapters[0].startswith("0:00 ")


def assert_one_line_error(result, *needles, code=1):
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_unknown_scene(env):
    assert_one_line_error(run(env, "render", "nope"), "unknown scene 'nope'", "hidden-layers list")


def test_render_without_a_scene(env):
    assert_one_line_error(run(env, "render"), "name a scene or pass --all")


def test_unknown_quality(env):
    assert_one_line_error(run(env, "render", "spirals", "--quality", "ultra"), "'ultra' is not one of", code=2)


def test_bad_flag(env):
    assert_one_line_error(run(env, "still", "spirals", "--at", "soon"), "--at", code=2)
    assert_one_line_error(run(env, "render", "spirals", "--jobs", "0"), "--jobs", code=2)


def test_time_outside_the_scene(env, spirals_render):
    assert_one_line_error(run(env, "still", "spirals", "--at", "-3"), "outside the scene")


def test_unknown_model(env):
    assert_one_line_error(run(env, "train", "nope"), "unknown model 'nope'")


@pytest.mark.parametrize("damage", ["truncate", "nan"])
def test_bad_flow_fails_in_one_line_and_keeps_the_earlier_render(env, spirals_render, damage):
    flow_file = env.flows / "spirals.npz"
    good = flow_file.read_bytes()
    before = spirals_render.read_bytes()
    try:
        if damage == "truncate":
            flow_file.write_bytes(good[: len(good) // 3])
            needle = "corrupt or truncated"
        else:
            with np.load(flow_file) as data:
                arrays = {k: data[k] for k in data.files}
            arrays["trace3"][0, 0] = np.nan
            np.savez(flow_file, **arrays)
            needle = "NaN"
        result = run(env, "render", "spirals", "--force")
        assert_one_line_error(result, needle, "spirals.npz", "hidden-layers train spirals")
        assert spirals_render.read_bytes() == before
        listing = run(env, "list")
        assert listing.returncode == 0 and "invalid" in listing.stdout
    finally:
        flow_file.write_bytes(good)


def test_list_shows_models_and_scenes(env):
    result = run(env, "list")
    assert result.returncode == 0
    assert "spirals" in result.stdout and "current" in result.stdout and "UnfoldingSpirals" in result.stdout


def test_plain_manim_renders_the_scene_too(tmp_path):
    # The README's plain-Manim command itself, on purpose not through manim_command
    repo = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "-s", "--media_dir", str(tmp_path),
                             "--progress_bar", "none", "scenes/spirals.py", "UnfoldingSpirals"],
                            cwd=repo, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    pngs = list(tmp_path.rglob("UnfoldingSpirals*.png"))
    assert pngs and Image.open(pngs[0]).size == (854, 480)
