"""Batch norm in practice: running averages against a loop, the train/eval gap, and folding."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim.batch_statistics import MEAN, STD, TEST_VALUES, fold, running_statistics
from tutor.sim.normalization import EPS


def reference(batch_size: int, momentum: float, steps: int, seed: int):
    """The same run with one Python loop per sum, as PyTorch's BatchNorm documents the update."""
    rng = np.random.default_rng(seed)
    batches = rng.normal(MEAN, STD, size=(steps, batch_size)).tolist()
    mean, var, means, variances = 0.0, 1.0, [], []
    for batch in batches:
        batch_mean = sum(batch) / batch_size
        unbiased = sum((value - batch_mean) ** 2 for value in batch) / (batch_size - 1)
        mean = (1 - momentum) * mean + momentum * batch_mean
        var = (1 - momentum) * var + momentum * unbiased
        means.append(mean)
        variances.append(var)
    test = rng.normal(MEAN, STD, size=(TEST_VALUES // batch_size + 1, batch_size)).tolist()
    squares, count = 0.0, 0
    for batch in test:
        batch_mean = sum(batch) / batch_size
        biased = sum((value - batch_mean) ** 2 for value in batch) / batch_size
        for value in batch:
            trained = (value - batch_mean) / math.sqrt(biased + EPS)
            inferred = (value - mean) / math.sqrt(var + EPS)
            squares += (trained - inferred) ** 2
            count += 1
    return means, variances, math.sqrt(squares / count)


@settings(max_examples=30, deadline=None)
@given(
    batch_size=st.integers(2, 40),
    momentum=st.floats(0.001, 1.0),
    steps=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_run_is_pytorchs_update_computed_in_loops(batch_size: int, momentum: float, steps: int, seed: int) -> None:
    run = running_statistics(batch_size, momentum, steps, seed)
    means, variances, gap = reference(batch_size, momentum, steps, seed)
    np.testing.assert_allclose(run.running_means, means, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(run.running_vars, variances, rtol=1e-9, atol=1e-12)
    assert run.gap == pytest.approx(gap, rel=1e-9)
    assert len(run.batch_means) == len(run.batch_vars) == steps
    assert all(type(value) is float for value in run.batch_means + run.running_vars)


def test_small_batches_give_noisy_statistics_and_a_train_eval_gap() -> None:
    small, large = running_statistics(2, 0.1, 200, 0), running_statistics(128, 0.1, 200, 0)
    assert np.std(small.batch_means) > 5 * np.std(large.batch_means)  # σ/√N: 3/√2 against 3/√128
    assert small.gap > 5 * large.gap
    assert abs(large.running_means[-1] - MEAN) < 0.3 and abs(large.running_vars[-1] - STD**2) < 2


def test_a_small_momentum_remembers_long_and_forgets_its_start_slowly() -> None:
    # After t steps the start (0) still weighs (1 − m)^t: 0.99^100 ≈ 37 % with m = 0.01.
    slow, usual = running_statistics(128, 0.01, 100, 1), running_statistics(128, 0.1, 100, 1)
    assert slow.running_means[-1] == pytest.approx(MEAN * (1 - 0.99**100), abs=0.15)
    assert abs(usual.running_means[-1] - MEAN) < 0.15
    assert slow.gap > 2 * usual.gap


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((1, 0.1, 10, 0), "batch_size must be an integer of at least 2"),
        ((8, 0.0, 10, 0), "momentum must be a number with 0 < m ≤ 1"),
        ((8, 1.5, 10, 0), "momentum must be a number with 0 < m ≤ 1"),
        ((8, 0.1, 0, 0), "steps must be a positive integer"),
    ],
)
def test_bad_runs_are_refused(arguments: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        running_statistics(*arguments)


def test_folding_batch_norm_into_the_layer_gives_the_same_outputs() -> None:
    rng = np.random.default_rng(3)
    weights, bias = rng.normal(size=(5, 7)), rng.normal(size=5)
    gamma, beta = rng.normal(size=5), rng.normal(size=5)
    mean, var = rng.normal(size=5), rng.uniform(0.5, 2.0, size=5)
    x = rng.normal(size=(9, 7))
    expected = np.array(
        [
            [
                gamma[o]
                * ((sum(weights[o, i] * row[i] for i in range(7)) + bias[o]) - mean[o])
                / math.sqrt(var[o] + EPS)
                + beta[o]
                for o in range(5)
            ]
            for row in x
        ]
    )
    folded_weights, folded_bias = fold(weights, bias, gamma, beta, mean, var)
    np.testing.assert_allclose(x @ folded_weights.T + folded_bias, expected, rtol=1e-10, atol=1e-12)


def test_the_fold_error_is_rounding_only() -> None:
    from tutor.sim.batch_statistics import fold_error

    error = fold_error(1.96, 8.5, seed=0)
    assert 0 <= error < 1e-12
