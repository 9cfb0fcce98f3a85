"""Narration end to end on a tiny scene of three cues (tests/narration_fixture), rendered at -ql
through render.py: the audio track, the subtitles against the audio, recordings that re-time
the scene, the silent voice, the speech cache, and every bad input's one-line error."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
import srt
import webvtt

from hidden_layers.narration import piper_voice, recordings, wav
from hidden_layers.narration.cues import read_cues
from hidden_layers.narration.service import speech_cache
from hidden_layers.render import audio
from hidden_layers.render.errors import RenderError
from hidden_layers.render.frames import video_info
from hidden_layers.render.quality import QUALITIES
from hidden_layers.render.scenes import cues_path, output_path, render_scene
from hidden_layers.settings import Settings
from hidden_layers.story import SceneEntry

FIXTURE = Path(__file__).parent / "narration_fixture"
ENTRY = SceneEntry("tiny", str(FIXTURE / "tiny_scene.py"), "TinyNarrated", "Tiny", ())
LOW = QUALITIES["low"]
FRAME = 1 / LOW.fps


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """A renders folder of its own (its speech cache included) and an empty recordings folder."""
    root = tmp_path_factory.mktemp("narration")
    return Settings(renders=root / "renders", recordings=root / "recordings")


@pytest.fixture(scope="module")
def narrated(renders):
    path, rendered = render_scene(ENTRY, LOW, renders)
    assert rendered
    return path


def synthesize(settings: Settings, text: str):
    wav_path, duration = piper_voice.synthesize(text, speech_cache(settings), piper_voice.voice_model())
    return wav_path, duration


def script_texts() -> list[str]:
    from tests.narration_fixture.tiny_scene import TinyNarrated
    from scenes.kit.narrate import fill, load_script

    values = {"turn": {"angle": f"{TinyNarrated.turn_degrees}"}}
    return [fill(t, values.get(i, {}), i) for i, t in load_script("tiny", FIXTURE / "scripts").items()]


def subtitles_of(video: Path) -> tuple[list, list]:
    subs = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    vtt = webvtt.read(str(video.with_suffix(".vtt")))
    return subs, vtt.captions


def audio_md5(video: Path) -> str:
    """The audio stream's packets, hashed (container metadata left out)."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", "0:a", "-c", "copy", "-f", "adts", "-"],
                         capture_output=True, check=True).stdout
    return hashlib.md5(out).hexdigest()


