"""Fewer copies in Manim's encoder: a held frame converted once, every frame into one kept frame.

For a still wait (nothing moving, no updaters) Manim renders the frame once and hands it to its
segment encoder with ``repeat=N``. Manim 0.22's encoder then builds a new RGBA frame and
converts it to YUV for every one of the N copies. Converting once and sending the same YUV frame
N times gives byte-identical output at about half the cost (1080p60, x264 veryfast: 13.8 -> 6.7
ms a frame, measured with bench/bench_scenes.py's EmptyScene under cProfile, where the encoder
thread was the whole wall clock). The chapters stretch their animations over the speech, so few
of their frames are held (the sigmoid chapter: 3 repeated writes against 1,229 single frames);
closing pauses and waits are.

Every frame also goes into one RGBA frame kept by the encoder instead of a new one: PyAV's
``from_ndarray`` allocates and copies 8 MB for each 1080p frame (2.9 ms here, 1.5 into a kept
frame; bench/RESULTS.md). The encoder converts that frame to YUV into a new frame before x264
holds on to anything, so refilling it for the next frame is safe; a stream that takes RGBA as it
is (no conversion) goes through Manim's code. If a future Manim renames the encoder's internals,
``install`` leaves Manim alone and says so, rather than breaking renders.
"""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np

_NEEDED = ("_validate_frame", "_operation_error", "write_frame")
_STATE_ATTRS = ("_stream", "_container", "_next_pts", "spec")


def install() -> bool:
    """Patch Manim's segment encoder; True if patched (or already), False if left as it was."""
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    manim_write_frame = VideoSegmentEncoder.write_frame
    if getattr(manim_write_frame, "converts_held_frames_once", False):
        return True
    if not all(hasattr(VideoSegmentEncoder, name) for name in _NEEDED):
        print("note: this Manim's encoder is not the one held_frames knows; held frames encode "
              "the slow way", file=sys.stderr)
        return False

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        if not all(hasattr(self, a) for a in _STATE_ATTRS) or self.spec.pixel_format == "rgba":
            return manim_write_frame(self, pixels, repeat=repeat)
        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        time_base = Fraction(rate.denominator, rate.numerator)
        try:
            frame = _kept_rgba_frame(self, pixels)
            if repeat > 1:
                frame = frame.reformat(format=self.spec.pixel_format, width=self.spec.width, height=self.spec.height)
            for _ in range(repeat):
                # the encoder takes its own reference to the frame, so only pts changes per copy
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    write_frame.converts_held_frames_once = True
    write_frame.manim_write_frame = manim_write_frame
    VideoSegmentEncoder.write_frame = write_frame
    return True


def _kept_rgba_frame(encoder, pixels: np.ndarray):
    """The encoder's one RGBA frame, refilled with ``pixels``."""
    import av

    height, width = pixels.shape[:2]
    frame = encoder.__dict__.get("_kept_rgba_frame")
    if frame is None or (frame.width, frame.height) != (width, height):
        frame = encoder._kept_rgba_frame = av.VideoFrame(width, height, "rgba")
    plane = frame.planes[0]
    rows = np.frombuffer(plane, np.uint8).reshape(height, plane.line_size)[:, : width * 4]
    np.copyto(rows, pixels.reshape(height, width * 4))
    return frame
