"""Narration scripts and subtitles: every script in scenes/scripts is valid, has no typed number,
and is spoken cue for cue by its scene (a dry run); the subtitle writers (srt, webvtt-py)
round-trip; the whole video's subtitles sit at the rendered scenes' real starts; and the
regression chapter's spoken numbers equal its models'."""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from functools import lru_cache

import numpy as np
import pytest
import srt
import webvtt

from hidden_layers.narration import subtitles
from contract.flow import load_flow
from contract.paths import flow_path
from hidden_layers.story import GENERAL_CHAPTERS, SCENES_IN_ORDER
from contract.paths import SCRIPTS_DIR
from scenes.kit.narrate import load_script, spoken_number

SCRIPTS = sorted(SCRIPTS_DIR.glob("*.toml"))


def scene_classes() -> dict[str, tuple]:
    """script name -> (story entry, scene class), for every scene of the story that speaks."""
    from hidden_layers.narration.scene_speech import scene_script

    found = {}
    for entry in SCENES_IN_ORDER:
        script = scene_script(entry)
        if script is not None:
            import importlib

            found[script.stem] = (entry, getattr(importlib.import_module(f"scenes.{entry.path.stem}"), entry.cls))
    return found


@lru_cache(maxsize=None)
def dry_run_cues(script_name: str) -> tuple:
    """(id, text) of every cue the scene speaks, in order: a dry run with the untimed voice."""
    from hidden_layers.narration.scene_speech import spoken_cues

    entry, _ = scene_classes()[script_name]
    return tuple(spoken_cues(entry))


# ----------------------------------------------------------------------------- every script


def test_there_are_scripts():
    assert any(p.stem == "regression" for p in SCRIPTS)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_a_script_is_valid_toml_with_three_cues_and_no_typed_numbers(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cues = load_script(path.stem)
    assert list(cues) == list(data) and (len(cues) >= 3 or path.stem == "cold-open")  # the cold open is one line
    for cue_id, text in cues.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cue_id), f"cue id {cue_id!r}: use lower-case-words"
        assert not re.search(r"(?<![A-Za-z])\d", text), f"[{cue_id}] types a number; use a {{placeholder}}"


@pytest.mark.parametrize("path", [p for p in SCRIPTS if p.stem not in {e.id for e in GENERAL_CHAPTERS}],
                         ids=lambda p: p.stem)  # a general chapter's cues depend on its flow: test_general_chapters.py
def test_a_script_is_spoken_by_its_scene_cue_for_cue(path):
    scenes = scene_classes()
    assert path.stem in scenes, f"no scene of the story speaks {path.name}"
    spoken = [cue_id for cue_id, _ in dry_run_cues(path.stem)]
    assert spoken == list(load_script(path.stem))  # each cue once, in the script's order


def test_every_speaking_scene_has_its_script():
    for name in scene_classes():
        assert (SCRIPTS_DIR / f"{name}.toml").exists()


# ----------------------------------------------------------------------------- the regression chapter's words


def test_the_regression_narration_speaks_the_models_numbers():
    from scenes.kit.pieces import one_hidden_layer
    from scenes.kit.plots import fit_errors
    from scenes.regression import ReluPiecesParabola as S

    said = dict(dry_run_cues("regression"))
    linear, relu, wide = (load_flow(flow_path(n)) for n in (S.linear_flow, S.relu_flow, S.wide_flow))
    points = len(relu.X)
    assert f"These {points} points" in said["targets"] and f"each of the {points} points" in said["errors"]
    assert said["one-neuron"].endswith(f"as much as {spoken_number(fit_errors(linear.meta)[0])}.")
    width = one_hidden_layer(relu).width
    assert f"hidden layer of {one_hidden_layer(load_flow(flow_path(S.linear_hidden_flow))).width} units" in \
        said["linear-hidden"]
    assert f"all {width} pieces" in said["the-curve"].lower()
    assert said["the-curve"].endswith(f"Its largest error is {spoken_number(fit_errors(relu.meta)[0])}.")
    narrow_err, wide_err = fit_errors(relu.meta)[0], fit_errors(wide.meta)[0]
    assert f"with {one_hidden_layer(wide).width} ReLU units" in said["wide"]
    assert f"largest error is {spoken_number(wide_err)}, about {narrow_err / wide_err:.0f} times smaller" in said["wide"]
    assert narrow_err / wide_err > 2  # "far more kinks", "much closer to zero": the wider net really is closer
    # the unit it singles out: its kink, its flat side and its output weight, from the weights
    from scenes.kit.pieces import input_range, kinks, pick_unit

    net = one_hidden_layer(relu)
    k = pick_unit(relu, *input_range(relu))
    kink = float(kinks(relu)[k])
    flat = "left" if net.w1[k] > 0 else "right"
    assert f"Hidden unit {k + 1} outputs zero to the {flat} of its kink, at x equal to {spoken_number(kink)}" \
        in said["one-unit"]
    xs = np.linspace(*input_range(relu), 1001)
    a = np.maximum(0, net.w1[k] * xs + net.b1[k])
    assert np.all(a[(xs < kink) if flat == "left" else (xs > kink)] == 0)
    assert f"Here it is {spoken_number(net.w2[k])}" in said["output-weight"]
    assert ("flips it" in said["output-weight"]) == (net.w2[k] < 0)


