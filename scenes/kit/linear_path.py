"""How a square linear map x -> W x is animated without collapsing space (numpy + scipy, no Manim).

The straight path (1 - t) I + t W passes through a singular matrix whenever det W < 0 (and comes
close when W is very uneven): the points would fall onto a line mid-step and spring back out,
which the model never does. Instead W = U Σ Vᵀ is played as Olah's three steps, each along
non-singular maps:

    rotate by Vᵀ  ->  stretch by Σ  ->  rotate by U

U and Vᵀ from the SVD may be reflections. Both reflections cancel (F Σ F = Σ for F diagonal);
when only one is (det W < 0) the reflection F = diag(1, ..., 1, -1) becomes its own labelled
step, a flip: the plane turned over like a page about its first axis. Only inside that flip does
the drawn map pass through a singular one, as a page seen edge on does.

Each phase is a map M(t) of the points with M(0) = I and M(1) = the phase's matrix; the product
of the phases' matrices is W.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.transform import Rotation


@dataclass(frozen=True)
class LinearPhase:
    kind: str  # "rotate", "stretch" or "flip"
    matrix: np.ndarray  # the whole phase (k, k)
    label: str

    def at(self, t: float) -> np.ndarray:
        """The phase's map after a share t of it (k, k): rotations turn by t of their angle,
        the stretch scales each axis by (1 - t) + t σ, the flip turns the page by t·180°."""
        k = len(self.matrix)
        if t <= 0:
            return np.eye(k)
        if t >= 1:
            return self.matrix
        if self.kind == "stretch":
            return np.diag((1 - t) + t * np.diag(self.matrix))
        if self.kind == "rotate":
            return _rotation_power(self.matrix, t)
        # flip: the last axis turns about the others; seen flat, it scales by cos(pi t)
        return np.diag([1.0] * (k - 1) + [np.cos(np.pi * t)])

    def depth(self, points: np.ndarray, t: float) -> np.ndarray:
        """How far each point has risen out of the plane during a flip (0 for other phases):
        the page's sin(pi t) side, used to draw the turn with perspective."""
        if self.kind != "flip" or t <= 0 or t >= 1:
            return np.zeros(len(points))
        return np.sin(np.pi * t) * np.asarray(points)[:, -1]


def _rotation_power(R: np.ndarray, t: float) -> np.ndarray:
    k = len(R)
    if k == 1:
        return np.eye(1)
    if k == 2:
        angle = np.arctan2(R[1, 0], R[0, 0])
        c, s = np.cos(t * angle), np.sin(t * angle)
        return np.array([[c, -s], [s, c]])
    if k == 3:
        return Rotation.from_rotvec(t * Rotation.from_matrix(R).as_rotvec()).as_matrix()
    raise ValueError(f"rotations are animated for 1- to 3-wide layers, not {k}")


def linear_phases(W: np.ndarray) -> list[LinearPhase]:
    """W (k, k) as rotate, [flip,] stretch, rotate; phases that do nothing are left out."""
    W = np.asarray(W, dtype=float)
    k = W.shape[0]
    if W.shape != (k, k):
        raise ValueError(f"linear_phases needs a square matrix, got {W.shape}")
    U, s, Vt = np.linalg.svd(W)
    flip = np.diag([1.0] * (k - 1) + [-1.0])
    u_reflects, v_reflects = np.linalg.det(U) < 0, np.linalg.det(Vt) < 0
    if u_reflects:
        U = U @ flip  # U = (U F) F, and F commutes with Σ
    if v_reflects:
        Vt = flip @ Vt  # Vᵀ = F (F Vᵀ)
    phases = []
    if k > 1 and not np.allclose(Vt, np.eye(k), atol=1e-12):
        phases.append(LinearPhase("rotate", Vt, "rotate (Vᵀ)"))
    if u_reflects != v_reflects:  # det W < 0: one reflection is left over
        phases.append(LinearPhase("flip", flip, "flip: a reflection, turned over like a page"))
    phases.append(LinearPhase("stretch", np.diag(s), "stretch (Σ)"))
    if k > 1 and not np.allclose(U, np.eye(k), atol=1e-12):
        phases.append(LinearPhase("rotate", U, "rotate (U)"))
    return phases


def cumulative_map(phases: list[LinearPhase], index: int, t: float) -> np.ndarray:
    """The map from the layer's input to the points drawn at share t of phase ``index``."""
    k = len(phases[0].matrix)
    M = np.eye(k)
    for phase in phases[:index]:
        M = phase.matrix @ M
    return phases[index].at(t) @ M
