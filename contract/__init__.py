"""The contract every other layer builds on: the flow format, the activations, where the
project's files live, and the narration script format.

numpy (and scipy where needed) only, and nothing else of the project: models/ (torch) writes
flows with it, scenes/ (Manim) reads them, and rendering never needs torch.
"""
