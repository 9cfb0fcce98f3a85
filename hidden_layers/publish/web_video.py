"""The web copy of a video: H.264 High yuv420p, moov atom first (fast start), optionally with
soft subtitles; checked with ffprobe and by reading the MP4's top-level boxes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from .common import PublishError


def probe(path: Path) -> dict:
    """ffprobe's codec, profile and pixel format of the first video stream."""
    proc = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                           "stream=codec_name,profile,pix_fmt,width,height", "-of", "json", str(path)],
                          capture_output=True, text=True)
    streams = json.loads(proc.stdout or "{}").get("streams") if proc.returncode == 0 else None
    if not streams:
        raise PublishError(f"{path} is not a readable video; render it again with `hidden-layers video`")
    return streams[0]


def top_level_boxes(path: Path) -> list[str]:
    """The MP4's top-level box types in file order (fast start: moov before mdat)."""
    names = []
    with open(path, "rb") as f:
        size_total = os.fstat(f.fileno()).st_size
        pos = 0
        while pos + 8 <= size_total:
            f.seek(pos)
            header = f.read(16)
            size, kind = int.from_bytes(header[:4], "big"), header[4:8].decode("latin-1")
            if size == 1:
                size = int.from_bytes(header[8:16], "big")
            elif size == 0:
                size = size_total - pos
            if size < 8:
                break
            names.append(kind)
            pos += size
    return names


def is_web_ready(path: Path) -> tuple[bool, bool]:
    """(H.264 High yuv420p, moov before mdat)."""
    s = probe(path)
    codec_ok = s.get("codec_name") == "h264" and s.get("profile") == "High" and s.get("pix_fmt") == "yuv420p"
    boxes = top_level_boxes(path)
    fast = "moov" in boxes and "mdat" in boxes and boxes.index("moov") < boxes.index("mdat")
    return codec_ok, fast


def link_or_copy(source: Path, tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)  # the renders are replaced by rename, never rewritten in place
    except OSError:
        shutil.copyfile(source, tmp)


def write_web_video(source: Path, tmp: Path, srt: Path | None = None) -> str:
    """Put a YouTube/web-ready copy of ``source`` at ``tmp``, with ``srt`` (if given) as a soft
    subtitle track (mov_text, English, off by default); says which way it went. H.264 High
    yuv420p is never re-encoded: its streams are copied (or the file hard-linked)."""
    codec_ok, fast = is_web_ready(source)
    if codec_ok and fast and srt is None:
        link_or_copy(source, tmp)
        return "linked"
    if codec_ok:
        args, how = ["-c:v", "copy", "-c:a", "copy"], "streams copied"
    else:
        args, how = ["-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-crf", "18",
                     "-preset", "medium", "-c:a", "aac", "-b:a", "160k"], "re-encoded"
    inputs, maps = ["-i", str(source)], ["-map", "0:v:0", "-map", "0:a?"]
    if srt is not None:
        inputs += ["-i", str(srt)]
        maps += ["-map", "1:0"]
        args += ["-c:s", "mov_text", "-metadata:s:s:0", "language=eng"]
        how += ", subtitles added"
    proc = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *inputs, *maps, *args,
                           "-movflags", "+faststart", "-f", "mp4", str(tmp)], capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise PublishError(f"making the web copy of {source.name} failed: {last}")
    return how
