"""Six bugs a new user met, each tried again through the command line as the user did.

1. `hidden-layers slides CHAPTER`, a README command, ended in a traceback;
2. a render was kept "unchanged" after an edit to a helper its chapter imports;
3. `--recordings /no/such/folder` was silently ignored;
4. `kill -9` of a render left its Manim child running and its scratch folder behind;
5. on a fresh machine the longest chapter started last;
6. piped to a log, `video` printed nothing until a scene ended.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "hidden-layers"


def run(*args, renders: Path, cwd: Path = REPO, env: dict | None = None, timeout: int = 900):
    return subprocess.run([str(BIN), "--renders", str(renders), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (killed, not yet reaped by init) is gone for our purposes
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.e2e
def test_1_the_readme_slides_command_makes_a_deck(tmp_path):
    result = run("slides", "perceptron", "-q", "low", "--format", "html", renders=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    deck = tmp_path / "low" / "slides" / "perceptron.html"
    assert deck.exists() and (tmp_path / "low" / "slides" / "perceptron_assets").is_dir()
    assert " slides: perceptron " in result.stdout


@pytest.mark.e2e
def test_2_editing_a_helper_re_renders_the_chapters_that_import_it_and_only_those(tmp_path):
    # A copy of the code, so the edit never touches the repository; its own flows and renders.
    code = tmp_path / "code"
    for name in ("contract", "models", "scenes", "hidden_layers", "assets/flows"):
        shutil.copytree(REPO / name, code / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "manim.cfg", code / "manim.cfg")
    env = {**os.environ, "PYTHONPATH": str(code)}
    renders = tmp_path / "renders"

    def render(*scenes):
        result = subprocess.run([sys.executable, "-m", "hidden_layers", "--renders", str(renders), "render", *scenes,
                                 "-q", "low", "--voice", "none"], cwd=code, env=env, capture_output=True, text=True,
                                timeout=900)
        assert result.returncode == 0, result.stderr[-2000:]
        return {line.split(":")[0].split("] ")[-1]: "rendered" in line.split(":", 1)[1]
                for line in result.stdout.splitlines() if "rendered" in line or "unchanged" in line}

    assert render("line-not-enough", "bottleneck") == {"line-not-enough": True, "bottleneck": True}
    assert render("line-not-enough", "bottleneck") == {"line-not-enough": False, "bottleneck": False}
    panels = code / "scenes" / "kit" / "panels.py"  # line-not-enough draws its panels with it; bottleneck does not
    panels.write_text(panels.read_text() + "\n# an edit\n")
    assert render("line-not-enough", "bottleneck") == {"line-not-enough": True, "bottleneck": False}


def test_3_a_recordings_folder_that_does_not_exist_is_one_line_error(tmp_path):
    result = run("render", "perceptron", "--recordings", str(tmp_path / "no" / "such"), renders=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "--recordings" in lines[0] and "does not exist" in lines[0]
    assert not (tmp_path / "low").exists()  # nothing rendered, nothing written


@pytest.mark.e2e
def test_4_kill_9_takes_the_manim_child_along_and_the_next_run_clears_its_scratch(tmp_path):
    proc = subprocess.Popen([str(BIN), "--renders", str(tmp_path), "render", "line-not-enough", "-q", "low",
                             "--voice", "none"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    kids = []
    while time.monotonic() < deadline and not kids:
        time.sleep(0.5)
        kids = [k for k in children(proc.pid) if "scene_runner" in Path(f"/proc/{k}/cmdline").read_text()]
    assert kids, "the Manim child never started"
    scratch = [d for d in (tmp_path / ".scratch").iterdir()]
    assert scratch
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(k) for k in kids):
        time.sleep(0.2)
    assert not any(alive(k) for k in kids), "the Manim child outlived its parent"
    assert all(d.exists() for d in scratch)  # SIGKILL leaves no time to clean up...
    result = run("render", "line-not-enough", "-q", "low", "--voice", "none", renders=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not any(d.exists() for d in scratch)  # ...so the next run removes what it left
    assert (tmp_path / "low" / "line-not-enough.mp4").exists()


@pytest.mark.e2e
def test_5_and_6_a_fresh_render_starts_the_longest_chapter_and_a_log_shows_its_frames(tmp_path):
    """Piped (no terminal) from a fresh renders folder: the first scene started is the one with
    the longest narration, and lines report its frames while it renders."""
    from hidden_layers.render.scenes import narration_seconds
    from hidden_layers.story import SCENES_IN_ORDER

    longest = max(SCENES_IN_ORDER, key=narration_seconds).id
    proc = subprocess.Popen([str(BIN), "--renders", str(tmp_path), "render", "--all", "-q", "low", "--jobs", "1",
                             "--voice", "none"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len([l for l in lines if "frame" in l]) < 3:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
    finally:
        proc.kill()
        proc.wait()
    progress = [l for l in lines if "frame" in l]
    assert len(progress) >= 3, lines
    assert all(l.split("] ", 1)[1].startswith(f"{longest}: ") for l in progress), lines
    assert not any("rendered" in l for l in lines)  # the lines came while the scene was still rendering


@pytest.mark.parametrize("kind", ["render", "section0", "section12", "slides"])
def test_a_dead_process_s_scratch_of_any_kind_is_stale(kind, tmp_path):
    from hidden_layers.render.scratch import make_scratch, remove_stale

    gone = subprocess.Popen(["true"])
    gone.wait()  # reaped: its pid names no process now
    dead = tmp_path / f"{kind}-line-not-enough-pid{gone.pid}-x1"
    dead.mkdir()
    mine = make_scratch(tmp_path, kind, "line-not-enough")  # this process's: alive
    assert remove_stale(tmp_path) == [dead] and mine.exists()
