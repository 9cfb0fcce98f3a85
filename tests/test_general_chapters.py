"""The general chapters (`hidden-layers render unfold|hidden-space|pieces --flow NAME`): which
flows each takes, the one-line error for a flow that does not fit, words filled from the flow
(nothing about spirals over a user's moons), a low-quality render of a user flow written into
a temporary folder, and the five-class spirals model they show by example.

User flows are exported into temporary folders, never assets/flows/."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from contract.flow import load_flow
from contract.paths import FLOWS_DIR, REPO_ROOT, SCRIPTS_DIR, flow_path
from contract.script import load_script
from hidden_layers.render.run_file import RunSpec
from hidden_layers.settings import Settings
from hidden_layers.story import FlowDoesNotFit, find_scene
from models.export import export_flow
from scenes.kit.boundaries import softmax_regions_at
from scenes.kit.fits import (class_count, data_name, hidden_space_misfit, pieces_misfit, unfold_hard_to_see,
                              unfold_misfit)
from scenes.kit.legibility import NEEDLE, ONE_SPOT, class_on_one_spot, hard_to_see, needle_ratio
from scenes.kit.separability import line_accuracy, linear_accuracy, softmax_fit

REPO = Path(__file__).resolve().parent.parent
STORY_WORDS = re.compile(r"spiral|corner data|corner set|parabola|orange|blue", re.IGNORECASE)  # the story's data and colours


def moons(n: int = 200, noise: float = 0.1, seed: int = 0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    y = np.arange(n) % 2
    X = np.column_stack([np.cos(t) + y, np.sin(t) * (1 - 2 * y) + 0.5 * y - 0.25])
    return X + rng.normal(scale=noise, size=X.shape), y


def trained(model: nn.Sequential, X, y, loss_fn, steps: int = 300) -> nn.Sequential:
    torch.manual_seed(0)
    xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)[:, None]
    opt = torch.optim.Adam(model.parameters(), lr=0.03)
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(xt), yt).backward()
        opt.step()
    return model


@pytest.fixture(scope="module")
def user_flows(tmp_path_factory) -> Path:
    """moons (2-8-2-1 tanh: unfold), moons3 (2-3-1 ReLU: hidden-space), wave (1-6-1 ReLU
    regression: pieces), exported with export_flow into a temporary folder."""
    folder = tmp_path_factory.mktemp("flows")
    X, y = moons()
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2), nn.Tanh(), nn.Linear(2, 1))
    export_flow(trained(net, X, y, nn.BCEWithLogitsLoss()), X, y, "moons", folder, task="classification")
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    export_flow(trained(net, X, y, nn.BCEWithLogitsLoss()), X, y, "moons3", folder, task="classification")
    xs = np.linspace(-2, 2, 60)[:, None]
    ys = np.sin(1.5 * xs[:, 0])
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(1, 6), nn.ReLU(), nn.Linear(6, 1))
    export_flow(trained(net, xs, ys, nn.MSELoss(), 800), xs, ys, "wave", folder, task="regression")
    return folder


def cli(*args, renders: Path, flows: Path | None = None) -> subprocess.CompletedProcess:
    where = ["--renders", str(renders)] + (["--flows", str(flows)] if flows else [])
    return subprocess.run([sys.executable, "-m", "hidden_layers", *where, *args], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=900)


def dry_run(entry):
    """(cue ids and texts, every string drawn with the kit's text()) of a dry run."""
    from manim import tempconfig

    import scenes.kit.base as base

    drawn = []
    real = base.Text

    class Recording(real):
        def __init__(self, s, *args, **kwargs):
            drawn.append(s)
            super().__init__(s, *args, **kwargs)

    base.Text = Recording
    try:
        with tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True,
                         "progress_bar": "none", "verbosity": "ERROR"}):
            scene = entry.scene_class()()
            scene.render()
    finally:
        base.Text = real
    return [(c.id, c.text) for c in scene.narration_log().cues], drawn


# ----------------------------------------------------------------------------- which flows fit


