"""Inverted dropout and two of its variants: spatial dropout and drop path (stochastic depth).

Each function drops units with probability p, where `rng.random(shape) < p`, and multiplies
the survivors by 1 / (1 − p), so that the expected output equals the input and nothing needs
rescaling at inference. Each returns `Dropped(out, keep_mask)`, which unpacks as a pair.
"""

from __future__ import annotations

from numbers import Real
from typing import NamedTuple

import numpy as np

WORKED_EXAMPLE_INPUT = (1.0, 2.0, 3.0, 4.0)
WORKED_EXAMPLE_P = 0.5
WORKED_EXAMPLE_SEED = 29
"""The first seed whose mask drops the 1st and 4th inputs of the course's example (found by search)."""


class Dropped(NamedTuple):
    """The output of a dropout layer and which units it kept."""

    out: np.ndarray
    keep_mask: np.ndarray
    """Boolean; its shape depends on the variant (per element, per map, per sample)."""

    def as_tuples(self) -> tuple[tuple, tuple]:
        """`out` and `keep_mask` as nested tuples of Python floats and bools."""
        return _nested_tuple(self.out), _nested_tuple(self.keep_mask)


class WorkedExample(NamedTuple):
    """The course's dropout example, computed from a seed."""

    input: tuple[float, ...]
    output: tuple[float, ...]
    mask: tuple[bool, ...]
    seed: int


def dropout(x, p: float, rng: np.random.Generator, training: bool = True) -> Dropped:
    """Zero each element with probability p and scale the survivors by 1 / (1 − p).

    Args:
        x: an array of any shape.
        p: drop probability, 0 ≤ p < 1.
        rng: the random generator (not used when not training).
        training: when False, return `x` unchanged with every element kept.

    Returns:
        The output and the element-wise keep mask, both of the shape of `x`.
    """
    x = np.asarray(x, dtype=np.float64)
    _check_p(p)
    if not training:
        return Dropped(x.copy(), np.ones(x.shape, dtype=bool))
    return _apply(x, rng.random(x.shape) >= p, p)


def spatial_dropout(x, p: float, rng: np.random.Generator) -> Dropped:
    """Drop whole feature maps: each (n, c) channel of each sample is kept or zeroed entirely.

    Args:
        x: an (N, C, H, W) array.
        p: drop probability, 0 ≤ p < 1.
        rng: the random generator.

    Returns:
        The output, of the shape of `x`, and the (N, C) keep mask.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"spatial_dropout expects an (N, C, H, W) array, got shape {x.shape}")
    _check_p(p)
    return _apply(x, rng.random(x.shape[:2]) >= p, p)


def drop_path(branch, p: float, rng: np.random.Generator) -> Dropped:
    """Drop the whole residual branch of each sample, as in stochastic depth.

    Args:
        branch: the output of the residual branch, an array of shape (N, ...).
        p: drop probability, 0 ≤ p < 1.
        rng: the random generator.

    Returns:
        The output, of the shape of `branch`, and the (N,) keep mask; the caller adds the output
        to the identity path.
    """
    branch = np.asarray(branch, dtype=np.float64)
    if branch.ndim < 1:
        raise ValueError("drop_path expects an array with a batch axis, got a scalar")
    _check_p(p)
    return _apply(branch, rng.random(branch.shape[:1]) >= p, p)


def worked_example() -> WorkedExample:
    """The course's example, p = 0.5 on [1, 2, 3, 4], computed with WORKED_EXAMPLE_SEED."""
    rng = np.random.default_rng(WORKED_EXAMPLE_SEED)
    out, mask = dropout(WORKED_EXAMPLE_INPUT, WORKED_EXAMPLE_P, rng)
    return WorkedExample(WORKED_EXAMPLE_INPUT, _nested_tuple(out), _nested_tuple(mask), WORKED_EXAMPLE_SEED)


def _apply(x: np.ndarray, keep_mask: np.ndarray, p: float) -> Dropped:
    """x times the mask (broadcast over the trailing axes) divided by the keep probability."""
    mask = keep_mask.reshape(keep_mask.shape + (1,) * (x.ndim - keep_mask.ndim))
    return Dropped(np.where(mask, x / (1.0 - p), 0.0), keep_mask)


def _check_p(p: float) -> None:
    if not isinstance(p, Real) or isinstance(p, bool) or not 0 <= p < 1:
        raise ValueError(f"the drop probability p must be a number with 0 ≤ p < 1, not {p!r}")


def _nested_tuple(array: np.ndarray) -> tuple:
    return _tupled(array.tolist())


def _tupled(value):
    return tuple(map(_tupled, value)) if isinstance(value, list) else value
