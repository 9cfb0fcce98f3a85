"""Whether a layer's points can be seen: true numbers drawn as a needle or a dot fail the viewer.

Two measures on one layer's points (numpy only), used by the tests on the story's models and by
the general chapters to warn about a user's flow before rendering it:
- ``needle_ratio``: the spread along the points' main direction over the spread across it;
- ``class_on_one_spot``: the largest share of one class's points within a small radius (a
  share of the layer's extent) of that class's median point.
"""

from __future__ import annotations

import numpy as np

NEEDLE = 25.0  # a cloud 25 times longer than wide is a line at 1080p: a few pixels across
ONE_SPOT = 0.2  # a fifth of a class on one spot reads as a dot, not as points
SPOT_RADIUS = 0.01  # of the layer's extent: ~7 pixels when the layer fills 700 pixels


def needle_ratio(points: np.ndarray) -> float:
    """sqrt(λmax / λmin) of the points' covariance: 1 for a round cloud, inf on a line."""
    centred = points - points.mean(axis=0)
    eig = np.linalg.eigvalsh(centred.T @ centred / len(points))
    return float(np.sqrt(eig[-1] / eig[0])) if eig[0] > 0 else float("inf")


def class_on_one_spot(points: np.ndarray, labels: np.ndarray, radius: float = SPOT_RADIUS) -> float:
    """The largest share, over the classes, of a class's points within ``radius`` times the
    layer's extent (its largest coordinate span) of the class's median point."""
    extent = float(np.max(np.ptp(points, axis=0))) or 1.0
    shares = []
    for k in np.unique(labels):
        own = points[labels == k]
        near = np.linalg.norm(own - np.median(own, axis=0), axis=1) < radius * extent
        shares.append(float(near.mean()))
    return max(shares)


def hard_to_see(points: np.ndarray, labels: np.ndarray, where: str) -> str | None:
    """One sentence when ``where``'s points will be hard to see, else None."""
    ratio, spot = needle_ratio(points), class_on_one_spot(points, labels)
    if ratio > NEEDLE:
        return (f"{where}: the points lie along a line ({ratio:.0f} times longer than wide), so the picture "
                f"will be a needle; a model stopped earlier, or with fewer units, usually spreads them")
    if spot > ONE_SPOT:
        return (f"{where}: {spot:.0%} of one class sits on one spot, so the picture will show a dot; "
                f"stop training once every point is right, before the units saturate")
    return None
