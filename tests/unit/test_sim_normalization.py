"""Batch, layer, instance and group normalisation, and the statistics groups of the norm-axes widget."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tutor.sim.normalization import (
    EPS,
    KINDS,
    batch_norm,
    group_norm,
    group_statistics,
    instance_norm,
    layer_norm,
    normalization_groups,
    sample_tensor,
)

sizes = st.integers(1, 4)


def _random(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(3.0, 2.0, size=shape)


def _normalise(x: np.ndarray, kind: str, groups: int | None = None) -> np.ndarray:
    return {
        "batch": batch_norm,
        "layer": layer_norm,
        "instance": instance_norm,
        "group": lambda t: group_norm(t, groups),
    }[kind](x)


def test_importing_the_package_does_not_load_numpy() -> None:
    code = "import sys, tutor.sim; print('numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("shape", [(8, 3, 4, 5), (16, 6)])
def test_batch_norm_gives_each_channel_mean_zero_and_variance_one(shape: tuple[int, ...]) -> None:
    out = batch_norm(_random(shape))
    axes = (0, *range(2, len(shape)))
    np.testing.assert_allclose(out.mean(axis=axes), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=axes), 1.0, atol=1e-4)


@given(n=sizes, c=sizes, h=sizes, w=sizes, seed=st.integers(0, 2**32 - 1))
@settings(max_examples=50, deadline=None)
def test_batch_norm_output_variance_is_var_over_var_plus_eps(n: int, c: int, h: int, w: int, seed: int) -> None:
    x = _random((n, c, h, w), seed)
    out = batch_norm(x)
    var = x.var(axis=(0, 2, 3))
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), 0.0, atol=1e-9)
    np.testing.assert_allclose(out.var(axis=(0, 2, 3)), var / (var + EPS), rtol=1e-9, atol=1e-12)


def test_batch_norm_by_hand_uses_the_biased_variance() -> None:
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    # channel 0: mean 2, variance ((1−2)² + (3−2)²) / 2 = 1; channel 1: mean 20, variance 100
    expected = np.array([[-1, -10], [1, 10]]) / np.sqrt([1 + EPS, 100 + EPS])
    np.testing.assert_allclose(batch_norm(x), expected, rtol=1e-12)


def test_batch_norm_by_hand_pools_samples_and_positions() -> None:
    x = np.array([[[[0.0, 2.0]]], [[[4.0, 6.0]]]])  # (2, 1, 1, 2): mean 3, variance (9 + 1 + 1 + 9) / 4 = 5
    np.testing.assert_allclose(batch_norm(x).ravel(), (np.array([0, 2, 4, 6]) - 3) / np.sqrt(5 + EPS), rtol=1e-12)


def test_layer_norm_by_hand_normalises_each_sample_on_its_own() -> None:
    x = np.array([[[[1.0, 3.0]], [[5.0, 7.0]]], [[[10.0, 10.0]], [[10.0, 30.0]]]])  # (2, 2, 1, 2)
    # sample 0: mean 4, variance 5; sample 1: mean 15, variance (25·3 + 225) / 4 = 75
    expected = np.array([[-3, -1, 1, 3], [-5, -5, -5, 15]]) / np.sqrt([[5 + EPS], [75 + EPS]])
    np.testing.assert_allclose(layer_norm(x).reshape(2, 4), expected, rtol=1e-12)


def test_instance_norm_by_hand_normalises_each_map_on_its_own() -> None:
    x = np.array([[[[1.0, 3.0]], [[10.0, 30.0]]]])  # (1, 2, 1, 2)
    expected = np.array([[-1, 1] / np.sqrt(1 + EPS), [-10, 10] / np.sqrt(100 + EPS)])
    np.testing.assert_allclose(instance_norm(x).reshape(2, 2), expected, rtol=1e-12)


def test_group_norm_by_hand_normalises_each_group_of_channels() -> None:
    x = np.array([[1.0, 3.0, 10.0, 30.0]]).reshape(1, 4, 1, 1)
    expected = np.concatenate([[-1, 1] / np.sqrt(1 + EPS), [-10, 10] / np.sqrt(100 + EPS)])
    np.testing.assert_allclose(group_norm(x, 2).ravel(), expected, rtol=1e-12)


@given(n=sizes, groups=sizes, per_group=sizes, h=sizes, w=sizes)
@settings(max_examples=50, deadline=None)
def test_group_norm_spans_layer_norm_and_instance_norm(n: int, groups: int, per_group: int, h: int, w: int) -> None:
    x = _random((n, groups * per_group, h, w))
    np.testing.assert_allclose(group_norm(x, 1), layer_norm(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(group_norm(x, groups * per_group), instance_norm(x), rtol=1e-12, atol=1e-12)


def test_per_channel_gamma_and_beta_scale_and_shift_each_channel() -> None:
    x = _random((4, 2, 3, 3))
    gamma, beta = np.array([2.0, -0.5]), np.array([1.0, 4.0])
    scale, shift = gamma.reshape(1, 2, 1, 1), beta.reshape(1, 2, 1, 1)
    np.testing.assert_allclose(batch_norm(x, gamma, beta), scale * batch_norm(x) + shift)
    np.testing.assert_allclose(instance_norm(x, gamma, beta), scale * instance_norm(x) + shift)
    np.testing.assert_allclose(group_norm(x, 2, gamma, beta), scale * group_norm(x, 2) + shift)
    np.testing.assert_allclose(batch_norm(x[:, :, 0, 0], gamma, beta), gamma * batch_norm(x[:, :, 0, 0]) + beta)


def test_layer_norm_gamma_and_beta_act_element_wise() -> None:
    x = _random((3, 2, 2, 2))
    gamma, beta = _random((2, 2, 2), seed=1), _random((2, 2, 2), seed=2)
    np.testing.assert_allclose(layer_norm(x, gamma, beta), gamma * layer_norm(x) + beta)
    np.testing.assert_allclose(layer_norm(x, gamma=gamma), gamma * layer_norm(x))
    np.testing.assert_allclose(layer_norm(x, beta=beta), layer_norm(x) + beta)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: batch_norm(np.ones((2, 3, 4))), r"\(N, C\) or \(N, C, H, W\).*\(2, 3, 4\)"),
        (lambda: batch_norm(np.ones(5)), "got shape"),
        (lambda: layer_norm(np.ones((2, 3, 4, 5, 6))), "got shape"),
        (lambda: instance_norm(np.ones((2, 3))), r"an \(N, C, H, W\)"),
        (lambda: batch_norm(np.ones((0, 3))), "empty"),
        (lambda: group_norm(np.ones((2, 6, 2, 2)), 4), "C = 6 is not divisible by groups = 4"),
        (lambda: group_norm(np.ones((2, 6, 2, 2)), 0), "positive integer"),
        (lambda: group_norm(np.ones((2, 6, 2, 2)), 1.5), "positive integer"),
        (lambda: group_norm(np.ones((2, 6, 2, 2)), True), "positive integer"),
        (lambda: batch_norm(np.ones((2, 3)), gamma=np.ones(4)), r"gamma must have shape \(3,\)"),
        (lambda: instance_norm(np.ones((2, 3, 2, 2)), beta=np.ones((3, 1))), r"beta must have shape \(3,\)"),
        (lambda: layer_norm(np.ones((2, 3, 2, 2)), gamma=np.ones(3)), r"gamma must have shape \(3, 2, 2\)"),
        (lambda: batch_norm(np.ones((2, 3)), eps=0.0), "eps must be a positive number"),
        (lambda: batch_norm(np.ones((2, 3)), eps=float("nan")), "eps must be a positive number"),
    ],
)
def test_invalid_arguments_raise_a_clear_value_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_normalization_groups_match_wu_and_he_figure_2() -> None:
    assert normalization_groups("batch", 2, 4).tolist() == [[0, 1, 2, 3], [0, 1, 2, 3]]
    assert normalization_groups("layer", 2, 4).tolist() == [[0, 0, 0, 0], [1, 1, 1, 1]]
    assert normalization_groups("instance", 2, 4).tolist() == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert normalization_groups("group", 2, 4, groups=2).tolist() == [[0, 0, 1, 1], [2, 2, 3, 3]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("softmax", 2, 4), "kind must be one of batch, layer, instance, group"),
        (("group", 2, 4), "groups must be a positive integer, not None"),
        (("group", 2, 6, 4), "not divisible"),
        (("layer", 0, 4), "n must be a positive integer"),
        (("layer", 2, 2.0), "c must be a positive integer"),
    ],
)
def test_normalization_groups_rejects_bad_arguments(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalization_groups(*args)


@pytest.mark.parametrize(
    ("kind", "groups"), [("batch", None), ("layer", None), ("instance", None), ("group", 2), ("group", 4)]
)
@pytest.mark.parametrize("seed", [0, 7])
def test_normalising_with_the_group_statistics_reproduces_each_function(kind: str, groups: int | None, seed: int):
    x = sample_tensor(seed)
    stats = group_statistics(x, kind, groups)
    ids = np.array(stats.ids)
    mean = np.array(stats.mean)[ids][:, :, None, None]
    var = np.array(stats.var)[ids][:, :, None, None]
    by_statistics = (x - mean) / np.sqrt(var + EPS)
    np.testing.assert_allclose(by_statistics, _normalise(x, kind, groups), rtol=1e-12, atol=1e-12)


def test_group_statistics_are_plain_hashable_values_with_one_entry_per_group() -> None:
    n, c = sample_tensor(0).shape[:2]
    for kind, count in zip(KINDS, (c, n, n * c, n * 2), strict=True):
        stats = group_statistics(sample_tensor(0), kind, groups=2)
        assert len(stats.mean) == len(stats.var) == count
        assert all(type(value) is float for value in stats.mean + stats.var)
        hash(stats)


def test_group_statistics_by_hand() -> None:
    x = np.array([[1.0, 3.0], [5.0, 11.0]])  # (N, C) = (2, 2)
    stats = group_statistics(x, "batch")
    assert stats.mean == (3.0, 7.0) and stats.var == (4.0, 16.0)
    assert group_statistics(x, "layer").mean == (2.0, 8.0)


def test_sample_tensor_is_seeded_and_its_maps_differ() -> None:
    assert np.array_equal(sample_tensor(3), sample_tensor(3))
    assert not np.array_equal(sample_tensor(3), sample_tensor(4))
    assert sample_tensor(3, (2, 3)).shape == (2, 3)
    means = group_statistics(sample_tensor(3), "instance").mean
    assert np.std(means) > 1.0
