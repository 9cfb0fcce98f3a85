"""`hidden-layers publish`: one folder with everything a YouTube upload and an offline course
page need, built from the rendered scenes.

renders/<quality>/publish/ holds

    hidden-layers.mp4      H.264 High, yuv420p, moov atom first (fast start), AAC narration, the
                           subtitles as a soft track (mov_text)
    hidden-layers.srt      subtitles for YouTube; hidden-layers.vtt for the page's <track>
    chapters.txt           YouTube chapters: first line 0:00, >= 3 chapters, each >= 10 s
    description.txt        summary, the chapter list, per chapter the models' facts (flow metadata)
    thumbnail.png          1280 x 720, < 2 MB: a frame of a chosen scene with the title on it
    chapters/<scene>.mp4   each chapter's own MP4 (hard links to the renders where possible)
    index.html             the course page (Jinja2, hidden_layers/templates/), offline, no network
    slides/index.html      the talk slides: every chapter, silent, one slide per beat, reveal.js
                           copied in (`hidden-layers slides --all --name hidden-layers`, made by
                           publish unless --no-slides); the page links it when it is there

The builder works on plain data (`Chapter`: title, start, duration, MP4, cues, facts), so it is
tested on small synthetic inputs. Every output is written atomically and recorded in
``.publish.json`` with a hash of its inputs; a second run rewrites only outputs whose inputs
changed, and an interrupted run leaves every earlier output whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from contract.atomic import atomic_path, atomic_write_text
from contract.flow import Flow, load_flow, monomial_names
from contract.paths import flow_path

from .narration import subtitles
from .settings import Settings

TITLE = "What hidden layers really do"
SUMMARY = ("Small neural networks, trained for real and drawn stage by stage: every point, line and "
           "number on screen comes from the trained model. One neuron draws a line; when a line is "
           "not enough, hidden layers bend and fold the plane until a straight cut separates the "
           "classes, and ReLU pieces add up to curves.")
VIDEO_NAME = "hidden-layers"  # as video.VIDEO_NAME
MIN_CHAPTER = 10.0  # YouTube's shortest chapter, seconds
MIN_CHAPTERS = 3
THUMB_SIZE = (1280, 720)
THUMB_MAX_BYTES = 2_000_000
DEFAULT_THUMBNAIL_SCENE = "spirals"
DEFAULT_THUMBNAIL_FRACTION = 0.33  # the spirals in layer 1's first rotation, grid turned under them
SLIDES_DIR = "slides"
MANIFEST = ".publish.json"
TEMPLATE = "course_page.html.j2"
_CODE = Path(__file__)


class PublishError(RuntimeError):
    """A problem the user can fix; one line."""


@dataclass(frozen=True)
class Chapter:
    """One scene of the joined video, as plain data."""
    id: str
    title: str
    start: float  # in the joined video, seconds
    duration: float
    video: Path  # the scene's own MP4
    cues: list[dict] = field(default_factory=list)  # id, text, start, duration, in scene time
    facts: list[str] = field(default_factory=list)  # one line per model shown

    @property
    def end(self) -> float:
        return self.start + self.duration


# ----------------------------------------------------------------------------- model facts


def model_fact(name: str, flow: Flow) -> str:
    """One line about a model, every figure read from its flow: shape, score, data."""
    meta = flow.meta
    arch = meta.get("architecture", {})
    widths = [int(w) for w in arch.get("widths", flow.widths)]
    last = flow.stages[-1]
    out = last.name if last.kind == "activation" else "linear"
    inputs = f"{widths[0]} input{'s' if widths[0] != 1 else ''}"
    if meta.get("features"):
        inputs = "the features " + ", ".join(monomial_names(np.asarray(meta["features"])))
    if len(widths) == 2:
        shape = (f"one {out} neuron on {inputs}" if widths[1] == 1
                 else f"one layer of {widths[1]} neurons ({out}) on {inputs}")
    else:
        shape = f"a {'-'.join(map(str, widths))} network, {arch.get('hidden', '?')} hidden units, {out} output"
    if "accuracy" in meta:
        score = f"{float(meta['accuracy']):.1%} correct"
    elif "dense_max_abs_error" in meta or "max_abs_error" in meta:
        score = f"largest error {float(meta.get('dense_max_abs_error', meta.get('max_abs_error'))):.4f}"
    else:
        score = "no score recorded"
    data = meta.get("dataset", {}).get("name", "?")
    return f"{name}: {shape}; {score} on {len(flow.X)} points ({data})"


def facts_for(flows: tuple[str, ...] | list[str], flows_dir: Path | None = None) -> list[str]:
    return [model_fact(name, load_flow(flow_path(name, flows_dir))) for name in flows]


# ----------------------------------------------------------------------------- chapters, text


def timestamp(seconds: float) -> str:
    """YouTube's format: m:ss, or h:mm:ss past an hour."""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


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


# ----------------------------------------------------------------------------- video


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


def _link_or_copy(source: Path, tmp: Path) -> None:
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
        _link_or_copy(source, tmp)
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


# ----------------------------------------------------------------------------- thumbnail


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