def test_each_general_chapter_takes_its_shape_and_refuses_the_others(user_flows):
    moons2, moons3, wave = (load_flow(flow_path(n, user_flows)) for n in ("moons", "moons3", "wave"))
    spirals, spirals5, corner, parabola = (load_flow(flow_path(n)) for n in
                                           ("spirals", "spirals5", "corner_relu", "parabola_relu10"))
    for flow in (moons2, spirals, spirals5):
        assert unfold_misfit(flow) is None
    for flow in (moons3, corner):
        assert hidden_space_misfit(flow) is None
    for flow in (wave, parabola):
        assert pieces_misfit(flow) is None
    assert "last one 2 wide" in unfold_misfit(moons3) and "'moons3' is binary 2-3-1" in unfold_misfit(moons3)
    assert "2 -> 3 ReLU -> 1" in hidden_space_misfit(moons2) and "tanh" in hidden_space_misfit(moons2)
    assert "regression 1 -> h ReLU -> 1" in pieces_misfit(moons2)
    assert "classifier" in unfold_misfit(wave)
    assert class_count(spirals5) == 5 and class_count(moons2) == 2
    assert data_name(moons2) == "moons" and data_name(spirals5) == "spiral arms"


def test_a_flow_of_the_wrong_shape_is_one_error_line_before_manim(user_flows, tmp_path):
    for args, needs in ((("render", "hidden-space", "--flow", "moons"), "2 -> 3 ReLU -> 1"),
                        (("render", "unfold", "--flow", "wave"), "last one 2 wide"),
                        (("still", "pieces", "--flow", "moons3"), "1 -> h ReLU -> 1"),
                        (("render", "unfold", "--flow", "absent"), "no flow 'absent'"),
                        (("render", "unfold"), "--flow mine"),
                        (("render", "spirals", "--flow", "moons"), "general chapters")):
        run = cli(*args, "--voice", "none", renders=tmp_path / "r", flows=user_flows)
        assert run.returncode == 1, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and needs in lines[0], run.stderr
    assert not (tmp_path / "r" / "low").exists()  # nothing rendered, nothing written


def test_find_scene_binds_a_general_chapter_to_its_flow(user_flows):
    entry = find_scene("unfold", "moons", user_flows)
    assert (entry.id, entry.flows, entry.flow, entry.flows_dir) == ("unfold-moons", ("moons",), "moons", user_flows)
    with pytest.raises(FlowDoesNotFit):
        find_scene("pieces", "moons", user_flows)
    # without --flows: assets/flows/user/, then the committed flows (the 5-class example)
    assert find_scene("unfold", "spirals5").flows_dir == FLOWS_DIR.resolve()


def test_the_flow_name_reaches_the_manim_child_through_the_run_file(tmp_path):
    from hidden_layers.render.scene_runner import hand_over
    from scenes.kit.base import FlowSceneMixin

    spec = RunSpec(Settings(flows=tmp_path), "unfold-mine", str(SCRIPTS_DIR / "unfold.toml"), flow="mine")
    read = RunSpec.read(spec.write(tmp_path / "run.json"))
    assert read.flow == "mine" and json.loads((tmp_path / "run.json").read_text())["flow"] == "mine"
    before = (FlowSceneMixin.flows_dir, FlowSceneMixin.run_flow, FlowSceneMixin.speech_service)
    try:
        hand_over(read)
        assert (FlowSceneMixin.run_flow, FlowSceneMixin.flows_dir) == ("mine", tmp_path)
    finally:
        FlowSceneMixin.flows_dir, FlowSceneMixin.run_flow, FlowSceneMixin.speech_service = before


# ----------------------------------------------------------------------------- words from the flow


@pytest.mark.parametrize("chapter, flow", [("unfold", "moons"), ("hidden-space", "moons3"), ("pieces", "wave")])
def test_narration_and_captions_come_from_the_flow_with_no_story_words(user_flows, chapter, flow):
    cues, drawn = dry_run(find_scene(chapter, flow, user_flows))
    words = " ".join(t for _, t in cues) + " " + " ".join(drawn)
    assert not STORY_WORDS.search(words), STORY_WORDS.search(words)
    loaded = load_flow(flow_path(flow, user_flows))
    assert flow in " ".join(drawn)  # the data's name on screen
    if chapter != "pieces":
        assert f"{loaded.accuracy():.1%}" in dict(cues)["output" if chapter == "unfold" else "plane"]
    assert f"{len(loaded.X):,} points of {flow}" in " ".join(drawn)


@pytest.mark.parametrize("chapter, flow", [("unfold", "spirals"), ("hidden-space", "corner_relu"),
                                           ("pieces", "parabola_relu10")])
