"""Batch normalisation in practice: running statistics, the backward pass, and folding into a convolution.

Conventions are PyTorch's: the output is normalised with the biased variance of the batch (divided
by the count n), the running variance is updated with the unbiased one (divided by n − 1), and
running = (1 − momentum) · running + momentum · batch, with momentum 0.1 by default. Statistics are
taken per channel over every axis but axis 1 (N, H, W for an (N, C, H, W) tensor; N for (N, C)).
"""

from __future__ import annotations

import numpy as np

from tutor.sim.normalization import EPS, batch_norm

MOMENTUM = 0.1


def _axes(x: np.ndarray) -> tuple[int, ...]:
    if x.ndim not in (2, 4):
        raise ValueError(f"expected an (N, C) or (N, C, H, W) array, got shape {x.shape}")
    return (0, *range(2, x.ndim))


def _per_channel(value, x: np.ndarray) -> np.ndarray:
    """A (C,) vector shaped to broadcast against x along axis 1."""
    return np.asarray(value, dtype=np.float64).reshape((1, -1) + (1,) * (x.ndim - 2))


def batch_norm_step(
    x, gamma, beta, running_mean, running_var, training: bool, momentum: float = MOMENTUM, eps: float = EPS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One forward pass of a batch-norm layer, in training or in evaluation mode.

    Args:
        x: (N, C, H, W) or (N, C) activations.
        gamma, beta: (C,) scale and shift.
        running_mean, running_var: (C,) running statistics before this batch (not modified).
        training: True to normalise with the batch's statistics and update the running ones;
            False to normalise with the running statistics and leave them as they are.
        momentum: weight of the new batch in the running averages.
        eps: added to the variance.

    Returns:
        (out, new_running_mean, new_running_var), new arrays.
    """
    x = np.asarray(x, dtype=np.float64)
    axes = _axes(x)
    running_mean = np.array(running_mean, dtype=np.float64)
    running_var = np.array(running_var, dtype=np.float64)
    if not training:
        x_hat = (x - _per_channel(running_mean, x)) / np.sqrt(_per_channel(running_var, x) + eps)
        return _per_channel(gamma, x) * x_hat + _per_channel(beta, x), running_mean, running_var
    count = x.size // x.shape[1]
    if count < 2:
        raise ValueError("training needs more than one value per channel (the unbiased variance divides by n − 1)")
    out = batch_norm(x, gamma, beta, eps)
    mean = x.mean(axis=axes)
    unbiased = x.var(axis=axes) * count / (count - 1)
    return out, (1 - momentum) * running_mean + momentum * mean, (1 - momentum) * running_var + momentum * unbiased


def batch_norm_backward(dout, x, gamma, eps: float = EPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a training-mode batch norm y = γ·x̂ + β, x̂ = (x − μ) / √(σ² + ε).

    With n values per channel and sums over them:
    dβ = Σ dy, dγ = Σ dy·x̂, dx = γ / (n·√(σ² + ε)) · (n·dy − Σ dy − x̂·Σ dy·x̂).

    Args:
        dout: ∂L/∂y, the shape of x.
        x: the layer's input, (N, C, H, W) or (N, C).
        gamma: (C,) scale.
        eps: added to the variance.

    Returns:
        (dx, dgamma, dbeta): shapes of x, (C,), (C,).
    """
    x = np.asarray(x, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    axes = _axes(x)
    count = x.size // x.shape[1]
    mean = x.mean(axis=axes, keepdims=True)
    inv_std = 1.0 / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    dbeta = dout.sum(axis=axes)
    dgamma = (dout * x_hat).sum(axis=axes)
    dx = (
        _per_channel(gamma, x)
        * inv_std
        / count
        * (count * dout - _per_channel(dbeta, x) - x_hat * _per_channel(dgamma, x))
    )
    return dx, dgamma, dbeta


def fold_batch_norm(w, b, gamma, beta, mean, var, eps: float = EPS) -> tuple[np.ndarray, np.ndarray]:
    """Fold an evaluation-mode batch norm into the convolution before it.

    bn(conv(x, w) + b) = conv(x, w') + b' with scale = γ / √(var + ε), w' = w · scale (per output
    channel) and b' = (b − mean) · scale + β.

    Args:
        w: (C_out, C_in, k, k) filters; b: (C_out,) bias, or None for none.
        gamma, beta, mean, var: (C_out,) parameters and running statistics of the batch norm.
        eps: added to the variance.

    Returns:
        (w_folded, b_folded), new arrays of the shapes of w and (C_out,).
    """
    w = np.asarray(w, dtype=np.float64)
    scale = np.asarray(gamma, dtype=np.float64) / np.sqrt(np.asarray(var, dtype=np.float64) + eps)
    bias = np.zeros(w.shape[0]) if b is None else np.asarray(b, dtype=np.float64)
    return w * scale.reshape((-1,) + (1,) * (w.ndim - 1)), (bias - mean) * scale + beta
