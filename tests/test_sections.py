"""Sections (a scene rendered as ranges of its animations, joined) and the executors: local and
a real dask.distributed cluster of 2 worker processes on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from hidden_layers.render.quality import QUALITIES
from hidden_layers.render.scenes import cues_path, plan_tasks, render_many, scene_cache
from hidden_layers.render.sections import cut, read_record, record_path, section_count
from hidden_layers.settings import Settings
from hidden_layers.story import find_scene

BIN = Path(sys.executable).parent
LOW = QUALITIES["low"]
SCENE = "perceptron"  # short (12 s at 480p15) with a dozen animations: cheap to cut


def frame_hashes(video: Path) -> list[str]:
    """The MD5 of every decoded video frame (what a viewer sees), in order."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", "0:v", "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.rsplit(",", 1)[-1].strip() for line in out.splitlines() if line and not line.startswith("#")]


# --- planning: no Manim -------------------------------------------------------------------------

def test_cuts_balance_measured_seconds_and_the_last_range_is_open():
    record = [{"frames": 10, "seconds": s} for s in (1, 1, 1, 1, 4, 4)]
    assert cut(record, 2) == [(0, 3), (4, None)]  # 4 s and 8 s; at the 5th animation it would be 8 and 4 (a tie)
    assert cut(record, 3) == [(0, 3), (4, 4), (5, None)]  # 4, 4 and 4 s
    assert cut(record, 1) == [(0, None)]
    assert cut(record[:2], 5) == [(0, 0), (1, None)]  # never more sections than animations


def test_cuts_fall_back_to_frames_when_a_time_is_missing():
    record = [{"frames": f, "seconds": None} for f in (100, 100, 10, 10, 10, 10)]
    assert cut(record, 2) == [(0, 0), (1, None)]  # 101 against 145 (frames + 1 each) beats 202 against 44


def test_only_a_scene_longer_than_a_share_is_cut():
    assert section_count(120, 1300, 2, 40) == 1  # the whole video on 2 slots: scenes are the tasks
    assert section_count(120, 120, 2, 40) == 2  # one scene on 2 slots: two halves
    assert section_count(120, 1300, 16, 40) == 1  # 1300 / 16 = 81 s a share
    assert section_count(200, 1300, 16, 40) == 2  # a long scene among 8 machines' 16 slots
    assert section_count(5, 5, 8, 40) == 1  # shorter than MIN_SECTION_SECONDS: not worth a start-up
    assert section_count(120, 120, 2, 1) == 1  # one animation cannot be cut


# --- real renders -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """``SCENE`` rendered whole, silent voice (same timing as spoken, deterministic bytes)."""
    settings = Settings(renders=tmp_path_factory.mktemp("sections") / "renders", voice="none")
    entry = find_scene(SCENE)
    (path,) = render_many([entry], LOW, settings, jobs=1, force=True)
    keep = path.with_name("whole.mp4")
    shutil.copy(path, keep)
    return settings, entry, keep, cues_path(entry, LOW, settings).read_text()


@pytest.mark.e2e
def test_sections_join_frame_identical_to_a_whole_render(whole):
    settings, entry, whole_mp4, whole_cues = whole
    record = read_record(scene_cache(entry, settings))
    assert len(record) >= 3 and all(a["seconds"] is not None for a in record)
    tasks = plan_tasks([entry], LOW, settings, slots=2, sections=3)
    assert [(t.first, t.last) for t in tasks][-1][1] is None and len(tasks) == 3
    (path,) = render_many([entry], LOW, settings, jobs=2, force=True, sections=3)
    assert frame_hashes(path) == frame_hashes(whole_mp4)
    assert cues_path(entry, LOW, settings).read_text() == whole_cues  # stage times unchanged
    assert path.with_suffix(".srt").exists()


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as c:
        yield c


@pytest.mark.e2e
def test_dask_writes_the_same_bytes_as_local(whole, cluster):
    from hidden_layers.render.dask_executor import DaskExecutor

    settings, entry, _, _ = whole
    # The cuts follow each animation's measured seconds, which every render measures anew (and a
    # busy machine changes): both renders cut where the same record says, so the bytes compare.
    record = record_path(scene_cache(entry, settings))
    measured = record.read_bytes()
    (path,) = render_many([entry], LOW, settings, jobs=2, force=True, sections=2)
    local_bytes = path.read_bytes()
    record.write_bytes(measured)
    executor = DaskExecutor(cluster.scheduler_address)
    try:
        assert executor.slots == 2
        (path,) = render_many([entry], LOW, settings, force=True, sections=2, executor=executor)
    finally:
        executor.close()
    assert path.read_bytes() == local_bytes


def _env_on_a_worker():
    from hidden_layers.render.manim_command import manim_env

    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), manim_env().get("MALLOC_TRIM_THRESHOLD_")


def test_a_manim_child_does_not_inherit_the_dask_nanny_s_allocator_setting():
    import dask.config
    import distributed  # noqa: F401 - loads its configuration defaults

    from hidden_layers.render.manim_command import manim_env

    nanny = {k: str(v) for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()}
    assert "MALLOC_TRIM_THRESHOLD_" in nanny  # what makes a child on a worker page-fault every frame
    env = manim_env(base={**nanny, "PATH": "/usr/bin"})
    assert "MALLOC_TRIM_THRESHOLD_" not in env
    assert env["PATH"] == "/usr/bin" and env["OMP_NUM_THREADS"] == nanny["OMP_NUM_THREADS"]


@pytest.mark.e2e
def test_a_worker_s_manim_child_gets_glibc_s_own_allocator_setting(cluster):
    from distributed import Client

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        worker_has, child_gets = client.submit(_env_on_a_worker, pure=False).result()
    assert worker_has == "65536" and child_gets is None


