"""Colours. Class colours come from the Okabe-Ito palette, which stays distinct under the
common colour-vision deficiencies, and are bright enough to read on the dark background."""

from __future__ import annotations

import numpy as np

BACKGROUND = "#0f1117"

# Okabe-Ito: orange, sky blue, bluish green, vermillion, reddish purple, yellow, blue (its black
# would vanish on the background): up to seven classes.
CLASS_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#F0E442", "#0072B2"]

GRID_LINE = "#4a5a78"
GRID_AXIS = "#8fa3c7"
TEXT = "#e8e8e8"
MUTED_TEXT = "#a9b0bd"
ACCENT = "#F0E442"  # decision lines and planes, highlighted numbers
CURVE = "#CC79A7"  # model outputs in the regression chapter
TARGET = "#56B4E9"  # regression targets


def class_colors(labels: np.ndarray, palette: list[str] | None = None) -> list[str]:
    """One colour per point from its integer class label."""
    palette = palette or CLASS_COLORS
    labels = np.asarray(labels).astype(int)
    if labels.min() < 0 or labels.max() >= len(palette):
        raise ValueError(f"labels must lie in 0..{len(palette) - 1} for this palette")
    return [palette[i] for i in labels]
