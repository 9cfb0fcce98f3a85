"""The data sets of the story, generated in code from a seed (nothing is downloaded).

Every generator returns (X, y): X float (n, d), y int labels (classification) or float
targets (regression). All are numpy only, so tests and scenes can call them without torch.
"""

from __future__ import annotations

import numpy as np


def standardize(X: np.ndarray) -> np.ndarray:
    """Zero mean, unit variance per feature (what the article's StandardScaler does)."""
    return (X - X.mean(axis=0)) / X.std(axis=0)


def spirals(n: int = 1000, turns: float = 1.0, noise: float = 0.0, seed: int = 0):
    """Two interleaved spirals, n points in all, half per class, scaled into [-1, 1]^2.

    Arm k is r(s) = s, angle(s) = 2*pi*turns*s + k*pi, for s in (0.08, 1]: the second arm is
    the first turned half a circle, so the two wind into each other.
    """
    rng = np.random.default_rng(seed)
    half = n // 2
    s = np.sqrt(rng.uniform(0.0, 1.0, size=(2, half))) * 0.92 + 0.08  # even density along r
    points, labels = [], []
    for k in (0, 1):
        angle = 2 * np.pi * turns * s[k] + k * np.pi
        arm = np.column_stack([s[k] * np.cos(angle), s[k] * np.sin(angle)])
        arm += rng.normal(scale=noise, size=arm.shape)
        points.append(arm)
        labels.append(np.full(half, k))
    return np.concatenate(points), np.concatenate(labels).astype(np.int64)


def spiral_arms(n: int = 1000, arms: int = 5, turns: float = 0.75, noise: float = 0.0, seed: int = 0):
    """``arms`` interleaved spirals, n points in all, n // arms per class, in [-1, 1]^2.

    Arm k is r(s) = s, angle(s) = 2*pi*turns*s + 2*pi*k/arms, for s in (0.08, 1]: each arm is
    the first turned by k / arms of a circle (arms = 2 winds like ``spirals``, from other draws).
    """
    rng = np.random.default_rng(seed)
    per = n // arms
    s = np.sqrt(rng.uniform(0.0, 1.0, size=(arms, per))) * 0.92 + 0.08  # even density along r
    points, labels = [], []
    for k in range(arms):
        angle = 2 * np.pi * turns * s[k] + 2 * np.pi * k / arms
        arm = np.column_stack([s[k] * np.cos(angle), s[k] * np.sin(angle)])
        arm += rng.normal(scale=noise, size=arm.shape)
        points.append(arm)
        labels.append(np.full(per, k))
    return np.concatenate(points), np.concatenate(labels).astype(np.int64)


def corner(n: int = 1550, seed: int = 0):
    """The corner (L-shaped) set of the visual-understanding article, standardized."""
    X, y = corner_raw(n, seed)
    return standardize(X), y


def corner_raw(n: int = 1550, seed: int = 0):
    """The corner set before standardizing, in the article's units.

    Class 1 fills the L of the square [0, 4]^2 outside [0, 3)^2; class 0 the inner square
    [0, 2.3]^2. Each is rejection-sampled from n uniform draws, as in the article.
    """
    rng = np.random.default_rng(seed)
    a = rng.uniform(0, 4, size=(n, 2))
    a = a[~((a[:, 0] < 3) & (a[:, 1] < 3))]
    b = rng.uniform(0, 4, size=(n, 2))
    b = b[~((b[:, 0] > 2.3) | (b[:, 1] > 2.3))]
    X = np.concatenate([a, b])
    y = np.concatenate([np.ones(len(a)), np.zeros(len(b))]).astype(np.int64)
    return X, y


def circles(n: int = 800, ratio: float = 0.5, noise: float = 0.05, seed: int = 0):
    """An inner disc (class 1) inside a ring (class 0); no line separates them."""
    rng = np.random.default_rng(seed)
    half = n // 2
    r_in = np.sqrt(rng.uniform(0, 1, half)) * ratio * 0.8
    r_out = rng.uniform(ratio * 1.2, 1.0, n - half)
    angles = rng.uniform(0, 2 * np.pi, n)
    r = np.concatenate([r_in, r_out])
    X = np.column_stack([r * np.cos(angles), r * np.sin(angles)])
    X += rng.normal(scale=noise, size=X.shape)
    y = np.concatenate([np.ones(half), np.zeros(n - half)]).astype(np.int64)
    return X, y


def xor(n: int = 800, seed: int = 0):
    """Points in [-1, 1]^2; the label is 1 where x1 and x2 have the same sign."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    X = X[np.abs(X).min(axis=1) > 0.05]  # a small margin keeps the quadrants readable
    y = (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(np.int64)
    return X, y


def blobs(n: int = 600, spread: float = 0.35, seed: int = 0):
    """Three Gaussian blobs around the corners of a triangle, labels 0, 1, 2."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 1.0], [-0.87, -0.5], [0.87, -0.5]])
    labels = rng.integers(0, 3, size=n)
    X = centres[labels] + rng.normal(scale=spread, size=(n, 2))
    return X, labels.astype(np.int64)


