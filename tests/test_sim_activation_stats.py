"""The batch-norm story: activations explode through a badly scaled ReLU network unless normalised."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.sim.activation_stats import activation_stats


@pytest.fixture(scope="module")
def without_bn():
    return activation_stats(depth=4, width=256, scale=3.0, seed=0, batch_norm=False)


@pytest.fixture(scope="module")
def with_bn():
    return activation_stats(depth=4, width=256, scale=3.0, seed=0, batch_norm=True)


def test_without_batch_norm_activations_grow_threefold_per_layer(without_bn) -> None:
    # ReLU of N(0, σ²) has mean σ/√(2π) and std σ·√(1/2 − 1/2π); 3× He init multiplies σ by 3 per layer.
    means, stds = without_bn.means(), without_bn.stds()
    np.testing.assert_allclose(means[:3], (1.7, 5.2, 15.0), rtol=0.3)
    np.testing.assert_allclose(stds[:3], (2.5, 7.6, 22.0), rtol=0.3)
    for values in (means, stds):
        ratios = np.array(values[1:]) / np.array(values[:-1])
        assert np.all((ratios > 2) & (ratios < 4)), ratios


def test_with_batch_norm_every_layer_enters_the_relu_standardised(with_bn) -> None:
    np.testing.assert_allclose(with_bn.means("pre"), 0.0, atol=1e-12)
    np.testing.assert_allclose(with_bn.stds("pre"), 1.0, atol=1e-5)
    for layer in with_bn.pre:
        np.testing.assert_allclose(layer.mean(axis=0), 0.0, atol=1e-12)


def test_with_batch_norm_relu_outputs_stay_put(with_bn) -> None:
    # ReLU of N(0, 1): mean 1/√(2π) ≈ 0.399, std √(1/2 − 1/2π) ≈ 0.584.
    np.testing.assert_allclose(with_bn.means(), 0.40, atol=0.02)
    np.testing.assert_allclose(with_bn.stds(), 0.58, atol=0.02)


def test_post_is_the_relu_of_pre(without_bn, with_bn) -> None:
    for stats in (without_bn, with_bn):
        assert len(stats.pre) == len(stats.post) == 4
        for pre, post in zip(stats.pre, stats.post, strict=True):
            assert pre.shape == (512, 256)
            np.testing.assert_array_equal(post, np.maximum(pre, 0.0))


def test_both_modes_see_the_same_input_and_weights(without_bn, with_bn) -> None:
    # Layer 0's pre-activations differ only by the normalisation.
    raw = without_bn.pre[0]
    np.testing.assert_allclose(with_bn.pre[0], (raw - raw.mean(0)) / np.sqrt(raw.var(0) + 1e-5), rtol=1e-10)


def test_histograms_share_their_bins_across_layers(with_bn) -> None:
    first, last = with_bn.histogram(0, 12), with_bn.histogram(3, 12)
    assert first.edges == last.edges and len(first.edges) == 13
    assert sum(first.counts) == sum(last.counts) == 512 * 256
    assert all(type(count) is int for count in first.counts)
    assert first.edges[0] == min(float(layer.min()) for layer in with_bn.post)
    assert first.edges[-1] == max(float(layer.max()) for layer in with_bn.post)


def test_histogram_with_explicit_edges_counts_the_chosen_quantity(with_bn) -> None:
    counts, edges = with_bn.histogram(1, (-10.0, 0.0, 10.0), quantity="pre")
    assert edges == (-10.0, 0.0, 10.0)
    assert counts == (int(np.sum(with_bn.pre[1] < 0)), int(np.sum(with_bn.pre[1] >= 0)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.histogram(4), "layer must be an integer from 0 to 3"),
        (lambda s: s.histogram(-1), "layer must be an integer from 0 to 3"),
        (lambda s: s.means("mid"), "quantity must be one of pre, post"),
    ],
)
def test_bad_queries_raise_value_error(with_bn, call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(with_bn)


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


def test_same_seed_same_activations_other_seed_others() -> None:
    first, again = (activation_stats(2, 16, 1.0, 5, False, batch=32) for _ in range(2))
    other = activation_stats(2, 16, 1.0, 6, False, batch=32)
    assert np.array_equal(first.post[1], again.post[1])
    assert not np.array_equal(first.post[1], other.post[1])
