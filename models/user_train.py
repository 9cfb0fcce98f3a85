"""Train the model of an architecture file on your points, with the story's seeded trainer
(models/train.py: full-batch Adam, float64, one thread)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .arch import LINKS, Arch
from .export import flow_task
from .sequential import build
from .train import Progress, fit, single_thread


def train_arch(arch: Arch, X: np.ndarray, y: np.ndarray, progress: Progress | None = None) -> tuple[nn.Sequential, float]:
    """(the trained model, its final loss). A classifier's final Sigmoid or Softmax is left out
    while training: the loss takes logits, its stable form."""
    task = arch.resolved_task()
    with single_thread():
        torch.manual_seed(arch.seed)
        net = build(arch)
        head = net[:-1] if task == "classification" and arch.last_type in LINKS else net
        final = fit(net, lambda x: [head(x)], X, y, flow_task(task, arch.out_width), arch.lr, arch.epochs, progress)
    return net, final
