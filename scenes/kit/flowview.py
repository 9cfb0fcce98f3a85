"""How a flow's stages move points: pure numpy geometry, no Manim, so it is tested directly.

Every layer (trace index) is *embedded* in the scene's space of ``dims`` dimensions (3 for a
3-D scene, 2 for a flat one): a layer no wider is padded with zeros (2-D data sits in the
z = 0 plane); a wider layer is drawn through a fixed projection, the top ``dims`` principal
components of that layer's data points, so the variance share it reports is what is shown.

A *step* is one smooth animation between two embedded point sets:
    affine x -> Wx + b  as  "linear" (x -> Wx) then "shift" (Wx -> Wx + b), or "affine" whole
    activation z -> f(z)
and a point moves as p(t) = (1 - t) start + t end. For layers drawn as is (no projection) the endpoints are
exactly the exported trace, so the picture at the end of every step is the model's own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from contract.flow import Flow

from .linear_path import cumulative_map, linear_phases


@dataclass(frozen=True)
class Embedding:
    """Maps points of one layer (n, width) to scene space (n, 3)."""

    width: int
    mean: np.ndarray | None = None  # PCA only
    components: np.ndarray | None = None  # (k, width), PCA only
    explained: float = 1.0  # share of variance the drawn axes carry

    @staticmethod
    def for_layer(points: np.ndarray, dims: int = 3) -> "Embedding":
        width = points.shape[1]
        if width <= dims:
            return Embedding(width)
        mean = points.mean(axis=0)
        _, s, vt = np.linalg.svd(points - mean, full_matrices=False)
        var = s**2
        return Embedding(width, mean, vt[:dims], float(var[:dims].sum() / var.sum()))

    @property
    def is_projection(self) -> bool:
        return self.components is not None

    def __call__(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=float)
        if points.shape[1] != self.width:
            raise ValueError(f"embedding of a {self.width}-wide layer got points of width {points.shape[1]}")
        out = np.zeros((len(points), 3))
        if self.is_projection:
            out[:, : len(self.components)] = (points - self.mean) @ self.components.T
        else:
            out[:, : self.width] = points
        return out

    def describe(self) -> str:
        if not self.is_projection:
            return f"{self.width}-D, drawn as is"
        return (f"{self.width} neurons, shown along their top {len(self.components)} principal components "
                f"({self.explained:.0%} of variance)")


@dataclass(frozen=True)
class Step:
    """One animated move: stage ``stage`` of the flow, ``part`` of it."""

    stage: int
    part: str  # "linear", "shift", "affine", "activation" or "features" (a fixed feature map)
    label: str
    phase: int | None = None  # a square linear map: which of its phases (linear_path.py)
    phase_kind: str | None = None  # "rotate", "stretch" or "flip"

    def endpoints(self, flow: Flow, trace: list[np.ndarray], embeddings: list[Embedding]) -> tuple[np.ndarray, np.ndarray]:
        """Scene-space start and end for points whose per-layer values are ``trace``."""
        k = self.stage
        stage = flow.stages[k]
        before, after = embeddings[k], embeddings[k + 1]
        if self.part == "linear" and self.phase is not None:
            path = self.path(flow, trace, embeddings)
            return path(0.0), path(1.0)
        if self.part == "linear":
            return before(trace[k]), after(stage.linear_part(trace[k]))
        if self.part == "shift":
            return after(stage.linear_part(trace[k])), after(trace[k + 1])
        return before(trace[k]), after(trace[k + 1])


    def path(self, flow: Flow, trace: list[np.ndarray], embeddings: list[Embedding],
             perspective: bool = True) -> Callable[[float], np.ndarray]:
        """Scene-space positions at share t of the step. A phase of a square linear map moves
        along that phase's maps (rotations turn, never shrink through a point); its ends are
        exactly the layer's input (first phase) and W x (last phase). Every other step is the
        straight path (1 - t) start + t end. A flip is drawn turning out of the plane: with a
        3-D scene's spare axis as depth, or in a flat scene with perspective (near side larger)."""
        if self.phase is None:
            start, end = self.endpoints(flow, trace, embeddings)
            return lambda t: interpolate(start, end, t)
        k = self.stage
        x = trace[k]
        W = flow.stages[k].W
        phases = linear_phases(W)
        phase = phases[self.phase]
        before, after = embeddings[k], embeddings[k + 1]
        first, last = self.phase == 0, self.phase == len(phases) - 1
        start_points = x @ cumulative_map(phases, self.phase, 0.0).T
        reach = max(float(np.max(np.abs(start_points))), 1e-9) if len(x) else 1.0

        def at(t: float) -> np.ndarray:
            if t <= 0.0 and first:
                return before(x)
            if t >= 1.0 and last:
                return after(x @ W.T)  # exactly what linear_part gives
            points = x @ cumulative_map(phases, self.phase, t).T
            drawn = after(points)
            depth = phase.depth(x @ cumulative_map(phases, self.phase, 0.0).T, t)
            if np.any(depth):
                if W.shape[0] < 3 and not perspective:
                    drawn[:, 2] = depth  # a 3-D scene: the page really turns through depth
                else:
                    distance = 4.0 * reach  # the eye, this far in front of the page
                    drawn[:, :2] *= (distance / (distance - depth))[:, None]
            return drawn

        return at


