"""L1 and L2 weight decay on the seeded logistic regression of the weight-decay widget."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.sim.regularization import FEATURES, INFORMATIVE, SAMPLES, fit_logistic, make_dataset


def _loss_gradient(weights: tuple[float, ...], seed: int) -> np.ndarray:
    """Gradient of the mean cross-entropy (without penalty) at `weights`."""
    data = make_dataset(seed)
    probabilities = 1.0 / (1.0 + np.exp(-(data.x @ np.array(weights))))
    return data.x.T @ (probabilities - data.y) / SAMPLES


def test_the_dataset_has_a_few_informative_features() -> None:
    data = make_dataset(0)
    assert data.x.shape == (SAMPLES, FEATURES) and set(np.unique(data.y)) == {0.0, 1.0}
    assert np.count_nonzero(data.true_weights) == INFORMATIVE
    assert np.all(np.abs(data.true_weights[data.true_weights != 0]) >= 1.5)


def test_no_penalty_fits_the_data() -> None:
    result = fit_logistic("none", 0.0, seed=0)
    assert result.accuracy > 0.85
    assert result.loss < 0.5 * np.log(2)  # half the loss of the untrained model w = 0
    assert result.zero_count == 0
    informative = np.array(result.weights)[list(result.informative)]
    assert np.all(np.sign(informative) == np.sign(np.array(result.true_weights)[list(result.informative)]))


def test_the_penalty_strength_is_ignored_without_a_penalty() -> None:
    assert fit_logistic("none", 5.0, seed=0).weights == fit_logistic("none", 0.0, seed=0).weights


def test_l1_zeros_are_exact_and_grow_in_number_with_the_strength() -> None:
    counts = [fit_logistic("l1", strength, seed=0).zero_count for strength in (0.0, 0.01, 0.03, 0.1, 0.3)]
    assert counts == sorted(counts)
    assert counts[0] == 0 and counts[1] < counts[3] and counts[-1] == FEATURES


def test_moderate_l1_keeps_only_the_informative_features() -> None:
    result = fit_logistic("l1", 0.1, seed=0)
    assert set(np.flatnonzero(result.weights).tolist()) == set(result.informative)
    assert result.accuracy > 0.8


@pytest.mark.parametrize("strength", [0.01, 0.1, 1.0, 10.0])
def test_l2_shrinks_the_weights_without_zeroing_any(strength: float) -> None:
    none, l2 = fit_logistic("none", 0.0, seed=0), fit_logistic("l2", strength, seed=0)
    assert l2.zero_count == 0
    assert l2.l2_norm < none.l2_norm
    assert np.all(np.isfinite(l2.weights))


def test_l2_norm_falls_as_the_strength_rises() -> None:
    norms = [fit_logistic("l2", strength, seed=1).l2_norm for strength in (0.0, 0.01, 0.1, 1.0)]
    assert norms == sorted(norms, reverse=True)


def test_l2_converges_to_the_minimum_of_loss_plus_lambda_w_squared() -> None:
    strength = 0.05
    result = fit_logistic("l2", strength, seed=2, steps=3000)
    gradient = _loss_gradient(result.weights, 2) + 2 * strength * np.array(result.weights)
    assert np.abs(gradient).max() < 1e-8


def test_l1_converges_to_the_minimum_of_loss_plus_lambda_abs_w() -> None:
    strength = 0.03
    result = fit_logistic("l1", strength, seed=2, steps=3000)
    weights, gradient = np.array(result.weights), _loss_gradient(result.weights, 2)
    zero = weights == 0
    # Optimality: a zero weight's loss gradient lies within [−λ, λ]; elsewhere it cancels λ·sign(w).
    assert np.all(np.abs(gradient[zero]) <= strength + 1e-8)
    np.testing.assert_allclose(gradient[~zero], -strength * np.sign(weights[~zero]), atol=1e-8)


def test_results_are_plain_values_and_reproducible() -> None:
    result = fit_logistic("l1", 0.05, seed=3)
    assert result == fit_logistic("l1", 0.05, seed=3)
    hash(result)
    assert len(result.weights) == FEATURES and all(type(w) is float for w in result.weights)
    assert result.informative == tuple(sorted(result.informative)) and len(result.informative) == INFORMATIVE
    assert result.zero_count == sum(w == 0.0 for w in result.weights)
    assert not np.array_equal(make_dataset(3).x, make_dataset(4).x)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"penalty": "l3"}, "penalty must be one of none, l2, l1"),
        ({"strength": -0.1}, "strength must be a number ≥ 0"),
        ({"strength": float("nan")}, "strength must be a number ≥ 0"),
        ({"steps": 0}, "steps must be a positive integer"),
        ({"lr": 0.0}, "lr must be a positive number"),
    ],
)
def test_invalid_arguments_raise_value_error(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fit_logistic(**({"penalty": "l2", "strength": 0.1, "seed": 0} | kwargs))
