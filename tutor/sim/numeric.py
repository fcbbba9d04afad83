"""Numeric helpers shared by the simulations."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^−z), without overflow and to full precision in both tails."""
    small = np.exp(-np.abs(z))  # e^−|z| ≤ 1: nothing overflows, nothing cancels
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def sigmoid_and_slope(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """σ(z) and its derivative σ'(z) = σ(z)·σ(−z) = e^−|z| / (1 + e^−|z|)², from one exponential."""
    small = np.exp(-np.abs(z))
    denominator = 1.0 + small
    value = np.where(z >= 0, 1.0, small) / denominator
    denominator *= denominator
    return value, np.divide(small, denominator, out=small)
