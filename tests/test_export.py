"""Your own model as a flow (models/export.py, `hidden-layers export`, `hidden-layers train --arch`):
every supported layer replays within 1e-5 of the torch model, batch norm folds exactly, and every
bad input is one `error:` line that writes nothing. Flows go to temporary folders, never
assets/flows/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file
from torch import nn

from contract.flow import load_flow
from contract.paths import FLOWS_DIR, USER_FLOWS_DIR
from models.arch import read_arch
from models.errors import ExportError
from models.export import export_flow, model_flow
from models.user_files import export_files
from models.sequential import build
from models.user_flows import user_flow_path
from models.user_train import train_arch

REPO = Path(__file__).resolve().parent.parent
REPLAY = 1e-5  # numpy replay against the torch model
FOLD = 1e-6  # folded batch norm against the eval-mode forward


def points(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(seed).normal(size=(n, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(np.int64)


def torch_out(model: nn.Module, X: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model(torch.as_tensor(X, dtype=torch.float32)).double().numpy()


def model_output(flow, X: np.ndarray) -> np.ndarray:
    """The numpy replay's points where the torch model ends (before an appended output link)."""
    replay = flow.replay(X)
    return replay[-2] if flow.meta["architecture"]["link_added"] else replay[-1]


def with_batch_stats(model: nn.Sequential, seed: int = 1) -> nn.Sequential:
    """Give every BatchNorm1d running statistics and an affine part far from the defaults."""
    g = torch.Generator().manual_seed(seed)
    for m in model:
        if isinstance(m, nn.BatchNorm1d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features, generator=g))
                m.running_var.copy_(torch.rand(m.num_features, generator=g) * 3 + 0.1)
                if m.affine:
                    m.weight.copy_(torch.randn(m.num_features, generator=g))
                    m.bias.copy_(torch.randn(m.num_features, generator=g))
    return model.eval()


# ------------------------------------------------------------------ every supported layer

HIDDEN = {  # layer -> the stage it becomes (None: no stage)
    "ReLU": (nn.ReLU(), ("relu", {})),
    "ReLU-inplace": (nn.ReLU(inplace=True), ("relu", {})),
    "LeakyReLU": (nn.LeakyReLU(0.2), ("leaky_relu", {"slope": 0.2})),
    "Tanh": (nn.Tanh(), ("tanh", {})),
    "Sigmoid": (nn.Sigmoid(), ("sigmoid", {})),
    "ELU": (nn.ELU(alpha=0.7), ("elu", {"alpha": 0.7})),
    "SiLU": (nn.SiLU(), ("swish", {})),
    "Mish": (nn.Mish(), ("mish", {})),
    "Identity": (nn.Identity(), ("identity", {})),
    "Dropout": (nn.Dropout(0.5), None),
    "BatchNorm1d": (nn.BatchNorm1d(6), None),
}


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_each_hidden_layer_exports_and_replays_the_model(kind, tmp_path):
    layer, stage = HIDDEN[kind]
    torch.manual_seed(0)
    model = with_batch_stats(nn.Sequential(nn.Linear(2, 6), layer, nn.Linear(6, 1)))
    X, _ = points()
    y = np.sin(X[:, 0])  # a regression: the model's own output is the flow's last stage
    path = export_flow(model, X, y, "mine", tmp_path)
    flow = load_flow(path)
    assert path == tmp_path / "mine.npz" and flow.task == "regression"
    assert np.max(np.abs(flow.predict(X)[:, 0] - torch_out(model, X)[:, 0])) < REPLAY
    acts = [(s.name, s.params) for s in flow.stages if s.kind == "activation"]
    assert acts == ([stage] if stage else [])
    assert "mse" in flow.meta and flow.meta["architecture"]["layers"][1]["type"] == type(layer).__name__


