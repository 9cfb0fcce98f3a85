"""Encode a held frame with one colour conversion instead of one per copy.

For a still wait (nothing moving, no updaters) Manim renders the frame once and hands it to its
segment encoder with ``repeat=N``. Manim 0.22's encoder then builds a new RGBA frame and
converts it to YUV for every one of the N copies. Converting once and sending the same YUV frame
N times gives byte-identical output at about half the cost (1080p60, x264 veryfast: 13.8 -> 6.7
ms a frame, measured with bench/bench_scenes.py's EmptyScene under cProfile, where the encoder
thread was the whole wall clock). The chapters stretch their animations over the speech, so few
of their frames are held (the sigmoid chapter: 3 repeated writes against 1,229 single frames);
closing pauses and waits are.

Only the repeat path changes; a single frame goes through Manim's own code. If a future Manim
renames the encoder's internals, ``install`` leaves Manim alone and says so, rather than breaking
renders.
"""

from __future__ import annotations

import sys
from fractions import Fraction

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
        if repeat == 1 or not all(hasattr(self, a) for a in _STATE_ATTRS):
            return manim_write_frame(self, pixels, repeat=repeat)
        import av

        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        time_base = Fraction(rate.denominator, rate.numerator)
        try:
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                format=self.spec.pixel_format, width=self.spec.width, height=self.spec.height)
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
