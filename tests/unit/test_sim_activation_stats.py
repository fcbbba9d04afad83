"""The batch-norm story: at the He scale activations keep their size; scaled up they explode unless normalised."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim.activation_stats import (
    DECADE_STEPS,
    FINE_BINS_PER_DECADE,
    MAX_BINS,
    TRIMMED_SHARE,
    _product,
    activation_stats,
)
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


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(2, 12))
def test_at_the_he_scale_without_batch_norm_activations_keep_their_size(seed: int, depth: int) -> None:
    # He: Var(z) = 2/n · n · E[a²] and E[relu(z)²] = Var(z)/2, so the second moment is kept layer after layer.
    stats = activation_stats(depth, 256, 1.0, seed, batch_norm=False)
    stds = [layer.post_std for layer in stats.layers]
    assert max(stds) < 2 * min(stds), stds
    means = [layer.positive_mean for layer in stats.layers]
    assert max(means) < 2 * min(means), means


@pytest.mark.parametrize("scale", [0.5, 2.0, 3.0])
def test_off_the_he_scale_the_values_move_a_decade_per_log10_scale(scale: float) -> None:
    stats = activation_stats(6, 256, scale, 0, batch_norm=False)
    logs = np.log10([layer.positive_mean for layer in stats.layers])
    np.testing.assert_allclose(np.diff(logs), math.log10(scale), atol=0.05)
    with_bn = activation_stats(6, 256, scale, 0, batch_norm=True)
    np.testing.assert_allclose([layer.positive_mean for layer in with_bn.layers], 0.798, atol=0.02)  # √(2/π)


def test_every_layer_is_counted_on_the_same_log_bins(with_bn, without_bn) -> None:
    for stats in (with_bn, without_bn):
        edges = stats.layers[0].histogram.edges
        assert all(layer.histogram.edges == edges for layer in stats.layers)
        assert len(edges) - 1 <= MAX_BINS
        for layer in stats.layers:
            positives = round(512 * 256 * (1 - layer.zero_share))
            assert sum(layer.histogram.counts) + layer.histogram.below == positives
            assert layer.histogram.below <= TRIMMED_SHARE * positives
        assert all(type(count) is int for count in stats.layers[0].histogram.counts)
    # Without BN the values triple per layer: the last layer sits about 4·log10(3) ≈ 1.9 decades to the right.
    last = without_bn.layers[-1].histogram
    peak = last.edges[int(np.argmax(last.counts))]
    first = without_bn.layers[0].histogram
    assert 1.5 <= peak - first.edges[int(np.argmax(first.counts))] <= 2.5


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
        # Equal to the last few bits: the simulation sums in place rather than through numpy's temporaries.
        assert (layer.pre_mean, layer.pre_std) == pytest.approx((float(z.mean()), float(z.std())), rel=1e-9, abs=1e-12)
        assert (layer.post_mean, layer.post_std) == pytest.approx((float(a.mean()), float(a.std())), rel=1e-9)
        assert layer.zero_share == float(np.mean(a == 0.0))
        assert layer.positive_mean == pytest.approx(float(a[a > 0].mean()) if (a > 0).any() else 0.0, rel=1e-9)
        counts, edges, below = layer.histogram
        logs = np.log10(a[a > 0])
        assert counts == tuple(np.histogram(logs, bins=edges)[0].tolist())
        assert below == int(np.count_nonzero(logs < edges[0]))
    assert_shared_bins(stats.layers[0].histogram.edges, post)


def assert_shared_bins(edges: tuple[float, ...], post: list[np.ndarray]) -> None:
    """At most MAX_BINS equal bins of a width in DECADE_STEPS, as narrow as can be, from the lowest
    1st percentile of a layer's positive values to the highest of all."""
    fine = FINE_BINS_PER_DECADE
    step = round((edges[1] - edges[0]) * fine)
    assert step in DECADE_STEPS and np.diff(edges).tolist() == [step / fine] * (len(edges) - 1)
    assert all(edge * fine / step == round(edge * fine / step) for edge in edges)
    logs = [np.floor(np.log10(a[a > 0]) * fine) for a in post if (a > 0).any()]
    if not logs:
        return
    high = max(float(values.max()) for values in logs) + 1
    low = min(float(np.sort(values)[int(TRIMMED_SHARE * len(values))]) for values in logs)
    assert edges[0] * fine <= low and high <= edges[-1] * fine < high + step
    assert edges[0] * fine > low - step
    assert len(edges) - 1 <= MAX_BINS or step == DECADE_STEPS[-1]
    if step > DECADE_STEPS[0]:  # the narrower width would need too many bins
        narrower = DECADE_STEPS[DECADE_STEPS.index(step) - 1]
        assert math.ceil(high / narrower) - math.floor(low / narrower) > MAX_BINS


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


@settings(max_examples=40, deadline=None)
@given(rows=st.integers(1, 600), width=st.sampled_from([1, 16, 17, 64, 100, 256]), seed=st.integers(0, 9))
def test_a_layer_multiplied_by_blocks_of_rows_is_the_product_of_the_whole(rows: int, width: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, w = rng.standard_normal((rows, width)), rng.standard_normal((width, width))
    np.testing.assert_allclose(_product(a, w.T), a @ w.T, rtol=1e-12, atol=1e-12)
