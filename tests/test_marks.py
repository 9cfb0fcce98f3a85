"""Marks inside a cue (``{@name}`` before a word): never spoken nor shown, timed from the speech
itself, and a chapter's animation starts on its word (issue #14)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from contract.script import Line, ScriptError, fill, fill_line, said_number
from hidden_layers.narration import piper_voice
from hidden_layers.narration.cues import cue_record
from hidden_layers.narration.piper_voice import speech_key, synthesize, voice_identity, voice_model
from hidden_layers.narration.recordings import recording_marks
from hidden_layers.narration.wav import LEAD, first_sound, read_wav
from scenes.kit.narrate import Cue, Untimed

TOLERANCE = 0.1  # seconds between a mark and the start of its word in the audio


# ----------------------------------------------------------------------------- the script syntax


def test_a_mark_is_neither_spoken_nor_shown_and_names_the_next_word():
    line = fill_line("They form a flat {@plane}plane, and {@arrow} w is {x}.", {"x": "1.5"}, "t")
    assert line.text == line.spoken == "They form a flat plane, and w is 1.5."
    words = line.spoken.split()
    assert words[line.marks["plane"]] == "plane," and words[line.marks["arrow"]] == "w"
    assert fill("a {@here}b {v}", {"v": "c"}, "t") == "a b c"


def test_a_mark_is_counted_in_the_spoken_words_after_a_said_value():
    line = fill_line("at most {p} of its {@size}size", {"p": said_number("9.54 × 10⁻⁷", 9.54e-7, 3)}, "t")
    assert line.text == "at most 9.54 × 10⁻⁷ of its size"
    assert line.spoken == "at most nine point five four times ten to the minus seven of its size"
    assert line.spoken.split()[line.marks["size"]] == "size" and line.text.split()[line.written_marks["size"]] == "size"
    assert line.speakable("at most 9.54 × 10⁻⁷ of") == "at most nine point five four times ten to the minus seven of"


@pytest.mark.parametrize("template, message", [("a {@Plane}b", "lower-case"), ("a {@x}b {@x}c", "twice"),
                                               ("a {@ x}b", "lower-case")])
def test_a_bad_mark_is_one_clear_error(template, message):
    with pytest.raises(ScriptError, match=message):
        fill_line(template, {}, "cue [t]")


def test_untimed_marks_are_zero_and_an_unknown_mark_is_an_error():
    line = fill_line("a {@b}b c", {}, "t")
    spoken = Untimed().speak("t", line)
    assert spoken.marks == {"b": 0.0} and spoken.parts == [[0.0, "a b c"]]
    cue = Cue("t", line.text, 3.0, marks=dict(spoken.marks), line=line)
    assert cue.at("b") == 3.0 and cue.mark("b") == 0.0
    with pytest.raises(ScriptError, match="no mark"):
        cue.at("c")
    record = cue_record(cue)
    assert record["marks"] == {"b": 0.0} and "spoken" not in record


def test_an_unmarked_cue_keeps_its_speech_cache_key():
    """Renders of chapters without marks stay byte-identical: the same key as before marks."""
    model = voice_model()
    text = "Here are the points."
    assert speech_key(model, Line(text, text)) == "piper|" + voice_identity(model) + "|" + text
    marked = fill_line("Here are the {@points}points.", {}, "t")
    assert marked.text == text and speech_key(model, marked) != speech_key(model, Line(text, text))


# ----------------------------------------------------------------------------- a person's recording


def test_a_recordings_marks_come_from_its_sidecar_else_from_its_parts(tmp_path):
    rate = 48_000
    tone = lambda s: 0.3 * np.sin(2 * np.pi * 220 * np.arange(int(s * rate)) / rate)  # noqa: E731
    samples = np.concatenate([np.zeros(int(0.5 * rate)), tone(1.0), np.zeros(int(0.4 * rate)), tone(1.0)])
    from scipy.io import wavfile

    wav = tmp_path / "plane.wav"
    wavfile.write(wav, rate, (samples * 32767).astype("<i2"))
    line = fill_line("One two. Then {@plane}plane and {@arrow}arrow.", {}, "t")
    parts = [[0.0, "One two."], [1.45, "Then plane and arrow."]]  # the trimmed take: words at LEAD, 1.45
    estimated = recording_marks(wav, line, parts, 2.85)
    share = lambda before: len(before) / len("Then plane and arrow.")  # noqa: E731
    assert estimated["plane"] == pytest.approx(1.45 + share("Then") * (2.5 - 1.45), abs=1e-3)
    assert estimated["arrow"] == pytest.approx(1.45 + share("Then plane and") * (2.5 - 1.45), abs=1e-3)
    (tmp_path / "plane.marks.toml").write_text("plane = 2.1\n")  # on the original take, 0.5 s of silence first
    timed = recording_marks(wav, line, parts, 2.85)
    assert timed["plane"] == pytest.approx(2.1 - (0.5 - LEAD), abs=0.011)
    assert timed["arrow"] == estimated["arrow"]
    (tmp_path / "plane.marks.toml").write_text("nothing = 2.1\n")
    with pytest.raises(Exception, match="marks file"):
        recording_marks(wav, line, parts, 2.85)


# ----------------------------------------------------------------------------- a real chapter's cue


def phonemes(voice, text: str) -> list[str]:
    return [p for sentence in voice.phonemize(text) for p in sentence]


def word_start_by_search(voice, chunks, spoken_before: str, word: str) -> int:
    """Where ``word`` starts in a part's audio, found independently of the implementation: the
    phoneme sequence of the word alone, searched in the part's phonemes after as many occurrences
    as the text before it holds, its start the sum of the aligned samples before it."""
    target = [p for p in phonemes(voice, word) if p not in ",.;:!?"]
    occurrence = f" {spoken_before} ".count(f" {word} ") + f" {spoken_before} ".count(f" {word}, ")
    offset, found = 0, 0
    for chunk in chunks:
        seq = [a.phoneme for a in chunk.phoneme_alignments]
        samples = np.cumsum([0] + [int(a.num_samples) for a in chunk.phoneme_alignments])
        for i in range(len(seq) - len(target) + 1):
            if seq[i:i + len(target)] == target and seq[i - 1] in (" ", "^"):
                if found == occurrence:
                    return offset + int(samples[i])
                found += 1
        offset += chunk.audio_float_array.size
    raise AssertionError(f"{word!r} not found in the part's phonemes")


@pytest.fixture(scope="module")
def three_features_plane(voice_settings):
    """The three-features chapter's "plane" cue (marks {@plane} and {@arrow}), filled by a dry run
    of the chapter and spoken by Piper, with the chunks Piper returned for each part."""
    from scenes.more_classes import ThreeFeatures
    from tests.conftest import speaking

    from manim import tempconfig

    heard: list[tuple[str, list]] = []
    real_load = piper_voice.load_voice

    class Recording:
        def __init__(self, voice):
            self.voice = voice

        def __getattr__(self, name):
            return getattr(self.voice, name)

        def synthesize(self, text, **kw):
            chunks = list(self.voice.synthesize(text, **kw))
            heard.append((text, chunks))
            return chunks

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(piper_voice, "load_voice", lambda model: Recording(real_load(model)))
        plays = []
        real_play = ThreeFeatures.play

        def play(self, *animations, **kw):
            plays.append((self.scene_time(), [type(a).__name__ for a in animations]))
            return real_play(self, *animations, **kw)

        mp.setattr(ThreeFeatures, "play", play)
        with speaking(ThreeFeatures, "three-features", voice_settings), tempconfig(
                {"dry_run": True, "quality": "low_quality", "disable_caching": True, "progress_bar": "none",
                 "verbosity": "ERROR"}):
            scene = ThreeFeatures()
            scene.render()
    cue = next(c for c in scene.narration_log().cues if c.id == "plane")
    wav, _ = synthesize(cue.line, voice_settings.cache / "speech", voice_model())
    return cue, wav, heard, plays, scene


def test_the_chapter_script_marks_a_real_cue(three_features_plane):
    cue, wav, heard, _, _ = three_features_plane
    assert {"plane", "arrow"} <= set(cue.marks) and "{@" not in cue.text and "@" not in json.dumps(cue.parts)
    assert cue.source == "piper" and 0 < cue.mark("plane") < cue.mark("arrow") < cue.duration
    assert json.loads(piper_voice.marks_file(wav).read_text()) == cue.marks
    assert heard, "the cue was synthesized in this session (its cache is the session's own)"


def test_every_mark_lies_on_the_start_of_its_word_in_the_audio(three_features_plane):
    cue, wav, heard, _, _ = three_features_plane
    voice = piper_voice.load_voice(piper_voice.aligned_model(voice_model(), wav.parent.parent / "voices"))
    words = cue.line.spoken.split()
    parts = [text for _, text in cue.parts]
    samples, rate = read_wav(wav)
    for name, index in cue.line.marks.items():
        word = words[index].strip(",.;:")
        # the part holding the word, and the words of that part before it
        seen = 0  # counted in spoken words: a value written "-0.11" is said "minus 0.11"
        for p, part in enumerate(parts):
            n = len(cue.line.speakable(part).split())
            if seen <= index < seen + n:
                break
            seen += n
        before = " ".join(cue.line.speakable(part).split()[:index - seen])
        spoken_part, chunks = next((t, c) for t, c in reversed(heard) if t == cue.line.speakable(part))
        audio = np.concatenate([c.audio_float_array for c in chunks]).astype(float)
        at = word_start_by_search(voice, chunks, before, word)
        expected = LEAD + cue.parts[p][0] + (at - first_sound(audio)) / chunks[0].sample_rate
        print(f"mark {name}: {cue.mark(name):.4f} s, word starts {expected:.4f} s")
        assert abs(cue.mark(name) - expected) <= TOLERANCE, (name, cue.mark(name), expected)
        # and the audio is speech there: loud within the word's first 0.3 s
        window = samples[int(cue.mark(name) * rate):int((cue.mark(name) + 0.3) * rate)]
        assert np.max(np.abs(window)) > 0.05, name


def test_the_chapter_starts_the_plane_and_the_arrow_on_their_words(three_features_plane):
    cue, _, _, plays, _ = three_features_plane
    create = [t for t, kinds in plays if kinds == ["Create"] and cue.start <= t <= cue.start + cue.duration]
    fade = [t for t, kinds in plays if kinds == ["FadeIn"] and cue.start <= t <= cue.start + cue.duration]
    assert create and abs(create[0] - cue.at("plane")) <= 0.3, (create, cue.at("plane"))
    assert fade and abs(fade[-1] - cue.at("arrow")) <= 0.3, (fade, cue.at("arrow"))


def test_the_patched_voice_is_a_copy_in_the_cache(three_features_plane, voice_settings):
    _, wav, _, _, _ = three_features_plane
    installed = voice_model()
    patched = piper_voice.aligned_model(installed, wav.parent.parent / "voices")
    assert patched.model.parent == voice_settings.cache / "voices" and patched.model != installed.model
    import onnx

    outputs = [o.name for o in onnx.load(str(installed.model), load_external_data=False).graph.output]
    assert not any("Ceil" in name for name in outputs), "the installed voice must never be patched"
