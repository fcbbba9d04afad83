"""Activations of a deep fully-connected ReLU network, with and without batch normalisation.

The network has `depth` layers of `width` units, no biases, and weights drawn from
N(0, scale² · 2 / fan_in): `scale` times the He initialisation. Its input is a seeded batch
of standard normal vectors of size `width`. Layer l (counted from 0) computes

    without batch norm:  z_l = a_{l−1} W_lᵀ          a_l = relu(z_l)
    with batch norm:     z_l = BN(a_{l−1} W_lᵀ)      a_l = relu(z_l)

where BN is `batch_norm` in training mode without gamma and beta, so with batch norm z_l has
mean 0 and standard deviation ≈ 1 at every layer. At `scale` 1 (He) the network without batch
norm is stable too: ReLU halves the second moment and He's factor 2 doubles it back; at
`scale` s every layer multiplies the activations by about s, so they explode (s > 1) or vanish
(s < 1) geometrically with the depth.

`activation_stats` summarises each layer as soon as it is computed and keeps only the summary,
so its memory does not grow with the depth. A layer's summary holds the mean and standard
deviation (over the batch and the units) of z_l, what enters the ReLU, and of a_l, what leaves
it; the share of a_l that is exactly 0; and a histogram of
log10(a_l) for a_l > 0, on bins that every layer shares, so that a layer whose values are ten
times larger is drawn one decade further right:

- each layer's values are first counted on fine bins of 1/16 decade (an exact power of two);
- the shared bins are `DECADE_STEPS` wide (1/4, 1/2, 1 or 2 decades: the narrowest with at most
  `MAX_BINS` bins), their edges whole multiples of their width, from the lowest 1st percentile
  of a layer's positive values to the largest value of all layers; the few values below the
  first edge are counted apart, in `below`.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np

from tutor.sim import normalization

FINE_BINS_PER_DECADE = 16
"""Values are first counted on bins of 1/16 decade."""
DECADE_STEPS = (4, 8, 16, 32)
"""The widths the shared bins may have, in fine bins: 1/4, 1/2, 1 and 2 decades."""
MAX_BINS = 20
"""The most shared bins a histogram has (fewer when the widest step still needs fewer)."""
ROWS = 128
"""Rows of the batch multiplied by a layer's weights at a time (`_product`)."""
TRIMMED_SHARE = 0.01
"""The axis starts at the lowest 1st percentile of a layer's positive values."""


class Histogram(NamedTuple):
    """Counts of log10(a) for a > 0 between consecutive edges (len(edges) == len(counts) + 1)."""

    counts: tuple[int, ...]
    edges: tuple[float, ...]
    """In decades: an edge e stands for the value 10^e."""
    below: int = 0
    """Positive values under 10^edges[0], not drawn."""


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
    """log10 of the values of a above 0, on the bins every layer shares."""

    @property
    def positive_mean(self) -> float:
        """The mean of the values of a above 0 (0.0 when there are none): where the histogram sits."""
        return self.post_mean / (1.0 - self.zero_share) if self.zero_share < 1.0 else 0.0


@dataclass(frozen=True, slots=True)
class ActivationStats:
    """The summary of every layer of one forward pass; layers are counted from 0."""

    batch_norm: bool
    layers: tuple[LayerStats, ...]


class _FineCounts(NamedTuple):
    first: int
    """Index of the first fine bin, [first / 16, (first + 1) / 16) in decades."""
    counts: np.ndarray
    low: int
    """The fine bin holding the layer's 1st percentile of positive values."""


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
    moments, fine = [], []
    for _ in range(depth):
        z = _product(a, rng.normal(0.0, scale * np.sqrt(2.0 / width), size=(width, width)).T)
        if batch_norm:
            _batch_norm_in_place(z)
        pre = _mean_and_std(z)
        a = np.maximum(z, 0.0, out=z)  # z is summed up: its array becomes a's
        moments.append((*pre, *_mean_and_std(a), (a.size - np.count_nonzero(a)) / a.size))
        fine.append(_fine_counts(a))
    histograms = _shared_histograms(fine)
    return ActivationStats(batch_norm, tuple(LayerStats(*numbers, h) for numbers, h in zip(moments, histograms)))


