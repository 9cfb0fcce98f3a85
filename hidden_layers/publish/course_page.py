"""The offline course page, rendered with Jinja2 from hidden_layers/templates/."""

from __future__ import annotations

from pathlib import Path

from ..narration import subtitles
from .chapters import chapter_paragraph, timestamp, transcript
from .common import SUMMARY, TITLE, Chapter

TEMPLATE = "course_page.html.j2"
TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates" / TEMPLATE  # package data of hidden_layers


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
