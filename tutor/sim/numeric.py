"""Numeric helpers shared by the simulations."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^−z), without overflow and to full precision in both tails."""
    small = np.exp(-np.abs(z))  # e^−|z| ≤ 1: nothing overflows, nothing cancels
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def sigmoid_and_slope(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """σ(z) and its derivative σ'(z) = σ(z)·σ(−z) = e^−|z| / (1 + e^−|z|)².

    σ(z) = e^min(z, 0) / (1 + e^−|z|): the numerator is 1 for z ≥ 0 and e^z = e^−|z| below, the
    values `sigmoid` picks with `np.where`, here without a branch per value (the simulations call
    this on every layer, and a branch on random signs costs more than a second exponential).
    """
    small = np.abs(z)
    np.negative(small, out=small)
    np.exp(small, out=small)
    denominator = small + 1.0
    value = np.minimum(z, 0.0)
    np.exp(value, out=value)
    value /= denominator
    denominator *= denominator
    return value, np.divide(small, denominator, out=small)