@pytest.mark.parametrize("head, labels, task", [
    (lambda: [nn.Linear(2, 3), nn.Softmax(dim=1)], 3, "multiclass"),
    (lambda: [nn.Linear(2, 1), nn.Sigmoid()], 2, "binary"),
    (lambda: [nn.Linear(2, 1)], 2, "binary"),  # logits: the sigmoid is appended
    (lambda: [nn.Linear(2, 4)], 4, "multiclass"),  # logits: the softmax is appended
])
def test_classifiers_keep_or_get_their_output_link(head, labels, task, tmp_path):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), *head())
    X, _ = points()
    y = np.arange(len(X)) % labels
    flow = load_flow(export_flow(model, X, y, "mine", tmp_path))
    assert flow.task == task and flow.meta["classes"] == labels
    assert flow.stages[-1].name == ("sigmoid" if task == "binary" else "softmax")
    assert np.max(np.abs(model_output(flow, X) - torch_out(model, X))) < REPLAY
    assert flow.meta["accuracy"] == flow.accuracy()
    assert {"torch", "numpy", "python"} <= set(flow.meta["versions"]) and len(flow.meta["spec_hash"]) == 16


def test_export_infers_the_task_and_leaves_the_model_as_it_was(tmp_path):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4), nn.Dropout(0.3), nn.ReLU(), nn.Linear(4, 1)).train()
    X, y = points()
    assert load_flow(export_flow(model, X, y, "a", tmp_path)).task == "binary"  # integer labels
    assert load_flow(export_flow(model, X, y.astype(float) * 0.3, "b", tmp_path)).task == "regression"
    assert model.training and next(model.parameters()).dtype == torch.float32


# ------------------------------------------------------------------ batch norm folding

@pytest.mark.parametrize("layers, stages", [
    (lambda: [nn.Linear(2, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1)], 3),
    (lambda: [nn.Linear(2, 6), nn.Dropout(0.2), nn.BatchNorm1d(6, affine=False), nn.Tanh(), nn.Linear(6, 1)], 3),
    (lambda: [nn.Linear(2, 6, bias=False), nn.BatchNorm1d(6), nn.Linear(6, 1)], 2),
    (lambda: [nn.BatchNorm1d(2), nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 1)], 4),  # none before: its own stage
])
def test_batchnorm_folds_into_the_affine_map_as_the_eval_forward(layers, stages, tmp_path):
    torch.manual_seed(0)
    model = with_batch_stats(nn.Sequential(*layers())).double()
    X, _ = points()
    flow = model_flow(model, X, np.cos(X[:, 1]), "mine")
    assert len(flow.stages) == stages
    with torch.no_grad():
        xt = torch.as_tensor(X)
        bn = next(i for i, m in enumerate(model) if isinstance(m, nn.BatchNorm1d))
        first = model[:bn + 1]  # the first stage: the Linear (and Dropout) with the batch norm folded in
        assert np.max(np.abs(flow.replay(X)[1] - first(xt).numpy())) < FOLD
        assert np.max(np.abs(flow.predict(X) - model(xt).numpy())) < FOLD


def test_batchnorm_without_running_statistics_is_refused():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3, track_running_stats=False), nn.Linear(3, 1))
    with pytest.raises(ExportError, match=r"layer 1 \(BatchNorm1d\).*track_running_stats"):
        model_flow(model, *points(), "mine")


# ------------------------------------------------------------------ refused models and names

class Square(nn.Module):
    def forward(self, x):
        return x * x


@pytest.mark.parametrize("layer, index, kind", [
    (lambda: nn.Conv1d(4, 4, 1), 1, "Conv1d"),
    (lambda: nn.MultiheadAttention(4, 1), 1, "MultiheadAttention"),
    (lambda: Square(), 1, "Square"),
    (lambda: nn.Softmax(dim=1), 1, "Softmax"),  # softmax only as the output link
])
def test_an_unsupported_layer_is_one_line_naming_its_type_and_index(layer, index, kind):
    model = nn.Sequential(nn.Linear(2, 4), layer(), nn.Linear(4, 1))
    with pytest.raises(ExportError) as err:
        model_flow(model, *points(), "mine")
    message = str(err.value)
    assert f"layer {index} ({kind})" in message and "\n" not in message


def test_a_model_that_is_not_a_sequential_is_refused():
    with pytest.raises(ExportError, match="the model is a Square; export takes an nn.Sequential"):
        model_flow(Square(), *points(), "mine")