@pytest.mark.e2e
def test_a_worker_on_another_commit_refuses_in_one_line(whole, cluster):
    from distributed import Client

    from hidden_layers.render.dask_executor import dask_section

    settings, entry, _, _ = whole
    task = replace(plan_tasks([entry], LOW, settings, slots=1)[0], commit="0" * 40)
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        with pytest.raises(Exception) as err:
            client.submit(dask_section, task, pure=False).result()
    message = str(err.value)
    assert "\n" not in message and "runs commit" in message and "000000000000" in message
    assert "setup.sh" in message


def _manim_children(pid: int) -> list[int]:
    """Processes under ``pid`` (any depth) running our Manim runner."""
    found = []
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            stat = (child / "stat").read_text()
            cmdline = (child / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and "scene_runner" in cmdline:
            found.append(int(child.name))
    return found


@pytest.mark.e2e
def test_a_killed_worker_s_task_is_rendered_elsewhere(whole):
    from distributed import LocalCluster

    from hidden_layers.render.dask_executor import DaskExecutor

    settings, entry, whole_mp4, _ = whole
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as c:
        executor = DaskExecutor(c.scheduler_address)
        pids = list(executor.client.run(os.getpid).values())
        outcome = {}
        render = threading.Thread(target=lambda: outcome.setdefault("paths", render_many(
            [entry], LOW, settings, force=True, sections=2, executor=executor)))
        render.start()
        victim, manim = None, []
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:  # a worker with a Manim child at work
            for pid in pids:
                manim = _manim_children(pid)
                if manim:
                    victim = pid
                    break
            time.sleep(0.2)
        assert victim is not None, "no worker started a Manim render"
        time.sleep(1.0)  # mid-render
        os.kill(victim, signal.SIGKILL)
        render.join(timeout=300)
        executor.close()
    assert not render.is_alive() and "paths" in outcome
    assert frame_hashes(outcome["paths"][0]) == frame_hashes(whole_mp4)  # whole, not half a section
    time.sleep(0.5)
    assert not any(Path(f"/proc/{pid}").exists() for pid in manim)  # the killed worker's Manim died with it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dask_commands(folder: Path):
    """A scheduler and a worker with 2 processes on 127.0.0.1, started with the README's
    `dask scheduler` and `dask worker` commands; yields the scheduler's address, and stops both."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    started = []
    try:
        started.append(subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                         "--dashboard-address", ":0"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        started.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder))
        yield address
    finally:
        for p in reversed(started):
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path):
    port = _free_port()  # nothing listens there
    renders = tmp_path / "renders"
    proc = subprocess.run([str(BIN / "hidden-layers"), "--renders", str(renders), "render", SCENE, "--executor", "dask",
                           "--scheduler", f"tcp://127.0.0.1:{port}", "--voice", "none"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}")
    assert "dask scheduler" in lines[0] and "--scheduler" in lines[0]
    assert not renders.exists()


@pytest.mark.e2e
def test_readme_commands_start_a_cluster_and_render_on_it(tmp_path, whole):
    """README, "Rendering on several machines": `dask scheduler`, `dask worker ADDRESS`, then
    `hidden-layers ... --executor dask --scheduler ADDRESS`, each run as written there."""
    settings, _, whole_mp4, _ = whole  # its speech cache: Piper's timing differs run to run
    with dask_commands(tmp_path) as address:
        renders = settings.renders
        proc = subprocess.run([str(BIN / "hidden-layers"), "--renders", str(renders), "render", SCENE,
                               "--executor", "dask", "--scheduler", address, "--voice", "none", "--force"],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        assert frame_hashes(renders / "low" / f"{SCENE}.mp4") == frame_hashes(whole_mp4)


def _runners_mentioning(text: str) -> list[int]:
    """Our Manim runner processes whose command line or environment names ``text``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            environ = (proc / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "scene_runner" in cmdline and text in cmdline + environ:
            found.append(int(proc.name))
    return found


@pytest.mark.e2e
@pytest.mark.parametrize("executor", ["local", "dask"])
def test_ctrl_c_on_the_client_cancels_the_tasks_and_leaves_earlier_outputs(executor, whole, tmp_path):
    """SIGINT to the client alone (not its process group) while sections render: it stops, no
    Manim runner of this render is left anywhere, and the MP4 already there is unchanged."""
    _, _, whole_mp4, _ = whole
    renders = tmp_path / "renders"
    (renders / "low").mkdir(parents=True)
    earlier = renders / "low" / f"{SCENE}.mp4"
    shutil.copy(whole_mp4, earlier)
    before = earlier.read_bytes()
    with dask_commands(tmp_path) if executor == "dask" else contextlib.nullcontext() as address:
        args = ["--executor", "dask", "--scheduler", address] if address else ["--executor", "local"]
        # SIGINT's default action back, as in a terminal: a shell without job control starts
        # background jobs (and so this test's run, in CI) with SIGINT ignored.
        client = subprocess.Popen([str(BIN / "hidden-layers"), "--renders", str(renders), "render", SCENE, *args,
                                   "--voice", "none", "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 180
        while not _runners_mentioning(str(renders)) and time.monotonic() < deadline and client.poll() is None:
            time.sleep(0.2)
        assert _runners_mentioning(str(renders)), "no Manim runner started"
        time.sleep(1.0)  # mid-render
        client.send_signal(signal.SIGINT)
        _, err = client.communicate(timeout=60)
        assert client.returncode != 0, err
        time.sleep(3.0)
        assert _runners_mentioning(str(renders)) == []  # no orphan, on the client's side or a worker's
        assert earlier.read_bytes() == before
        assert [p.name for p in (renders / "low").iterdir() if p.suffix == ".mp4"] == [f"{SCENE}.mp4"]
