"""The one error of bringing your own model. Torch-free, so the command line can catch it
without importing torch."""

from __future__ import annotations


class ExportError(ValueError):
    """Your model, weights or data cannot become a flow. The message is one line: the problem
    and its fix."""
