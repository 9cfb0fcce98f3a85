"""Reading rendered videos back: their metadata, one frame as a PNG, and joining scenes."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contract.atomic import atomic_path

from .errors import RenderError, last_error_line


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    frames: int
    duration: float
    codec: str


def video_info(path: Path) -> VideoInfo:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for _ in container.decode(stream))
        fps = float(stream.guessed_rate or stream.average_rate)
        duration = frames / fps
        return VideoInfo(stream.codec_context.width, stream.codec_context.height, fps, frames, duration,
                         stream.codec_context.name)


def extract_frame(video: Path, at: float, target: Path) -> Path:
    """Save the frame shown at ``at`` seconds as a PNG (atomically)."""
    import av

    info = video_info(video)
    if not 0 <= at <= info.duration:
        raise RenderError(f"--at {at:g} is outside the scene, which lasts {info.duration:.2f} s; "
                          f"choose a time from 0 to {info.duration:.2f}")
    index = min(int(at * info.fps), info.frames - 1)
    with av.open(str(video)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i == index:
                image = frame.to_image()
                break
        else:
            raise RenderError(f"could not decode frame {index} of {video}; delete it and render again")
    with atomic_path(target, suffix=".png") as tmp:
        image.save(tmp, format="PNG")
    return target


def concat_copy(parts: list[Path], target: Path, scratch: Path, options: list[str], what: str) -> Path:
    """ffmpeg's concat demuxer over ``parts`` with ``-c copy`` (no re-encoding) and ``options``
    into ``target``, written atomically; a failure is one RenderError line about ``what``."""
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, dir=scratch) as listing:
        for part in parts:
            listing.write(f"file '{Path(part).resolve()}'\n")
    try:
        with atomic_path(target) as tmp:
            proc = subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listing.name,
                                   *options, "-c", "copy", "-movflags", "+faststart", str(tmp)],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                raise RenderError(f"joining the {what} failed: {last_error_line(proc.stderr)}")
    finally:
        os.unlink(listing.name)
    return target


def concat_videos(parts: list[Path], target: Path, scratch: Path) -> Path:
    """Join MP4s of one quality without re-encoding (ffmpeg's concat demuxer). The join is cut
    at the sum of the video streams' lengths: each part's AAC ends on a whole 1,024-sample frame
    (21 ms, more than a 60 fps frame), and unclipped those overhangs add up."""
    length = sum(video_info(Path(part)).duration for part in parts)
    return concat_copy(parts, target, scratch, ["-t", f"{length:.6f}"], "scenes")
