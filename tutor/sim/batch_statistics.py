"""Batch norm's statistics in practice: batch estimates, running averages, and training against inference.

One channel's pre-activations follow N(`MEAN`, `STD`²) over the data set. At every training step
batch norm sees a batch of `batch_size` of them and normalises with that batch's mean and biased
variance; it also updates its running averages as PyTorch does:

    running_mean ← (1 − m)·running_mean + m·batch_mean
    running_var  ← (1 − m)·running_var  + m·batch_var·N/(N − 1)   (the unbiased variance)

starting from 0 and 1. Keras writes the same update with momentum 1 − m (0.99 for m = 0.01). At
inference the running averages replace the batch's statistics. The smaller the batch, the noisier
its statistics, so the outputs the network trained on differ from those it gives at inference;
the smaller m, the longer the running averages remember (about 1/m steps) and the more steps
they need to forget their start.

`fold` checks the inference-time identity that lets a framework drop batch norm after a linear
layer: BN(w·x + b) = w'·x + b' with w' = γw/√(σ² + ε) and b' = γ(b − μ)/√(σ² + ε) + β.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from tutor.sim.normalization import EPS

MEAN = 2.0
STD = 3.0
"""The channel's distribution over the data set, N(2, 3²)."""
TEST_VALUES = 256
"""Examples used to compare training-mode and inference-mode outputs."""


@dataclass(frozen=True, slots=True)
class RunningStatistics:
    """One training run of a batch-norm channel: every step's estimates, and the train/eval gap at the end."""

    batch_size: int
    momentum: float
    seed: int
    batch_means: tuple[float, ...]
    batch_vars: tuple[float, ...]
    """Biased: what batch norm normalises with during training."""
    running_means: tuple[float, ...]
    """After each step's update."""
    running_vars: tuple[float, ...]
    gap: float
    """Root mean square, over TEST_VALUES examples each drawn in a batch of `batch_size`, of the
    difference between its training-mode output (its batch's statistics) and its inference-mode
    output (the final running averages); 0 when they agree."""


def running_statistics(batch_size: int, momentum: float, steps: int, seed: int) -> RunningStatistics:
    """Train one batch-norm channel for `steps` batches (see the module docstring).

    Args:
        batch_size: values per batch N, at least 2 (PyTorch refuses one value per channel in training).
        momentum: PyTorch's m, 0 < m ≤ 1.
        steps: number of training batches.
        seed: seed of the generator that draws every batch.

    Returns:
        The estimates at every step and the final train/eval gap.
    """
    if not isinstance(batch_size, Integral) or isinstance(batch_size, bool) or batch_size < 2:
        raise ValueError(f"batch_size must be an integer of at least 2, not {batch_size!r}")
    if not isinstance(momentum, Real) or not 0 < momentum <= 1:
        raise ValueError(f"momentum must be a number with 0 < m ≤ 1, not {momentum!r}")
    if not isinstance(steps, Integral) or steps < 1:
        raise ValueError(f"steps must be a positive integer, not {steps!r}")
    rng = np.random.default_rng(seed)
    batches = rng.normal(MEAN, STD, size=(steps, batch_size))
    batch_means = batches.mean(axis=1)
    batch_vars = batches.var(axis=1)
    unbiased = batch_vars * batch_size / (batch_size - 1)
    running_means, running_vars = np.empty(steps), np.empty(steps)
    mean, var = 0.0, 1.0
    for step in range(steps):
        mean = (1 - momentum) * mean + momentum * batch_means[step]
        var = (1 - momentum) * var + momentum * unbiased[step]
        running_means[step], running_vars[step] = mean, var
    test = rng.normal(MEAN, STD, size=(TEST_VALUES // batch_size + 1, batch_size))
    trained = (test - test.mean(axis=1, keepdims=True)) / np.sqrt(test.var(axis=1, keepdims=True) + EPS)
    inferred = (test - mean) / np.sqrt(var + EPS)
    gap = float(np.sqrt(np.mean((trained - inferred) ** 2)))
    return RunningStatistics(
        batch_size,
        float(momentum),
        seed,
        tuple(batch_means.tolist()),
        tuple(batch_vars.tolist()),
        tuple(running_means.tolist()),
        tuple(running_vars.tolist()),
        gap,
    )


def fold(weights, bias, gamma, beta, mean, var, eps: float = EPS) -> tuple[np.ndarray, np.ndarray]:
    """The weights and bias of a linear layer followed by batch norm at inference, as one linear layer.

    Args:
        weights: (C_out, C_in) weights w of the layer.
        bias: (C_out,) bias b.
        gamma, beta: (C_out,) batch norm's scale and shift.
        mean, var: (C_out,) its running averages.
        eps: its ε.

    Returns:
        (w', b') with w' = γw/√(σ² + ε) row by row and b' = γ(b − μ)/√(σ² + ε) + β.
    """
    scale = np.asarray(gamma) / np.sqrt(np.asarray(var) + eps)
    return np.asarray(weights) * scale[:, None], scale * (np.asarray(bias) - np.asarray(mean)) + np.asarray(beta)


def fold_error(mean: float, var: float, seed: int, channels: int = 8, inputs: int = 16, samples: int = 64) -> float:
    """The largest difference between a linear layer followed by batch norm at inference and the folded layer.

    The layer's weights, bias, γ and β are drawn from `seed`; every channel's running averages are
    `mean` and `var` (the run's). A few ulps: folding changes nothing but the rounding.
    """
    rng = np.random.default_rng(seed)
    weights, bias = rng.normal(size=(channels, inputs)), rng.normal(size=channels)
    gamma, beta = rng.normal(1.0, 0.1, size=channels), rng.normal(0.0, 0.1, size=channels)
    x = rng.normal(size=(samples, inputs))
    means, variances = np.full(channels, mean), np.full(channels, var)
    separate = gamma * (x @ weights.T + bias - means) / np.sqrt(variances + EPS) + beta
    folded_weights, folded_bias = fold(weights, bias, gamma, beta, means, variances)
    return float(np.max(np.abs(x @ folded_weights.T + folded_bias - separate)))
