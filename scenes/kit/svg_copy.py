"""Copies of words and formulas share their parsed SVG paths.

Every glyph of a Text or MathTex is a VMobjectFromSVGPath that keeps the svgelements Path it was
built from. Manim reads that Path once, in ``__init__``, to make the glyph's points, and never
again; yet ``copy()`` deep-copies it, and that was most of a copy's cost (a 70-character caption:
85 ms, 15 ms sharing it). Transform, FadeIn and FadeOut copy their mobjects when they begin, so
the regression chapter spent more time copying its captions than drawing them. A copy here keeps
its own points, colours and everything else, and shares only that read-only parse.
"""

from __future__ import annotations

from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath


def _copy_sharing_the_parse(self, memo):
    memo[id(self.path_obj)] = self.path_obj  # deepcopy hands back what memo already holds
    return super(VMobjectFromSVGPath, self).__deepcopy__(memo)


def share_parsed_svg_paths() -> None:
    """Installs the copy above on Manim's glyph class (idempotent)."""
    VMobjectFromSVGPath.__deepcopy__ = _copy_sharing_the_parse
