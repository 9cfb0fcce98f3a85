"""held_frames: a held frame is converted once, every frame goes into one kept RGBA frame, and
the encoded segment is byte-identical to Manim's."""

from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from hidden_layers.render import held_frames

SPEC = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p", width=320,
                        height=180, frame_rate=Fraction(15), options=(("preset", "veryfast"),))


def frames():
    rng = np.random.default_rng(3)
    for repeat in (1, 7, 1, 4):
        px = np.zeros((SPEC.height, SPEC.width, 4), np.uint8)
        px[..., :3] = rng.integers(0, 255, 3)
        px[40:120, rng.integers(0, 200):, 0] = 230
        px[..., 3] = 255
        yield px, repeat


def encode(path, write_frame, monkeypatch):
    """(bytes, RGBA frames built, explicit YUV conversions) of the segment ``frames()`` make."""
    built, converted = [], []
    from_ndarray, reformat = av.VideoFrame.from_ndarray, av.VideoFrame.reformat
    monkeypatch.setattr(VideoSegmentEncoder, "write_frame", write_frame)
    monkeypatch.setattr(av.VideoFrame, "from_ndarray", lambda *a, **k: built.append(1) or from_ndarray(*a, **k))
    monkeypatch.setattr(av.VideoFrame, "reformat", lambda *a, **k: converted.append(1) or reformat(*a, **k))
    encoder = VideoSegmentEncoder(target=path, spec=SPEC)
    for px, repeat in frames():
        encoder.write_frame(px, repeat=repeat)
    encoder.finish()
    monkeypatch.undo()
    return path.read_bytes(), len(built), len(converted)


def test_a_held_frame_is_converted_once_and_the_segment_is_the_same_bytes(tmp_path, monkeypatch):
    assert held_frames.install()
    patched = VideoSegmentEncoder.write_frame
    assert patched.converts_held_frames_once and held_frames.install()  # installing twice is a no-op
    ours, our_frames, our_conversions = encode(tmp_path / "ours.mp4", patched, monkeypatch)
    manims, manim_frames, _ = encode(tmp_path / "manim.mp4", patched.manim_write_frame, monkeypatch)
    assert manim_frames == 13  # a new RGBA frame for every copy
    assert our_frames == 0 and our_conversions == 2  # the kept frame; the two held frames converted once each
    assert ours == manims
    with av.open(str(tmp_path / "ours.mp4")) as video:
        decoded = [f.to_ndarray(format="rgb24") for f in video.decode(video=0)]
    assert len(decoded) == 13
    assert np.array_equal(decoded[1], decoded[7]) and not np.array_equal(decoded[7], decoded[8])


def test_a_bad_repeat_is_still_refused():
    held_frames.install()
    encoder = VideoSegmentEncoder.__new__(VideoSegmentEncoder)
    encoder._closed, encoder.spec, encoder._stream, encoder._container, encoder._next_pts = False, SPEC, None, None, 0
    with pytest.raises(ValueError, match="repeat"):
        encoder.write_frame(np.zeros((SPEC.height, SPEC.width, 4), np.uint8), repeat=0)
