"""Feature crosses: the plane a single neuron draws in the space of monomials, pulled back to
the input plane, where it is a conic. numpy only.

A neuron on the features (x1², x2², x1·x2) (or with x1, x2 as well) computes
    z = x^T A x + g.x + c,
a quadratic in the input: its boundary z = 0 is an ellipse, a hyperbola or nothing, and it is
drawn here exactly, from its parametric form, as polylines inside the input box.
"""

from __future__ import annotations

import numpy as np


def quadratic_form(powers: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray, float]:
    """(A, g, c) with w . phi(x) + b = x^T A x + g.x + c, for monomials of degree 1 or 2 in 2 inputs."""
    A, g = np.zeros((2, 2)), np.zeros(2)
    for row, weight in zip(np.asarray(powers), np.asarray(w, dtype=float)):
        row = tuple(int(k) for k in row)
        if row == (2, 0):
            A[0, 0] += weight
        elif row == (0, 2):
            A[1, 1] += weight
        elif row == (1, 1):
            A[0, 1] += weight / 2
            A[1, 0] += weight / 2
        elif row == (1, 0):
            g[0] += weight
        elif row == (0, 1):
            g[1] += weight
        else:
            raise ValueError(f"monomial with exponents {row} is not of degree 1 or 2 in two inputs")
    return A, g, float(b)


def quadratic_value(x: np.ndarray, A: np.ndarray, g: np.ndarray, c: float) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.einsum("ni,ij,nj->n", x, A, x) + x @ g + c


def conic_in_box(A: np.ndarray, g: np.ndarray, c: float, half: float, samples: int = 720) -> list[np.ndarray]:
    """The curve x^T A x + g.x + c = 0 inside [-half, half]^2, as polylines (each (m, 2)),
    every vertex exactly on the curve. Ellipses and hyperbolas; an empty list if it misses."""
    A = 0.5 * (np.asarray(A, dtype=float) + np.asarray(A, dtype=float).T)
    det = float(np.linalg.det(A))
    if abs(det) < 1e-12 * max(1.0, float(np.abs(A).max()) ** 2):
        raise ValueError("the quadratic is degenerate (a parabola or lines); conic_in_box draws ellipses and hyperbolas")
    centre = -0.5 * np.linalg.solve(A, g)
    rhs = -(c + 0.5 * float(g @ centre))  # in the eigenbasis: l1 s1^2 + l2 s2^2 = rhs
    lam, V = np.linalg.eigh(A)
    if rhs == 0:
        raise ValueError("the quadratic is degenerate (two crossing lines)")
    curves = []
    if lam[0] * lam[1] > 0:
        if lam[0] * rhs <= 0:
            return []  # x^T A x never reaches the level: no curve at all
        t = np.linspace(0.0, 2 * np.pi, samples + 1)
        s = np.column_stack([np.sqrt(rhs / lam[0]) * np.cos(t), np.sqrt(rhs / lam[1]) * np.sin(t)])
        curves.append(centre + s @ V.T)
    else:
        i, j = (0, 1) if lam[0] * rhs > 0 else (1, 0)  # s_i^2 has the sign of rhs
        a, b = np.sqrt(rhs / lam[i]), np.sqrt(-rhs / lam[j])
        reach = 2.0 * (np.sqrt(2) * half + np.linalg.norm(centre))  # far enough to leave the box
        tau = np.linspace(-np.arcsinh(reach / b), np.arcsinh(reach / b), samples)
        for branch in (1.0, -1.0):
            s = np.zeros((len(tau), 2))
            s[:, i] = branch * a * np.cosh(tau)
            s[:, j] = b * np.sinh(tau)
            curves.append(centre + s @ V.T)
    out = []
    for curve in curves:
        inside = np.all(np.abs(curve) <= half, axis=1)
        # runs of consecutive inside vertices (a closed ellipse may wrap around its start)
        edges = np.flatnonzero(np.diff(np.concatenate([[0], inside.astype(int), [0]])))
        for start, stop in zip(edges[::2], edges[1::2]):
            if stop - start >= 2:
                out.append(curve[start:stop])
    return out
