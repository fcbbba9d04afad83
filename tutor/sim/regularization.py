"""L1 and L2 weight decay on a small logistic regression, for the weight-decay widget.

The data are synthetic and seeded: SAMPLES vectors of FEATURES standard normal features, of
which only INFORMATIVE carry signal; the label of x is 1 with probability sigmoid(w_true · x).
The model (no intercept: the classes are symmetric about the origin) starts from w = 0 and
takes a fixed number of full-batch gradient steps on the mean cross-entropy, each followed by
the proximal step of the penalty (the exact minimiser of penalty + distance to the new w):

    "none":  no penalty
    "l2":    λ‖w‖²  — shrink w ← w / (1 + 2·lr·λ); this reaches the same minimum as adding
             2λw to the gradient, but stays stable for any λ
    "l1":    λ‖w‖₁  — soft-threshold w ← sign(w) · max(|w| − lr·λ, 0), which sets small
             weights to exactly zero
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from tutor.sim.numeric import sigmoid

PENALTIES = ("none", "l2", "l1")
SAMPLES = 200
FEATURES = 20
INFORMATIVE = 4


@dataclass(frozen=True, slots=True)
class Dataset:
    """Features x (SAMPLES, FEATURES), labels y in {0, 1}, and the weights that generated them."""

    x: np.ndarray
    y: np.ndarray
    true_weights: np.ndarray


@dataclass(frozen=True, slots=True)
class FitResult:
    """The trained weights and how well they fit the training data."""

    penalty: str
    strength: float
    weights: tuple[float, ...]
    zero_count: int
    """How many weights are exactly 0.0."""
    loss: float
    """Mean cross-entropy on the training data, without the penalty."""
    accuracy: float
    """Fraction of training samples classified correctly."""
    informative: tuple[int, ...]
    """Indices of the features that carry signal, in increasing order."""
    true_weights: tuple[float, ...]

    @property
    def l1_norm(self) -> float:
        """‖w‖₁ of the trained weights."""
        return float(np.abs(self.weights).sum())

    @property
    def l2_norm(self) -> float:
        """‖w‖₂ of the trained weights."""
        return float(np.linalg.norm(self.weights))


def make_dataset(seed: int) -> Dataset:
    """The seeded synthetic classification problem described in the module docstring.

    Args:
        seed: seed of the generator.

    Returns:
        The features, labels and generating weights (INFORMATIVE non-zero entries of size 1.5–3).
    """
    rng = np.random.default_rng(seed)
    true_weights = np.zeros(FEATURES)
    informative = rng.choice(FEATURES, size=INFORMATIVE, replace=False)
    true_weights[informative] = rng.choice((-1.0, 1.0), INFORMATIVE) * rng.uniform(1.5, 3.0, INFORMATIVE)
    x = rng.standard_normal((SAMPLES, FEATURES))
    y = (rng.random(SAMPLES) < sigmoid(x @ true_weights)).astype(np.float64)
    return Dataset(x, y, true_weights)


def fit_logistic(penalty: str, strength: float, seed: int, steps: int = 300, lr: float = 0.5) -> FitResult:
    """Train the logistic regression on `make_dataset(seed)` with the given penalty.

    Args:
        penalty: "none", "l2" (λ‖w‖²) or "l1" (λ‖w‖₁).
        strength: λ ≥ 0; ignored when penalty is "none".
        seed: seed of the data set.
        steps: number of full-batch gradient steps.
        lr: step size.

    Returns:
        The weights, their number of exact zeros, the training loss and accuracy.
    """
    _check_arguments(penalty, strength, steps, lr)
    data = make_dataset(seed)
    weights = np.zeros(FEATURES)
    for _ in range(steps):
        gradient = data.x.T @ (sigmoid(data.x @ weights) - data.y) / SAMPLES
        weights = weights - lr * gradient
        if penalty == "l2":
            weights = weights / (1.0 + 2.0 * lr * strength)
        elif penalty == "l1":
            weights = np.sign(weights) * np.maximum(np.abs(weights) - lr * strength, 0.0)
    return _result(penalty, strength, weights, data)


def _result(penalty: str, strength: float, weights: np.ndarray, data: Dataset) -> FitResult:
    logits = data.x @ weights
    # log(1 + e^z) − y·z is the cross-entropy of sigmoid(z), without overflow.
    loss = float(np.mean(np.logaddexp(0.0, logits) - data.y * logits))
    accuracy = float(np.mean((logits > 0) == (data.y == 1)))
    return FitResult(
        penalty,
        float(strength),
        tuple(weights.tolist()),
        int(np.count_nonzero(weights == 0.0)),
        loss,
        accuracy,
        tuple(np.flatnonzero(data.true_weights).tolist()),
        tuple(data.true_weights.tolist()),
    )


def _check_arguments(penalty: str, strength: float, steps: int, lr: float) -> None:
    if penalty not in PENALTIES:
        raise ValueError(f"penalty must be one of {', '.join(PENALTIES)}, not {penalty!r}")
    if not isinstance(strength, Real) or not 0 <= strength < np.inf:
        raise ValueError(f"strength must be a number ≥ 0, not {strength!r}")
    if not isinstance(steps, Integral) or isinstance(steps, bool) or steps < 1:
        raise ValueError(f"steps must be a positive integer, not {steps!r}")
    if not isinstance(lr, Real) or not 0 < lr < np.inf:
        raise ValueError(f"lr must be a positive number, not {lr!r}")
