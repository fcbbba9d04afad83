"""Squeeze-and-Excitation and CBAM spatial attention, checked against explicit-loop references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.sim_references import scalar_sigmoid, se_reference, spatial_logits_reference
from tutor.sim.attention import cross_correlate, sigmoid, spatial_attention, squeeze_excitation


def random_array(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


def test_sigmoid_is_the_logistic_function_and_never_overflows() -> None:
    z = np.array([-1000.0, -40.0, -3.0, 0.0, 2.0, 1000.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        values = sigmoid(z)
    np.testing.assert_allclose(values[1:5], [scalar_sigmoid(v) for v in z[1:5]], rtol=1e-15)
    assert values[0] == 0.0 and values[-1] == 1.0


def test_sigmoid_keeps_its_precision_in_the_tails() -> None:
    z = np.linspace(-30.0, 30.0, 61)
    np.testing.assert_allclose(sigmoid(-z), [math.exp(-v) / (1.0 + math.exp(-v)) for v in z], rtol=1e-14)


def test_se_hand_computed_example() -> None:
    x = np.array([[[[1.0, 3.0]], [[0.0, 2.0]]]])  # channel means z = (2, 1)
    w1, b1 = np.array([[1.0, -1.0]]), np.array([0.5])  # hidden = relu(2 - 1 + 0.5) = 1.5
    w2, b2 = np.array([[2.0], [-2.0]]), np.array([-3.0, 1.0])  # logits = (0, -2)
    out, weights = squeeze_excitation(x, w1, b1, w2, b2)
    s1 = 1.0 / (1.0 + math.exp(2.0))
    np.testing.assert_allclose(weights, [[0.5, s1]], rtol=1e-14)
    np.testing.assert_allclose(out, [[[[0.5, 1.5]], [[0.0, 2.0 * s1]]]], rtol=1e-14)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 3),
    hidden=st.integers(1, 3),
    reduction=st.integers(1, 3),
    h=st.integers(1, 4),
    w=st.integers(1, 4),
)
def test_se_matches_the_loop_reference(seed: int, n: int, hidden: int, reduction: int, h: int, w: int) -> None:
    c = hidden * reduction
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, h, w))
    w1, b1 = rng.standard_normal((hidden, c)), rng.standard_normal(hidden)
    w2, b2 = rng.standard_normal((c, hidden)), rng.standard_normal(c)
    out, weights = squeeze_excitation(x, w1, b1, w2, b2)
    assert weights.shape == (n, c)
    np.testing.assert_allclose(weights, se_reference(x, w1, b1, w2, b2), rtol=1e-10)
    assert np.all((weights > 0) & (weights < 1))
    np.testing.assert_array_equal(out, x * weights[:, :, None, None])


@pytest.mark.parametrize(
    ("name", "shape", "message"),
    [
        ("x", (4, 2, 2), r"features must have shape \(N, C, H, W\), not \(4, 2, 2\)"),
        ("w1", (2, 3), r"w1 must have shape \(C/r, C\) with C = 4, not \(2, 3\)"),
        ("b1", (3,), r"b1 must have shape \(2,\), not \(3,\)"),
        ("w2", (2, 4), r"w2 must have shape \(4, 2\), not \(2, 4\)"),
        ("b2", (2,), r"b2 must have shape \(4,\), not \(2,\)"),
    ],
)
def test_se_refuses_wrong_shapes(name: str, shape: tuple[int, ...], message: str) -> None:
    arrays = {"x": (1, 4, 2, 2), "w1": (2, 4), "b1": (2,), "w2": (4, 2), "b2": (4,)}
    arrays = {key: random_array(0, shape if key == name else value) for key, value in arrays.items()}
    with pytest.raises(ValueError, match=message):
        squeeze_excitation(**arrays)


def test_spatial_attention_hand_computed_example() -> None:
    x = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)  # one channel: mean = max = x
    kernel = np.stack([np.zeros((3, 3)), np.full((3, 3), 0.1)])
    out, attention_map = spatial_attention(x, kernel, bias=-2.0)
    # 0.1 × the sum of the 3×3 neighbourhood inside the image, minus 2
    expected_logits = np.array([[1.2, 2.1, 1.6], [2.7, 4.5, 3.3], [2.4, 3.9, 2.8]]) - 2.0
    np.testing.assert_allclose(attention_map[0, 0], 1.0 / (1.0 + np.exp(-expected_logits)), rtol=1e-12)
    np.testing.assert_array_equal(out, x * attention_map)


def test_spatial_attention_pools_mean_and_max_over_channels() -> None:
    x = np.array([[[[1.0]], [[5.0]], [[0.0]]]])  # mean 2, max 5
    kernel = np.array([[[0.5]], [[-0.25]]])
    _, attention_map = spatial_attention(x, kernel, bias=0.75)
    assert attention_map[0, 0, 0, 0] == pytest.approx(scalar_sigmoid(0.5 * 2 - 0.25 * 5 + 0.75))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 2),
    c=st.integers(1, 4),
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    k=st.sampled_from([1, 3, 5, 7]),
    bias=st.floats(-3, 3),
)
def test_spatial_attention_matches_the_loop_reference(seed, n, c, h, w, k, bias) -> None:
    rng = np.random.default_rng(seed)
    x, kernel = rng.standard_normal((n, c, h, w)), rng.standard_normal((2, k, k))
    out, attention_map = spatial_attention(x, kernel, bias)
    assert attention_map.shape == (n, 1, h, w)  # 'same' padding keeps H and W
    assert out.shape == x.shape
    expected = 1.0 / (1.0 + np.exp(-spatial_logits_reference(x, kernel, bias)))
    np.testing.assert_allclose(attention_map[:, 0], expected, rtol=1e-10, atol=1e-15)
    assert np.all((attention_map >= 0) & (attention_map <= 1))
    np.testing.assert_array_equal(out, x * attention_map)


def test_cross_correlation_is_not_a_convolution() -> None:
    image = np.zeros((3, 3))
    image[1, 1] = 1.0
    kernel = np.arange(9.0).reshape(3, 3)
    # a single bright pixel comes out as the kernel flipped: out[i, j] = kernel[2 - i, 2 - j]
    np.testing.assert_array_equal(cross_correlate(image, kernel), kernel[::-1, ::-1])


@pytest.mark.parametrize(
    ("x_shape", "kernel_shape", "message"),
    [
        ((1, 2, 5, 5), (2, 4, 4), "kernel size k must be odd for 'same' padding, not 4"),
        ((1, 2, 5, 5), (3, 3, 3), r"kernel must have shape \(2, k, k\), not \(3, 3, 3\)"),
        ((1, 2, 5, 5), (2, 3, 5), r"kernel must have shape \(2, k, k\), not \(2, 3, 5\)"),
        ((1, 2, 5, 5), (3, 3), r"kernel must have shape \(2, k, k\), not \(3, 3\)"),
        ((2, 5, 5), (2, 3, 3), r"features must have shape \(N, C, H, W\), not \(2, 5, 5\)"),
    ],
)
def test_spatial_attention_refuses_wrong_shapes(x_shape, kernel_shape, message) -> None:
    with pytest.raises(ValueError, match=message):
        spatial_attention(random_array(0, x_shape), random_array(1, kernel_shape))
