"""Bring your own model: train a small torch net on two moons and export it as a flow.

    .venv/bin/python examples/moons.py [FOLDER]      # default: a new temporary folder

Prints the flow's path; read it with contract.flow.load_flow, or render the unfolding chapter
from it: `hidden-layers --flows FOLDER render unfold --flow moons` (README, "Your own model").
The last hidden layer is 2 wide, so that chapter can draw it as a plane. Training stops as
soon as every point is on its side: trained on, the last layer's points squeeze toward two
spots (or a needle), true but hard to see.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere in the repository
from models.export import export_flow  # noqa: E402


def moons(n: int = 600, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, n points, half per class."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    y = np.arange(n) % 2
    X = np.column_stack([np.cos(t) + y, np.sin(t) * (1 - 2 * y) + 0.5 * y - 0.25])
    return X + rng.normal(scale=noise, size=X.shape), y


def main(folder: Path) -> Path:
    X, y = moons()
    torch.manual_seed(0)
    torch.set_num_threads(1)  # a net this small only waits on a second thread
    model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2), nn.ReLU(), nn.Linear(2, 1))
    xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)[:, None]
    opt = torch.optim.Adam(model.parameters(), lr=0.03)
    loss_fn = nn.BCEWithLogitsLoss()  # the model ends in a logit; export adds the sigmoid
    for _ in range(1000):
        opt.zero_grad()
        logits = model(xt)
        if ((logits > 0) == (yt > 0.5)).all():
            break  # every point right: stop before the hidden points crowd together
        loss_fn(logits, yt).backward()
        opt.step()
    return export_flow(model, X, y, "moons", folder, task="classification")


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="moons-"))
    print(main(out))
