"""The cues a render spoke (id, text, start, duration, end, subtitle parts), as JSON beside its
video: the source of its subtitles, its stage times and the course page's transcript."""

from __future__ import annotations

import json
from pathlib import Path

from contract.atomic import atomic_write_text


def cue_record(cue) -> dict:
    record = {"id": cue.id, "text": cue.text, "start": round(cue.start, 4), "duration": round(cue.duration, 4),
              "source": cue.source, "end": cue.end,  # unrounded: a stage end is a frame time inside the video
              "parts": cue.parts}
    spoken, marks = getattr(cue, "spoken", ""), getattr(cue, "marks", {})
    if spoken and spoken != cue.text:
        record["spoken"] = spoken  # what the voice said, when it differs from the written text
    if marks:
        record["marks"] = {name: round(t, 4) for name, t in marks.items()}  # seconds from the cue's start
    return record


def write_cues(target: Path, cues: list[dict], voice: str) -> Path:
    return atomic_write_text(Path(target), json.dumps({"voice": voice, "cues": cues}, indent=1) + "\n")


def read_cues(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["cues"]
