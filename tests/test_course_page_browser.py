"""The course page in a real browser: Debian's headless Chromium, driven by Selenium through
Debian's chromium-driver (both from setup.sh --test), opened from file:// with no server.

The page is published from the small synthetic renders (tests/publish_fixture.py), so this takes
seconds. Chromium's DevTools network events (the performance log) show every request the page
made; the video, its caption track and the chapter links are checked through the DOM."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from hidden_layers import publish as pub
from hidden_layers.render.quality import QUALITIES
from hidden_layers.settings import Settings
from tests.publish_fixture import SCENES, make_synthetic_renders, use_synthetic_story

pytestmark = pytest.mark.e2e  # the end-to-end tier (tests/conftest.py)

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT_COPY = Path("/tmp/course_page.png")
# data: URLs never leave the machine: Chromium's own media controls draw their icons from them,
# and the page inlines its captions as one (Chromium refuses a .vtt file beside a file:// page).
# Every other request must be a file of the published folder.
LOCAL_SCHEMES = {"file", "data"}


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("the browser test needs Debian's chromium and chromium-driver: run `bash setup.sh --test`")
    root = tmp_path_factory.mktemp("page")
    mp = pytest.MonkeyPatch()
    try:
        settings = Settings(renders=root / "renders")
        use_synthetic_story(mp, make_synthetic_renders(QUALITIES["low"], settings))
        result = pub.publish(QUALITIES["low"], settings, thumbnail_scene="syn-spirals", captions_on=True)
    finally:
        mp.undo()
    return result


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000",
                "--no-first-run", "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()


def wait_for(driver, script: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def network_events(driver) -> list[dict]:
    return [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]


def ffprobe_duration(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return float(json.loads(out)["format"]["duration"])


def test_course_page_offline_in_chromium(page, browser, tmp_path):
    folder = page.folder
    url = (folder / "index.html").as_uri()
    browser.get(url)
    assert browser.execute_script("return document.documentElement.lang") == "en"

    # the video: H.264 plays here, and it is as long as the MP4 says
    can_play = browser.execute_script(
        "return document.createElement('video').canPlayType('video/mp4; codecs=\"avc1.640028\"')")
    assert can_play in ("probably", "maybe"), f"this Chromium cannot play H.264 High: {can_play!r}"
    state = wait_for(browser, "const v = document.getElementById('video');"
                              "return v.readyState >= 1 || v.error ? [v.readyState, v.duration, v.error && v.error.message] : null")
    assert state and state[2] is None, f"the video did not load: {state}"
    mp4_duration = ffprobe_duration(folder / "hidden-layers.mp4")
    assert abs(state[1] - mp4_duration) <= 0.1, (state[1], mp4_duration)

    # captions: on by default (published with captions_on), one cue per subtitle line
    import webvtt

    expected = len(webvtt.read(str(folder / "hidden-layers.vtt")).captions)
    assert expected == 3 * len(SCENES)
    track = wait_for(browser, "const t = document.getElementById('video').textTracks[0];"
                              "return t && t.cues && t.cues.length ? [t.mode, t.kind, t.language, t.cues.length] : null")
    assert track == ["showing", "captions", "en", expected]
    assert len(browser.find_elements("css selector", "#transcript button")) == expected

    # the third chapter link seeks to the third scene's start
    links = browser.find_elements("css selector", "a.chapter-link")
    assert len(links) == len(SCENES)
    third_start = sum(s[3] for s in SCENES[:2])
    assert float(links[2].get_attribute("data-start")) == pytest.approx(third_start)
    links[2].click()
    now = browser.execute_script("const v = document.getElementById('video'); v.pause(); return v.currentTime")
    seek_error = abs(now - third_start)
    assert seek_error <= 0.5, (now, third_start)

    # keyboard: Tab to a transcript timestamp and press Enter
    from selenium.webdriver.common.keys import Keys

    buttons = browser.find_elements("css selector", "#transcript button")
    target = float(buttons[10].find_element("xpath", "..").get_attribute("data-start"))
    browser.execute_script("arguments[0].focus()", buttons[9])
    active = browser.switch_to.active_element
    active.send_keys(Keys.TAB)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    now = browser.execute_script("const v = document.getElementById('video'); v.pause(); return v.currentTime")
    assert abs(now - target) <= 0.5, (now, target)

    # every chapter's own MP4 link points at a file in the folder
    for a in browser.find_elements("css selector", "a[type='video/mp4']"):
        href = a.get_attribute("href")
        assert href.startswith("file://") and Path(urlparse(href).path).is_file(), href

    # a screenshot at the third chapter, captions showing
    browser.execute_script("const v = document.getElementById('video'); v.currentTime = arguments[0] + 1.0; v.pause()",
                           third_start)
    wait_for(browser, "const v = document.getElementById('video'); return !v.seeking && v.readyState >= 2")
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    time.sleep(0.3)
    shot = tmp_path / "course_page.png"
    assert browser.save_screenshot(str(shot))
    shutil.copyfile(shot, SCREENSHOT_COPY)
    from PIL import Image
    import numpy as np

    with Image.open(shot) as im:
        assert im.size[0] == 1280
        px = np.asarray(im.convert("RGB"), dtype=float)
    assert px.std() > 20  # not a blank page

    # no request left the machine, and none failed
    events = network_events(browser)
    requests = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    failed = [(e["params"].get("errorText"), e["params"].get("requestId")) for e in events
              if e["method"] == "Network.loadingFailed"]
    assert requests, "no network events were logged"
    outside = [u for u in requests if urlparse(u).scheme not in LOCAL_SCHEMES]
    assert outside == []
    files = {Path(urlparse(u).path) for u in requests if urlparse(u).scheme == "file"}
    assert all(f.is_relative_to(folder) for f in files), files
    assert {folder / "index.html", folder / "hidden-layers.mp4", folder / "thumbnail.png"} <= files
    kinds = {e["params"]["request"]["url"][:14]: e["params"].get("type") for e in events
             if e["method"] == "Network.requestWillBeSent"}
    assert kinds.get("data:text/vtt;") == "TextTrack"  # the captions, inline
    assert failed == []
    print(f"\nduration {state[1]:.3f} s vs ffprobe {mp4_duration:.3f} s; cues {track[3]}; "
          f"seek error {seek_error:.3f} s; requests {len(requests)} ({len(files)} files); screenshot {shot}")
