"""Function plots for 1-D models: axes framed to the data, curves through dense (x, y) arrays,
target points as a DiscCloud, and the number formats the plots print.

Every curve is a polyline through the given samples (pass a dense grid, e.g. 400 x values), so
two curves of the same length morph into each other point by point with ``Transform``.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedLine, Dot, MathTex, VGroup, VMobject

from .base import fit_width, text
from .palette import GRID_AXIS, TEXT
from .pointcloud import DiscCloud

NUMBER_SIZE = 24  # tick numbers: the smallest text the kit draws (legible at 480p)


# ----------------------------------------------------------------------------- numbers


def nice_steps(span: float) -> list[float]:
    """Tick steps of 1, 2, 2.5 or 5 times a power of ten, from about span/20 to span."""
    span = max(float(span), 1e-12)
    top = math.floor(math.log10(span))
    return [m * 10.0**p for p in range(top - 2, top + 1) for m in (1.0, 2.0, 2.5, 5.0)]


def axis_range(*values: np.ndarray, pad: float = 0.05, max_ticks: int = 6, include_zero: bool = True,
               slack: float = 0.02) -> tuple[float, float, float]:
    """(lo, hi, step) covering every value (plus ``pad`` of the span on a side that is not
    zero), lo and hi whole multiples of a nice step, at most ``max_ticks`` steps apart, and
    wasting as little of the axis as it can. Values on the far side of zero by at most
    ``slack`` of the span do not move the axis off zero (a fit dipping 0.003 below zero keeps
    its axis starting at zero); ``curve`` clips that overshoot."""
    flat = np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in values])
    lo, hi = float(flat.min()), float(flat.max())
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = max(hi - lo, 1e-9)
    if include_zero and -slack * span <= lo < 0:  # a hair below zero: the axis still starts there
        lo = 0.0
    if include_zero and 0 < hi <= slack * span:
        hi = 0.0
    lo_p = lo - pad * span if lo != 0 else lo  # an axis that starts at zero stays there
    hi_p = hi + pad * span if hi != 0 else hi
    best = None
    for step in nice_steps(hi_p - lo_p):
        lo_t = math.floor(lo_p / step + 1e-9) * step
        hi_t = math.ceil(hi_p / step - 1e-9) * step
        n = round((hi_t - lo_t) / step)
        if n <= max_ticks and (best is None or hi_t - lo_t < best[1] - best[0] - 1e-12):
            best = (round(lo_t, 10), round(hi_t, 10), step)
    return best


def decimals_for(step: float) -> int:
    """Enough decimal places to print ticks spaced ``step`` apart."""
    for d in range(0, 6):
        if abs(round(step, d) - step) < 1e-9:
            return d
    return 6


def number(v: float, digits: int = 2) -> str:
    """Fixed-point, with no '-0.00' for values that round to zero."""
    s = f"{v:.{digits}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def short_number(v: float, sig: int = 3) -> str:
    """Three significant digits; below 0.001 as 4.96 × 10⁻⁶ (plain text, no TeX)."""
    if v == 0:
        return "0"
    if abs(v) >= 1e-3:
        digits = max(0, sig - 1 - math.floor(math.log10(abs(v))))
        return f"{v:.{digits}f}"
    mantissa, exponent = f"{v:.{sig - 1}e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def affine_tex(w: float, b: float, var: str = "x", digits: int = 2) -> str:
    """'1.26x - 0.73' as TeX, signs folded in."""
    sign = "-" if b < 0 and number(abs(b), digits) != number(0, digits) else "+"
    return f"{number(w, digits)}{var} {sign} {number(abs(b), digits)}"


def fit_errors(meta: dict) -> tuple[float, float, bool]:
    """(largest absolute error, mean squared error, dense) from a flow's metadata: the errors
    over a dense grid when the exporter measured them, else at the training points."""
    if "dense_max_abs_error" in meta and "dense_mse" in meta:
        return float(meta["dense_max_abs_error"]), float(meta["dense_mse"]), True
    return float(meta["max_abs_error"]), float(meta["mse"]), False


def error_lines(meta: dict) -> list[str]:
    """The two lines a chapter prints under a fit, from the flow's metadata only."""
    max_abs, mse, _ = fit_errors(meta)
    return [f"largest error {short_number(max_abs)}", f"mean squared error {short_number(mse)}"]


def error_where(meta: dict) -> str:
    """Where the errors of ``fit_errors`` were measured, in words."""
    if not fit_errors(meta)[2]:
        return "at the training points"
    grid = meta.get("dense_grid")
    if isinstance(grid, dict) and {"n", "start", "stop"} <= set(grid):
        return f"at {int(grid['n']):,} evenly spaced x from {grid['start']:g} to {grid['stop']:g}"
    return "over a dense grid of inputs"


# ----------------------------------------------------------------------------- mobjects