def _product(a: np.ndarray, w: np.ndarray) -> np.ndarray:
    """a @ w, `ROWS` rows at a time: BLAS packs (and keeps in memory for the rest of the session) a
    quarter of the workspace a product of all 512 rows took (0.5 MiB, not 1.25). The numbers are
    those of one product to rounding: BLAS may sum in another order for another count of rows.
    """
    product = np.empty((a.shape[0], w.shape[1]))
    for start in range(0, a.shape[0], ROWS):
        np.matmul(a[start : start + ROWS], w, out=product[start : start + ROWS])
    return product


# The helpers below work in place and sum with einsum: a layer is 512 × 256 values, and the
# temporaries of `x.std()` and `x - x.mean()` cost more than the layer's matrix product.


def _batch_norm_in_place(z: np.ndarray) -> None:
    """`normalization.batch_norm(z)` (training mode, no γ and β), written into z."""
    z -= z.mean(axis=0)
    z *= 1.0 / np.sqrt(np.einsum("ij,ij->j", z, z) / len(z) + normalization.EPS)


def _mean_and_std(x: np.ndarray) -> tuple[float, float]:
    """The mean and the (population) standard deviation of every value of x."""
    mean = float(x.mean())
    flat = x.reshape(-1)
    variance = max(float(flat @ flat) / flat.size - mean * mean, 0.0)
    return mean, variance**0.5


def _fine_counts(a: np.ndarray) -> _FineCounts:
    """Counts of the positive values of `a` on bins of 1/16 decade (the zeros are left out).

    The bin of each value is computed in the one copy of the positive values: four temporaries
    of a layer's size raised the thread's memory by ~3 MiB, which its allocator then keeps.
    """
    positive = a[a > 0]
    if not positive.size:
        return _FineCounts(0, np.zeros(0, dtype=np.int64), 0)
    np.log10(positive, out=positive)
    positive *= FINE_BINS_PER_DECADE
    fine = np.floor(positive, out=positive).astype(np.intp)
    del positive
    first = int(fine.min())
    fine -= first
    counts = np.bincount(fine)
    low = first + int(np.searchsorted(np.cumsum(counts), TRIMMED_SHARE * fine.size, side="right"))
    return _FineCounts(first, counts, low)


def _shared_histograms(layers: list[_FineCounts]) -> list[Histogram]:
    """Each layer's fine counts added up into the same, wider bins (see the module docstring)."""
    counted = [layer for layer in layers if len(layer.counts)]
    low = min((layer.low for layer in counted), default=0)
    high = max((layer.first + len(layer.counts) for layer in counted), default=1)  # one past the last fine bin
    step = next((step for step in DECADE_STEPS if _bins(low, high, step) <= MAX_BINS), DECADE_STEPS[-1])
    first, end = low // step, -(-high // step)
    edges = tuple((np.arange(first, end + 1) * step / FINE_BINS_PER_DECADE).tolist())
    histograms = []
    for layer in layers:
        padded = np.zeros((end - first) * step, dtype=np.int64)
        start = layer.first - first * step
        kept = layer.counts[max(0, -start) :]
        padded[max(0, start) : max(0, start) + len(kept)] = kept
        below = int(layer.counts[: max(0, -start)].sum())
        histograms.append(Histogram(tuple(padded.reshape(-1, step).sum(axis=1).tolist()), edges, below))
    return histograms


def _bins(low: int, high: int, step: int) -> int:
    return -(-high // step) - low // step


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        minimum = 2 if name == "batch" else 1
        if not isinstance(value, Integral) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"{name} must be an integer of at least {minimum}, not {value!r}")
