"""Activations of a deep fully-connected ReLU network, with and without batch normalisation.

The network has `depth` layers of `width` units, no biases, and weights drawn from
N(0, scale² · 2 / fan_in): `scale` times the He initialisation. Its input is a seeded batch
of standard normal vectors of size `width`. Layer l (counted from 0) computes

    without batch norm:  z_l = a_{l−1} W_lᵀ          a_l = relu(z_l)
    with batch norm:     z_l = BN(a_{l−1} W_lᵀ)      a_l = relu(z_l)

where BN is `batch_norm` in training mode without gamma and beta, so with batch norm z_l has
mean 0 and standard deviation ≈ 1 at every layer.

`activation_stats` summarises each layer as soon as it is computed and keeps only the summary,
so its memory does not grow with the depth. A layer's summary holds the mean and standard
deviation (over the batch and the units) of z_l, what enters the ReLU, and of a_l, what leaves
it; the share of a_l that is exactly 0; and a histogram of the quantity the batch-norm story is
about:

- with batch norm, z_l, on bins shared by every layer so that layers can be compared: at most
  `SHARED_BINS` equal bins from the lowest to the highest value of all layers, as narrow as
  they can be in multiples of 1/16, with whole multiples of their width as edges;
- without batch norm, the values of a_l above 0 (the exact zeros, about half of them, are left
  out) on `POSITIVE_BINS` equal bins up to the layer's largest value, because the values grow
  several times per layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np

from tutor.sim import normalization

POSITIVE_BINS = 18
"""Bins of a histogram without batch norm."""
SHARED_BINS = 18
"""The most bins a histogram with batch norm has."""
FINE_BINS_PER_UNIT = 16
"""Shared bins are counted first on bins of width 1/16: a power of two, so z · 16 is exact."""


class Histogram(NamedTuple):
    """Counts of the values between consecutive edges (len(edges) == len(counts) + 1)."""

    counts: tuple[int, ...]
    edges: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class LayerStats:
    """One layer's numbers: z enters the ReLU, a = relu(z) leaves it."""

    pre_mean: float
    pre_std: float
    post_mean: float
    post_std: float
    zero_share: float
    """Fraction of a that is exactly 0."""
    histogram: Histogram
    """With batch norm: z, on the bins every layer shares; without: a > 0 (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class ActivationStats:
    """The summary of every layer of one forward pass; layers are counted from 0."""

    batch_norm: bool
    layers: tuple[LayerStats, ...]


class _FineCounts(NamedTuple):
    first: int
    """Index of the first fine bin, [first / 16, (first + 1) / 16)."""
    counts: np.ndarray


def activation_stats(
    depth: int, width: int, scale: float, seed: int, batch_norm: bool, batch: int = 512
) -> ActivationStats:
    """Run one forward pass of the network described in the module docstring.

    Args:
        depth: number of layers.
        width: units per layer, also the input size.
        scale: multiple of the He standard deviation sqrt(2 / fan_in) for the weights.
        seed: seed of the generator that draws the input and the weights.
        batch_norm: whether each layer normalises its pre-activations before the ReLU.
        batch: number of input vectors.

    Returns:
        Every layer's statistics and histogram.
    """
    _check_sizes(depth=depth, width=width, batch=batch)
    if not isinstance(scale, Real) or not 0 < scale < np.inf:
        raise ValueError(f"scale must be a positive number, not {scale!r}")
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((batch, width))
    moments, histograms = [], []
    for _ in range(depth):
        z = a @ rng.normal(0.0, scale * np.sqrt(2.0 / width), size=(width, width)).T
        if batch_norm:
            z = normalization.batch_norm(z)
        a = np.maximum(z, 0.0)
        moments.append(_moments(z, a))
        histograms.append(_fine_counts(z) if batch_norm else _positive_histogram(a))
    if batch_norm:
        histograms = _shared_histograms(histograms)
    return ActivationStats(batch_norm, tuple(LayerStats(*numbers, h) for numbers, h in zip(moments, histograms)))


def _moments(z: np.ndarray, a: np.ndarray) -> tuple[float, ...]:
    zero_share = (a.size - np.count_nonzero(a)) / a.size
    return float(z.mean()), float(z.std()), float(a.mean()), float(a.std()), zero_share


def _positive_histogram(a: np.ndarray) -> Histogram:
    # The first edge is the smallest positive float: the exact zeros fall below it.
    top = float(a.max()) or 1.0
    counts, edges = np.histogram(a, bins=POSITIVE_BINS, range=(np.nextafter(0.0, 1.0), top))
    return Histogram(tuple(counts.tolist()), tuple(edges.tolist()))


def _fine_counts(z: np.ndarray) -> _FineCounts:
    fine = np.floor(z * FINE_BINS_PER_UNIT).astype(np.intp).ravel()
    first = int(fine.min())
    fine -= first
    return _FineCounts(first, np.bincount(fine))


def _shared_histograms(layers: list[_FineCounts]) -> list[Histogram]:
    """Each layer's fine counts added up into the same, wider bins (`step` fine bins each)."""
    low = min(layer.first for layer in layers)
    high = max(layer.first + len(layer.counts) for layer in layers)  # one past the last fine bin
    step = -(-(high - low) // SHARED_BINS)
    while (high - 1) // step + 1 - low // step > SHARED_BINS:
        step += 1
    first, end = low // step, (high - 1) // step + 1
    edges = tuple((np.arange(first, end + 1) * step / FINE_BINS_PER_UNIT).tolist())
    histograms = []
    for layer in layers:
        padded = np.zeros((end - first) * step, dtype=np.int64)
        start = layer.first - first * step
        padded[start : start + len(layer.counts)] = layer.counts
        histograms.append(Histogram(tuple(padded.reshape(-1, step).sum(axis=1).tolist()), edges))
    return histograms


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        minimum = 2 if name == "batch" else 1
        if not isinstance(value, Integral) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"{name} must be an integer of at least {minimum}, not {value!r}")
