"""Anatomy of a layer, a = f(Wx + b), with a trained layer's real numbers: the pieces of the
equation as TeX, each with the shape of the array it shows, and the example points it uses."""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, MathTex, VGroup

from .palette import MUTED_TEXT, TEXT
from .plots import number


def shape_of(M: np.ndarray) -> tuple[int, int]:
    """The (rows, columns) a piece shows: a vector is a column."""
    M = np.asarray(M)
    return (M.shape[0], 1) if M.ndim == 1 else (M.shape[0], M.shape[1])


def shape_text(M: np.ndarray) -> str:
    rows, cols = shape_of(M)
    return f"{rows} \\times {cols}"


def bmatrix(M: np.ndarray, digits: int = 2) -> str:
    M = np.asarray(M, dtype=float)
    M = M[:, None] if M.ndim == 1 else M
    rows = r" \\ ".join(" & ".join(number(float(v), digits) for v in row) for row in M)
    return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"


class Piece(VGroup):
    """A matrix or vector of real numbers with its name above and its shape below; ``shape``
    is the (rows, columns) of the array it was built from (tests compare it with the layer)."""

    def __init__(self, name: str, M: np.ndarray, color=TEXT, digits: int = 2, size: float = 30):
        body = MathTex(bmatrix(M, digits), color=color, font_size=size)
        label = MathTex(name, color=color, font_size=size + 4).next_to(body, np.array([0, 1, 0]), buff=0.15)
        shape = MathTex(shape_text(M), color=MUTED_TEXT, font_size=size - 4).next_to(body, DOWN, buff=0.15)
        super().__init__(label, body, shape)
        self.body, self.label, self.shape_label = body, label, shape
        self.shape = shape_of(M)
        self.values = np.array(M, dtype=float)


def equation_row(*parts, buff: float = 0.18) -> VGroup:
    """Pieces and symbols side by side, centred on their bodies."""
    row = VGroup(*parts).arrange(RIGHT, buff=buff)
    for p in parts:
        if not isinstance(p, Piece):
            continue
        p.shift((row.get_center()[1] - p.body.get_center()[1]) * np.array([0, 1, 0]))
    return row


def example_points(scores: np.ndarray, targets=(-3.0, 0.0, 3.0)) -> list[int]:
    """Points to follow through the output stage: for each target, the data point whose score
    is nearest to it (a clear no, a toss-up, a clear yes)."""
    scores = np.asarray(scores, dtype=float)
    return [int(np.argmin(np.abs(scores - t))) for t in targets]
