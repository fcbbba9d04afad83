"""Activations of a deep fully-connected ReLU network, with and without batch normalisation.

The network has `depth` layers of `width` units, no biases, and weights drawn from
N(0, scale² · 2 / fan_in): `scale` times the He initialisation. Its input is a seeded batch
of standard normal vectors of size `width`. Layer l (counted from 0) computes

    without batch norm:  z_l = a_{l−1} W_lᵀ          a_l = relu(z_l)
    with batch norm:     z_l = BN(a_{l−1} W_lᵀ)      a_l = relu(z_l)

where BN is `batch_norm` in training mode without gamma and beta, so with batch norm z_l has
mean 0 and standard deviation ≈ 1 at every layer. `ActivationStats` keeps both quantities:
"pre" is z_l (what enters the ReLU), "post" is a_l (what leaves it).
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np

from tutor.sim import normalization

QUANTITIES = ("pre", "post")
"""The per-layer quantities: "pre" enters the ReLU, "post" leaves it."""


class Histogram(NamedTuple):
    """Counts of the values between consecutive edges (len(edges) == len(counts) + 1)."""

    counts: tuple[int, ...]
    edges: tuple[float, ...]


@dataclass(frozen=True, eq=False)
class ActivationStats:
    """The values of every layer of one forward pass; layers are counted from 0."""

    batch_norm: bool
    pre: tuple[np.ndarray, ...]
    """z_l per layer, each of shape (batch, width)."""
    post: tuple[np.ndarray, ...]
    """a_l = relu(z_l) per layer, each of shape (batch, width)."""

    def means(self, quantity: str = "post") -> tuple[float, ...]:
        """Mean over the batch and the units, per layer."""
        return tuple(float(values.mean()) for values in self._layers(quantity))

    def stds(self, quantity: str = "post") -> tuple[float, ...]:
        """Standard deviation over the batch and the units, per layer."""
        return tuple(float(values.std()) for values in self._layers(quantity))

    def histogram(self, layer: int, bins: int | tuple[float, ...] = 20, quantity: str = "post") -> Histogram:
        """Counts of one layer's values.

        Args:
            layer: layer index, from 0.
            bins: a number of equal bins spanning the values of every layer (so that the
                histograms of all layers share their bins), or explicit bin edges.
            quantity: "pre" or "post".

        Returns:
            The counts and the bin edges.
        """
        layers = self._layers(quantity)
        if not isinstance(layer, Integral) or not 0 <= layer < len(layers):
            raise ValueError(f"layer must be an integer from 0 to {len(layers) - 1}, not {layer!r}")
        if isinstance(bins, Integral):
            everything = np.concatenate([values.ravel() for values in layers])
            bins = np.histogram_bin_edges(everything, bins=int(bins))
        counts, edges = np.histogram(layers[layer], bins=bins)
        return Histogram(tuple(counts.tolist()), tuple(edges.tolist()))

    def _layers(self, quantity: str) -> tuple[np.ndarray, ...]:
        if quantity not in QUANTITIES:
            raise ValueError(f"quantity must be one of {', '.join(QUANTITIES)}, not {quantity!r}")
        return self.pre if quantity == "pre" else self.post


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
        The pre- and post-ReLU values of every layer.
    """
    _check_sizes(depth=depth, width=width, batch=batch)
    if not isinstance(scale, Real) or not 0 < scale < np.inf:
        raise ValueError(f"scale must be a positive number, not {scale!r}")
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((batch, width))
    pre, post = [], []
    for _ in range(depth):
        weights = rng.normal(0.0, scale * np.sqrt(2.0 / width), size=(width, width))
        z = a @ weights.T
        if batch_norm:
            z = normalization.batch_norm(z)
        a = np.maximum(z, 0.0)
        pre.append(z)
        post.append(a)
    return ActivationStats(batch_norm, tuple(pre), tuple(post))


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        minimum = 2 if name == "batch" else 1
        if not isinstance(value, Integral) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"{name} must be an integer of at least {minimum}, not {value!r}")
