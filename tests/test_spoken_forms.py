"""What is said is what is meant (issue #14, part 4): every cue of every chapter, as its scene
fills it, is phonemized by the voice's own phonemizer (Piper's espeak-ng, no audio), and no
character of it may be dropped silently, and every number in it must be read as its words."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from contract.script import integer_words, number_words, spoken_number
from hidden_layers.story import SCENES_IN_ORDER

SILENT_PUNCTUATION = set(",.;:!?'\"()")  # Piper reads these as pauses or not at all, as meant
NUMBER = re.compile(r"(?<![\w.])-?\d{1,3}(?:,\d{3})*(?:\.\d+)?%?|(?<![\w.])-?\d+(?:\.\d+)?%?")


@lru_cache(maxsize=1)
def voice():
    from hidden_layers.narration.piper_voice import load_voice, voice_model

    return load_voice(voice_model())


@lru_cache(maxsize=None)
def phonemes(text: str) -> str:
    """Piper's phonemes for ``text``, stress marks, spaces and pauses left out (espeak runs some
    words together in context: "ʌvðə")."""
    said = "".join("".join(sentence) for sentence in voice().phonemize(text))
    return re.sub(r"[ˈˌ\s,.;:!?]", "", said)


def _read_as_is(text: str, i: int) -> bool:
    ch = text[i]
    if ch.isspace() or ch in SILENT_PUNCTUATION or (ch.isascii() and ch.isalnum()):
        return True
    return ch == "-" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()


def dropped(text: str) -> list[str]:
    """The characters of ``text`` the phonemizer leaves out without a sound: taking one out (or a
    run of such characters, as "⁻⁷") does not change what is said. ASCII letters and digits count
    as read, silent punctuation as meant, a hyphen inside a word too."""
    said, out = phonemes(text), []
    odd = [i for i in range(len(text)) if not _read_as_is(text, i)]
    groups, current = [], []  # maximal runs of odd characters, also taken out together
    for i in odd:
        if current and i != current[-1] + 1:
            groups.append(current)
            current = []
        current.append(i)
    if current:
        groups.append(current)
    for group in [[i] for i in odd] + [g for g in groups if len(g) > 1]:
        a, b = group[0], group[-1] + 1
        if phonemes(text[:a] + text[b:]) == said:
            out.append(f"{text[a:b]!r} at {a}: …{text[max(0, a - 20):b + 20]}…")
    return out


@lru_cache(maxsize=None)
def spoken(scene_id: str) -> tuple[tuple[str, str], ...]:
    from hidden_layers.narration.scene_speech import spoken_cues
    from hidden_layers.story import find_scene

    return tuple(spoken_cues(find_scene(scene_id), spoken=True))


# ----------------------------------------------------------------------------- the detector and the forms


def test_the_detector_hears_what_piper_drops():
    assert dropped("at most 9.54 × 10⁻⁷ of its size")  # read "nine point five four times ten"
    assert dropped("w·x")
    assert not dropped("at most nine point five four times ten to the minus seven of its size")
    assert not dropped("b -0.11, 99.5% of 1,000 points; ReLU's pre-activations (z).")
    assert phonemes("10⁻⁷") == phonemes("ten")


def test_spoken_numbers_in_words_where_digits_would_be_misread():
    assert spoken_number(9.54e-7, 3) == "nine point five four times ten to the minus seven"
    assert spoken_number(-2.5e-6) == "minus two point five times ten to the minus six"
    assert spoken_number(3e-5) == "three times ten to the minus five"
    # plain decimals stay digits (the phonemizer reads them right; renders of them stay the same)
    assert [spoken_number(v) for v in (0.16498, 0.0033020, 0.00035080, -0.2412, 400, 0.71)] == \
        ["0.16", "0.0033", "0.00035", "minus 0.24", "400", "0.71"]
    assert integer_words(1205) == "one thousand two hundred five" and integer_words(40) == "forty"
    assert number_words("-0.84") == "minus zero point eight four" and number_words("99.5%") == "ninety nine point five percent"
    for written in ("0.0033", "-0.84", "1,000", "1,205", "99.5%", "400", "17", "0.25"):
        assert phonemes(written) == phonemes(number_words(written)), written


# ----------------------------------------------------------------------------- every cue of every chapter


SPEAKING = [entry.id for entry in SCENES_IN_ORDER]


@pytest.mark.parametrize("scene_id", SPEAKING)
def test_no_character_of_a_cue_is_dropped_silently(scene_id):
    cues = spoken(scene_id)
    for cue_id, text in cues:
        assert not dropped(text), f"{scene_id} [{cue_id}] loses {dropped(text)}: give it a spoken form (Said)"


@pytest.mark.parametrize("scene_id", SPEAKING)
def test_every_number_a_cue_speaks_is_read_as_its_words(scene_id):
    for cue_id, text in spoken(scene_id):
        said = phonemes(text)
        for number in NUMBER.findall(text):
            words = phonemes(number_words(number.rstrip(",")))
            assert words in said, f"{scene_id} [{cue_id}]: {number!r} is not read as {number_words(number)!r}"