def test_story_names_and_the_story_folder_are_refused_and_the_default_is_the_user_folder(tmp_path):
    assert user_flow_path("mine") == USER_FLOWS_DIR / "mine.npz"
    with pytest.raises(ExportError, match="flow of the story"):
        user_flow_path("spirals", tmp_path)
    with pytest.raises(ExportError, match="story's flows"):
        user_flow_path("mine", FLOWS_DIR)
    for bad in ("../x", "a/b", ".hidden", ""):
        with pytest.raises(ExportError, match="letters, digits"):
            user_flow_path(bad, tmp_path)


def test_too_many_points_or_mismatched_labels_are_refused():
    model = nn.Sequential(nn.Linear(2, 3))
    with pytest.raises(ExportError, match="more than the 20,000"):
        model_flow(model, np.zeros((20_001, 2)), np.zeros(20_001, dtype=int), "big")
    with pytest.raises(ExportError, match="labels run 0..5"):
        model_flow(model, *points(6)[:1], np.arange(6), "few")


# ------------------------------------------------------------------ training from an arch file

ARCH = """task = "classification"
epochs = 60
lr = 0.05
seed = 3
layers = [
  {type = "Linear", in = 2, out = 6},
  {type = "BatchNorm1d", features = 6},
  {type = "LeakyReLU", negative_slope = 0.1},
  {type = "Dropout", p = 0.1},
  {type = "Linear", in = 6, out = 1},
]
"""


def test_training_an_arch_is_seeded_and_uses_the_projects_trainer(tmp_path):
    (tmp_path / "net.toml").write_text(ARCH)
    arch = read_arch(tmp_path / "net.toml")
    X, y = points()
    (a, loss_a), (b, loss_b) = train_arch(arch, X, y), train_arch(arch, X, y)
    assert loss_a == loss_b and all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))
    assert not a.training  # trained, then put in eval mode
    assert model_flow(a, X, y, "mine", "classification").meta["accuracy"] > 0.6


# ------------------------------------------------------------------ the command line

def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "hidden_layers", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def csv_text(X: np.ndarray, y, header: str = "x1,x2,y") -> str:
    return header + "\n" + "".join(",".join(map(str, [*row, label])) + "\n" for row, label in zip(X, y))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """net.toml, points.csv and model.safetensors (the arch's model, trained a few steps)."""
    root = tmp_path_factory.mktemp("byom")
    (root / "net.toml").write_text(ARCH)
    X, y = points()
    (root / "points.csv").write_text(csv_text(X, y))
    net, _ = train_arch(read_arch(root / "net.toml"), X, y)
    save_file({k: v.float() if v.is_floating_point() else v for k, v in net.state_dict().items()},
              root / "model.safetensors")
    return root


def export_args(files: Path, folder: Path, **change: str) -> list[str]:
    args = {"--arch": files / "net.toml", "--weights": files / "model.safetensors", "--data": files / "points.csv",
            "--name": "mine", "--out": folder, **{f"--{k}": v for k, v in change.items()}}
    return ["export", *(str(x) for pair in args.items() for x in pair)]


