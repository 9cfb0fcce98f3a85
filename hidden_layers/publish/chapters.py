"""The scenes as YouTube chapters (each >= 10 s, at least 3), and the text made from them:
chapters.txt, the description, the transcript, a short paragraph per chapter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..narration import subtitles
from ..render.video import timestamp
from .common import SUMMARY, TITLE, Chapter, PublishError

MIN_CHAPTER = 10.0  # YouTube's shortest chapter, seconds
MIN_CHAPTERS = 3


@dataclass(frozen=True)
class YoutubeChapter:
    start: float
    end: float
    title: str
    parts: tuple[Chapter, ...]


def youtube_chapters(chapters: list[Chapter], min_seconds: float = MIN_CHAPTER) -> list[YoutubeChapter]:
    """Scenes as YouTube chapters; a scene shorter than ``min_seconds`` joins its neighbour (the
    next one, or the previous one at the end). Timestamps are whole seconds, as YouTube shows
    them, so lengths are checked on the rounded-down starts. Fewer than 3 chapters is an error."""
    groups: list[list[Chapter]] = []
    for ch in chapters:
        if groups and (int(groups[-1][-1].end) - int(groups[-1][0].start)) < min_seconds:
            groups[-1].append(ch)  # the open group is still too short: this scene joins it
        else:
            groups.append([ch])
    if len(groups) > 1 and int(groups[-1][-1].end) - int(groups[-1][0].start) < min_seconds:
        groups[-2] += groups.pop()
    result = [YoutubeChapter(g[0].start, g[-1].end, " / ".join(c.title for c in g), tuple(g)) for g in groups]
    if len(result) < MIN_CHAPTERS:
        total = chapters[-1].end if chapters else 0.0
        raise PublishError(f"the video ({total:.1f} s) makes only {len(result)} chapter(s) of at least "
                           f"{min_seconds:g} s; YouTube needs {MIN_CHAPTERS}: render more scenes or longer ones")
    return result


def chapters_text(chapters: list[YoutubeChapter]) -> str:
    return "".join(f"{timestamp(c.start)} {c.title}\n" for c in chapters)


def description_text(chapters: list[YoutubeChapter], title: str = TITLE, summary: str = SUMMARY) -> str:
    lines = [title, "", summary, "", "Chapters", *chapters_text(chapters).splitlines(), "",
             "What each chapter shows (every figure is read from the trained model's exported flow):"]
    for ch in chapters:  # titles only: a second list of timestamps could confuse YouTube's chapters
        lines += ["", ch.title]
        facts = [f for part in ch.parts for f in part.facts]
        lines += [f"  - {f}" for f in dict.fromkeys(facts)] or ["  - (no trained model in this chapter)"]
    lines += ["", "Subtitles: hidden-layers.srt. Made with Manim Community and small PyTorch models."]
    return "\n".join(lines) + "\n"


def transcript(chapters: list[Chapter], whole_cues: bool = False) -> list[subtitles.Line]:
    """The subtitle lines of the joined video (as `hidden-layers video` writes them), or with
    ``whole_cues`` one line per spoken cue (the page's transcript reads as paragraphs)."""
    return subtitles.joined_lines([c.cues for c in chapters], [c.duration for c in chapters], whole_cues)


def chapter_paragraph(ch: Chapter, max_chars: int = 320) -> str:
    """A short paragraph: the first sentences the chapter speaks, else its models."""
    text = " ".join(c["text"].strip() for c in ch.cues if c.get("text"))
    if not text:
        return ("Models: " + "; ".join(ch.facts) + ".") if ch.facts else ch.title + "."
    sentences = re.split(r"(?<=[.!?])\s+", text)
    out = sentences[0]
    for s in sentences[1:]:
        if len(out) + 1 + len(s) > max_chars:
            break
        out += " " + s
    return out
