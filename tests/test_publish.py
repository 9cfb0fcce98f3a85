"""`hidden-layers publish`: the YouTube package and course page, built from small synthetic renders
(tests/publish_fixture.py; seconds, no Manim), plus the description's facts for the real story's
committed flows. The course page in a real browser is tests/test_course_page_browser.py."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from contract.flow import load_flow
from contract.paths import flow_path
from hidden_layers import publish as pub
from hidden_layers.publish import build as publish_build
from hidden_layers.render.quality import QUALITIES
from hidden_layers.settings import Settings
from hidden_layers.story import SCENES_IN_ORDER
from tests.publish_fixture import ENTRIES, SCENES, cues_for, make_mp4, make_synthetic_renders, use_synthetic_story

pytestmark = pytest.mark.e2e  # the end-to-end tier (tests/conftest.py)

LOW = QUALITIES["low"]


@pytest.fixture
def renders(tmp_path, monkeypatch):
    settings = Settings(renders=tmp_path / "renders")
    paths = make_synthetic_renders(LOW, settings)
    calls = use_synthetic_story(monkeypatch, paths)
    return {"root": tmp_path / "renders", "settings": settings, "paths": paths, "calls": calls,
            "publish": tmp_path / "renders" / "low" / "publish"}


def cli(capsys, renders_root: Path, *args) -> tuple[int, str, str]:
    """`hidden-layers --renders <renders_root> <args>`, in this process."""
    from hidden_layers.cli import main

    try:
        main(["--renders", str(renders_root), *args])
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def ffprobe(path: Path, entries: str, stream: str = "v:0") -> dict:
    proc = subprocess.run(["ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", entries,
                           "-of", "json", str(path)], capture_output=True, text=True, check=True)
    data = json.loads(proc.stdout)
    return data["streams"][0] if "stream=" in entries else data["format"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ----------------------------------------------------------------------------- the folder


def test_publish_writes_the_youtube_package_and_the_page(renders, capsys):
    code, out, err = cli(capsys, renders["root"], "publish", "-q", "low", "--thumbnail", "syn-spirals", "--captions-on")
    assert code == 0, err
    assert renders["calls"] == [[e.id for e in ENTRIES]]  # make_video asked for every scene
    folder = renders["publish"]
    for name in ("hidden-layers.mp4", "hidden-layers.srt", "hidden-layers.vtt", "chapters.txt", "description.txt",
                 "thumbnail.png", "index.html", *(f"chapters/{e.id}.mp4" for e in ENTRIES)):
        assert (folder / name).is_file(), name
    # the talk slides: the deck copied in as slides/index.html, its clips beside it, linked from the page
    deck = (folder / "slides" / "index.html").read_text()
    clips = re.findall(r'data-background-video="([^"]+)"', deck)
    assert len(clips) == len(ENTRIES) and all((folder / "slides" / c).is_file() for c in clips)
    assert 'href="slides/index.html"' in (folder / "index.html").read_text()
    # already H.264 High yuv420p: streams copied, not re-encoded
    assert "hidden-layers.mp4 (streams copied, subtitles added)" in out, out

    # the video: H.264 High, yuv420p, fast start, AAC, as long as the four scenes
    v = ffprobe(folder / "hidden-layers.mp4", "stream=codec_name,profile,pix_fmt,width,height")
    assert (v["codec_name"], v["profile"], v["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert ffprobe(folder / "hidden-layers.mp4", "stream=codec_name", "a:0")["codec_name"] == "aac"
    subs = ffprobe(folder / "hidden-layers.mp4", "stream=codec_name,nb_read_packets:stream_tags=language", "s:0")
    assert subs["codec_name"] == "mov_text" and subs["tags"]["language"] == "eng"
    boxes = pub.top_level_boxes(folder / "hidden-layers.mp4")
    assert boxes.index("moov") < boxes.index("mdat")
    total = sum(s[3] for s in SCENES)
    assert float(ffprobe(folder / "hidden-layers.mp4", "format=duration")["duration"]) == pytest.approx(total, abs=0.1)

    # chapters.txt: 0:00 first, the 4 s scene merged with the next, every chapter >= 10 s
    lines = (folder / "chapters.txt").read_text().splitlines()
    assert lines == ["0:00 One neuron", "0:11 A short interlude / The spirals", "0:27 ReLU pieces"]
    starts = [int(l.split()[0].split(":")[0]) * 60 + int(l.split()[0].split(":")[1]) for l in lines]
    assert starts[0] == 0 and len(starts) >= 3
    assert all(b - a >= 10 for a, b in zip(starts, starts[1:] + [int(total)]))

    # subtitles: one per cue, shifted by the scene's start
    import srt
    subs = list(srt.parse((folder / "hidden-layers.srt").read_text()))
    assert len(subs) == 3 * len(SCENES)
    assert subs[6].start.total_seconds() == pytest.approx(15.0, abs=1e-3) and "syn-spirals" in subs[6].content

    # the thumbnail: 1280 x 720 PNG under 2 MB, with a dark band behind the title at the top
    thumb = folder / "thumbnail.png"
    assert thumb.stat().st_size < 2_000_000
    with Image.open(thumb) as im:
        assert im.format == "PNG" and im.size == (1280, 720)
        px = np.asarray(im.convert("L"), dtype=float)
    assert px[:20].std() < 1  # a flat band above the title
    white_rows = np.nonzero((px[:400] >= 250).sum(axis=1) > 20)[0]
    assert white_rows.max() - white_rows.min() > 720 / 4  # the title: two lines, a quarter of the height
    assert px[450:, 320:960].std() > 30  # the frame below it (the test pattern), not covered

    # the page
    html = (folder / "index.html").read_text()
    assert '<html lang="en">' in html
    import base64
    vtt = (folder / "hidden-layers.vtt").read_text()
    data_url = "data:text/vtt;charset=utf-8;base64," + base64.b64encode(vtt.encode()).decode()
    assert f'kind="captions" srclang="en" label="English" src="{data_url}" default>' in html
    assert 'href="hidden-layers.vtt"' in html and 'href="hidden-layers.srt"' in html
    assert 'poster="thumbnail.png"' in html
    for e in ENTRIES:
        assert f'href="chapters/{e.id}.mp4"' in html
    assert html.count('class="seek chapter-link"') == 4
    assert 'data-start="15.000"' in html  # the third scene's start
    assert html.count('<button type="button" class="seek"') == 3 * len(SCENES)
    assert "http://" not in html and "https://" not in html and 'src="//' not in html


def test_description_lists_the_chapters_and_the_models_facts(renders, capsys):
    assert cli(capsys, renders["root"], "publish", "-q", "low", "--thumbnail", "syn-spirals")[0] == 0
    text = (renders["publish"] / "description.txt").read_text()
    assert text.startswith(pub.TITLE)
    assert (renders["publish"] / "chapters.txt").read_text() in text
    assert sum(1 for l in text.splitlines() if l.startswith("0:00")) == 1  # one chapter list for YouTube
    spirals = load_flow(flow_path("spirals"))
    assert f"spirals: a 2-2-2-2-2-1 network, tanh hidden units, sigmoid output; {spirals.meta['accuracy']:.1%} correct" in text
    relu10 = load_flow(flow_path("parabola_relu10")).meta
    assert f"largest error {relu10['dense_max_abs_error']:.4f}" in text


def test_a_second_run_rewrites_only_what_changed(renders, capsys):
    assert cli(capsys, renders["root"], "publish", "-q", "low", "--thumbnail", "syn-spirals")[0] == 0
    before = snapshot(renders["publish"])
    result = pub.publish(LOW, renders["settings"], thumbnail_scene="syn-spirals")
    assert result.written == [] and len(result.kept) == 8 + len(ENTRIES)  # 8: the slides too
    assert snapshot(renders["publish"]) == before
    # new words for one scene: subtitles and page change, nothing else
    cues = json.loads((renders["root"] / "low" / ".syn-pieces.cues.json").read_text())
    cues["cues"][0]["text"] = "Ten bent lines, summed, make the curve."
    (renders["root"] / "low" / ".syn-pieces.cues.json").write_text(json.dumps(cues))
    result = pub.publish(LOW, renders["settings"], thumbnail_scene="syn-spirals")
    assert sorted(result.written) == ["hidden-layers.mp4", "hidden-layers.srt", "hidden-layers.vtt", "index.html"]
    assert "Ten bent lines, summed" in (renders["publish"] / "hidden-layers.vtt").read_text()


def test_an_interrupted_publish_leaves_earlier_outputs_whole(renders, capsys, monkeypatch):
    assert cli(capsys, renders["root"], "publish", "-q", "low", "--thumbnail", "syn-spirals")[0] == 0
    folder = renders["publish"]
    before = snapshot(folder)

    # a writer that dies half way through its file: the old thumbnail stays, no temp file is left
    def broken(frame, target, title=pub.TITLE):
        target.write_bytes(b"\x89PNG half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(publish_build, "compose_thumbnail", broken)
    with pytest.raises(KeyboardInterrupt):
        pub.publish(LOW, renders["settings"], thumbnail_scene="syn-spirals", thumbnail_at=2.0)
    assert snapshot(folder) == before

    # interrupted between outputs: the ones done are new and whole, the rest are the old ones
    monkeypatch.undo()
    use_synthetic_story(monkeypatch, renders["paths"])
    cues_file = renders["root"] / "low" / ".syn-neuron.cues.json"
    cues_file.write_text(json.dumps({"cues": [dict(c, text=c["text"].upper()) for c in cues_for(0, 11.0)]}))

    def interrupted(chapters):  # Ctrl-C after the subtitles, before the chapter list and the page
        raise KeyboardInterrupt

    monkeypatch.setattr(publish_build, "chapters_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pub.publish(LOW, renders["settings"], thumbnail_scene="syn-spirals")
    after = snapshot(folder)
    assert set(after) == set(before)  # no temp files left behind
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"hidden-layers.srt", "hidden-layers.vtt", "hidden-layers.mp4", ".publish.json"}
    assert "ONE NEURON, PART 1" in after["hidden-layers.srt"].decode()
    assert b"ONE NEURON, PART 1" in after["hidden-layers.mp4"]  # its subtitle track, rewritten whole
    assert "ONE NEURON" not in after["index.html"].decode()  # the old page, whole
    json.loads(after[".publish.json"])  # the manifest is whole

    monkeypatch.undo()
    use_synthetic_story(monkeypatch, renders["paths"])
    result = pub.publish(LOW, renders["settings"], thumbnail_scene="syn-spirals")
    assert result.written == ["index.html"]  # the subtitles were done before the interruption
    assert "ONE NEURON, PART 1" in (folder / "index.html").read_text()


# ----------------------------------------------------------------------------- video formats


@pytest.mark.parametrize("profile, pix_fmt, faststart, how", [
    ("main", "yuv420p", True, "re-encoded"),
    ("high444", "yuv444p", True, "re-encoded"),
    ("high", "yuv420p", False, "streams copied"),
    ("high", "yuv420p", True, "linked"),
])
def test_web_video_is_h264_high_yuv420p_fast_start(tmp_path, profile, pix_fmt, faststart, how):
    source = make_mp4(tmp_path / "in.mp4", 2.0, 440, profile=profile, pix_fmt=pix_fmt, faststart=faststart,
                      size="320x180")
    boxes = pub.top_level_boxes(source)
    assert (boxes.index("moov") < boxes.index("mdat")) == faststart
    target = tmp_path / "out.mp4"
    assert pub.write_web_video(source, target) == how
    v = ffprobe(target, "stream=codec_name,profile,pix_fmt")
    assert (v["codec_name"], v["profile"], v["pix_fmt"]) == ("h264", "High", "yuv420p")
    boxes = pub.top_level_boxes(target)
    assert boxes.index("moov") < boxes.index("mdat")
    assert ffprobe(target, "stream=codec_name", "a:0")["codec_name"] == "aac"


# ----------------------------------------------------------------------------- plain data


def chapters_of(durations: list[float], titles: list[str] | None = None) -> list[pub.Chapter]:
    out, start = [], 0.0
    for i, d in enumerate(durations):
        out.append(pub.Chapter(f"s{i}", (titles or [f"T{i}" for _ in durations])[i], start, d, Path(f"s{i}.mp4")))
        start += d
    return out


def test_short_scenes_merge_into_chapters_of_at_least_ten_seconds():
    yt = pub.youtube_chapters(chapters_of([3.0, 3.0, 30.0, 12.0, 9.5, 20.0], [f"T{i}" for i in range(6)]))
    assert [c.title for c in yt] == ["T0 / T1 / T2", "T3", "T4 / T5"]
    assert pub.chapters_text(yt).splitlines()[0].startswith("0:00 ")
    assert all(int(c.end) - int(c.start) >= 10 for c in yt)
    assert pub.timestamp(3725.2) == "1:02:05" and pub.timestamp(71.9) == "1:11"


def test_too_few_chapters_is_one_clear_error():
    with pytest.raises(pub.PublishError, match="only 2 chapter"):
        pub.youtube_chapters(chapters_of([12.0, 30.0, 4.0]))


def test_real_story_description_states_every_models_figures():
    """Every flow of every chapter of the real story, its architecture and score as the flow
    metadata has them (the committed flows; nothing is rendered)."""
    chapters = chapters_of([12.0] * len(SCENES_IN_ORDER), [e.chapter for e in SCENES_IN_ORDER])
    chapters = [pub.Chapter(c.id, c.title, c.start, c.duration, c.video, [], pub.facts_for(e.flows))
                for c, e in zip(chapters, SCENES_IN_ORDER)]
    text = pub.description_text(pub.youtube_chapters(chapters))
    for entry in SCENES_IN_ORDER:
        assert f"{pub.timestamp(12.0 * SCENES_IN_ORDER.index(entry))} {entry.chapter}" in text
        assert f"\n\n{entry.chapter}\n  - " in text  # its facts under its title
        for name in entry.flows:
            flow = load_flow(flow_path(name))
            meta = flow.meta
            line = next(l for l in text.splitlines() if l.startswith(f"  - {name}: "))
            widths = meta["architecture"]["widths"]
            if len(widths) > 2:
                assert "-".join(map(str, widths)) in line and meta["architecture"]["hidden"] in line
            else:
                assert "neuron" in line
            if "accuracy" in meta:
                assert f"{100 * meta['accuracy']:.1f}% correct" in line
                assert f"{100 * flow.accuracy():.1f}%" in line  # the trace agrees with the metadata
            else:
                assert f"{meta['dense_max_abs_error']:.4f}" in line
            assert f"on {len(flow.X)} points ({meta['dataset']['name']})" in line
    assert "1:0" in text  # chapters past a minute: 15 chapters of 12 s


def test_chapter_paragraph_is_the_first_spoken_sentences():
    cues = [{"text": "One. Two two.", "start": 0, "duration": 1}, {"text": "Three " + "x" * 400 + ".", "start": 1,
                                                                  "duration": 1}]
    ch = pub.Chapter("a", "A", 0, 5, Path("a.mp4"), cues, ["m: facts"])
    assert pub.chapter_paragraph(ch) == "One. Two two."
    assert pub.chapter_paragraph(pub.Chapter("a", "A", 0, 5, Path("a.mp4"), [], ["m: facts"])) == "Models: m: facts."


# ----------------------------------------------------------------------------- bad input


def test_unknown_thumbnail_scene_is_one_error_line_before_any_render(renders, capsys):
    code, out, err = cli(capsys, renders["root"], "publish", "-q", "low", "--thumbnail", "nonsense")
    assert code == 1 and err.count("\n") == 1 and err.startswith("error: unknown scene 'nonsense'")
    assert renders["calls"] == []
    assert not renders["publish"].exists()


def test_missing_renders_is_one_error_line(tmp_path, monkeypatch, capsys):
    use_synthetic_story(monkeypatch, [])
    code, out, err = cli(capsys, tmp_path / "empty", "publish", "-q", "low", "--no-render",
                         "--thumbnail", "syn-spirals")
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("error: ") and "syn-neuron.mp4 is missing; run `hidden-layers video -q low`" in err


def test_thumbnail_time_outside_the_scene_is_one_error_line(renders, capsys):
    code, out, err = cli(capsys, renders["root"], "publish", "-q", "low", "--thumbnail", "syn-spirals",
                         "--thumbnail-at", "99")
    assert code == 1 and err.count("\n") == 1 and "outside syn-spirals, which lasts 12.00 s" in err
    assert not (renders["publish"] / "index.html").exists()  # checked before writing anything


def test_no_slides_renders_no_deck_and_the_page_does_not_link_one(renders, capsys, monkeypatch):
    import hidden_layers.slides.deck as deck

    def must_not_run(*args, **kwargs):
        raise AssertionError("make_deck ran with --no-slides")

    monkeypatch.setattr(deck, "make_deck", must_not_run)
    code, _, err = cli(capsys, renders["root"], "publish", "-q", "low", "--thumbnail", "syn-spirals", "--no-slides")
    assert code == 0, err
    assert not (renders["publish"] / "slides" / "index.html").exists()
    assert "slides/index.html" not in (renders["publish"] / "index.html").read_text()