def plot_axes(x_range: tuple[float, float, float], y_range: tuple[float, float, float],
              width: float, height: float, x_label: str = "x", y_label: str = "y",
              label_size: float = 36, x_numbers: bool = True) -> VGroup:
    """Axes with numbered ticks and labelled x and y, as a VGroup (axes, labels); the Axes
    itself is ``group.axes`` for coordinates. ``x_numbers=False`` leaves the x ticks bare (for
    a plot stacked over another that numbers them). The x numbers sit under the bottom of the plot,
    not on the line y = 0, so curves that dip below zero never run through them."""
    axes = Axes(
        x_range=list(x_range), y_range=list(y_range), x_length=width, y_length=height, tips=False,
        axis_config={"color": GRID_AXIS, "stroke_width": 2, "include_numbers": False, "font_size": NUMBER_SIZE},
        x_axis_config={"decimal_number_config": {"num_decimal_places": decimals_for(x_range[2]), "color": TEXT}},
        y_axis_config={"decimal_number_config": {"num_decimal_places": decimals_for(y_range[2]), "color": TEXT}},
    )
    for axis, (lo, hi, step) in ((axes.x_axis, x_range), (axes.y_axis, y_range)):
        if axis is axes.x_axis and not x_numbers:
            continue
        ticks = [round(lo + i * step, 10) for i in range(round((hi - lo) / step) + 1)]
        axis.add_numbers(x_values=ticks, excluding=[])  # zero included: Axes leaves it out
    bottom = axes.c2p(x_range[0], y_range[0])[1]
    for label in getattr(axes.x_axis, "numbers", []):
        label.set_y(bottom - 0.12 - label.height / 2)
    xl = MathTex(x_label, color=TEXT, font_size=label_size)
    yl = MathTex(y_label, color=TEXT, font_size=label_size)
    x_zero = min(max(0.0, y_range[0]), y_range[1])  # where the x axis line runs
    xl.next_to(axes.c2p(x_range[1], x_zero), RIGHT, buff=0.2)
    yl.next_to(axes.c2p(x_range[0], y_range[1]), UP, buff=0.2)
    group = VGroup(axes, xl, yl)
    group.axes = axes
    return group


def column_tex(symbol: str, values: np.ndarray, digits: int = 2, color=TEXT) -> VGroup:
    """A column of numbers in brackets with its symbol above it (narrower than ``symbol = [...]``)."""
    rows = r" \\ ".join(number(float(v), digits) for v in np.ravel(values))
    column = MathTex(r"\begin{bmatrix}" + rows + r"\end{bmatrix}", color=color)
    return VGroup(MathTex(symbol, color=color), column).arrange(DOWN, buff=0.15)


def to_scene(axes: Axes, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Scene points (n, 3) of the coordinates (x[i], y[i])."""
    x = np.atleast_1d(np.asarray(x, dtype=float))
    y = np.atleast_1d(np.asarray(y, dtype=float))
    return np.asarray(axes.c2p(x, y)).reshape(3, len(x)).T  # c2p(xs, ys) gives (3, n)


def clip_to(axes: Axes, y: np.ndarray) -> np.ndarray:
    """y clipped to the axes' y range (see ``axis_range``'s slack)."""
    return np.clip(np.asarray(y, dtype=float), axes.y_range[0], axes.y_range[1])


def curve(axes: Axes, x: np.ndarray, y: np.ndarray, color, stroke_width: float = 4) -> VMobject:
    """A polyline through (x[i], y[i]) in the axes' coordinates, clipped to the axes' y range."""
    points = to_scene(axes, x, clip_to(axes, y))
    return VMobject(color=color, stroke_width=stroke_width).set_points_as_corners(points)


def dashed_curve(axes: Axes, x: np.ndarray, y: np.ndarray, color, stroke_width: float = 4,
                 dashes: int = 24) -> VGroup:
    """The same polyline drawn as ``dashes`` dashes (each a slice of the samples)."""
    points = to_scene(axes, x, clip_to(axes, y))
    cuts = np.linspace(0, len(points) - 1, 2 * dashes + 1).astype(int)
    group = VGroup()
    for a, b in zip(cuts[0::2], cuts[1::2]):
        group.add(VMobject(color=color, stroke_width=stroke_width).set_points_as_corners(points[a:b + 1]))
    return group


def target_cloud(axes: Axes, x: np.ndarray, y: np.ndarray, color, radius: float = 0.04) -> DiscCloud:
    """Target points as one DiscCloud in the axes' coordinates."""
    points = to_scene(axes, x, y)
    return DiscCloud(points, [color] * len(points), radius=radius)


def dots_at(axes: Axes, x: np.ndarray, y: np.ndarray, color, radius: float = 0.06) -> VGroup:
    """A few marked points (kinks, say) as Dots; for many points use ``target_cloud``."""
    return VGroup(*[Dot(p, radius=radius, color=color) for p in to_scene(axes, x, y)])


def vertical_marker(axes: Axes, x: float, color, label: str | None = None, label_size: float = 30) -> VGroup:
    """A dashed vertical line at x across the axes' y range, a dot where it meets y = 0, and an
    optional TeX label above the line."""
    lo, hi = axes.y_range[0], axes.y_range[1]
    line = DashedLine(axes.c2p(x, lo), axes.c2p(x, hi), color=color, stroke_width=3, dash_length=0.12)
    dot = Dot(axes.c2p(x, 0), radius=0.07, color=color)
    group = VGroup(line, dot)
    if label is not None:
        group.add(MathTex(label, color=color, font_size=label_size).next_to(line, UP, buff=0.1))
    return group


def text_lines(*lines: str, size: float = 26, color=TEXT, max_width: float | None = None) -> VGroup:
    """Left-aligned lines of kit text, shrunk (never grown) to ``max_width``."""
    group = VGroup(*[text(s, size, color) for s in lines]).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
    return fit_width(group, max_width) if max_width else group


def sample_curve(axes: Axes, mobject: VMobject) -> tuple[np.ndarray, np.ndarray]:
    """The (x, y) axis coordinates of a drawn polyline's corners: what the screen shows,
    read back so tests can compare it with the function it claims to be."""
    corners = np.vstack([mobject.get_start_anchors(), mobject.get_end_anchors()[-1:]])
    coords = np.array([axes.p2c(p) for p in corners])
    return coords[:, 0], coords[:, 1]
