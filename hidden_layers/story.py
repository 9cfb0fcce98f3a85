"""The story order: the one list of scenes, in the order the main video plays them.

`hidden-layers video`, the chapter timestamps and `list` all read this list; nothing else
hard-codes the order. A scene is named on the command line by its id or its class name.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from contract.paths import FLOWS_DIR, SCENES_DIR, USER_FLOWS_DIR, flow_path


@dataclass(frozen=True)
class SceneEntry:
    id: str  # command-line name, also the output file name
    file: str  # relative to scenes/
    cls: str  # the Manim Scene class
    chapter: str  # title used for chapter timestamps
    flows: tuple[str, ...]  # the flows it draws; checked before rendering
    moves_points: bool = True  # walks flow stages with the kit's Move (checked against the trace)
    flow: str | None = None  # a general chapter's flow (`--flow NAME`), handed to its Manim child
    flows_dir: Path | None = None  # the folder that flow was found in (None: the run's flows folder)
    note: str | None = field(default=None, compare=False)  # why a fitting flow's picture may not read

    @property
    def path(self):
        return SCENES_DIR / self.file

    def load_class(self) -> type:
        """The chapter's Scene class (the one place chapters are imported by name)."""
        return load_scene_class(self.path, self.cls)

    def scene_class(self) -> type:
        """The class to build in this process (dry runs): a general chapter's bound to its flow."""
        cls = self.load_class()
        if self.flow is None:
            return cls
        return type(cls.__name__, (cls,), {"run_flow": self.flow, "flows_dir": self.flows_dir})


def load_scene_class(path, cls: str) -> type:
    """Class ``cls`` of the scene file ``path``: imported as scenes.<file> when it lives in
    scenes/, else from its path (a speaker's own scene file, or a test's)."""
    import importlib
    import importlib.util

    path = Path(path).resolve()
    if path.parent == SCENES_DIR.resolve():
        module = importlib.import_module(f"scenes.{path.stem}")
    else:
        name = f"_scene_{path.stem}"
        module = sys.modules.get(name)
        if module is None or getattr(module, "__file__", None) != str(path):
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
    try:
        return getattr(module, cls)
    except AttributeError:
        raise LookupError(f"{path} has no class {cls}; check the story entry's cls") from None


SCENES_IN_ORDER: list[SceneEntry] = [
    # The cold open: the payoff first (the spirals coming apart, a plane cutting the hidden
    # space) and one line of what the video will make clear; at 0:00 in the chapters.
    SceneEntry("cold-open", "cold_open.py", "ColdOpen", "What the hidden layers do (cold open)",
               ("spirals", "corner_relu")),
    # One neuron draws a line (perceptron, sigmoid); more features make it a plane, more
    # classes a set of lines: what a single layer can do, before asking for more.
    SceneEntry("perceptron", "one_neuron.py", "Perceptron", "One neuron draws a line: the perceptron",
               ("perceptron",), moves_points=False),
    SceneEntry("sigmoid-neuron", "one_neuron.py", "SigmoidNeuron", "One neuron draws a line: the sigmoid neuron",
               ("sigmoid_neuron",), moves_points=False),
    SceneEntry("three-features", "more_classes.py", "ThreeFeatures", "Three features: a plane", ("neuron_3d",),
               moves_points=False),
    SceneEntry("softmax-regions", "more_classes.py", "SoftmaxRegions", "More classes: softmax", ("softmax3",),
               moves_points=False),
    # When one neuron's line is not enough, and what feature crosses can and cannot do, comes
    # first: it is the question the hidden layers answer.
    SceneEntry("line-not-enough", "line_not_enough.py", "LineNotEnough", "When a line is not enough",
               ("corner_line", "circles_line"), moves_points=False),
    SceneEntry("feature-crosses", "feature_crosses.py", "FeatureCrosses", "Feature crosses",
               ("circles_crosses", "circles_line")),
    SceneEntry("crosses-spirals", "feature_crosses.py", "CrossesFailOnSpirals", "The same crosses on the spirals",
               ("spirals_crosses", "spirals_line", "spirals_quadratic")),
    # The answer, in hidden space: a plane there, bent boundaries back home; without the
    # nonlinearity nothing is gained; deeper nets unfold what a line cannot cut.
    SceneEntry("hidden-plane", "hidden_space.py", "PlaneInHiddenSpace", "The plane in hidden space", ("corner_relu",)),
    SceneEntry("flat-plane", "hidden_space.py", "FlatHiddenPlane", "Without a nonlinearity", ("corner_linear",)),
    SceneEntry("spirals", "spirals.py", "UnfoldingSpirals", "Unfolding the spirals", ("spirals",)),
    SceneEntry("bottleneck", "spirals.py", "Bottleneck", "The bottleneck", ("bottleneck",)),
    # Then what the layers build from each other, the same idea for regression, and the parts
    # list (a layer's anatomy, the activations) last, once the viewer knows why they matter.
    SceneEntry("layers-build", "layers_build.py", "LayersBuild", "Layers build on layers", ("star_relu",),
               moves_points=False),
    SceneEntry("regression", "regression.py", "ReluPiecesParabola", "ReLU pieces sum into a parabola",
               ("parabola_linear", "parabola_linear_hidden", "parabola_relu10", "parabola_relu400"), moves_points=False),
    SceneEntry("layer-anatomy", "layer_anatomy.py", "LayerAnatomy", "Anatomy of a layer", ("star_relu",),
               moves_points=False),
    SceneEntry("activation-zoo", "activation_zoo.py", "ActivationZoo", "The activation zoo", ("star_relu",)),
]


