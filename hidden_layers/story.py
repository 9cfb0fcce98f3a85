"""The story order: the one list of scenes, in the order the main video plays them.

`hidden-layers video`, the chapter timestamps and `list` all read this list; nothing else
hard-codes the order. A scene is named on the command line by its id or its class name.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from contract.paths import SCENES_DIR


@dataclass(frozen=True)
class SceneEntry:
    id: str  # command-line name, also the output file name
    file: str  # relative to scenes/
    cls: str  # the Manim Scene class
    chapter: str  # title used for chapter timestamps
    flows: tuple[str, ...]  # the flows it draws; checked before rendering
    moves_points: bool = True  # walks flow stages with the kit's Move (checked against the trace)

    @property
    def path(self):
        return SCENES_DIR / self.file

    def load_class(self) -> type:
        """The chapter's Scene class (the one place chapters are imported by name)."""
        return load_scene_class(self.path, self.cls)


def load_scene_class(path, cls: str) -> type:
    """Class ``cls`` of the scene file ``path``: imported as scenes.<file> when it lives in
    scenes/, else from its path (a speaker's own scene file, or a test's)."""
    import importlib
    import importlib.util
    from pathlib import Path

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


class UnknownScene(LookupError):
    pass


def find_scene(name: str) -> SceneEntry:
    for entry in SCENES_IN_ORDER:
        if name in (entry.id, entry.cls):
            return entry
    known = ", ".join(e.id for e in SCENES_IN_ORDER)
    raise UnknownScene(f"unknown scene {name!r}; known scenes: {known} (see `hidden-layers list`)")
