"""How well one straight line (one logistic neuron) separates two classes, and k straight cuts
(one linear softmax layer) k classes: the project's own logistic fits, as the chapters that
print them use them. numpy + scipy."""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize


def logistic_line(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """(w, b) of the logistic-regression boundary w·x + b = 0 fitted to X (n, d), labels 0/1.
    Fitted on standardised inputs (so hidden layers of any scale fit equally well), mapped back."""
    X = np.asarray(X, dtype=float)
    t = (np.asarray(y) == 1).astype(float)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.column_stack([(X - mean) / scale, np.ones(len(X))])

    def loss_and_grad(v):
        z = Z @ v
        p = 0.5 * (1 + np.tanh(0.5 * z))  # the sigmoid, without overflow
        return np.mean(np.logaddexp(0, z) - t * z), Z.T @ (p - t) / len(t)

    v = minimize(loss_and_grad, np.zeros(Z.shape[1]), jac=True, method="BFGS").x
    w = v[:-1] / scale
    return w, float(v[-1] - w @ mean)


def line_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """Share of points the fitted logistic line puts on their own class's side."""
    w, b = logistic_line(X, y)
    return float(np.mean((np.asarray(X) @ w + b >= 0) == (np.asarray(y) == 1)))


def softmax_fit(X: np.ndarray, y: np.ndarray, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """(W (k, d), b (k,)) of multinomial logistic regression on X (n, d), labels 0..k-1: the best
    linear softmax layer, fitted like ``logistic_line`` on standardised inputs and mapped back."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(int)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.column_stack([(X - mean) / scale, np.ones(len(X))])
    T = np.eye(classes)[y]

    def loss_and_grad(v):
        V = v.reshape(Z.shape[1], classes)
        logits = Z @ V
        logits -= logits.max(axis=1, keepdims=True)
        P = np.exp(logits)
        P /= P.sum(axis=1, keepdims=True)
        loss = -np.mean(np.sum(T * (logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))), axis=1))
        return loss, (Z.T @ (P - T) / len(X)).ravel()

    V = minimize(loss_and_grad, np.zeros(Z.shape[1] * classes), jac=True, method="BFGS").x.reshape(-1, classes)
    W = (V[:-1] / scale[:, None]).T
    return W, V[-1] - W @ mean


def linear_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """Best linear classifier's share right: one line for two classes, a linear softmax (k
    straight-edged regions) for more."""
    classes = int(np.max(y)) + 1
    if classes <= 2:
        return line_accuracy(X, y)
    W, b = softmax_fit(X, y, classes)
    return float(np.mean(np.argmax(np.asarray(X) @ W.T + b, axis=1) == np.asarray(y)))


class StageLineFits:
    """line_accuracy of the points after each stage of a flow, fitted once per stage: a chapter
    says the same number in its narration and on screen, and each fit is a BFGS run. With more
    than two classes the fit is a linear softmax (``linear_accuracy``)."""

    def __init__(self, trace: list[np.ndarray], y: np.ndarray):
        self.trace, self.y = trace, y
        self._accuracy: dict[int, float] = {}

    def after(self, stage: int) -> float:
        """Best straight line's accuracy on the points leaving ``stage`` (trace[stage + 1])."""
        if stage not in self._accuracy:
            self._accuracy[stage] = linear_accuracy(self.trace[stage + 1], self.y)
        return self._accuracy[stage]