def assert_one_line_error(result, *needles, code: int = 1) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_export_command_writes_a_flow_that_replays_the_saved_model(files, tmp_path):
    result = cli(*export_args(files, tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    flow = load_flow(tmp_path / "out" / "mine.npz")
    model = build(read_arch(files / "net.toml"))
    model.load_state_dict(load_file(files / "model.safetensors"))
    X = flow.X
    assert np.max(np.abs(model_output(flow, X) - torch_out(model.float().eval(), X))) < REPLAY
    assert flow.meta["source"].startswith("hidden-layers export") and flow.task == "binary"
    assert str(tmp_path / "out" / "mine.npz") in result.stdout


def test_train_command_trains_an_arch_and_the_story_form_still_works(files, tmp_path):
    result = cli("train", "--arch", str(files / "net.toml"), "--data", str(files / "points.csv"),
                 "--name", "mine", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    flow = load_flow(tmp_path / "mine.npz")
    assert flow.meta["steps"] == 60 and flow.meta["seed"] == 3 and "final_loss" in flow.meta
    assert_one_line_error(cli("train", "nope"), "unknown model 'nope'")
    assert_one_line_error(cli("train", "spirals", "--arch", "net.toml"), "not both")
    assert_one_line_error(cli("train", "--arch", str(files / "net.toml")), "missing --data, --name")


def write(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text)
    return folder / name


def attempt(files: Path, tmp_path: Path, through_cli: bool, *needles: str, **change) -> None:
    """Export with some inputs changed: one `error:` line saying ``needles``, and no file written.
    The cases the issue names go through the command line; the rest call what it calls
    (models.user_files.export_files) in this process, which is 2-5 s quicker each."""
    out = tmp_path / "out"
    story = sorted(FLOWS_DIR.rglob("*"))
    if through_cli:
        line = assert_one_line_error(cli(*export_args(files, out, **change)))
    else:
        args = {"arch": files / "net.toml", "weights": files / "model.safetensors", "data": files / "points.csv",
                "name": "mine", "out": out, **change}
        with pytest.raises(ExportError) as err:
            export_files(Path(args["arch"]), Path(args["weights"]), Path(args["data"]), args["name"], Path(args["out"]))
        line = f"error: {err.value}"
        assert "\n" not in line
    for needle in needles:
        assert needle in line, line
    assert not out.exists() and sorted(FLOWS_DIR.rglob("*")) == story


def case(name: str, *values, cli: bool = False):
    return pytest.param(cli, *values, id=f"{name}{'-cli' if cli else ''}")


X2, Y2 = points(20)
BAD_DATA = [  # through the command line?, CSV text, what the line must say
    case("non-numeric", csv_text(X2, Y2).replace(f"{X2[2, 1]}", "abc", 1), ["row 3 (line 4)", "column 'x2'", "'abc'"],
         cli=True),
    case("nan", csv_text(X2, Y2).replace(f"{X2[4, 0]}", "nan", 1), ["row 5", "column 'x1'", "finite"], cli=True),
    case("inf", csv_text(X2, Y2).replace(f"{X2[0, 1]}", "-inf", 1), ["row 1", "column 'x2'", "finite"], cli=True),
    case("short-row", csv_text(X2, Y2).replace(f"{X2[6, 1]},", "", 1), ["row 7", "2 cells", "3 columns"], cli=True),
    case("three-features", csv_text(np.c_[X2, X2[:, 0]], Y2, "x1,x2,x3,y"), ["3 feature column", "takes 2"],
         cli=True),
    case("fractional-label", csv_text(X2, np.where(np.arange(20) == 9, 0.5, Y2)), ["row 10", "label 0.5", "0..k-1"],
         cli=True),
    case("too-many-points", csv_text(np.zeros((20_001, 2)), np.arange(20_001) % 2),
         ["20,001 points", "shuf -n 20000"], cli=True),
    case("labels-from-1", csv_text(X2, Y2 + 1), ["0 is never used", "0..1"]),
    case("negative-label", csv_text(X2, np.where(np.arange(20) == 3, -1, Y2)), ["row 4", "label -1"]),
    case("one-class", csv_text(X2, 0 * Y2), ["at least two classes"]),
    case("three-classes-one-output", csv_text(X2, np.arange(20) % 3), ["3 classes", "out = 1"]),
    case("no-y-column", csv_text(X2, Y2, "x1,x2,label"), ["column named 'y'"]),
    case("header-only", "x1,x2,y\n", ["no points"]),
    case("empty", "", ["is empty"]),
]


@pytest.mark.parametrize("through_cli, text, needles", BAD_DATA)
def test_bad_points_are_one_line_and_write_nothing(through_cli, text, needles, files, tmp_path):
    data = write(tmp_path, "bad.csv", text)
    attempt(files, tmp_path, through_cli, str(data), *needles, data=data)


def test_bad_points_stop_train_before_it_trains(files, tmp_path):
    data = write(tmp_path, "bad.csv", csv_text(X2, Y2).replace(f"{X2[4, 0]}", "inf", 1))
    result = cli("train", "--arch", str(files / "net.toml"), "--data", str(data), "--name", "mine",
                 "--out", str(tmp_path / "out"))
    assert_one_line_error(result, "finite")
    assert not (tmp_path / "out").exists()


def damaged_weights(files: Path, tmp_path: Path, damage: str) -> Path:
    state = load_file(files / "model.safetensors")
    weights = tmp_path / "w.safetensors"
    if damage == "shape":
        state["0.weight"] = torch.zeros(6, 3)
    elif damage == "missing":
        del state["4.bias"]
    elif damage == "extra":
        state["9.weight"] = torch.zeros(2)
    elif damage == "nan":
        state["1.running_var"][2] = float("nan")
    elif damage == "int":
        state["0.weight"] = state["0.weight"].to(torch.int32)
    if damage == "corrupt":
        weights.write_bytes(b"\x00" * 7 + b"not safetensors")
    elif damage != "no-file":
        save_file(state, weights)
    return weights


@pytest.mark.parametrize("through_cli, damage, needles", [
    case("shape", "shape", ["tensor '0.weight' has shape (6, 3)", "layer 0 (Linear in=2, out=6", "needs (6, 2)"],
         cli=True),
    case("no-file", "no-file", ["--weights", "no such file", "save_file"], cli=True),
    case("missing", "missing", ["lacks tensor '4.bias'"]),
    case("extra", "extra", ["tensor '9.weight'", "which no layer"]),
    case("nan", "nan", ["tensor '1.running_var' has NaN"]),
    case("int", "int", ["tensor '0.weight' is int32"]),
    case("corrupt", "corrupt", ["not a readable safetensors file"]),
])
def test_bad_weights_are_one_line_naming_the_tensor_and_write_nothing(through_cli, damage, needles, files, tmp_path):
    attempt(files, tmp_path, through_cli, *needles, weights=damaged_weights(files, tmp_path, damage))


BAD_ARCH = [
    case("Conv1d", ARCH.replace('{type = "Dropout", p = 0.1}', '{type = "Conv1d", in = 6, out = 6}'),
         ["layer 3 has unsupported type 'Conv1d'", "supported: Linear"], cli=True),
    case("MultiheadAttention", ARCH.replace('{type = "Dropout", p = 0.1}', '{type = "MultiheadAttention"}'),
         ["layer 3 has unsupported type 'MultiheadAttention'"]),
    case("widths", ARCH.replace("in = 6, out = 1", "in = 5, out = 1"), ["layer 4 (Linear) has in = 5", "gives 6"]),
    case("unknown-param", ARCH.replace("p = 0.1", "rate = 0.1"), ["layer 3 (Dropout) has unknown parameter 'rate'"]),
    case("bad-value", ARCH.replace("out = 6}", "out = \"six\"}"), ["layer 0 (Linear) has out = 'six'"]),
    case("softmax-inside", ARCH.replace('{type = "Dropout", p = 0.1}', '{type = "Softmax"}'),
         ["layer 3 (Softmax) is supported only as the last layer"]),
    case("toml-syntax", ARCH.replace("epochs = 60", "epochs = "), ["not valid TOML", "line 2"]),
    case("unknown-key", ARCH.replace("epochs", "epoch"), ["unknown key 'epoch'"]),
    case("no-task", ARCH.replace('task = "classification"\n', ""), ['task = "classification"']),
    case("no-layers", 'task = "regression"\n', ["no layers"]),
]


@pytest.mark.parametrize("through_cli, text, needles", BAD_ARCH)
def test_bad_arch_is_one_line_and_writes_nothing(through_cli, text, needles, files, tmp_path):
    attempt(files, tmp_path, through_cli, *needles, arch=write(tmp_path, "net.toml", text))


@pytest.mark.parametrize("through_cli, change, needles", [
    case("no-arch", {"arch": "no/such/net.toml"}, ["--arch no/such/net.toml: no such file"]),
    case("no-data", {"data": "no/such/points.csv"}, ["--data no/such/points.csv: no such file"], cli=True),
    case("story-name", {"name": "spirals"}, ["flow of the story", "choose another name"], cli=True),
    case("story-folder", {"out": FLOWS_DIR}, ["story's flows"]),
])
def test_missing_files_and_story_names_are_one_line_and_write_nothing(through_cli, change, needles, files, tmp_path):
    attempt(files, tmp_path, through_cli, *needles, **change)


# ------------------------------------------------------------------ the example

def test_the_moons_example_trains_and_exports_a_flow(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, str(REPO / "examples" / "moons.py"), str(tmp_path)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    flow = load_flow(Path(result.stdout.strip()))
    assert flow.name == "moons" and flow.task == "binary" and flow.meta["accuracy"] > 0.95
