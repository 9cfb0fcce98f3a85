"""A chapter as talk slides: the same scene class, mixed with manim-slides' Slide.

Runs inside the Manim process that hidden_layers/slides/deck.py starts for each chapter. That process
renders a small generated module holding one line::

    Perceptron = slide_class("/…/scenes/one_neuron.py", "Perceptron", __name__)

``slide_class`` returns a subclass of the chapter that also derives from manim-slides' ``Slide``
(``ThreeDSlide`` for chapters built on ThreeDScene), with the narration interface
(scenes/kit/narrate.py) plugged in the slides' way:

- ``beat()`` (each cue's end: a stage's end, a reveal) becomes ``next_slide()``;
- ``speech_for()`` adds no sound and lasts 0 s, so a cue never waits for words nobody says: the
  animations keep their own run times and the presenter talks over the paused last frame;
- the cue's words become the slide's speaker notes (reveal.js speaker view, PPTX notes).

The chapter file itself is unchanged. Its camera (the disc-splatting SplatCamera) comes in
through ``camera_class`` as before; the MRO is chapter → Flow(ThreeD)Scene → mixins → Slide →
BaseSlide → (ThreeD)Scene, so Slide's play/next_section wrap Manim's own.
"""

from __future__ import annotations

from pathlib import Path

from manim import ManimColor, ThreeDScene, config
from manim_slides import Slide, ThreeDSlide
from manim_slides.slide.base import BaseSlide

from ..render import run_file
from ..story import load_scene_class


class SilentBeats:
    """Put before the chapter in the bases: beats are slide breaks, cues are silent notes."""

    skip_reversing = True  # HTML and PPTX decks only play forwards; reversed clips would double the work

    def __init__(self, **kwargs):
        spec = run_file.current()  # the folder manim-slides writes <Scene>.json and files/ to
        kwargs.setdefault("output_folder", Path(spec.slides_out if spec and spec.slides_out else "slides"))
        self._pending_notes: list[str] = []
        super().__init__(**kwargs)

    def speech_for(self, cue) -> float:
        cue.source = "silent"
        self._pending_notes.append(cue.text)
        return 0.0

    def beat(self) -> None:
        if self._current_animation == self._start_animation:
            return  # nothing played since the last break: no empty slide, its notes go to the next one
        notes = "\n\n".join(self._pending_notes)
        self._pending_notes = []
        self._base_slide_config = self._base_slide_config.model_copy(update={"notes": notes})
        self.next_slide()

    @property
    def _background_color(self) -> str:
        # The kit sets camera.background_color to a hex string; manim-slides expects a ManimColor.
        return ManimColor(self.renderer.camera.background_color).to_hex()


class _Manim022:
    """What manim-slides 5.7.0's Slide does differently here, because two of its lines fail on
    Manim 0.22 (still so on manim-slides' main branch):

    - ``__init__`` sets ``config["write_to_movie"] = True``, a setting Manim 0.22 no longer has
      (AttributeError); the Cairo renderer writes movies anyway, so it is left out;
    - ``render`` sets ``config["max_files_cached"] = float("inf")``, which Manim 0.22 rejects
      (it wants an int, -1 for unlimited); -1 is used instead.

    Everything else is Slide's own: the same render, then ``_save_slides``.
    """

    def __init__(self, *args, **kwargs):
        BaseSlide.__init__(self, *args, **kwargs)  # then on to (ThreeD)Scene.__init__ along the MRO

    def render(self, *args, **kwargs):
        saved = config["max_files_cached"]
        config["max_files_cached"] = -1  # slides are cut from the partial movie files: keep them all
        try:
            super(Slide, self).render(*args, **kwargs)  # Scene.render, skipping Slide.render
        finally:
            config["max_files_cached"] = saved
        self._save_slides(use_cache=False, flush_cache=False, skip_reversing=self.skip_reversing)


class _Slide(_Manim022, Slide):
    pass


class _ThreeDSlide(_Manim022, ThreeDSlide):
    pass


def slide_class(path: str | Path, cls: str, module: str) -> type:
    """A subclass of the chapter ``cls`` in ``path`` that renders as slides, named like it (so
    manim-slides writes <cls>.json) and belonging to ``module`` (so Manim finds it there)."""
    chapter = load_scene_class(path, cls)
    slide = _ThreeDSlide if issubclass(chapter, ThreeDScene) else _Slide
    return type(cls, (SilentBeats, chapter, slide), {"__module__": module, "__qualname__": cls})
