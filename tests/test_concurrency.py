"""Two renders of one scene at once, as two real processes: both succeed and the MP4 is whole.
They used to share one TeX/text cache folder and one of them failed with
`ParseError: junk after document element` (a half-written SVG of the other)."""

from __future__ import annotations

import pytest

import os
import subprocess
import sys
from pathlib import Path

from hidden_layers.render.frames import video_info

pytestmark = pytest.mark.e2e  # the end-to-end tier (tests/conftest.py)

SCENE = "flat-plane"  # short, and it compiles TeX (the matrices)


def test_two_renders_of_one_scene_at_once_both_succeed(tmp_path):
    env = {**os.environ}
    cmd = [str(Path(sys.executable).parent / "hidden-layers"), "--renders", str(tmp_path), "render", SCENE, "-q", "low",
           "--force"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    for p, out in zip(procs, outputs):
        assert p.returncode == 0, out
    info = video_info(tmp_path / "low" / f"{SCENE}.mp4")
    assert info.frames > 0 and info.width == 854
    # both handed their compiled TeX to the shared cache; nothing half-written was left there
    shared = tmp_path / ".cache" / SCENE / "Tex"
    assert any(shared.iterdir())
    assert not [f for f in shared.iterdir() if f.name.endswith(".tmp")]
    # a third render reuses the cache and still succeeds
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
