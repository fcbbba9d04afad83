"""Batch, layer, instance and group normalisation of NCHW float64 tensors.

Every function works in training mode: the statistics come from `x` itself, with the biased
variance (divided by the count, as PyTorch does), and the result is `gamma * x̂ + beta` when
gamma or beta is given. `normalization_groups` and `group_statistics` tell which (n, c) cells
share one mean and variance, as in figure 2 of Wu & He (2018), "Group Normalization".
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

KINDS = ("batch", "layer", "instance", "group")
"""The kinds of normalisation, in the order of Wu & He's figure."""

EPS = 1e-5
"""Default ε added to the variance, as in PyTorch."""

SAMPLE_SHAPE = (4, 8, 3, 3)
"""(N, C, H, W) of the small tensor whose statistics the norm-axes widget shows."""


def batch_norm(x, gamma=None, beta=None, eps: float = EPS) -> np.ndarray:
    """Normalise each channel over the batch and the spatial positions (N, H, W).

    Args:
        x: an (N, C, H, W) or (N, C) array.
        gamma: optional per-channel scale of shape (C,).
        beta: optional per-channel shift of shape (C,).
        eps: positive number added to the variance.

    Returns:
        A float64 array of the shape of `x`.
    """
    x = _tensor(x, "batch_norm", allow_2d=True)
    x_hat = _normalised(x, (0, *range(2, x.ndim)), eps)
    return _affine(x_hat, gamma, beta, x.shape[1:2])


def layer_norm(x, gamma=None, beta=None, eps: float = EPS) -> np.ndarray:
    """Normalise each sample over all its channels and positions (C, H, W).

    Args:
        x: an (N, C, H, W) or (N, C) array.
        gamma: optional element-wise scale of shape (C, H, W), or (C,) for an (N, C) input.
        beta: optional element-wise shift of the same shape as gamma.
        eps: positive number added to the variance.

    Returns:
        A float64 array of the shape of `x`.
    """
    x = _tensor(x, "layer_norm", allow_2d=True)
    x_hat = _normalised(x, tuple(range(1, x.ndim)), eps)
    return _affine(x_hat, gamma, beta, x.shape[1:])


def instance_norm(x, gamma=None, beta=None, eps: float = EPS) -> np.ndarray:
    """Normalise each channel of each sample over its spatial positions (H, W).

    Args:
        x: an (N, C, H, W) array.
        gamma: optional per-channel scale of shape (C,).
        beta: optional per-channel shift of shape (C,).
        eps: positive number added to the variance.

    Returns:
        A float64 array of the shape of `x`.
    """
    x = _tensor(x, "instance_norm", allow_2d=False)
    return _affine(_normalised(x, (2, 3), eps), gamma, beta, x.shape[1:2])