def interpolate(start: np.ndarray, end: np.ndarray, t: float) -> np.ndarray:
    return (1.0 - t) * start + t * end


class FlowView:
    """A flow prepared for drawing: its layer embeddings and its steps in order."""

    def __init__(self, flow: Flow, split_affine: bool = True, stop_before: int | None = None, dims: int = 3):
        self.flow = flow
        self.dims = dims
        self.embeddings = [Embedding.for_layer(t, dims) for t in flow.trace]
        last = len(flow.stages) if stop_before is None else stop_before
        self.steps: list[Step] = []
        layer = 0
        for k, stage in enumerate(flow.stages[:last]):
            if stage.kind == "affine":
                layer += 1
                if split_affine and not self.embeddings[k + 1].is_projection:
                    if stage.W.shape[0] == stage.W.shape[1]:  # square: Olah's rotate, stretch, rotate
                        for i, phase in enumerate(linear_phases(stage.W)):
                            self.steps.append(Step(k, "linear", f"layer {layer}: W{layer} = U Σ Vᵀ, {phase.label}",
                                                   phase=i, phase_kind=phase.kind))
                    else:
                        self.steps.append(Step(k, "linear", f"layer {layer}: linear map W{layer}"))
                    self.steps.append(Step(k, "shift", f"layer {layer}: shift by b{layer}"))
                else:
                    self.steps.append(Step(k, "affine", f"layer {layer}: W{layer}x + b{layer}"))
            elif stage.kind == "features":
                self.steps.append(Step(k, "features", f"feature map: {stage.label}"))
            elif stage.name != "identity":  # the identity moves nothing: no step to draw
                self.steps.append(Step(k, "activation", f"layer {layer}: {stage.name}"))

    def path(self, step: Step, trace: list[np.ndarray] | None = None) -> Callable[[float], np.ndarray]:
        """Positions at share t of a step, for the data (default) or any replayed trace."""
        return step.path(self.flow, self.flow.trace if trace is None else trace, self.embeddings,
                         perspective=self.dims < 3)

    def chain(self, steps: list[Step], trace: list[np.ndarray] | None = None) -> Callable[[float], np.ndarray]:
        """Positions at share t of consecutive ``steps`` played as one move (a whole layer at
        once): each step takes an equal share of t along its own path, so a rotation still turns
        and a flip still turns through depth; at t = 0 and t = 1 exactly the first step's start
        and the last step's end."""
        paths = [self.path(step, trace) for step in steps]
        ends = self.positions(steps[0], trace)[0], self.positions(steps[-1], trace)[1]
        n = len(paths)

        def at(t: float) -> np.ndarray:
            if t <= 0.0:
                return ends[0]
            if t >= 1.0:
                return ends[1]
            i = min(int(t * n), n - 1)
            return paths[i](t * n - i)

        return at

    def positions(self, step: Step, trace: list[np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Start and end of a step for the data (default) or for any replayed trace."""
        return step.endpoints(self.flow, self.flow.trace if trace is None else trace, self.embeddings)

    def embedded_layer(self, index: int, trace: list[np.ndarray] | None = None) -> np.ndarray:
        trace = self.flow.trace if trace is None else trace
        return self.embeddings[index](trace[index])


def fit_scale(points: np.ndarray, radius: float, quantile: float = 1.0) -> float:
    """Scene units per model unit so that the points lie within ``radius`` of the centre in
    each coordinate (a quantile below 1 lets a few outliers leave the frame)."""
    extent = np.quantile(np.max(np.abs(points), axis=1), quantile) if len(points) else 1.0
    return radius / max(float(extent), 1e-9)
