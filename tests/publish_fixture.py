"""Small synthetic renders for the publish tests: no Manim, no story render.

Four scenes of ffmpeg's test pattern with a sine tone (854 x 480, 15 fps, H.264 High, AAC 48 kHz
stereo, fast start: the streams the real renders have), with cues, and SceneEntries that point at
real committed flows, so the facts are real. The second scene is 4 s long, shorter than a YouTube
chapter, so the chapter list has to merge it.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from hidden_layers.story import SceneEntry

FPS = 15
SCENES = [  # id, chapter title, flows, seconds (whole frames at 15 fps), tone Hz
    ("syn-neuron", "One neuron", ("perceptron",), 11.0, 330),
    ("syn-short", "A short interlude", ("corner_line", "circles_line"), 4.0, 440),
    ("syn-spirals", "The spirals", ("spirals",), 12.0, 550),
    ("syn-pieces", "ReLU pieces", ("parabola_relu10",), 10.4, 660),
]
ENTRIES = [SceneEntry(sid, "synthetic.py", "Synthetic", title, flows) for sid, title, flows, _, _ in SCENES]


def cues_for(index: int, duration: float) -> list[dict]:
    """Three cues per scene; the words name the scene so a test can find them."""
    sid, title = SCENES[index][0], SCENES[index][1]
    third = duration / 3
    return [{"id": f"cue-{k}", "text": f"{title}, part {k + 1}. This sentence belongs to {sid}.",
             "start": round(k * third, 3), "duration": round(third * 0.8, 3), "source": "test"}
            for k in range(3)]


def make_mp4(path: Path, seconds: float, tone: int, *, profile: str = "high", pix_fmt: str = "yuv420p",
             faststart: bool = True, size: str = "854x480") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    cmd = ["ffmpeg", "-v", "error", "-nostdin", "-y",
           "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={FPS}:duration={seconds}",
           "-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=48000:duration={seconds}",
           "-c:v", "libx264", "-preset", "veryfast", "-profile:v", profile, "-pix_fmt", pix_fmt, "-g", str(FPS),
           "-c:a", "aac", "-ac", "2", "-ar", "48000", "-b:a", "64k", "-shortest"]
    if faststart:
        cmd += ["-movflags", "+faststart"]
    subprocess.run(cmd + [str(path)], check=True)
    return path


@functools.lru_cache(maxsize=None)
def _encoded_scenes() -> Path:
    """The four MP4s, encoded once per test process (a few seconds) and copied from here."""
    folder = Path(tempfile.mkdtemp(prefix="publish-scenes-"))
    atexit.register(shutil.rmtree, folder, True)
    for sid, _, _, seconds, tone in SCENES:
        make_mp4(folder / f"{sid}.mp4", seconds, tone)
    return folder


def make_synthetic_renders(quality, settings) -> list[Path]:
    """The four scenes' MP4s and cues, where `render` puts them (under ``settings.renders``)."""
    from hidden_layers.render.scenes import cues_path, output_path

    paths = []
    for i, entry in enumerate(ENTRIES):
        mp4 = output_path(entry, quality, settings)
        mp4.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_encoded_scenes() / f"{entry.id}.mp4", mp4)
        cues_path(entry, quality, settings).write_text(json.dumps({"voice": "test", "cues": cues_for(i, SCENES[i][3])}))
        paths.append(mp4)
    return paths


def use_synthetic_story(monkeypatch, paths: list[Path]) -> list[Path]:
    """The story is the four synthetic scenes; 'rendering' returns their MP4s. Patched where
    they are looked up: the story's list (find_scene, publish), make_video's own import of it and
    of render_many, and the deck module's make_deck (publish reads it from there)."""
    import hidden_layers.render.video as video
    import hidden_layers.slides.deck as deck
    import hidden_layers.story as story

    monkeypatch.setattr(story, "SCENES_IN_ORDER", list(ENTRIES))
    monkeypatch.setattr(video, "SCENES_IN_ORDER", list(ENTRIES))
    rendered = []

    def fake_render_many(entries, quality, settings, jobs=2, force=False, on_done=None, on_progress=None,
                         executor=None, sections=None):
        rendered.append([e.id for e in entries])
        by_id = {p.stem: p for p in paths}
        for e in entries:
            if on_done:
                on_done(e, by_id[e.id], False)
        return [by_id[e.id] for e in entries]

    monkeypatch.setattr(video, "render_many", fake_render_many)
    monkeypatch.setattr(deck, "make_deck", fake_make_deck)
    return rendered


def fake_make_deck(entries, quality, settings, formats=("html",), name=None, jobs=2, force=False,
                   on_done=None, executor=None) -> list[Path]:
    """A deck as `make_deck` leaves it, with no Manim: <name>.html and <name>_assets/ (one clip
    per chapter) in the quality's slides folder; unchanged when called again."""
    from hidden_layers.slides.deck import slides_dir

    out = slides_dir(quality, settings)
    html, assets = out / f"{name}.html", out / f"{name}_assets"
    if not html.exists():
        (assets / "reveal.js").mkdir(parents=True, exist_ok=True)
        (assets / "reveal.js" / "reveal.js").write_text("/* reveal */")
        clips = [f"{e.cls}_{e.id}.mp4" for e in entries]
        for clip in clips:
            shutil.copyfile(_encoded_scenes() / f"{entries[0].id}.mp4", assets / clip)
        html.write_text("<html><body>" + "".join(f'<section data-background-video="{name}_assets/{c}"></section>'
                                                 for c in clips) + "</body></html>")
    return [html]