def test_spoken_numbers_read_plainly():
    assert [spoken_number(v) for v in (0.16498, 0.0033020, 0.00035080, -0.2412, 400, 0.71)] == \
        ["0.16", "0.0033", "0.00035", "minus 0.24", "400", "0.71"]


# ----------------------------------------------------------------------------- subtitle files


CUES = [{"id": "a", "text": "First, the points.", "start": 0.5, "duration": 2.0},
        {"id": "b", "text": "Then the line, which runs over.", "start": 2.2, "duration": 3.0},
        {"id": "c", "text": "Past the end.", "start": 6.0, "duration": 2.0}]


def test_lines_are_cut_at_the_next_cue_and_the_end_of_the_video():
    lines = subtitles.lines_from_cues(CUES, video_duration=7.0)
    assert [(l.start, l.end) for l in lines] == [(0.5, 2.2), (2.2, 5.2), (6.0, 7.0)]


def test_srt_and_vtt_round_trip_through_their_libraries(tmp_path):
    lines = subtitles.lines_from_cues(CUES, video_duration=9.0)
    srt_path, vtt_path = subtitles.write_subtitles(lines, tmp_path / "v.mp4")
    subs = list(srt.parse(srt_path.read_text(encoding="utf-8")))
    assert [s.content for s in subs] == [c["text"] for c in CUES]
    assert [s.start for s in subs] == [timedelta(seconds=c["start"]) for c in CUES]
    captions = webvtt.read(str(vtt_path)).captions
    assert [c.text for c in captions] == [c["text"] for c in CUES]
    assert [c.identifier for c in captions] == ["a", "b", "c"]
    assert [c.start_time.in_milliseconds() for c in captions] == [500, 2200, 6000]


def test_the_whole_video_shifts_each_scene_by_the_real_durations_before_it():
    lines = subtitles.joined_lines([CUES[:2], [], CUES], durations=[5.0, 3.25, 9.0])
    starts = [round(l.start, 6) for l in lines]
    assert starts == [0.5, 2.2, 8.75, 10.45, 14.25]
    assert all(a.end <= b.start + 1e-9 for a, b in zip(lines, lines[1:]))


# ----------------------------------------------------------------------------- cues cut to subtitle size


def test_every_script_cue_splits_into_parts_of_two_subtitle_lines_at_most():
    from hidden_layers.narration.caption_parts import MAX_CHARS, split_caption

    for script in SCRIPTS:
        for cue_id, text in load_script(script.stem).items():
            parts = split_caption(text)
            assert " ".join(parts) == text, (script.name, cue_id)
            assert all(len(p) <= MAX_CHARS or " " not in p for p in parts), (script.name, cue_id, parts)
    assert split_caption("One. Two? Three!") == ["One.", "Two?", "Three!"]
    long = "The first half of a long sentence goes here, and the second half of it follows on after."
    assert split_caption(long, max_chars=60) == ["The first half of a long sentence goes here,",
                                                 "and the second half of it follows on after."]


def tone_with_pauses(spans: list[tuple[float, float]], total: float, rate: int = 48_000) -> np.ndarray:
    t = np.arange(int(total * rate)) / rate
    loud = np.zeros_like(t, dtype=bool)
    for a, b in spans:
        loud |= (t >= a) & (t < b)
    return np.where(loud, 0.3 * np.sin(2 * np.pi * 220 * t), 0.0)


def test_each_part_starts_where_its_words_start_after_a_pause():
    from hidden_layers.narration.caption_parts import part_offsets, pauses

    # three "sentences" with pauses, and a short comma-like dip inside the second one
    samples = tone_with_pauses([(0.05, 1.9), (2.3, 3.0), (3.08, 4.2), (4.6, 5.5)], 5.9)
    assert [(round(a, 2), round(b, 2)) for a, b in pauses(samples, 48_000)] == [(1.9, 2.3), (4.2, 4.6)]
    sentences = [["a" * 30], ["b" * 30], ["c" * 15]]
    offsets = part_offsets(sentences, samples, 48_000)
    assert offsets[0] == 0.0
    assert abs(offsets[1] - 2.3) <= 0.011 and abs(offsets[2] - 4.6) <= 0.011
    # no pause at all: the parts share the speech by their characters, in order
    flat = part_offsets(sentences, tone_with_pauses([(0.0, 6.0)], 6.0), 48_000)
    assert flat[0] == 0 and flat[1] < flat[2] and abs(flat[1] - 31 / 78 * 6.0) < 0.02  # shares count each part with its space


def test_a_cue_with_parts_becomes_consecutive_lines_ending_with_the_cue():
    cue = {"id": "a", "text": "One. Two.", "start": 1.0, "duration": 3.0, "parts": [[0.0, "One."], [1.2, "Two."]]}
    lines = subtitles.lines_from_cues([cue, dict(CUES[2], start=5.0)], video_duration=9.0)
    assert [(l.start, l.end, l.text, l.id, l.cue) for l in lines[:2]] == [
        (1.0, 2.2, "One.", "a.1", "a"), (2.2, 4.0, "Two.", "a.2", "a")]
    whole = subtitles.lines_from_cues([cue], video_duration=9.0, whole_cues=True)
    assert [(l.start, l.end, l.text) for l in whole] == [(1.0, 4.0, "One. Two.")]
