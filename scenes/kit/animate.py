"""Animating a flow: the view from model space to the screen, the move of one step, and a
player that walks a FlowView's steps with its cloud and bending grid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from manim import Animation, Group, smooth

from .flowview import FlowView, Step, fit_scale, interpolate


@dataclass(frozen=True)
class View:
    """screen = centre + scale * model (model space is already embedded in 3-D)."""

    scale: float
    centre: np.ndarray = field(default_factory=lambda: np.zeros(3))

    def apply(self, points: np.ndarray) -> np.ndarray:
        return np.asarray(self.centre) + self.scale * points


class Tracked:
    """A mobject whose points are set from model-space positions; keeps those positions so
    tests can compare them with the exported trace."""

    def __init__(self, mobject, model_points: np.ndarray, view: View):
        self.mobject = mobject
        self.model_points = np.asarray(model_points, dtype=float)
        self.show(self.model_points, view)

    def show(self, model_points: np.ndarray, view: View) -> None:
        self.model_points = model_points
        self.mobject.set_positions(view.apply(model_points))


class Move(Animation):
    """Moves tracked mobjects from start to end positions: p(t) = (1 - t) start + t end, or
    along ``paths`` (one callable t -> positions per tracked mobject, e.g. a rotation), exactly
    at the ends. The view is ``framing(p(t))`` of the first mobject's positions, so the points
    stay framed at every moment; without a framing it stays ``view``."""

    def __init__(self, moves: list[tuple[Tracked, np.ndarray, np.ndarray]], view: View | None = None,
                 paths: list[Callable[[float], np.ndarray]] | None = None,
                 framing: Callable[[np.ndarray], View] | None = None, rate_func=smooth, **kwargs):
        if view is None and framing is None:
            raise ValueError("Move needs a view or a framing")
        self.moves = moves
        self.paths = paths
        self.fixed_view, self.framing = view, framing
        super().__init__(Group(*[m[0].mobject for m in moves]), rate_func=rate_func, **kwargs)

    def create_starting_mobject(self):
        # Positions come from the tracked model points, never from a copy of the mobjects:
        # skipping Animation's deep copy of thousands of points and grid samples each step.
        return Group()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        if self.paths is not None:
            positions = [start if t <= 0 else end if t >= 1 else path(t)
                         for (_, start, end), path in zip(self.moves, self.paths)]
        else:
            positions = [interpolate(start, end, t) for _, start, end in self.moves]
        view = self.framing(positions[0]) if self.framing else self.fixed_view
        for (tracked, _, _), p in zip(self.moves, positions):
            tracked.show(p, view)


class FlowPlayer:
    """Walks the steps of a FlowView: each step moves the data cloud and the grid together.
    The view follows the points at every moment (all of them within ``radius`` scene units of
    ``centre``, the model's origin fixed there so shifts stay visible), so a tanh that squashes
    everything into (-1, 1) still fills the frame and nothing ever leaves it."""

    def __init__(self, view: FlowView, cloud: Tracked, grid: Tracked | None = None,
                 grid_trace: list[np.ndarray] | None = None, radius: float = 3.0,
                 centre: np.ndarray | None = None, fixed_view: View | None = None):
        self.fixed_view = fixed_view  # 3-D scenes keep one scale so their axes stay true
        self.flow_view = view
        self.cloud = cloud
        self.grid = grid
        self.grid_trace = grid_trace
        self.radius = radius
        self.centre = np.zeros(3) if centre is None else np.asarray(centre, dtype=float)
        self.view = fixed_view or self.view_for_points(view.embedded_layer(0))
        self.references: list[Tracked] = []  # scale references (e.g. ScaleSquare) that follow the view

    def view_for_points(self, points: np.ndarray) -> View:
        return View(fit_scale(points, self.radius), self.centre)

    def moves_for(self, step: Step) -> list[tuple[Tracked, np.ndarray, np.ndarray]]:
        moves = [(self.cloud, *self.flow_view.positions(step))]
        if self.grid is not None:
            moves.append((self.grid, *self.flow_view.positions(step, self.grid_trace)))
        return moves + self.reference_moves()

    def reference_moves(self) -> list[tuple[Tracked, np.ndarray, np.ndarray]]:
        """Scale references stay put in model space; moving them with the view rescales them."""
        return [(ref, ref.model_points, ref.model_points) for ref in self.references]

    def add_reference(self, reference: Tracked) -> None:
        reference.show(reference.model_points, self.view)
        self.references.append(reference)

    def step(self, step: Step, **kwargs) -> Move:
        if step.phase is not None:  # a phase of a square linear map moves along its own maps
            paths = [self.flow_view.path(step)]
            if self.grid is not None:
                paths.append(self.flow_view.path(step, self.grid_trace))
            kwargs["paths"] = paths + [(lambda t, p=ref.model_points: p) for ref in self.references]
        return self._move(self.moves_for(step), **kwargs)

    def steps(self, steps: list[Step], **kwargs) -> Move:
        """Consecutive steps as one move (FlowView.chain): from the first step's start to the
        last step's end, each step along its own path. Pass ``rate_func`` to ease the whole."""
        start, end = self.flow_view.positions(steps[0])[0], self.flow_view.positions(steps[-1])[1]
        moves, paths = [(self.cloud, start, end)], [self.flow_view.chain(steps)]
        if self.grid is not None:
            moves.append((self.grid, self.flow_view.positions(steps[0], self.grid_trace)[0],
                          self.flow_view.positions(steps[-1], self.grid_trace)[1]))
            paths.append(self.flow_view.chain(steps, self.grid_trace))
        paths += [(lambda t, p=ref.model_points: p) for ref in self.references]
        return self._move(moves + self.reference_moves(), paths=paths, **kwargs)

    def with_flow(self, view: FlowView) -> "FlowPlayer":
        """A player for another flow on the same inputs that moves this player's cloud and grid
        (the grid's samples replayed through the new flow)."""
        grid_trace = view.flow.replay(self.grid_trace[0]) if self.grid is not None else None
        other = FlowPlayer(view, self.cloud, self.grid, grid_trace, radius=self.radius, centre=self.centre,
                           fixed_view=self.fixed_view)
        other.view = self.view
        return other

    def step_back(self, step: Step, **kwargs) -> Move:
        """The step played backwards: from its end to its start (the same endpoints)."""
        return self._move([(t, end, start) for t, start, end in self.moves_for(step)], **kwargs)

    def back_to_input(self, **kwargs) -> Move:
        """Every tracked mobject from where it is now back to the input layer."""
        targets = [self.flow_view.embedded_layer(0)]
        if self.grid is not None:
            targets.append(self.flow_view.embedded_layer(0, self.grid_trace))
        moves = [(t, t.model_points, target) for t, target in zip(self.tracked(), targets)]
        return self._move(moves + self.reference_moves(), **kwargs)

    def _move(self, moves: list[tuple[Tracked, np.ndarray, np.ndarray]], **kwargs) -> Move:
        if self.fixed_view is not None:
            return Move(moves, view=self.fixed_view, **kwargs)
        self.view = self.view_for_points(moves[0][2])  # where the points will end up
        return Move(moves, framing=self.view_for_points, **kwargs)

    def tracked(self) -> list[Tracked]:
        return [self.cloud] + ([self.grid] if self.grid is not None else [])