def test_a_general_script_is_spoken_cue_for_cue_by_a_flow_that_fits(chapter, flow):
    """spirals has four hidden layers: first, next (twice), last; every cue once in order."""
    cues, _ = dry_run(find_scene(chapter, flow))
    spoken = list(dict.fromkeys(c for c, _ in cues))
    assert spoken == list(load_script(chapter))
    for text in load_script(chapter).values():  # the words as written: no number, no story word
        assert not re.search(r"(?<![A-Za-z])\d", text) and not STORY_WORDS.search(text), text


# ----------------------------------------------------------------------------- five classes


def test_the_five_class_model_is_accurate_and_its_regions_partition_the_last_hidden_plane():
    flow = load_flow(flow_path("spirals5"))
    assert flow.task == "multiclass" and class_count(flow) == 5 and flow.meta["accuracy"] >= 0.95
    assert flow.accuracy() >= 0.95
    assert [flow.stages[k].W.shape[0] for k in flow.affine_indices()] == [100, 2, 5]
    out = flow.output_affine()
    hidden = flow.last_hidden()
    centre, half = hidden.mean(axis=0), 1.2 * float(np.max(np.abs(hidden - hidden.mean(axis=0))))
    regions = softmax_regions_at(out.W, out.b, centre, half)
    assert sum(len(r) >= 3 for r in regions) == 5  # every class wins somewhere in the plane
    points = np.random.default_rng(0).uniform(-half, half, size=(4000, 2)) + centre
    points = np.vstack([points, hidden])
    winner = np.argmax(points @ out.W.T + out.b, axis=1)
    inside = np.array([[in_convex(p, r) for r in regions] for p in points])
    assert np.all(inside.sum(axis=1) >= 1)  # they cover the square
    scores = points @ out.W.T + out.b
    top2 = np.sort(scores, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 1e-6  # off the boundaries: exactly one region, the argmax's
    assert np.all(inside[clear].sum(axis=1) == 1)
    assert np.all(np.argmax(inside[clear], axis=1) == winner[clear])
    assert np.mean(winner[-len(hidden):] == flow.y) >= 0.95  # the regions are where the classes are


def in_convex(p: np.ndarray, poly: np.ndarray, tol: float = 1e-9) -> bool:
    if len(poly) < 3:
        return False
    edges = np.roll(poly, -1, axis=0) - poly
    cross = edges[:, 0] * (p[1] - poly[:, 1]) - edges[:, 1] * (p[0] - poly[:, 0])
    return bool(np.all(cross >= -tol) or np.all(cross <= tol))


def test_linear_accuracy_is_the_line_for_two_classes_and_a_softmax_for_more():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [4, 0], [0, 4], [4, 4]])
    y = np.repeat(np.arange(4), 50)
    X = centres[y] + rng.normal(scale=0.3, size=(200, 2))
    assert linear_accuracy(X, y) == 1.0
    W, b = softmax_fit(X, y, 4)
    assert W.shape == (4, 2) and np.all(np.argmax(X @ W.T + b, axis=1) == y)
    Xm, ym = moons()
    assert linear_accuracy(Xm, ym) == line_accuracy(Xm, ym)
    # five spiral arms: no linear softmax comes close to what the hidden layers reach
    flow = load_flow(flow_path("spirals5"))
    assert linear_accuracy(flow.X, flow.y) < 0.7 < flow.accuracy()


# ----------------------------------------------------------------------------- a real render


def test_a_user_flow_renders_at_low_quality_into_a_temporary_folder(user_flows, tmp_path):
    from hidden_layers.render.frames import video_info

    before = sorted(p.name for p in FLOWS_DIR.rglob("*.npz"))
    run = cli("render", "unfold", "--flow", "moons", "-q", "low", "--voice", "none", renders=tmp_path,
              flows=user_flows)
    assert run.returncode == 0, run.stderr
    video = tmp_path / "low" / "unfold-moons.mp4"
    info = video_info(video)
    assert info.duration > 10 and info.height == 480
    srt = video.with_suffix(".srt").read_text()
    assert "moons" in srt and not STORY_WORDS.search(srt)
    assert sorted(p.name for p in FLOWS_DIR.rglob("*.npz")) == before  # nothing written to assets/flows/
    assert sorted(p.name for p in user_flows.iterdir()) == ["moons.npz", "moons3.npz", "wave.npz"]


