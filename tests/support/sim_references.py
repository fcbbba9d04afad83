"""Explicit-loop reference implementations the attention tests compare numpy code with."""

from __future__ import annotations

import math

import numpy as np


def scalar_sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def se_reference(x, w1, b1, w2, b2):
    """SE with one loop per sum."""
    n, c, h, w = x.shape
    weights = np.zeros((n, c))
    for sample in range(n):
        z = [sum(x[sample, ch, i, j] for i in range(h) for j in range(w)) / (h * w) for ch in range(c)]
        hidden = [max(0.0, sum(w1[u, ch] * z[ch] for ch in range(c)) + b1[u]) for u in range(len(b1))]
        for ch in range(c):
            weights[sample, ch] = scalar_sigmoid(sum(w2[ch, u] * hidden[u] for u in range(len(b1))) + b2[ch])
    return weights


def spatial_logits_reference(x, kernel, bias):
    """CBAM's pre-sigmoid map with explicit loops: pooling, then zero-padded cross-correlation."""
    n, c, h, w = x.shape
    k = kernel.shape[1]
    logits = np.zeros((n, h, w))
    for sample in range(n):
        pooled = [
            [[sum(x[sample, ch, i, j] for ch in range(c)) / c for j in range(w)] for i in range(h)],
            [[max(x[sample, ch, i, j] for ch in range(c)) for j in range(w)] for i in range(h)],
        ]
        for i in range(h):
            for j in range(w):
                total = bias
                for p in range(2):
                    for u in range(k):
                        for v in range(k):
                            row, col = i + u - k // 2, j + v - k // 2
                            if 0 <= row < h and 0 <= col < w:
                                total += kernel[p, u, v] * pooled[p][row][col]
                logits[sample, i, j] = total
    return logits