def group_norm(x, groups: int, gamma=None, beta=None, eps: float = EPS) -> np.ndarray:
    """Normalise each sample over each group of C/groups consecutive channels and their positions.

    Args:
        x: an (N, C, H, W) or (N, C) array.
        groups: number of groups; must divide C.
        gamma: optional per-channel scale of shape (C,).
        beta: optional per-channel shift of shape (C,).
        eps: positive number added to the variance.

    Returns:
        A float64 array of the shape of `x`.
    """
    x = _tensor(x, "group_norm", allow_2d=True)
    n, c = x.shape[:2]
    _check_groups(groups, c)
    grouped = x.reshape(n, groups, c // groups, *x.shape[2:])
    x_hat = _normalised(grouped, tuple(range(2, grouped.ndim)), eps).reshape(x.shape)
    return _affine(x_hat, gamma, beta, x.shape[1:2])


def normalization_groups(kind: str, n: int, c: int, groups: int | None = None) -> np.ndarray:
    """Which statistics group each (sample, channel) cell belongs to; H·W is always pooled.

    Group ids: batch → c (shared by all samples), layer → n, instance → n·C + c,
    group → n·groups + c // (C / groups).

    Args:
        kind: one of KINDS.
        n: number of samples N.
        c: number of channels C.
        groups: number of groups, used only when `kind` is "group".

    Returns:
        An (N, C) integer array of group ids, numbered from 0 without gaps.
    """
    _check_kind(kind)
    for name, value in (("n", n), ("c", c)):
        if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer, not {value!r}")
    samples, channels = np.arange(n)[:, None], np.arange(c)[None, :]
    if kind == "batch":
        ids = np.broadcast_to(channels, (n, c))
    elif kind == "layer":
        ids = np.broadcast_to(samples, (n, c))
    elif kind == "instance":
        ids = samples * c + channels
    else:
        count = _check_groups(groups, c)
        ids = samples * count + channels // (c // count)
    return ids.astype(np.intp)


@dataclass(frozen=True, slots=True)
class GroupStatistics:
    """The mean and biased variance of every statistics group of a tensor."""

    kind: str
    ids: tuple[tuple[int, ...], ...]
    """Group id of each (n, c) cell, row by row (see `normalization_groups`)."""
    mean: tuple[float, ...]
    """Mean of group g at index g."""
    var: tuple[float, ...]
    """Biased variance of group g at index g."""


def group_statistics(x, kind: str, groups: int | None = None) -> GroupStatistics:
    """The statistics the normalisation of `kind` computes, one mean and variance per group.

    Args:
        x: an (N, C, H, W) or (N, C) array.
        kind: one of KINDS.
        groups: number of groups, used only when `kind` is "group".

    Returns:
        The group of every (n, c) cell and the mean and variance of every group.
    """
    x = _tensor(x, "group_statistics", allow_2d=True)
    ids = normalization_groups(kind, x.shape[0], x.shape[1], groups)
    members = [x[ids == group] for group in range(ids.max() + 1)]
    return GroupStatistics(
        kind,
        tuple(map(tuple, ids.tolist())),
        tuple(float(values.mean()) for values in members),
        tuple(float(values.var()) for values in members),
    )


def sample_tensor(seed: int, shape: tuple[int, ...] = SAMPLE_SHAPE) -> np.ndarray:
    """A small seeded tensor whose (n, c) maps have visibly different means.

    Each map is standard normal noise around its own offset drawn from N(0, 2²), so the
    statistics of different groups differ.

    Args:
        seed: seed of the random generator.
        shape: (N, C, H, W) or (N, C).

    Returns:
        A float64 array of `shape`.
    """
    rng = np.random.default_rng(seed)
    offsets = rng.normal(0.0, 2.0, size=shape[:2] + (1,) * (len(shape) - 2))
    return offsets + rng.standard_normal(shape)


def _tensor(x, name: str, allow_2d: bool) -> np.ndarray:
    array = np.asarray(x, dtype=np.float64)
    if array.ndim not in ((2, 4) if allow_2d else (4,)):
        expected = "an (N, C) or (N, C, H, W)" if allow_2d else "an (N, C, H, W)"
        raise ValueError(f"{name} expects {expected} array, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} got an empty array of shape {array.shape}")
    return array


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


def _check_groups(groups: object, c: int) -> int:
    """`groups`, checked: a positive integer that divides `c`."""
    if not isinstance(groups, Integral) or isinstance(groups, bool) or groups < 1:
        raise ValueError(f"groups must be a positive integer, not {groups!r}")
    if c % groups:
        raise ValueError(f"the number of channels C = {c} is not divisible by groups = {groups}")
    return int(groups)


def _normalised(x: np.ndarray, axes: tuple[int, ...], eps: float) -> np.ndarray:
    if not isinstance(eps, Real) or not eps > 0 or not np.isfinite(eps):
        raise ValueError(f"eps must be a positive number, not {eps!r}")
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


def _affine(x_hat: np.ndarray, gamma, beta, shape: tuple[int, ...]) -> np.ndarray:
    """gamma * x_hat + beta, with gamma and beta of `shape` aligned with the axes from C on."""
    trailing = (1,) * (x_hat.ndim - 1 - len(shape))
    if gamma is not None:
        x_hat = x_hat * _parameter(gamma, "gamma", shape).reshape(shape + trailing)
    if beta is not None:
        x_hat = x_hat + _parameter(beta, "beta", shape).reshape(shape + trailing)
    return x_hat


def _parameter(value, name: str, shape: tuple[int, ...]) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, not {array.shape}")
    return array
