"""Subtitles from the cues a render spoke: SRT (the `srt` library) and WebVTT (`webvtt-py`).

A scene's render leaves ``.<scene>.cues.json`` beside its MP4 (id, text, start, duration of
every cue, in scene time, and its parts: the text cut to subtitle size, each part timed on the
cue's speech). A cue's subtitles run from its start to the end of its speech, cut at the next
cue's start and at the end of the video; each part shows until the next part starts. The whole video's subtitles shift each scene's
cues by where that scene really starts in the joined video (the rendered scenes' durations,
never predicted ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from contract.atomic import atomic_write_text


@dataclass(frozen=True)
class Line:
    start: float
    end: float
    text: str
    id: str = ""
    cue: str = ""  # the id of the cue this line is (part of)


def lines_from_cues(cues: list[dict], video_duration: float, offset: float = 0.0,
                    whole_cues: bool = False) -> list[Line]:
    """Subtitle lines: one per part of each cue, or one per cue with ``whole_cues`` (a
    transcript). Cues written before parts existed count as one part."""
    lines = []
    for i, cue in enumerate(cues):
        start = float(cue["start"])
        end = start + float(cue["duration"])
        if i + 1 < len(cues):
            end = min(end, float(cues[i + 1]["start"]))
        end = min(end, video_duration)
        if end - start <= 1e-3:  # silent voice with no timing, or a cue past the end
            continue
        parts = cue.get("parts") or [[0.0, cue["text"]]]
        if whole_cues or len(parts) == 1:
            lines.append(Line(start + offset, end + offset, cue["text"], cue["id"], cue["id"]))
            continue
        starts = [min(start + float(at), end) for at, _ in parts] + [end]
        for k, (_, text) in enumerate(parts):
            if starts[k + 1] - starts[k] > 1e-3:
                lines.append(Line(starts[k] + offset, starts[k + 1] + offset, text, f"{cue['id']}.{k + 1}", cue["id"]))
    return lines


def to_srt(lines: list[Line]) -> str:
    import srt

    def ms(seconds: float) -> timedelta:  # rounded to the millisecond, as in the WebVTT file
        return timedelta(milliseconds=round(seconds * 1000))

    return srt.compose([srt.Subtitle(index=i + 1, start=ms(l.start), end=ms(l.end), content=l.text)
                        for i, l in enumerate(lines)])


def _vtt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def to_vtt(lines: list[Line]) -> str:
    import webvtt

    vtt = webvtt.WebVTT()
    for line in lines:
        vtt.captions.append(webvtt.Caption(_vtt_time(line.start), _vtt_time(line.end), line.text,
                                           identifier=line.id or None))
    return vtt.content


def write_subtitles(lines: list[Line], video: Path) -> tuple[Path, Path]:
    """``<video>.srt`` and ``<video>.vtt`` beside the video, written atomically."""
    video = Path(video)
    srt_path = atomic_write_text(video.with_suffix(".srt"), to_srt(lines))
    vtt_path = atomic_write_text(video.with_suffix(".vtt"), to_vtt(lines))
    return srt_path, vtt_path


def joined_lines(scene_cues: list[list[dict]], durations: list[float], whole_cues: bool = False) -> list[Line]:
    """Every scene's lines, shifted by the real start of the scene in the joined video."""
    lines, start = [], 0.0
    for cues, duration in zip(scene_cues, durations):
        lines += lines_from_cues(cues, duration, offset=start, whole_cues=whole_cues)
        start += duration
    return lines
