"""Training of the attention modules: gradients against finite differences, Adam against its formula,
the training set against the scenes, and the shipped weights against a new training."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.support.sim_references import se_reference, spatial_logits_reference
from tutor.sim import attention_training as training
from tutor.sim.attention_scenes import PRESETS, object_channels, preset_region, scene


@pytest.fixture(scope="module")
def small_set() -> training.TrainingSet:
    return training.training_set(seed=5, per_preset=2)


def numerical_gradient(gradient, parameters: list[np.ndarray], which: int, eps: float = 1e-6) -> np.ndarray:
    result = np.zeros_like(parameters[which])
    for index in np.ndindex(result.shape):
        up = [p.copy() for p in parameters]
        down = [p.copy() for p in parameters]
        up[which][index] += eps
        down[which][index] -= eps
        result[index] = (gradient(up)[0] - gradient(down)[0]) / (2 * eps)
    return result


def test_the_training_set_is_seeded_scenes_of_every_preset_with_their_targets(small_set) -> None:
    assert small_set.features.shape == (8, 8, 8, 8)
    assert small_set.presets == ("none", "none", "centre", "centre", "edges", "edges", "corners", "corners")
    seeds = np.random.default_rng(5).integers(0, 2**32, size=(4, 2))
    for index, preset in enumerate(small_set.presets):
        seed = int(seeds[PRESETS.index(preset), index % 2])
        np.testing.assert_array_equal(small_set.features[index], scene(preset, seed)[0])
        np.testing.assert_array_equal(small_set.cell_targets[index], preset_region(preset))
        expected = [1.0 if preset != "none" and c in object_channels(8) else 0.0 for c in range(8)]
        assert small_set.channel_targets[index].tolist() == expected
    again = training.training_set(seed=5, per_preset=2)
    np.testing.assert_array_equal(again.features, small_set.features)


def test_the_shown_scenes_are_not_in_the_training_set() -> None:
    seeds = np.random.default_rng(training.TRAINING_SEED).integers(0, 2**32, size=(4, training.SCENES_PER_PRESET))
    assert not set(seeds.ravel().tolist()) & set(range(1000))


def test_the_cross_entropy_is_its_formula() -> None:
    output, target = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 0.0])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.4)) / 3
    assert training.cross_entropy(output, target) == pytest.approx(expected, rel=1e-12)


def test_the_se_loss_and_gradient(small_set) -> None:
    squeezed = small_set.features.mean(axis=(2, 3))
    gradient = training.se_gradient(squeezed, small_set.channel_targets)
    rng = np.random.default_rng(1)
    parameters = [rng.standard_normal(shape) for shape in ((4, 8), (4,), (8, 4), (8,))]
    loss, grads = gradient(parameters)
    weights = se_reference(small_set.features, *parameters)  # loops, independent of the matrix code
    assert loss == pytest.approx(training.cross_entropy(weights, small_set.channel_targets), rel=1e-12)
    for which, grad in enumerate(grads):
        np.testing.assert_allclose(grad, numerical_gradient(gradient, parameters, which), rtol=1e-5, atol=1e-9)


def test_the_kernel_windows_give_the_cross_correlation(small_set) -> None:
    kernel = np.random.default_rng(2).standard_normal((2, 7, 7))
    logits = training.kernel_windows(small_set.features) @ kernel.ravel()
    expected = spatial_logits_reference(small_set.features, kernel, 0.0)
    np.testing.assert_allclose(logits, expected.ravel(), rtol=1e-10, atol=1e-12)


def test_the_spatial_loss_and_gradient(small_set) -> None:
    windows = training.kernel_windows(small_set.features[:3])
    targets = small_set.cell_targets[:3].ravel()
    gradient = training.spatial_gradient(windows, targets)
    rng = np.random.default_rng(3)
    parameters = [rng.standard_normal((2, 7, 7)) * 0.1, np.array(-0.5)]
    _, grads = gradient(parameters)
    for which, grad in enumerate(grads):
        np.testing.assert_allclose(grad, numerical_gradient(gradient, parameters, which), rtol=1e-5, atol=1e-10)


def test_adam_follows_its_update_rule() -> None:
    # f(x) = x², gradient 2x, from x = 1: the first Adam step moves by exactly the learning rate.
    def gradient(parameters):
        return float(parameters[0] @ parameters[0]), [2 * parameters[0]]

    (x,), _ = training.adam([np.array([1.0])], gradient, steps=1, learning_rate=0.1)
    assert x[0] == pytest.approx(1.0 - 0.1 * 1 / (1 + 1e-8 / 2), rel=1e-12)
    m = v = 0.0
    expected = 1.0
    for step in range(1, 4):
        g = 2 * expected
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        expected -= 0.1 * (m / (1 - 0.9**step)) / (math.sqrt(v / (1 - 0.999**step)) + 1e-8)
    (x,), _ = training.adam([np.array([1.0])], gradient, steps=3, learning_rate=0.1)
    assert x[0] == pytest.approx(expected, rel=1e-12)


def test_training_lowers_the_loss_of_both_modules() -> None:
    from tutor.sim import attention_weights

    se_before, se_after = attention_weights.SE_LOSS
    spatial_before, spatial_after = attention_weights.SPATIAL_LOSS
    assert se_after < se_before / 20 and spatial_after < spatial_before / 20


def test_the_shipped_weights_are_what_training_gives() -> None:
    data = training.training_set()
    source = training.weights_source(training.train_se(data), training.train_spatial(data))
    assert training.reproduces(source)
    assert not training.reproduces(source.replace("SE_STEPS = 100", "SE_STEPS = 101"))


def test_the_script_checks_the_shipped_weights(capsys) -> None:
    assert training.main(["--check"]) == 0
    assert capsys.readouterr().out == "the shipped weights are reproduced\n"