def star(n: int = 1200, tips: int = 5, outer: float = 1.0, inner: float = 0.42, margin: float = 0.04,
         seed: int = 0):
    """Points uniform in [-1.15, 1.15]^2; class 1 inside a star with ``tips`` points (tip radius
    ``outer``, notch radius ``inner``, one tip straight up), class 0 outside. Points closer than
    ``margin`` to the star's outline are dropped, so the outline reads. No single line, and no
    single convex region, separates the classes: the star is a union of pieces cut by lines.
    """
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.15, 1.15, size=(n, 2))
    outline = star_outline(tips, outer, inner)
    inside = points_in_polygon(X, outline)
    dist = distance_to_polyline(X, np.vstack([outline, outline[:1]]))
    keep = dist > margin
    return X[keep], inside[keep].astype(np.int64)


def star_outline(tips: int = 5, outer: float = 1.0, inner: float = 0.42) -> np.ndarray:
    """The star's 2 * tips vertices, counter-clockwise, the first tip at the top."""
    angles = np.pi / 2 + np.arange(2 * tips) * np.pi / tips
    radii = np.where(np.arange(2 * tips) % 2 == 0, outer, inner)
    return np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])


def points_in_polygon(points: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Even-odd rule: True where a point lies inside the (simple) polygon."""
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    a, b = polygon, np.roll(polygon, -1, axis=0)
    crosses = (a[:, 1] > y) != (b[:, 1] > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = a[:, 0] + (y - a[:, 1]) * (b[:, 0] - a[:, 0]) / (b[:, 1] - a[:, 1])
    return np.sum(crosses & (x < x_at), axis=1) % 2 == 1


def distance_to_polyline(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    a, b = line[:-1], line[1:]
    d = b - a
    t = np.clip(np.einsum("nkj,kj->nk", points[:, None] - a, d) / np.sum(d * d, axis=1), 0, 1)
    nearest = a + t[..., None] * d
    return np.min(np.linalg.norm(points[:, None] - nearest, axis=2), axis=1)


def parabola(n: int = 100):
    """y = -(x - 0.5)^2 + 0.25 on n evenly spaced x in [0, 1] (the article's regression set)."""
    x = np.linspace(0.0, 1.0, n)
    return x[:, None], parabola_target(x)


def parabola_target(x: np.ndarray) -> np.ndarray:
    return -(np.asarray(x) - 0.5) ** 2 + 0.25


def two_blobs(n: int = 30, shift: float = 4.0, seed: int = 0):
    """The small two-class set of the visual-understanding article (its Listing 1), from our own
    seed: n standard-normal points in 2-D, each labelled 0 or 1 at random; class 1 is shifted by
    (-shift, +shift). Standardized."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = rng.integers(0, 2, size=n).astype(np.int64)
    X[y == 1] += np.array([-shift, shift])
    return standardize(X), y


def blobs3d(n: int = 100, seed: int = 0):
    """Two Gaussian blobs in 3-D (three features), half per class, centres 3 units apart along
    (1, 1, 1)/sqrt(3) plus a little sideways offset, so the separating plane is tilted in all
    three axes. Standardized."""
    rng = np.random.default_rng(seed)
    half = n // 2
    centres = np.array([[-1.2, -0.6, -1.0], [1.0, 1.1, 0.8]])
    y = np.concatenate([np.zeros(half), np.ones(n - half)]).astype(np.int64)
    X = centres[y] + rng.normal(scale=0.8, size=(n, 3))
    return standardize(X), y


def three_blobs(n_per: int = 50, seed: int = 0):
    """The article's three-class set (its Listing 13), from our own seed: blobs of n_per points
    around (2, 1), (6, 4), (2, 6) with spreads 0.4, 0.7, 0.5; labels 0, 1, 2. Standardized."""
    rng = np.random.default_rng(seed)
    centres = np.array([[2.0, 1.0], [6.0, 4.0], [2.0, 6.0]])
    spreads = np.array([0.4, 0.7, 0.5])
    X = np.concatenate([rng.normal(size=(n_per, 2)) * s + c for c, s in zip(centres, spreads)])
    y = np.repeat(np.arange(3), n_per).astype(np.int64)
    return standardize(X), y


# Regression data sets whose target is a known function of x: the exporter measures a fitted
# model against it on a dense grid (not only at the training points).
TARGETS = {
    "parabola": parabola_target,
}


DATASETS = {
    "spirals": spirals,
    "spiral_arms": spiral_arms,
    "corner": corner,
    "circles": circles,
    "xor": xor,
    "blobs": blobs,
    "star": star,
    "parabola": parabola,
    "two_blobs": two_blobs,
    "blobs3d": blobs3d,
    "three_blobs": three_blobs,
}


def make_dataset(name: str, **params):
    try:
        return DATASETS[name](**params)
    except KeyError:
        raise ValueError(f"unknown data set {name!r}; use one of: {', '.join(DATASETS)}") from None