@pytest.mark.e2e
def test_slides_and_stills_of_user_flows_as_for_the_story(user_flows, tmp_path):
    """A talk deck of a user's unfold chapter, and stills of the other two general chapters."""
    run = cli("slides", "unfold", "--flow", "moons", "--format", "html", renders=tmp_path,
              flows=user_flows)
    assert run.returncode == 0, run.stderr
    deck = (tmp_path / "low" / "slides" / "unfold-moons.html").read_text()
    assert deck.count("<section") >= 4 and (tmp_path / "low" / "slides" / "unfold-moons_assets").is_dir()
    for chapter, flow in (("hidden-space", "moons3"), ("pieces", "wave")):
        run = cli("still", chapter, "--flow", flow, "--at", "step:2", "--voice", "none", renders=tmp_path,
                  flows=user_flows)
        assert run.returncode == 0, run.stderr
        png = Path(run.stdout.strip().splitlines()[-1])
        assert png.is_file() and png.name.startswith(f"{chapter}-{flow}_") and png.stat().st_size > 10_000


# ----------------------------------------------------------------------------- legible for any flow


@pytest.fixture(scope="module")
def example_flows(tmp_path_factory) -> Path:
    """The README's example (examples/moons.py), run as a user runs it."""
    folder = tmp_path_factory.mktemp("example")
    run = subprocess.run([sys.executable, str(REPO_ROOT / "examples" / "moons.py"), str(folder)], cwd=folder,
                         env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    return folder


@pytest.mark.parametrize("flow", ["example:moons", "fixture:moons", "spirals5"])
def test_unfold_keeps_every_point_in_frame_and_clear_of_words_at_every_moment(flow, example_flows, user_flows):
    """Sampled 9 times through every move: the moving cloud never leaves the frame and no
    label, caption or matrix is drawn over it; each move fills a fair share of the frame."""
    from tests.scene_probe import probe_scene

    where, _, name = flow.rpartition(":")
    folder = {"example": example_flows, "fixture": user_flows, "": None}[where]
    probe = probe_scene(find_scene("unfold", name, folder).scene_class())
    assert len(probe.moves) >= 5
    assert probe.cloud_off_frame == []
    assert probe.covered == [], sorted(set(w for _, w in probe.covered))
    assert min(share for _, share in probe.coverage) > 0.08, probe.coverage


@pytest.mark.parametrize("flow", ["example:moons", "spirals5"])
def test_the_examples_last_hidden_layer_reads_no_needle_no_class_on_one_spot(flow, example_flows):
    where, _, name = flow.rpartition(":")
    loaded = load_flow(flow_path(name, example_flows if where else FLOWS_DIR))
    last = loaded.trace[loaded.affine_indices()[-1]]
    assert needle_ratio(last) < NEEDLE and class_on_one_spot(last, loaded.y) < ONE_SPOT
    assert unfold_hard_to_see(loaded) is None


def test_legibility_measures_see_a_needle_and_a_dot():
    rng = np.random.default_rng(0)
    labels = np.arange(400) % 2
    round_cloud = rng.normal(size=(400, 2))
    needle = round_cloud * [1.0, 0.01]
    dot = round_cloud.copy()
    dot[labels == 0][:150] = 0.0  # a copy: leaves dot alone
    dot[np.flatnonzero(labels == 0)[:150]] = [0.5, 0.5]  # 75 % of class 0 on one point
    assert needle_ratio(round_cloud) < 1.3 and class_on_one_spot(round_cloud, labels) < 0.05
    assert needle_ratio(needle) > 50 and "needle" in hard_to_see(needle, labels, "layer 2")
    assert class_on_one_spot(dot, labels) >= 0.75 and "one spot" in hard_to_see(dot, labels, "layer 2")


def test_a_flow_that_fits_but_will_not_read_gets_a_note_and_the_command_goes_on(user_flows, tmp_path):
    """The fixture's moons (2-8-2-1 tanh trained on) end as a needle: the command says so on
    stderr, in one line naming the layer and what to change, and goes on."""
    run = cli("script", "unfold", "--flow", "moons", renders=tmp_path, flows=user_flows)
    assert run.returncode == 0 and "# unfold-moons" in run.stdout, run.stderr
    notes = [line for line in run.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "moons's last hidden layer" in notes[0] and "needle" in notes[0], run.stderr
