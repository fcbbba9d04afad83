"""Inverted dropout, spatial dropout and drop path."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim.dropout import WORKED_EXAMPLE_SEED, drop_path, dropout, spatial_dropout, worked_example

SIGMAS = 5.0
"""Tolerance in standard errors: a fixed-seed test this far out would fail by chance once in ~3.5 million."""


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_preserves_the_mean_within_its_standard_error(p: float) -> None:
    x = np.linspace(0.5, 2.0, 200)
    draws = 500
    outputs = np.stack([dropout(x, p, rng(seed)).out for seed in range(draws)])
    # Each output element is x/(1−p) with probability 1−p, else 0: mean x, variance x²·p/(1−p).
    standard_error = np.sqrt(np.sum(x**2) * p / (1 - p) / draws) / x.size
    assert abs(outputs.mean() - x.mean()) < SIGMAS * standard_error


@pytest.mark.parametrize("p", [0.05, 0.5, 0.9])
def test_dropout_drops_a_fraction_p_within_the_binomial_standard_error(p: float) -> None:
    _, mask = dropout(np.ones(100_000), p, rng(1))
    standard_error = np.sqrt(p * (1 - p) / mask.size)
    assert abs((~mask).mean() - p) < SIGMAS * standard_error


@given(
    shape=st.lists(st.integers(1, 5), min_size=1, max_size=4).map(tuple),
    p=st.floats(0.0, 0.99),
    seed=st.integers(0, 2**32 - 1),
)
@settings(max_examples=60, deadline=None)
def test_dropout_drops_where_the_generator_draws_below_p(shape: tuple[int, ...], p: float, seed: int) -> None:
    x = np.random.default_rng(seed + 1).normal(size=shape)
    out, mask = dropout(x, p, rng(seed))
    np.testing.assert_array_equal(mask, rng(seed).random(shape) >= p)
    np.testing.assert_array_equal(out, np.where(mask, x / (1 - p), 0.0))
    assert out.dtype == np.float64 and mask.dtype == bool


def test_p_zero_is_the_identity() -> None:
    x = np.arange(12.0).reshape(3, 4)
    out, mask = dropout(x, 0.0, rng())
    np.testing.assert_array_equal(out, x)
    assert mask.all()


def test_p_close_to_one_scales_the_rare_survivors_by_a_hundred() -> None:
    x = np.full(10_000, 2.0)
    out, mask = dropout(x, 0.99, rng())
    assert 0 < mask.sum() < 300
    np.testing.assert_allclose(out[mask], 200.0)
    assert np.all(out[~mask] == 0.0)


@pytest.mark.parametrize("p", [-0.1, 1, 1.0, 1.5, float("nan"), float("inf"), "0.5", None, True])
def test_invalid_p_raises_value_error(p) -> None:
    for call in (
        lambda: dropout(np.ones(4), p, rng()),
        lambda: spatial_dropout(np.ones((1, 2, 2, 2)), p, rng()),
        lambda: drop_path(np.ones((3, 2)), p, rng()),
    ):
        with pytest.raises(ValueError, match="0 ≤ p < 1"):
            call()


def test_not_training_is_the_identity_and_draws_nothing() -> None:
    generator = rng()
    state = generator.bit_generator.state
    x = np.arange(6.0)
    out, mask = dropout(x, 0.5, generator, training=False)
    np.testing.assert_array_equal(out, x)
    assert mask.all() and mask.shape == x.shape
    assert generator.bit_generator.state == state


def test_spatial_dropout_keeps_or_zeroes_whole_feature_maps() -> None:
    x = np.random.default_rng(9).normal(size=(4, 6, 3, 3))
    out, mask = spatial_dropout(x, 0.5, rng(2))
    assert mask.shape == (4, 6) and 0 < mask.sum() < mask.size
    for n in range(4):
        for c in range(6):
            np.testing.assert_array_equal(out[n, c], x[n, c] * 2.0 if mask[n, c] else 0.0)


def test_spatial_dropout_needs_an_nchw_tensor() -> None:
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        spatial_dropout(np.ones((4, 6)), 0.5, rng())


@pytest.mark.parametrize("shape", [(8,), (8, 5), (8, 3, 2, 2)])
def test_drop_path_keeps_or_drops_the_branch_of_each_sample(shape: tuple[int, ...]) -> None:
    branch = np.random.default_rng(4).normal(size=shape)
    out, mask = drop_path(branch, 0.25, rng(3))
    assert mask.shape == (8,) and 0 < mask.sum() < 8
    for n in range(8):
        np.testing.assert_array_equal(out[n], branch[n] / 0.75 if mask[n] else 0.0)


def test_drop_path_needs_a_batch_axis() -> None:
    with pytest.raises(ValueError, match="batch axis"):
        drop_path(3.0, 0.5, rng())


@pytest.mark.parametrize(
    "layer",
    [
        lambda x, g: dropout(x, 0.5, g),
        lambda x, g: spatial_dropout(x, 0.5, g),
        lambda x, g: drop_path(x, 0.5, g),
    ],
)
def test_same_seed_same_mask_other_seed_other_mask(layer) -> None:
    x = np.ones((64, 16, 2, 2))
    first, again, other = layer(x, rng(10)), layer(x, rng(10)), layer(x, rng(11))
    np.testing.assert_array_equal(first.keep_mask, again.keep_mask)
    np.testing.assert_array_equal(first.out, again.out)
    assert not np.array_equal(first.keep_mask, other.keep_mask)


def test_the_worked_example_is_computed_from_its_seed() -> None:
    example = worked_example()
    assert example.input == (1.0, 2.0, 3.0, 4.0)
    assert example.output == (0.0, 4.0, 6.0, 0.0)
    assert example.mask == (False, True, True, False)
    assert example.seed == WORKED_EXAMPLE_SEED
    out, _ = dropout([1.0, 2.0, 3.0, 4.0], 0.5, np.random.default_rng(WORKED_EXAMPLE_SEED))
    assert out.tolist() == [0.0, 4.0, 6.0, 0.0]


def test_as_tuples_gives_hashable_nested_tuples() -> None:
    dropped = spatial_dropout(np.ones((2, 3, 1, 2)), 0.5, rng(1))
    out, mask = dropped.as_tuples()
    assert type(out[1][2][0]) is tuple and type(out[1][2][0][1]) is float
    assert type(mask[1]) is tuple and type(mask[1][2]) is bool
    np.testing.assert_array_equal(np.array(out), dropped.out)
    np.testing.assert_array_equal(np.array(mask), dropped.keep_mask)
    hash((out, mask))
