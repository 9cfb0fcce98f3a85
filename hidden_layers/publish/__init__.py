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

The package, one module per concern:

    common.py       the plain data: Chapter, PublishError, the title and summary
    facts.py        one line per model, read from its flow
    chapters.py     YouTube chapters, chapters.txt, the description, transcript, paragraphs
    web_video.py    ffprobe, the fast-start check, the web copy of a video
    thumbnail.py    the 1280 x 720 thumbnail
    course_page.py  the Jinja2 course page (template in hidden_layers/templates/)
    outputs.py      atomic outputs and the manifest of their input keys
    build.py        build_publish, story_chapters, publish
"""

from __future__ import annotations

from .build import (DEFAULT_THUMBNAIL_FRACTION, DEFAULT_THUMBNAIL_SCENE, SLIDES_DIR, VIDEO_NAME, PublishResult,
                    build_publish, publish, story_chapters)
from .chapters import (MIN_CHAPTER, MIN_CHAPTERS, YoutubeChapter, chapter_paragraph, chapters_text,
                       description_text, timestamp, transcript, youtube_chapters)
from .common import SUMMARY, TITLE, Chapter, PublishError
from .course_page import TEMPLATE, page_html
from .facts import facts_for, model_fact
from .outputs import MANIFEST, Outputs, input_key
from .thumbnail import THUMB_MAX_BYTES, THUMB_SIZE, compose_thumbnail, grab_frame
from .web_video import is_web_ready, probe, top_level_boxes, write_web_video

__all__ = ["DEFAULT_THUMBNAIL_FRACTION", "DEFAULT_THUMBNAIL_SCENE", "MANIFEST", "MIN_CHAPTER", "MIN_CHAPTERS",
           "SLIDES_DIR", "SUMMARY", "TEMPLATE", "THUMB_MAX_BYTES", "THUMB_SIZE", "TITLE", "VIDEO_NAME", "Chapter",
           "Outputs", "PublishError", "PublishResult", "YoutubeChapter", "build_publish", "chapter_paragraph",
           "chapters_text", "compose_thumbnail", "description_text", "facts_for", "grab_frame", "input_key",
           "is_web_ready", "model_fact", "page_html", "probe", "publish", "story_chapters", "timestamp",
           "top_level_boxes", "transcript", "write_web_video", "youtube_chapters"]
