"""The one-way layers, as import-linter contracts (pyproject.toml, [tool.importlinter]):
contract <- models; contract <- scenes.kit <- chapters <- hidden_layers. The contracts hold on
the code, and an import planted against them fails the check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("contract", "models", "scenes", "hidden_layers")
LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess:
    """import-linter on the packages under ``root`` (found there first, not in site-packages)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_import_contracts_hold():
    result = lint(REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 kept, 0 broken" in result.stdout


@pytest.fixture
def copy(tmp_path):
    """The four packages and the contracts, copied (Python files only)."""
    for name in PACKAGES:
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.toml", "*.j2"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize("module, line, contract", [
    ("contract/paths.py", "from hidden_layers.settings import Settings", "The contract is numpy and scipy"),
    ("scenes/kit/palette.py", "import hidden_layers.story", "Application over scenes over contract"),
    ("scenes/kit/palette.py", "import scenes.spirals", "Chapters over the kit"),
    ("scenes/regression.py", "from scenes.spirals import UnfoldingSpirals", "no chapter imports another"),
    ("models/datasets.py", "import scenes.kit", "Models build on the contract only"),
])
def test_a_planted_upward_import_fails_the_check(copy, module, line, contract):
    target = copy / module
    target.write_text(target.read_text() + f"\n{line}  # planted by the test\n")
    result = lint(copy)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken and "planted" not in result.stderr, result.stdout[-3000:]
    # the unplanted copy passes: it is the planted line that breaks it
    target.write_text(target.read_text().replace(f"\n{line}  # planted by the test\n", ""))
    assert lint(copy).returncode == 0
