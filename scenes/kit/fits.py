"""Which flows a general chapter can draw, and the words it uses for any flow.

The general chapters (`hidden-layers render unfold --flow mine`, ...) take a flow they have
never seen. Each names the shape it needs here, as a function that returns ``None`` when a flow
fits and otherwise one sentence saying what it needs and what the flow has; the command line
prints that sentence as its error before Manim starts. numpy only (the flow is the contract's).
"""

from __future__ import annotations

from contract.flow import Flow

from .legibility import hard_to_see
from .palette import CLASS_COLORS


def hidden_widths(flow: Flow) -> list[int]:
    """Widths of the hidden layers: the output of every affine stage but the last."""
    return [flow.stages[k].W.shape[0] for k in flow.affine_indices()[:-1]]


def class_count(flow: Flow) -> int:
    """How many classes a classifier's flow tells apart (2 for a sigmoid output)."""
    if flow.task == "multiclass":
        return int(flow.output_affine().W.shape[0])
    return 2


def data_name(flow: Flow) -> str:
    """What to call the data on screen: its data set's name, or the flow's for your own data."""
    name = flow.meta.get("dataset", {}).get("name", "user")
    return (flow.name if name == "user" else name).replace("_", " ")


def hidden_activations(flow: Flow) -> list[str]:
    """The activation after each hidden affine stage ('identity' when there is none)."""
    names = []
    for k in flow.affine_indices()[:-1]:
        after = flow.stages[k + 1] if k + 1 < len(flow.stages) else None
        names.append(after.name if after is not None and after.kind == "activation" else "identity")
    return names


def _shape(flow: Flow) -> str:
    widths = [flow.X.shape[1]] + [flow.stages[k].W.shape[0] for k in flow.affine_indices()]
    return f"{flow.task} {'-'.join(map(str, widths))}"


def unfold_misfit(flow: Flow) -> str | None:
    """unfold: a classifier of 2-D points (2 or more classes, at most as many as the palette has
    colours) with at least one hidden layer, the last of them 2 wide. Wider earlier layers are
    drawn along their top two principal components, and the chapter says so on screen."""
    need = ("unfold needs a classifier of 2-D points (2 to "
            f"{len(CLASS_COLORS)} classes) with hidden layers, the last one 2 wide, e.g. 2-2-2-1 or 2-100-2-5")
    widths = hidden_widths(flow)
    if (flow.task not in ("binary", "multiclass") or flow.X.shape[1] != 2 or not widths or widths[-1] != 2
            or any(s.kind == "features" for s in flow.stages) or class_count(flow) > len(CLASS_COLORS)):
        return f"{need}; flow {flow.name!r} is {_shape(flow)}"
    return None


def hidden_space_misfit(flow: Flow) -> str | None:
    """hidden-space: a two-class classifier of 2-D points with one hidden layer of 3 ReLU units,
    2 -> 3 ReLU -> 1 (the chapter folds the points onto the octant's faces and pulls the output
    plane back exactly, which needs ReLU)."""
    need = "hidden-space needs a two-class classifier 2 -> 3 ReLU -> 1 (one hidden layer, 3 wide, ReLU)"
    if (flow.task != "binary" or flow.X.shape[1] != 2 or hidden_widths(flow) != [3]
            or hidden_activations(flow) != ["relu"] or any(s.kind == "features" for s in flow.stages)):
        return f"{need}; flow {flow.name!r} is {_shape(flow)} ({', '.join(hidden_activations(flow)) or 'no hidden layer'})"
    return None


def pieces_misfit(flow: Flow) -> str | None:
    """pieces: a regression of one input on one output through one hidden ReLU layer,
    1 -> h ReLU -> 1 (each unit is one bent line, and the curve is their sum)."""
    need = "pieces needs a regression 1 -> h ReLU -> 1 (one input, one hidden ReLU layer, one output)"
    kinds = [s.kind for s in flow.stages]
    if (flow.task != "regression" or kinds != ["affine", "activation", "affine"] or flow.X.shape[1] != 1
            or flow.stages[1].name != "relu" or flow.output_affine().W.shape[0] != 1):
        return f"{need}; flow {flow.name!r} is {_shape(flow)} ({', '.join(hidden_activations(flow)) or 'no hidden layer'})"
    return None


def unfold_hard_to_see(flow: Flow) -> str | None:
    """unfold's picture ends in the last hidden plane: say so when its points form a needle or
    a class sits on one spot (the flow fits; the chapter renders; the picture will not read)."""
    last = flow.trace[flow.affine_indices()[-1]]
    return hard_to_see(last, flow.y, f"{flow.name}'s last hidden layer")
