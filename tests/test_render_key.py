"""The render key covers every repository file a chapter's render imports (from the import
graph) and the versions of the libraries that draw and speak: editing a helper re-renders the
chapters that import it, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.paths import REPO_ROOT
from hidden_layers.render import key
from hidden_layers.render.quality import QUALITIES
from hidden_layers.settings import Settings
from hidden_layers.story import SCENES_IN_ORDER, find_scene

SETTINGS = Settings(voice="none")
LOW = QUALITIES["low"]


def keys() -> dict[str, str]:
    return {e.id: key.render_key(e, LOW, SETTINGS) for e in SCENES_IN_ORDER}


def relative(files) -> set[str]:
    return {str(Path(f).relative_to(REPO_ROOT)) for f in files}


def test_the_files_are_what_the_render_imports():
    files = relative(key.imported_files(find_scene("spirals").path))
    assert {"scenes/spirals.py", "scenes/kit/separability.py", "contract/flow.py", "scenes/kit/narrate.py",
            "hidden_layers/render/scene_runner.py", "hidden_layers/narration/piper_voice.py"} <= files
    # what the render never imports is left out: other chapters, publishing, the command line
    assert not files & {"scenes/regression.py", "hidden_layers/cli.py", "hidden_layers/publish/build.py"}


def test_a_scene_file_of_ones_own_is_keyed_by_what_it_imports():
    tiny = Path(__file__).parent / "narration_fixture" / "tiny_scene.py"
    files = relative(key.imported_files(tiny)[:-1]) | {"tiny"}
    assert "scenes/kit/narrate.py" in files and "scenes/spirals.py" not in files
    assert tiny.resolve() in key.imported_files(tiny)


@pytest.mark.parametrize("helper, chapters", [
    # hidden_space.py's general chapter says the best line's share: its story chapters share the module;
    # layers-build slides a line across the star with it
    ("scenes/kit/separability.py", {"spirals", "bottleneck", "hidden-plane", "flat-plane", "layers-build"}),
    ("scenes/kit/pieces.py", {"regression"}),
    ("scenes/kit/zoo.py", {"layer-anatomy", "activation-zoo"}),
    ("scenes/kit/narrate.py", {e.id for e in SCENES_IN_ORDER}),  # every chapter speaks through it
])
def test_editing_a_helper_changes_the_key_of_exactly_the_chapters_that_import_it(monkeypatch, helper, chapters):
    before = keys()
    edited = REPO_ROOT / helper
    read = key.read_input
    monkeypatch.setattr(key, "read_input", lambda p: read(p) + b"\n# edited" if Path(p) == edited else read(p))
    after = keys()
    assert {scene for scene in before if before[scene] != after[scene]} == chapters


def test_a_library_version_is_part_of_the_key(monkeypatch):
    entry = find_scene("perceptron")
    before = key.render_key(entry, LOW, SETTINGS)
    version = key.metadata.version
    monkeypatch.setattr(key.metadata, "version", lambda name: "0.0-other" if name == "numpy" else version(name))
    assert key.render_key(entry, LOW, SETTINGS) != before