# ----------------------------------------------------------------------------- page


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("hidden_layers", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def page_html(chapters: list[Chapter], *, video: str, vtt: str, poster: str, chapter_videos: dict[str, str],
              captions_on: bool = False, slides: str | None = None, title: str = TITLE,
              summary: str = SUMMARY, poster_alt: str = "") -> str:
    """The course page. Paths are relative to the page's folder. The caption track is the WebVTT
    file's text inlined as a data: URL: Chromium refuses a <track> file next to a page opened
    from file:// ("'file:' URLs are treated as unique security origins"); the .vtt file is
    still linked for download."""
    import base64

    lines = transcript(chapters)
    vtt_data = "data:text/vtt;charset=utf-8;base64," + base64.b64encode(subtitles.to_vtt(lines).encode()).decode()
    return _environment().get_template(TEMPLATE).render(
        title=title, summary=summary, video=video, vtt=vtt, vtt_data=vtt_data, poster=poster, poster_alt=poster_alt,
        captions_on=captions_on, slides=slides, timestamp=timestamp,
        chapters=[{"id": c.id, "title": c.title, "start": c.start, "duration": c.duration,
                   "paragraph": chapter_paragraph(c), "facts": c.facts, "video": chapter_videos[c.id]}
                  for c in chapters],
        transcript=[{"start": l.start, "end": l.end, "text": l.text} for l in transcript(chapters, whole_cues=True)])


# ----------------------------------------------------------------------------- incremental writing


def _digest_file(path: Path, h) -> None:
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)


def input_key(*parts) -> str:
    """A hash of the inputs of one output: files by content, anything else by its JSON/str."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            h.update(b"file:" + part.name.encode())
            _digest_file(part, h)
        else:
            h.update(json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


class Outputs:
    """Writes outputs atomically, skipping those whose input key matches the manifest's."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.folder / MANIFEST
        try:
            self.manifest: dict[str, str] = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            self.manifest = {}
        self.written: list[str] = []
        self.kept: list[str] = []
        self.notes: dict[str, str] = {}

    def make(self, name: str, key: str, write: Callable[[Path], str | None]) -> Path:
        target = self.folder / name
        if target.exists() and self.manifest.get(name) == key:
            self.kept.append(name)
            return target
        with atomic_path(target) as tmp:
            note = write(tmp)
        if isinstance(note, str):
            self.notes[name] = note
        self.record(name, key)
        return target

    def record(self, name: str, key: str) -> None:
        """``name`` was written from inputs ``key``: remember it, so an unchanged rerun skips it."""
        self.manifest[name] = key
        atomic_write_text(self.manifest_path, json.dumps(self.manifest, indent=1, sort_keys=True))
        self.written.append(name)


# ----------------------------------------------------------------------------- the whole folder


@dataclass
class PublishResult:
    folder: Path
    written: list[str]
    kept: list[str]
    notes: dict[str, str]
    youtube_chapters: list[YoutubeChapter]


