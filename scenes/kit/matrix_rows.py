"""Rows of a typeset matrix, found on screen: a box around row i of a Piece's bmatrix, so a
chapter can point at one neuron's weights, its bias, its pre-activation or its output while the
narrator names it. The rows are read from the glyphs themselves (the brackets left out), so a
box covers exactly the numbers of its row.
"""

from __future__ import annotations

import numpy as np
from manim import Rectangle, VGroup

from .anatomy import Piece


def row_glyphs(piece: Piece) -> list[VGroup]:
    """The glyphs of each row of the piece's matrix, top to bottom (``piece.shape[0]`` groups)."""
    body = piece.body
    parts = body.family_members_with_points()
    left, right = body.get_left()[0], body.get_right()[0]
    # the brackets: the pieces on the body's outer edges, and whatever lies within their columns
    inner_left = max(g.get_right()[0] for g in parts if g.get_left()[0] <= left + 1e-3)
    inner_right = min(g.get_left()[0] for g in parts if g.get_right()[0] >= right - 1e-3)
    glyphs = [g for g in parts if inner_left < g.get_center()[0] < inner_right]
    rows = piece.shape[0]
    ys = np.array([g.get_center()[1] for g in glyphs])
    order = np.argsort(-ys, kind="stable")
    gaps = -np.diff(ys[order])  # between consecutive glyphs, top to bottom
    cuts = np.sort(np.argsort(-gaps, kind="stable")[:rows - 1]) + 1 if rows > 1 else np.array([], dtype=int)
    return [VGroup(*[glyphs[j] for j in part]) for part in np.split(order, cuts)]


def row_box(piece: Piece, i: int, color, pad: float = 0.06, stroke_width: float = 3) -> Rectangle:
    """A rectangle around row i, as wide as the matrix's numbers (the same width for every row)."""
    rows = row_glyphs(piece)
    width = max(g.get_right()[0] for g in rows) - min(g.get_left()[0] for g in rows) + 2 * pad
    row = rows[i]
    box = Rectangle(width=width, height=row.height + 2 * pad, color=color, stroke_width=stroke_width)
    centre_x = 0.5 * (max(g.get_right()[0] for g in rows) + min(g.get_left()[0] for g in rows))
    return box.move_to([centre_x, row.get_center()[1], 0])


def row_boxes(piece: Piece, indices, color, **kwargs) -> VGroup:
    """Boxes around the given rows."""
    return VGroup(*[row_box(piece, int(i), color, **kwargs) for i in indices])
