"""Figures from samples: median, min, max (and p95), and ratios taken within one run."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def summary(samples: Sequence[float], digits: int = 1) -> dict[str, float | int]:
    """Median, min, max, p95 (nearest rank) and the number of samples.

    Raises:
        ValueError: when there are no samples.
    """
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    p95 = ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]
    return {
        "median": round(statistics.median(ordered), digits),
        "min": round(ordered[0], digits),
        "max": round(ordered[-1], digits),
        "p95": round(p95, digits),
        "samples": len(ordered),
    }


def ratios(numerators: Sequence[float], denominators: Sequence[float]) -> dict[str, float | int]:
    """Summary of the pairwise ratios numerator[i] / denominator[i] (pairs measured side by side)."""
    if len(numerators) != len(denominators):
        raise ValueError("ratios need pairs")
    return summary([top / bottom for top, bottom in zip(numerators, denominators)], digits=3)


def differences(minuends: Sequence[float], subtrahends: Sequence[float]) -> dict[str, float | int]:
    """Summary of the pairwise differences minuend[i] − subtrahend[i]."""
    if len(minuends) != len(subtrahends):
        raise ValueError("differences need pairs")
    return summary([top - bottom for top, bottom in zip(minuends, subtrahends)])