# General chapters: not in the main video. Each draws any flow of the shape it names (its
# class's ``misfit``, scenes/kit/fits.py): `hidden-layers render unfold --flow mine` renders
# unfold-mine.mp4 from assets/flows/user/mine.npz (or --flows DIR). ``flows`` holds the example
# each draws when no flow is named (plain `manim`).
GENERAL_CHAPTERS: list[SceneEntry] = [
    SceneEntry("unfold", "spirals.py", "GeneralUnfold",
               "a classifier of 2-D points, 2-7 classes, last hidden layer 2 wide", ("spirals5",)),
    SceneEntry("hidden-space", "hidden_space.py", "GeneralHiddenSpace",
               "a two-class classifier 2 -> 3 ReLU -> 1", ("corner_relu",)),
    SceneEntry("pieces", "regression.py", "GeneralPieces", "a regression 1 -> h ReLU -> 1", ("parabola_relu10",),
               moves_points=False),
]


def run_settings(entry: SceneEntry, settings):
    """The run's settings for one scene: a general chapter reads its flow's folder."""
    return settings.replace(flows=entry.flows_dir) if entry.flows_dir is not None else settings


class UnknownScene(LookupError):
    pass


class FlowDoesNotFit(LookupError):
    """A general chapter was given a flow of a shape it cannot draw, or no flow."""


def find_scene(name: str, flow: str | None = None, flows: Path | None = None) -> SceneEntry:
    """The story scene of that id or class; or, with ``flow``, the general chapter of that id
    bound to that flow (see ``general_entry``)."""
    for entry in SCENES_IN_ORDER:
        if name in (entry.id, entry.cls):
            if flow is not None:
                raise FlowDoesNotFit(f"{entry.id} is a chapter of the story and draws its own models; --flow is for "
                                     f"the general chapters: {', '.join(e.id for e in GENERAL_CHAPTERS)}")
            return entry
    for entry in GENERAL_CHAPTERS:
        if name in (entry.id, entry.cls):
            if flow is None:
                raise FlowDoesNotFit(f"{entry.id} draws your own model: name its flow, e.g. "
                                     f"hidden-layers render {entry.id} --flow mine")
            return general_entry(entry, flow, flows)
    known = ", ".join(e.id for e in SCENES_IN_ORDER)
    general = ", ".join(e.id for e in GENERAL_CHAPTERS)
    raise UnknownScene(f"unknown scene {name!r}; known scenes: {known}; with --flow NAME: {general} "
                       f"(see `hidden-layers list`)")


def find_flow(name: str, flows: Path | None = None) -> Path:
    """Where a general chapter's flow is: in ``flows`` when the run names a folder (--flows),
    else in your flows (assets/flows/user/), then the committed ones (assets/flows/)."""
    folders = [flows] if flows is not None and Path(flows).resolve() != FLOWS_DIR.resolve() else [USER_FLOWS_DIR,
                                                                                                    FLOWS_DIR]
    for folder in folders:
        if flow_path(name, folder).exists():
            return Path(folder).resolve()
    where = " or ".join(str(f) for f in folders)
    raise FlowDoesNotFit(f"no flow {name!r} in {where}; make one with `hidden-layers export` or "
                         f"models.export.export_flow, or point --flows at its folder")


def general_entry(chapter: SceneEntry, flow: str, flows: Path | None = None) -> SceneEntry:
    """``chapter`` bound to flow ``flow``: id <chapter>-<flow>, checked to fit before Manim starts."""
    from contract.flow import load_flow

    folder = find_flow(flow, flows)
    cls, data = chapter.load_class(), load_flow(flow_path(flow, folder))  # loaded once: fit, then legibility
    problem = cls.misfit(data)
    if problem:
        raise FlowDoesNotFit(problem)
    return replace(chapter, id=f"{chapter.id}-{flow}", flows=(flow,), flow=flow, flows_dir=folder,
                   note=cls.hard_to_see(data))
