"""The whole publish folder: `build_publish` from plain data (tested on small synthetic inputs),
`story_chapters` from the story's renders, and `publish`, which renders what changed first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..narration import subtitles
from ..render.video import VIDEO_NAME
from ..settings import Settings
from .chapters import YoutubeChapter, chapters_text, description_text, transcript, youtube_chapters
from .common import SUMMARY, TITLE, Chapter, PublishError
from .course_page import TEMPLATE_PATH, page_html
from .facts import facts_for
from .outputs import Outputs, input_key
from .thumbnail import compose_thumbnail, grab_frame
from .web_video import link_or_copy, write_web_video

DEFAULT_THUMBNAIL_SCENE = "spirals"
DEFAULT_THUMBNAIL_FRACTION = 0.33  # the spirals in layer 1's first rotation, grid turned under them
SLIDES_DIR = "slides"
# the code that shapes the text outputs: every module of this package and the page's template
_CODE = (*sorted(Path(__file__).parent.glob("*.py")), TEMPLATE_PATH)


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
    code = input_key(*_CODE)

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
        out.make(name, input_key(Path(ch.video)), lambda tmp, src=Path(ch.video): link_or_copy(src, tmp))
        chapter_videos[ch.id] = name
    if deck is not None:
        from ..slides.deck import deck_key, install_deck

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
    from ..narration.cues import read_cues
    from ..render.frames import video_info
    from ..render.scenes import cues_path, output_path

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
            on_progress=None, slides: bool = True, on_slides_done=None, executor=None) -> PublishResult:
    """Render what changed (`make_video`; with ``slides`` also every chapter as talk slides,
    `make_deck`), then write renders/<quality>/publish/. Without ``render`` nothing is rendered:
    the deck is the one `hidden-layers slides --all --name hidden-layers` left, if any."""
    from ..render import video as video_mod
    from ..story import SCENES_IN_ORDER, find_scene

    entries = list(SCENES_IN_ORDER)
    scene = find_scene(thumbnail_scene or DEFAULT_THUMBNAIL_SCENE)  # unknown names fail before rendering
    if scene.id not in {e.id for e in entries}:
        raise PublishError(f"thumbnail scene {scene.id!r} is not in the video")
    if render:
        joined, _ = video_mod.make_video(quality, settings, jobs=jobs, force=force, on_done=on_done,
                                             on_progress=on_progress, executor=executor)
    else:
        joined = settings.renders / quality.name / f"{VIDEO_NAME}.mp4"
    chapters = story_chapters(entries, quality, settings)
    deck = None
    if slides:
        from ..slides import deck as slides_mod

        if render:
            deck = slides_mod.make_deck(entries, quality, settings, formats=("html",), name=VIDEO_NAME, jobs=jobs,
                                        force=force, on_done=on_slides_done, executor=executor)[0]
        else:
            existing = slides_mod.slides_dir(quality, settings) / f"{VIDEO_NAME}.html"
            deck = existing if existing.exists() else None
    return build_publish(chapters, joined, settings.renders / quality.name / "publish", thumbnail_scene=scene.id,
                         thumbnail_at=thumbnail_at, captions_on=captions_on, deck=deck)