def tone_wav(path: Path, seconds: float, rate: int = 44_100, channels: int = 1, lead: float = 0.4) -> Path:
    """A generated 'recording': silence, then a warbling tone for ``seconds``, then silence."""
    t = np.arange(int(seconds * rate)) / rate
    voice = 0.5 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    samples = np.concatenate([np.zeros(int(lead * rate)), voice, np.zeros(int(0.5 * rate))])
    pcm = (samples * 32767).astype("<i2")
    if channels == 2:
        pcm = np.repeat(pcm[:, None], 2, axis=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


# ----------------------------------------------------------------------------- the audio track


def test_one_aac_48k_track_as_long_as_the_video(narrated):
    streams = audio.streams(narrated)
    audios = [s for s in streams if s["codec_type"] == "audio"]
    videos = [s for s in streams if s["codec_type"] == "video"]
    assert len(audios) == 1 and len(videos) == 1
    assert audios[0]["codec_name"] == "aac" and int(audios[0]["sample_rate"]) == 48_000
    assert videos[0]["codec_name"] == "h264" and videos[0]["profile"] == "High"
    assert abs(float(audios[0]["duration"]) - video_info(narrated).duration) <= FRAME


def test_the_audio_is_speech_at_youtube_loudness(narrated):
    figures = audio.audio_figures(narrated)
    assert figures["mean_volume_db"] > -40
    assert -16.5 <= figures["integrated_lufs"] <= -13.5, figures
    assert figures["true_peak_dbfs"] <= 0.0


# ----------------------------------------------------------------------------- subtitles


def test_subtitles_parse_follow_the_script_and_stay_inside_the_video(narrated):
    from hidden_layers.narration.caption_parts import split_caption

    subs, captions = subtitles_of(narrated)
    duration = video_info(narrated).duration
    texts = script_texts()
    parts = [part for text in texts for part in split_caption(text)]
    assert len(texts) >= 3 and len(parts) > len(texts)  # the fixture has a two-sentence cue
    assert [s.content for s in subs] == parts
    assert [c.text for c in captions] == parts
    by_cue: dict[str, list[str]] = {}  # the VTT ids name each part's cue: "circle.2"
    for c in captions:
        by_cue.setdefault(c.identifier.split(".")[0], []).append(c.text)
    assert [" ".join(p) for p in by_cue.values()] == texts
    starts = [s.start.total_seconds() for s in subs]
    ends = [s.end.total_seconds() for s in subs]
    assert all(0 <= a < b <= duration + 1e-3 for a, b in zip(starts, ends))
    assert all(ends[i] <= starts[i + 1] + 1e-3 for i in range(len(subs) - 1))  # no overlap
    for sub, cap in zip(subs, captions):  # both formats say the same times
        assert abs(sub.start.total_seconds() - cap.start_time.in_milliseconds() / 1000) < 2e-3


def test_each_cue_starts_where_its_speech_starts(narrated):
    subs, _ = subtitles_of(narrated)
    onsets = np.array(audio.speech_onsets(narrated))
    for sub in subs:
        start = sub.start.total_seconds()
        nearest = float(onsets[np.argmin(np.abs(onsets - start))])
        assert abs(nearest - start) <= 0.15, (sub.content, start, onsets)
    # ...and nothing is said where no cue is: every onset lies inside some cue
    spans = [(s.start.total_seconds() - 0.15, s.end.total_seconds()) for s in subs]
    assert all(any(a <= o <= b for a, b in spans) for o in onsets if o < video_info(narrated).duration - 0.1)


def test_the_cue_json_beside_the_video_is_what_the_subtitles_say(renders, narrated):
    cues = read_cues(cues_path(ENTRY, LOW, renders))
    _, captions = subtitles_of(narrated)
    assert [c["id"] for c in cues] == ["square", "turn", "circle"]
    firsts = [c for c in captions if "." not in c.identifier or c.identifier.endswith(".1")]
    assert np.allclose([c["start"] for c in cues], [c.start_time.in_milliseconds() / 1000 for c in firsts], atol=1e-3)
    circle = cues[2]  # two sentences: the second part starts after the first sentence's words
    assert [p[1] for p in circle["parts"]] == ["Then it becomes a circle.", "That is all."]
    assert 0.8 < circle["parts"][1][0] < circle["duration"] - 0.3
    assert all(c["source"] == "piper" and c["duration"] > 1.0 for c in cues)


# ----------------------------------------------------------------------------- cache


def test_synthesized_parts_start_exactly_where_their_words_do(renders):
    from hidden_layers.narration.caption_parts import pauses, split_caption

    text = ("A long first sentence, with a comma in the middle, runs on well past the length of two subtitle "
            "lines. Then a short one.")
    said, duration = synthesize(renders, text)
    parts = json.loads(piper_voice.parts_file(said).read_text())
    assert [p[1] for p in parts] == split_caption(text) and len(parts) == 3
    assert parts[0][0] == 0 and parts[0][0] < parts[1][0] < parts[2][0] < duration - wav.TAIL
    with wave.open(str(said)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2") / 32767
    ends = np.array([b for _, b in pauses(samples, wav.RATE, min_pause=0.05)])
    for offset, words in parts[1:]:  # the words start LEAD after the part's subtitle
        assert np.min(np.abs(ends - (offset + wav.LEAD))) <= 0.03, (words, offset, ends)


def test_unchanged_speech_comes_from_the_cache_byte_identical(renders, narrated):
    text = script_texts()[0]
    first, _ = synthesize(renders, text)
    mtime = first.stat().st_mtime_ns
    again, _ = synthesize(renders, text)
    assert again == first and again.stat().st_mtime_ns == mtime
    before = audio_md5(narrated)
    path, rendered = render_scene(ENTRY, LOW, renders, force=True)
    assert rendered and audio_md5(path) == before


def test_an_unchanged_scene_is_not_rendered_again(renders, narrated):
    mtime = narrated.stat().st_mtime_ns
    _, rendered = render_scene(ENTRY, LOW, renders)
    assert not rendered and narrated.stat().st_mtime_ns == mtime


# ----------------------------------------------------------------------------- your own voice


def test_a_recording_retimes_its_stage_and_the_subtitles_follow(renders, narrated, capfd):
    base = read_cues(cues_path(ENTRY, LOW, renders))
    base_duration = video_info(narrated).duration
    recording = tone_wav(renders.recordings / ENTRY.id / "turn.wav", 7.5, rate=44_100, channels=2)
    try:
        path, rendered = render_scene(ENTRY, LOW, renders)  # the recording changes the render key
        assert rendered
        err = capfd.readouterr().err
        assert "'square'" in err and "'circle'" in err and "'turn'" not in err  # the fallbacks are named
        cues = {c["id"]: c for c in read_cues(cues_path(ENTRY, LOW, renders))}
        turn = cues["turn"]
        assert turn["source"] == "recording" and cues["square"]["source"] == "piper"
        expected = 7.5 + wav.LEAD + wav.TAIL  # leading silence trimmed, tail added
        assert abs(turn["duration"] - expected) < 0.01
        assert cues["circle"]["start"] >= turn["start"] + turn["duration"] - 1e-6  # the next stage waits
        assert cues["circle"]["start"] - turn["start"] < turn["duration"] + 2 * FRAME
        old = {c["id"]: c for c in base}
        shift = turn["duration"] - old["turn"]["duration"]
        assert abs(video_info(path).duration - (base_duration + shift)) <= 2 * FRAME
        subs, captions = subtitles_of(path)
        assert abs(subs[2].start.total_seconds() - cues["circle"]["start"]) < 2e-3
        assert abs(captions[2].start_time.in_milliseconds() / 1000 - cues["circle"]["start"]) < 2e-3
        onsets = np.array(audio.speech_onsets(path))
        assert np.min(np.abs(onsets - turn["start"])) <= 0.15
    finally:
        recording.unlink()
        render_scene(ENTRY, LOW, renders)  # back to the synthetic voice for the other tests


def test_a_recording_at_another_rate_is_resampled_to_48k(renders, tmp_path):
    spoken, duration = recordings.from_recording(tone_wav(tmp_path / "x.wav", 1.0, rate=22_050), speech_cache(renders))
    with wave.open(str(spoken)) as w:
        assert (w.getframerate(), w.getnchannels()) == (48_000, 1)
    assert abs(duration - (1.0 + wav.LEAD + wav.TAIL)) < 0.01


# ----------------------------------------------------------------------------- voice none


def test_voice_none_is_silent_with_the_same_timing(renders, narrated):
    cues = read_cues(cues_path(ENTRY, LOW, renders))
    duration = video_info(narrated).duration
    path, rendered = render_scene(ENTRY, LOW, renders.replace(voice="none"))
    assert rendered
    silent = read_cues(cues_path(ENTRY, LOW, renders))
    assert [(c["start"], c["duration"], c["parts"]) for c in silent] == [(c["start"], c["duration"], c["parts"]) for c in cues]
    assert video_info(path).duration == duration
    audios = [s for s in audio.streams(path) if s["codec_type"] == "audio"]
    assert len(audios) == 1 and audios[0]["codec_name"] == "aac"  # a silent track, documented
    assert audio.audio_figures(path)["max_volume_db"] < -80
    assert len(subtitles_of(path)[0]) == 4  # three cues, the last in two sentences
    render_scene(ENTRY, LOW, renders)  # back to the narrated render for the other tests


# ----------------------------------------------------------------------------- bad input


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, make, message", [
    ("corrupt", lambda p: write_bytes(p, b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk"), "not a readable WAV"),
    ("empty", lambda p: write_bytes(p, b""), "is empty"),
    ("silent", lambda p: write_bytes(p, tone_wav(p, 0.0).read_bytes()), "has no sound"),
    ("rate", lambda p: tone_wav(p, 0.5, rate=4_000), "sample rate 4000 Hz"),
])
def test_a_bad_recording_is_one_clear_error_and_earlier_renders_stay(renders, narrated, name, make, message):
    before = narrated.read_bytes()
    bad = make(renders.recordings / ENTRY.id / "square.wav")
    try:
        with pytest.raises(wav.SpeechError) as info:
            render_scene(ENTRY, LOW, renders, force=True)
        line = str(info.value)
        assert message in line and "square.wav" in line and "\n" not in line
        assert narrated.read_bytes() == before
    finally:
        bad.unlink()


def test_a_recording_named_after_no_cue_is_rejected(renders, narrated):
    stray = tone_wav(renders.recordings / ENTRY.id / "sqaure.wav", 0.5)
    try:
        with pytest.raises(wav.SpeechError, match=r"sqaure\.wav matches no cue of tiny\.toml; rename it"):
            render_scene(ENTRY, LOW, renders, force=True)
    finally:
        stray.unlink()


def test_a_missing_voice_model_is_one_clear_error(renders, narrated, tmp_path):
    before = narrated.read_bytes()
    with pytest.raises(wav.SpeechError, match=r"nowhere\.onnx is missing or empty; point --voice-model"):
        render_scene(ENTRY, LOW, renders.replace(voice_model=tmp_path / "nowhere.onnx"), force=True)
    assert narrated.read_bytes() == before


def test_the_cli_prints_bad_input_as_one_line(renders, tmp_path):
    bad = write_bytes(tmp_path / "rec" / "regression" / "targets.wav", b"not a wav at all")
    env = {**os.environ}
    bin_ = Path(sys.executable).parent / "hidden-layers"
    renders_flag = ["--renders", str(tmp_path / "r")]
    result = subprocess.run([str(bin_), *renders_flag, "render", "regression", "--recordings", str(tmp_path / "rec")], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert lines == [l for l in lines if l.startswith("error: recording ")] and len(lines) == 1, result.stderr
    assert str(bad) in lines[0]
    result = subprocess.run([str(bin_), *renders_flag, "render", "regression", "--voice", "loud"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 2 and "loud" in result.stderr


def test_the_teleprompter_lists_every_cue_with_its_file(renders):
    from scenes.kit.narrate import load_script

    bin_ = Path(sys.executable).parent / "hidden-layers"
    out = subprocess.run([str(bin_), "script", "regression"], capture_output=True, text=True, timeout=120,
                         env=os.environ).stdout
    for cue_id in load_script("regression"):
        assert f"[{cue_id}]  -> {cue_id}.wav" in out


# ----------------------------------------------------------------------------- the joined video


def test_joined_scenes_keep_one_aac_track_in_sync_and_the_subtitles_shift(renders, narrated, tmp_path):
    from hidden_layers.render.frames import concat_videos

    joined = concat_videos([narrated, narrated], tmp_path / "joined.mp4", tmp_path / "scratch")
    audios = [s for s in audio.streams(joined) if s["codec_type"] == "audio"]
    assert len(audios) == 1 and audios[0]["codec_name"] == "aac" and int(audios[0]["sample_rate"]) == 48_000
    one = video_info(narrated).duration
    assert abs(video_info(joined).duration - 2 * one) <= FRAME
    assert abs(float(audios[0]["duration"]) - video_info(joined).duration) <= FRAME
    assert -16.5 <= audio.audio_figures(joined)["integrated_lufs"] <= -13.5
    cues = read_cues(cues_path(ENTRY, LOW, renders))
    from hidden_layers.narration import subtitles

    lines = subtitles.joined_lines([cues, cues], [one, one])
    onsets = np.array(audio.speech_onsets(joined))
    for line in lines:
        assert np.min(np.abs(onsets - line.start)) <= 0.15, (line, onsets)
