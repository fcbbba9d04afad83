"""Numeric helpers shared by the simulations."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^−z), without overflow and to full precision in both tails.

    Written e^min(z, 0) / (1 + e^−|z|): 1 / (1 + e^−z) for z ≥ 0 and e^z / (1 + e^z) below, where
    no exponential exceeds 1 (nothing overflows, nothing cancels), and no branch per value.
    """
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


def sigmoid_of_array(z: np.ndarray) -> np.ndarray:
    """`sigmoid(z)` for an array, in place on two arrays (the simulations call it on every layer)."""
    denominator = np.abs(z)
    np.negative(denominator, out=denominator)
    np.exp(denominator, out=denominator)
    denominator += 1.0
    value = np.minimum(z, 0.0)
    np.exp(value, out=value)
    value /= denominator
    return value


def sigmoid_and_slope(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """σ(z) and its derivative σ'(z) = σ(z)·σ(−z) = e^−|z| / (1 + e^−|z|)².

    The same values as `sigmoid`, in place on two arrays: the simulations call it on every layer
    (a branch per value on random signs, as `np.where` takes, cost more than the exponentials).
    """
    small, denominator = _tail_and_denominator(z)
    value = np.minimum(z, 0.0)
    np.exp(value, out=value)
    value /= denominator
    return value, _slope_of(small, denominator)


def sigmoid_slope(z: np.ndarray) -> np.ndarray:
    """σ'(z) alone: the very values `sigmoid_and_slope` gives beside σ(z)."""
    return _slope_of(*_tail_and_denominator(z))


def _tail_and_denominator(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """e^−|z| and 1 + e^−|z|, each in an array of its own."""
    small = np.abs(z)
    np.negative(small, out=small)
    np.exp(small, out=small)
    return small, small + 1.0


def _slope_of(small: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """σ' = e^−|z| / (1 + e^−|z|)², in place on both arrays."""
    denominator *= denominator
    return np.divide(small, denominator, out=small)
