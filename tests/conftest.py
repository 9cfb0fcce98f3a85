"""Two tiers. The fast tier (the default, `pytest -q`) is every unit test, truth check and
per-chapter dry run, with single-scene renders at low quality. The end-to-end tier
(`pytest -q -m e2e`) is the whole video, publish, slides, concurrency and the command-line
bug checks that need real renders. CI runs both (.ci/run)."""


def pytest_configure(config):
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER")  # under `pytest -n 2`: gw0, gw1
    if worker:
        # Manim compiles each text into media/texts and parses a temporary copy beside it, which it
        # then deletes: two workers drawing the same words at once delete each other's copy. Each
        # worker keeps its own media folder (renders already get their own, render/text_cache.py).
        from pathlib import Path

        from manim import config as manim_config

        manim_config.media_dir = str(Path(__file__).resolve().parent.parent / "media" / f"pytest-{worker}")
    config.addinivalue_line(
        "markers", "slow: retrains models from scratch (seconds each); deselect with -m 'not slow'"
    )
    config.addinivalue_line(
        "markers", "e2e: end-to-end tier (whole video, publish, slides, concurrency); run with -m e2e"
    )


import contextlib  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def voice_settings(tmp_path_factory):
    """Settings whose speech cache is the session's own: dry runs that must last as long as
    their words speak with Piper here, never into the repository's renders/."""
    import os

    from hidden_layers.settings import Settings

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # both workers' base folders sit in one run folder: one speech cache
    return Settings(renders=root / "voice" / "renders")  # every cache write is a rename (atomic)


@contextlib.contextmanager
def speaking(scene_cls, scene_id: str, settings):
    """Within it, ``scene_cls`` speaks with the story's voice back end (Piper)."""
    from hidden_layers.narration.scene_speech import narration_for
    from hidden_layers.story import find_scene

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scene_cls, "speech_service", narration_for(find_scene(scene_id), settings))
        yield