def build_publish(chapters: list[Chapter], joined_video: Path, folder: Path, *, thumbnail_scene: str,
                  thumbnail_at: float | None = None, captions_on: bool = False, title: str = TITLE,
                  summary: str = SUMMARY, deck: Path | None = None) -> PublishResult:
    """Write the publish folder from plain data: the scenes as chapters, the joined video and,
    if given, the HTML slide deck (copied into slides/)."""
    joined_video = Path(joined_video)
    if not joined_video.exists():
        raise PublishError(f"{joined_video} is missing; run `hidden-layers video` (or `publish` without --no-render)")
    for ch in chapters:
        if not Path(ch.video).exists():
            raise PublishError(f"{ch.video} is missing; render it with `hidden-layers render {ch.id}`")
    by_id = {c.id: c for c in chapters}
    if thumbnail_scene not in by_id:
        raise PublishError(f"thumbnail scene {thumbnail_scene!r} is not in the video; choose one of "
                           f"{', '.join(by_id)}")
    thumb = by_id[thumbnail_scene]
    at = thumb.duration * DEFAULT_THUMBNAIL_FRACTION if thumbnail_at is None else float(thumbnail_at)
    if not 0 <= at < thumb.duration:
        raise PublishError(f"--thumbnail-at {at:g} is outside {thumbnail_scene}, which lasts "
                           f"{thumb.duration:.2f} s; choose a time from 0 to {thumb.duration:.2f}")
    yt = youtube_chapters(chapters)  # before writing anything: a bad chapter list writes nothing
    out = Outputs(folder)
    code = input_key(_CODE, _CODE.parent / "templates" / TEMPLATE)

    lines = transcript(chapters)
    line_data = [(l.start, l.end, l.text, l.id) for l in lines]
    srt = out.make(f"{VIDEO_NAME}.srt", input_key("srt", line_data),
                   lambda tmp: tmp.write_text(subtitles.to_srt(lines), encoding="utf-8"))
    out.make(f"{VIDEO_NAME}.vtt", input_key("vtt", line_data),
             lambda tmp: tmp.write_text(subtitles.to_vtt(lines), encoding="utf-8"))
    video_name = f"{VIDEO_NAME}.mp4"
    soft_subs = srt if lines else None  # a silent video has no subtitles to carry
    out.make(video_name, input_key(joined_video, "web-video", line_data),
             lambda tmp: write_web_video(joined_video, tmp, soft_subs))
    out.make("chapters.txt", input_key(code, "chapters", chapters_text(yt)),
             lambda tmp: tmp.write_text(chapters_text(yt), encoding="utf-8"))
    description = description_text(yt, title, summary)
    out.make("description.txt", input_key(code, description),
             lambda tmp: tmp.write_text(description, encoding="utf-8"))

    def write_thumbnail(tmp: Path) -> str:
        frame = tmp.with_name(tmp.stem + ".frame.png")
        try:
            grab_frame(thumb.video, at, frame)
            compose_thumbnail(frame, tmp, title)
        finally:
            frame.unlink(missing_ok=True)
        return f"{thumbnail_scene} at {at:.2f} s"

    out.make("thumbnail.png", input_key(code, Path(thumb.video), at, title), write_thumbnail)
    chapter_videos = {}
    for ch in chapters:
        name = f"chapters/{ch.id}.mp4"
        out.make(name, input_key(Path(ch.video)), lambda tmp, src=Path(ch.video): _link_or_copy(src, tmp))
        chapter_videos[ch.id] = name
    if deck is not None:
        from .slides.deck import deck_key, install_deck

        name, key = f"{SLIDES_DIR}/index.html", deck_key(deck)
        if out.manifest.get(name) == key and (out.folder / name).exists():
            out.kept.append(name)
        else:
            install_deck(deck, out.folder / SLIDES_DIR)
            out.record(name, key)
    slides = f"{SLIDES_DIR}/index.html" if (out.folder / SLIDES_DIR / "index.html").exists() else None
    html = page_html(chapters, video=video_name, vtt=f"{VIDEO_NAME}.vtt", poster="thumbnail.png",
                     chapter_videos=chapter_videos, captions_on=captions_on, slides=slides, title=title,
                     summary=summary, poster_alt=f"Poster: a frame of “{thumb.title}” under the title")
    out.make("index.html", input_key(code, html), lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return PublishResult(out.folder, out.written, out.kept, out.notes, yt)


def story_chapters(entries, quality, settings: Settings) -> list[Chapter]:
    """The rendered scenes of the story as chapters: durations read from the MP4s (as
    `hidden-layers video` times its chapters), cues from the renders, facts from the flows."""
    from .narration.cues import read_cues
    from .render.frames import video_info
    from .render.scenes import cues_path, output_path

    chapters, start = [], 0.0
    for entry in entries:
        video = output_path(entry, quality, settings)
        if not video.exists():
            raise PublishError(f"{video} is missing; run `hidden-layers video -q {quality.name}` "
                               f"(or `publish` without --no-render)")
        duration = video_info(video).duration
        cp = cues_path(entry, quality, settings)
        cues = read_cues(cp) if cp.exists() else []
        chapters.append(Chapter(entry.id, entry.chapter, start, duration, video, cues,
                                facts_for(entry.flows, settings.flows)))
        start += duration
    return chapters


def publish(quality, settings: Settings, *, render: bool = True, jobs: int = 2, force: bool = False, thumbnail_scene: str | None = None,
            thumbnail_at: float | None = None, captions_on: bool = False, on_done=None,
            on_progress=None, slides: bool = True, on_slides_done=None) -> PublishResult:
    """Render what changed (`make_video`; with ``slides`` also every chapter as talk slides,
    `make_deck`), then write renders/<quality>/publish/. Without ``render`` nothing is rendered:
    the deck is the one `hidden-layers slides --all --name hidden-layers` left, if any."""
    from .render import video as video_mod
    from .story import SCENES_IN_ORDER, find_scene

    entries = list(SCENES_IN_ORDER)
    scene = find_scene(thumbnail_scene or DEFAULT_THUMBNAIL_SCENE)  # unknown names fail before rendering
    if scene.id not in {e.id for e in entries}:
        raise PublishError(f"thumbnail scene {scene.id!r} is not in the video")
    if render:
        joined, _ = video_mod.make_video(quality, settings, jobs=jobs, force=force, on_done=on_done,
                                             on_progress=on_progress)
    else:
        joined = settings.renders / quality.name / f"{video_mod.VIDEO_NAME}.mp4"
    chapters = story_chapters(entries, quality, settings)
    deck = None
    if slides:
        from .slides import deck as slides_mod

        if render:
            deck = slides_mod.make_deck(entries, quality, settings, formats=("html",), name=VIDEO_NAME, jobs=jobs,
                                        force=force, on_done=on_slides_done)[0]
        else:
            existing = slides_mod.slides_dir(quality, settings) / f"{VIDEO_NAME}.html"
            deck = existing if existing.exists() else None
    return build_publish(chapters, joined, settings.renders / quality.name / "publish", thumbnail_scene=scene.id,
                         thumbnail_at=thumbnail_at, captions_on=captions_on, deck=deck)
