"""What retraining on this machine must reproduce of a committed model.

torch promises identical floats only on one float path (CPU instruction set, BLAS code path).
On the machine that trained the committed flows, retraining gives them back byte for byte; on
another, the long Adam runs drift, and what must agree is what the model does (test_models.py,
SAME_LABELS). One recipe drifts further than that, and is named here with what was measured, so
that the test reports it as an expected failure (shown in every run's summary) instead of
either failing every run on such a CPU or passing in silence.
"""

from __future__ import annotations

import pytest

DRIFTS_ON_OTHER_FLOAT_PATHS = {
    "spirals": "retrained on an AMD EPYC with AVX2 and no AVX-512 (2026-12-02), the spirals net reaches "
               "95.8 % against the committed 99.4 % and gives 96.2 % of the points the same class: its "
               "4,000 Adam steps with the spread penalty end on another solution on that float path",
}


def expected_drift(name: str, problem: str) -> None:
    """Off the training float path, a model named above that misses the bar is an expected
    failure (with what was measured); any other model fails on ``problem``."""
    if name in DRIFTS_ON_OTHER_FLOAT_PATHS:
        pytest.xfail(f"{name}: {problem}; known on another float path: {DRIFTS_ON_OTHER_FLOAT_PATHS[name]}")
    pytest.fail(problem)
