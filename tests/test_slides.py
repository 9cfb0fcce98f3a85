"""Talk slides (hidden_layers/slides/deck.py, slide_scene.py) on the tiny narrated scene of three cues
(tests/narration_fixture), rendered once at -ql into a temp folder: one slide per beat, silent,
no waiting for speech, an HTML deck that needs nothing but its folder (checked in headless
Chromium from file://) and a PPTX with the same slides."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from hidden_layers.render.quality import QUALITIES
from hidden_layers.settings import Settings
from hidden_layers.slides import deck as slides
from hidden_layers.story import SceneEntry, find_scene

pytestmark = pytest.mark.e2e  # the end-to-end tier (tests/conftest.py)

FIXTURE = Path(__file__).parent / "narration_fixture"
ENTRY = SceneEntry("tiny", str(FIXTURE / "tiny_scene.py"), "TinyNarrated", "Tiny", ())
LOW = QUALITIES["low"]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOT_COPY = Path("/tmp/slides_deck.png")  # kept after the run, for a person to look at
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    root = tmp_path_factory.mktemp("slides")
    settings = Settings(renders=root / "renders")  # the default voice (piper): slides must stay silent anyway
    done = []
    started = time.perf_counter()
    written = slides.make_deck([ENTRY], LOW, settings, name="tiny", on_done=lambda e, p, r: done.append(r))
    seconds = time.perf_counter() - started
    scene = slides.scene_slides_dir(ENTRY, LOW, settings)
    out = slides.slides_dir(LOW, settings)
    return {
        "written": written, "rendered": done, "seconds": seconds, "root": root, "settings": settings,
        "html": out / "tiny.html", "pptx": out / "tiny.pptx", "assets": out / "tiny_assets",
        "config": json.loads((scene / "slides" / "TinyNarrated.json").read_text()),
        "cues": json.loads((scene / "cues.json").read_text())["cues"],
    }


def expected_slides(info) -> int:
    """One slide per beat (each cue's end); TinyNarrated plays a 0.3 s wait after its last cue,
    which manim-slides keeps as a closing slide. Nothing is added before the first beat: what
    plays before it belongs to the first slide."""
    return len(info["cues"]) + 1


def clip_seconds(path: Path) -> float:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return s.frames / float(s.average_rate)


def test_the_deck_files_are_written(deck):
    assert deck["written"] == [deck["html"], deck["pptx"]]
    assert deck["rendered"] == [True]
    assert deck["assets"].is_dir() and (deck["assets"] / "reveal.js" / "LICENSE").exists()
    print(f"deck of the tiny scene made in {deck['seconds']:.1f} s")


def test_one_slide_per_beat_with_the_cue_words_as_notes(deck):
    texts = [c["text"] for c in deck["cues"]]
    assert len(texts) == 3  # the fixture's script has three cues
    notes = [s["notes"] for s in deck["config"]["slides"]]
    assert len(notes) == expected_slides(deck)
    assert notes[:3] == texts and notes[3] == ""
    assert slides.slide_count(ENTRY, LOW, deck["settings"]) == expected_slides(deck)


def test_slides_are_silent_and_never_wait_for_speech(deck):
    """Each clip lasts its animations' own run times (0.5, 1.0, 0.5 s, then the 0.3 s wait),
    not the length of the words, and carries no sound."""
    clips = [deck["root"] / "renders" / "low" / "slides" / ".scenes" / "tiny" / s["file"]
             for s in deck["config"]["slides"]]
    durations = [clip_seconds(c) for c in clips]
    assert durations == pytest.approx([0.5, 1.0, 0.5, 0.3], abs=1.01 / LOW.fps)
    for clip in clips:
        with av.open(str(clip)) as c:
            assert not c.streams.audio
    assert {c["source"] for c in deck["cues"]} == {"silent"}


def test_the_html_deck_loads_only_files_beside_it(deck):
    html = deck["html"].read_text(encoding="utf-8")
    assert not re.search(r"https?://|//cdn|jsdelivr|unpkg", html), "the deck must not point at the web"
    refs = re.findall(r'(?:src|href|data-background-video|data-background-image)="([^"]+)"', html)
    assert refs, "no references found: the template changed?"
    for ref in refs:
        assert ":" not in ref and not ref.startswith("/"), ref
        assert (deck["html"].parent / ref).is_file(), f"{ref} is missing beside the deck"
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "tiny_assets/reveal.js/dist/reveal.js" in scripts
    assert len(re.findall(r"data-background-video=", html)) == expected_slides(deck)


def test_publish_copies_the_deck_in_whole_with_its_clips_linked(deck, tmp_path):
    target = tmp_path / "publish" / "slides"
    index = slides.install_deck(deck["html"], target)
    html = index.read_text(encoding="utf-8")
    assert html == deck["html"].read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href|data-background-video)="([^"]+)"', html)
    assert refs and all((target / ref).is_file() for ref in refs)
    clip = re.findall(r'data-background-video="([^"]+)"', html)[0]
    assert (target / clip).stat().st_ino == (deck["html"].parent / clip).stat().st_ino  # hard link, no copy
    key = slides.deck_key(deck["html"])
    assert slides.install_deck(deck["html"], target) == index and slides.deck_key(deck["html"]) == key
    assert sorted(p.name for p in target.parent.iterdir() if p.name != ".slides.lock") == ["slides"]  # no stage left
    with pytest.raises(slides.SlidesError, match="hidden-layers slides --all"):
        slides.install_deck(tmp_path / "nothing.html", tmp_path / "elsewhere")


def test_the_vendored_reveal_js_is_the_npm_release_named(deck):
    package = json.loads((slides.REVEAL_DIR / "package.json").read_text())
    assert (package["name"], package["version"], package["license"]) == ("reveal.js", slides.REVEAL_VERSION, "MIT")
    assert "Permission is hereby granted" in (slides.REVEAL_DIR / "LICENSE").read_text()


def test_the_pptx_has_the_same_slides_with_movies_and_notes(deck):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    pres = Presentation(str(deck["pptx"]))
    assert len(pres.slides) == expected_slides(deck)
    for slide, config in zip(pres.slides, deck["config"]["slides"]):
        assert [s.shape_type for s in slide.shapes] == [MSO_SHAPE_TYPE.MEDIA]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert notes == config["notes"]


def test_an_unchanged_chapter_is_not_rendered_again(deck):
    done = []
    started = time.perf_counter()
    slides.make_deck([ENTRY], LOW, deck["settings"], formats=("html",), name="tiny",
                     on_done=lambda e, p, r: done.append(r))
    assert done == [False]
    assert time.perf_counter() - started < deck["seconds"]


def test_a_failing_chapter_is_one_error_and_the_earlier_deck_stays(deck, tmp_path):
    broken = tmp_path / "broken_scene.py"
    broken.write_text((FIXTURE / "tiny_scene.py").read_text()
                      .replace('Path(__file__).parent / "scripts"', repr(str(FIXTURE / "scripts")))
                      .replace("square = Square()", "raise ValueError('broken on purpose')"))
    before = deck["html"].read_bytes()
    entry = SceneEntry("tiny", str(broken), "TinyNarrated", "Tiny", ())
    with pytest.raises(slides.SlidesError, match=r"rendering tiny as slides failed: .*broken on purpose"):
        slides.make_deck([entry], LOW, deck["settings"], name="tiny", force=True)
    assert deck["html"].read_bytes() == before
    assert slides.slide_count(ENTRY, LOW, deck["settings"]) == expected_slides(deck)


def test_two_runs_at_once_both_finish_with_a_whole_deck(deck, tmp_path):
    code = ("import sys; from pathlib import Path; from hidden_layers.slides import deck; "
            "from hidden_layers.render.quality import QUALITIES; from hidden_layers.settings import Settings; "
            "from tests.test_slides import ENTRY; "
            "deck.make_deck([ENTRY], QUALITIES['low'], Settings(renders=Path(sys.argv[1])), name='twice', force=True)")
    runs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stderr=subprocess.PIPE, text=True, cwd=REPO)
            for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in runs]
    assert [p.returncode for p in runs] == [0, 0], errors
    html = (tmp_path / "low" / "slides" / "twice.html").read_text()
    videos = re.findall(r'data-background-video="([^"]+)"', html)
    assert len(videos) == expected_slides(deck)
    assert all((tmp_path / "low" / "slides" / v).is_file() for v in videos)
    leftovers = [p.name for p in (tmp_path / "low" / "slides").iterdir() if p.name.startswith(".") and p.is_dir()]
    assert leftovers == [".scenes"], leftovers


def test_chapters_become_slides_with_their_own_cameras():
    """The run-time subclass: beats before Slide before (ThreeD)Scene in the MRO, the kit's
    splatting cameras kept, 3-D chapters on ThreeDSlide."""
    from manim import ThreeDScene, tempconfig
    from manim_slides import Slide, ThreeDSlide

    from hidden_layers.slides.slide_scene import SilentBeats, slide_class
    from scenes.kit.pointcloud import SplatCamera, SplatThreeDCamera

    for scene_id, slide_base, camera in (("perceptron", Slide, SplatCamera),
                                         ("hidden-plane", ThreeDSlide, SplatThreeDCamera)):
        entry = find_scene(scene_id)
        cls = slide_class(entry.path, entry.cls, __name__)
        mro = cls.__mro__
        assert issubclass(cls, slide_base) and cls.__name__ == entry.cls
        assert mro.index(SilentBeats) < mro.index(Slide) < mro.index(ThreeDScene if slide_base is ThreeDSlide
                                                                      else Slide.__mro__[-2])
        with tempconfig({"dry_run": True, "quality": "low_quality"}):
            scene = cls()
        assert type(scene.camera) is camera
        assert re.fullmatch(r"#[0-9A-F]{6}", scene._background_color)


def test_unknown_chapter_is_one_error_line(tmp_path):
    # `python -m hidden_layers` from the repository: the code of this checkout, as the console script runs it
    proc = subprocess.run([sys.executable, "-m", "hidden_layers", "--renders", str(tmp_path), "slides", "perceptron",
                           "no-such-chapter"], capture_output=True, text=True, cwd=REPO, timeout=120)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: unknown scene 'no-such-chapter'")
    assert not (tmp_path / "low" / "slides").exists()


# ----------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("the browser test needs Debian's chromium and chromium-driver: run `bash setup.sh --test`")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1280,800"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def failed_requests(driver) -> list[str]:
    return [json.loads(e["message"])["message"]["params"].get("errorText", "?")
            for e in driver.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.loadingFailed"]


def wait_for(driver, script: str, seconds: float = 10.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    return driver.execute_script(script)


CURRENT_VIDEO = """const v = Reveal.getCurrentSlide().slideBackgroundContentElement.querySelector('video');
return v ? {time: v.currentTime, paused: v.paused, src: v.currentSrc, index: Reveal.getIndices().h} : null"""


def test_the_deck_plays_offline_in_chromium(deck, browser, tmp_path):
    started = time.perf_counter()
    browser.get(deck["html"].as_uri())
    assert wait_for(browser, "return !!(window.Reveal && Reveal.isReady())"), "reveal.js did not start"
    assert browser.execute_script("return Reveal.getTotalSlides()") == expected_slides(deck)
    browser.execute_script("Reveal.next()")
    playing = wait_for(browser, CURRENT_VIDEO.replace("return v ?", "return v && v.currentTime > 0.2 ?"), 5.0)
    assert playing and playing["index"] == 1, playing
    assert playing["src"].endswith("/" + Path(deck["config"]["slides"][1]["file"]).name)
    shot = tmp_path / "deck.png"
    browser.save_screenshot(str(shot))
    urls = requested_urls(browser)
    outside = [u for u in urls if not u.startswith(("file://", "data:"))]
    assert not outside, f"requests outside the deck's folder: {outside}"
    assert not failed_requests(browser)
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    # The screenshot shows the scene, not an empty page: the square's white outline is drawn.
    from PIL import Image

    pixels = np.asarray(Image.open(shot).convert("RGB"), dtype=float)
    bright = (pixels.min(axis=2) > 200).mean()
    assert 0.0005 < bright < 0.2, f"share of white pixels {bright:.4f}"
    SCREENSHOT_COPY.write_bytes(shot.read_bytes())
    print(f"browser: {len(urls)} requests, all file:// or data:, {expected_slides(deck)} slides, slide 2 "
          f"playing at {playing['time']:.2f} s, {time.perf_counter() - started:.1f} s")
