"""The thumbnail: 1280 x 720 PNG under 2 MB, a frame of a chosen scene with the title on it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .common import TITLE, PublishError

THUMB_SIZE = (1280, 720)
THUMB_MAX_BYTES = 2_000_000


def _font(size: int):
    from PIL import ImageFont

    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans:bold"], capture_output=True,
                               text=True).stdout.strip()
    except OSError:
        found = ""
    for path in (found, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        if path and Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _fit_title(draw, title: str, width: int, max_size: int = 124, min_size: int = 56):
    """The largest font (and line breaks, at most 2 lines) with which the title fits ``width``."""
    words = title.split()
    for size in range(max_size, min_size - 1, -4):
        font = _font(size)
        for cut in [len(words)] + list(range(len(words) - 1, 0, -1)):
            lines = [" ".join(words[:cut]), " ".join(words[cut:])] if cut < len(words) else [title]
            if all(draw.textlength(l, font=font) <= width for l in lines):
                return font, lines
    font = _font(min_size)
    return font, [title]


def grab_frame(video: Path, at: float, target: Path) -> None:
    """The frame at ``at`` seconds, as PNG (ffmpeg seeks; far faster than decoding from 0)."""
    proc = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-ss", f"{at:.3f}", "-i", str(video),
                           "-frames:v", "1", "-f", "image2", "-c:v", "png", str(target)], capture_output=True, text=True)
    if proc.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise PublishError(f"could not read a frame at {at:.2f} s from {video}; render it again")


def compose_thumbnail(frame_png: Path, target: Path, title: str = TITLE) -> None:
    """1280 x 720: the title in large bold white type with a black outline on a dark band at the
    top, the frame below it, scaled so the picture's middle is not hidden behind the words
    (legible at 320 x 180 too)."""
    from PIL import Image, ImageDraw

    W, H = THUMB_SIZE
    frame = Image.open(frame_png).convert("RGB")
    background = frame.getpixel((2, 2))  # the scene's own background fills the sides
    img = Image.new("RGBA", (W, H), (*background, 255))
    draw = ImageDraw.Draw(img)
    font, lines = _fit_title(draw, title, W - 96)
    ascent, descent = font.getmetrics()
    line_h = ascent + descent
    band_h = 28 + line_h * len(lines) + 12
    # the frame, as large as fits below the band (its own top, where the scenes put their
    # headings, may pass under the band's fade)
    scale = min(W / frame.width, (H - band_h + 0.12 * H) / frame.height)
    fw, fh = round(frame.width * scale), round(frame.height * scale)
    img.paste(frame.resize((fw, fh), Image.LANCZOS), ((W - fw) // 2, H - fh))
    fade = 40
    band = Image.new("RGBA", (W, band_h + fade), (0, 0, 0, 0))
    bd = ImageDraw.Draw(band)
    for y in range(band_h + fade):  # opaque behind the words, fading out below them
        alpha = 255 if y < band_h else int(255 * (band_h + fade - y) / fade)
        bd.line([(0, y), (W, y)], fill=(*background, alpha))
    img.alpha_composite(band, (0, 0))
    draw = ImageDraw.Draw(img)
    y = 24
    for line in lines:
        x = (W - draw.textlength(line, font=font)) / 2
        draw.text((x, y), line, font=font, fill=(255, 255, 255, 255), stroke_width=max(3, font.size // 24),
                  stroke_fill=(0, 0, 0, 255))
        y += line_h
    img.convert("RGB").save(target, format="PNG", optimize=True)
    if target.stat().st_size >= THUMB_MAX_BYTES:  # a busy frame: fewer colours keep it under 2 MB
        Image.open(target).quantize(256).save(target, format="PNG", optimize=True)
