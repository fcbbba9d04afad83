"""The batch-norm story: activations explode through a badly scaled ReLU network unless normalised."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim.activation_stats import POSITIVE_BINS, SHARED_BINS, activation_stats
from tutor.sim.normalization import batch_norm


def full_forward(depth: int, width: int, scale: float, seed: int, with_bn: bool, batch: int) -> tuple[list, list]:
    """The same forward pass keeping every layer's arrays: (z per layer, relu(z) per layer)."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((batch, width))
    pre, post = [], []
    for _ in range(depth):
        z = a @ rng.normal(0.0, scale * np.sqrt(2.0 / width), size=(width, width)).T
        z = batch_norm(z) if with_bn else z
        a = np.maximum(z, 0.0)
        pre.append(z)
        post.append(a)
    return pre, post


@pytest.fixture(scope="module")
def without_bn():
    return activation_stats(depth=4, width=256, scale=3.0, seed=0, batch_norm=False)


@pytest.fixture(scope="module")
def with_bn():
    return activation_stats(depth=4, width=256, scale=3.0, seed=0, batch_norm=True)


def test_without_batch_norm_activations_grow_threefold_per_layer(without_bn) -> None:
    # ReLU of N(0, σ²) has mean σ/√(2π) and std σ·√(1/2 − 1/2π); 3× He init multiplies σ by 3 per layer.
    means = [layer.post_mean for layer in without_bn.layers]
    stds = [layer.post_std for layer in without_bn.layers]
    np.testing.assert_allclose(means[:3], (1.7, 5.2, 15.0), rtol=0.3)
    np.testing.assert_allclose(stds[:3], (2.5, 7.6, 22.0), rtol=0.3)
    for values in (means, stds):
        ratios = np.array(values[1:]) / np.array(values[:-1])
        assert np.all((ratios > 2) & (ratios < 4)), ratios


def test_with_batch_norm_every_layer_enters_the_relu_standardised(with_bn) -> None:
    np.testing.assert_allclose([layer.pre_mean for layer in with_bn.layers], 0.0, atol=1e-12)
    np.testing.assert_allclose([layer.pre_std for layer in with_bn.layers], 1.0, atol=1e-5)


def test_with_batch_norm_relu_outputs_stay_put(with_bn) -> None:
    # ReLU of N(0, 1): mean 1/√(2π) ≈ 0.399, std √(1/2 − 1/2π) ≈ 0.584, and half of it is 0.
    np.testing.assert_allclose([layer.post_mean for layer in with_bn.layers], 0.40, atol=0.02)
    np.testing.assert_allclose([layer.post_std for layer in with_bn.layers], 0.58, atol=0.02)
    np.testing.assert_allclose([layer.zero_share for layer in with_bn.layers], 0.5, atol=0.01)


def test_with_batch_norm_every_layer_is_counted_on_the_same_bins(with_bn) -> None:
    edges = with_bn.layers[0].histogram.edges
    assert all(layer.histogram.edges == edges for layer in with_bn.layers)
    assert len(edges) == SHARED_BINS + 1 and -7 < edges[0] < -3 and 3 < edges[-1] < 7
    assert all(sum(layer.histogram.counts) == 512 * 256 for layer in with_bn.layers)
    assert all(type(count) is int for count in with_bn.layers[0].histogram.counts)


def test_without_batch_norm_each_layer_has_its_own_bins_of_the_positive_values(without_bn) -> None:
    for layer in without_bn.layers:
        counts, edges = layer.histogram
        assert len(counts) == POSITIVE_BINS and 0.0 < edges[0] < 1e-300
        assert sum(counts) == round(512 * 256 * (1 - layer.zero_share))
    assert without_bn.layers[2].histogram.edges[-1] > 5 * without_bn.layers[0].histogram.edges[-1]


@given(
    depth=st.integers(1, 4),
    width=st.integers(1, 12),
    batch=st.integers(2, 40),
    scale=st.floats(0.1, 10.0),
    seed=st.integers(0, 2**32 - 1),
    with_bn=st.booleans(),
)
@settings(max_examples=80, deadline=None)
def test_the_summaries_are_numpys_on_the_full_arrays(depth, width, batch, scale, seed, with_bn) -> None:
    stats = activation_stats(depth, width, scale, seed, with_bn, batch=batch)
    pre, post = full_forward(depth, width, scale, seed, with_bn, batch)
    assert stats.batch_norm == with_bn and len(stats.layers) == depth
    for layer, z, a in zip(stats.layers, pre, post, strict=True):
        assert (layer.pre_mean, layer.pre_std) == (float(z.mean()), float(z.std()))
        assert (layer.post_mean, layer.post_std) == (float(a.mean()), float(a.std()))
        assert layer.zero_share == float(np.mean(a == 0.0))
        counts, edges = layer.histogram
        assert counts == tuple(np.histogram(z if with_bn else a, bins=edges)[0].tolist())
        if not with_bn:
            assert edges == tuple(np.linspace(np.nextafter(0.0, 1.0), float(a.max()) or 1.0, POSITIVE_BINS + 1).tolist())
    if with_bn:
        assert_shared_bins(stats.layers[0].histogram.edges, pre)
        assert all(layer.histogram.edges == stats.layers[0].histogram.edges for layer in stats.layers)


def assert_shared_bins(edges: tuple[float, ...], pre: list[np.ndarray]) -> None:
    """At most SHARED_BINS equal bins spanning every value, as narrow as can be in multiples of 1/16."""
    step = edges[1] - edges[0]
    assert step * 16 == round(step * 16)
    assert all(edge / step == round(edge / step) for edge in edges)
    assert np.diff(edges).tolist() == [step] * (len(edges) - 1)
    low, high = min(float(z.min()) for z in pre), max(float(z.max()) for z in pre)
    assert edges[0] <= low < edges[1] and edges[-2] <= high < edges[-1]
    assert len(edges) - 1 <= SHARED_BINS
    if step > 1 / 16:  # narrower bins would be too many
        narrower = step - 1 / 16
        assert math.floor(high / narrower) - math.floor(low / narrower) + 1 > SHARED_BINS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, "depth must be an integer of at least 1"),
        ({"width": 2.5}, "width must be an integer"),
        ({"batch": 1}, "batch must be an integer of at least 2"),
        ({"scale": 0.0}, "scale must be a positive number"),
        ({"scale": float("nan")}, "scale must be a positive number"),
    ],
)
def test_invalid_network_raises_value_error(kwargs: dict, message: str) -> None:
    arguments = {"depth": 2, "width": 8, "scale": 1.0, "seed": 0, "batch_norm": False, "batch": 16} | kwargs
    with pytest.raises(ValueError, match=message):
        activation_stats(**arguments)


def test_same_seed_same_statistics_other_seed_others() -> None:
    first, again = (activation_stats(2, 16, 1.0, 5, False, batch=32) for _ in range(2))
    other = activation_stats(2, 16, 1.0, 6, False, batch=32)
    assert first == again
    assert first.layers[1].post_std != other.layers[1].post_std
