"""The gradient-flow simulation: a manual backward pass checked by finite differences, and its story."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim.residual import (
    ACTIVATIONS,
    GradientFlow,
    _softmax_cross_entropy,
    activation_gradients,
    forward,
    gradient_flow,
    gradient_norms,
    loss,
    make_network,
)


def numerical_gradient(net, layer: int, a: np.ndarray, residual: bool, activation: str) -> np.ndarray:
    """∂L/∂a_layer by central differences, feeding a perturbed a_layer into the remaining blocks."""
    eps = 1e-6
    grad = np.zeros_like(a)
    for index in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[index] += eps
        down[index] -= eps
        rest = net.weights[layer:]
        difference = loss(up, rest, net, residual, activation) - loss(down, rest, net, residual, activation)
        grad[index] = difference / (2 * eps)
    return grad


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("residual", [False, True])
def test_manual_backward_matches_finite_differences(activation: str, residual: bool) -> None:
    net = make_network(depth=3, width=4, batch=2, seed=7)
    manual = activation_gradients(net, residual, activation)
    assert len(manual) == 4
    for layer, grad in enumerate(manual):
        a, _ = forward(net.inputs, net.weights[:layer], residual, activation)
        expected = numerical_gradient(net, layer, a, residual, activation)
        np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-10, err_msg=f"layer {layer}")


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("depth", [1, 2, 10, 50])
def test_gradients_by_segments_equal_those_of_one_backward_pass_keeping_every_slope(
    activation: str, residual: bool, depth: int
) -> None:
    net = make_network(depth=depth, width=8, batch=4, seed=3)
    output, slopes = forward(net.inputs, net.weights, residual, activation)
    _, grad_logits = _softmax_cross_entropy(output @ net.classifier.T, net.labels)
    expected = [grad_logits @ net.classifier]
    for w, slope in zip(net.weights[::-1], slopes[::-1]):
        through_block = (expected[-1] * slope) @ w
        expected.append(expected[-1] + through_block if residual else through_block)
    computed = activation_gradients(net, residual, activation)
    assert len(computed) == depth + 1
    for grad, reference in zip(computed, expected[::-1]):
        np.testing.assert_array_equal(grad, reference)


def test_sigmoid_gradient_vanishes_at_depth_50_without_skip_connections_only() -> None:
    plain = gradient_norms(50, 64, residual=False, activation="sigmoid")
    residual = gradient_norms(50, 64, residual=True, activation="sigmoid")
    assert plain[0] < 1e-20
    assert residual[0] > 1e-2


def test_plain_sigmoid_gradient_shrinks_at_every_layer_going_down() -> None:
    plain = gradient_norms(30, 64, residual=False, activation="sigmoid")
    assert np.all(np.diff(plain) > 0)


def test_plain_relu_gradient_vanishes_and_residual_relu_grows() -> None:
    plain = gradient_norms(50, 64, residual=False, activation="relu")
    residual = gradient_norms(50, 64, residual=True, activation="relu")
    assert plain[0] < 1e-5 * plain[-1]
    assert residual[0] > 1e3 * residual[-1]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(20, 60))
def test_skip_connections_keep_the_sigmoid_gradient_for_any_seed(seed: int, depth: int) -> None:
    plain = gradient_norms(depth, 32, residual=False, activation="sigmoid", batch=16, seed=seed)
    residual = gradient_norms(depth, 32, residual=True, activation="sigmoid", batch=16, seed=seed)
    assert plain[0] < 1e-8 * residual[0]


def test_shape_and_type() -> None:
    norms = gradient_norms(12, 16, residual=True, activation="tanh", batch=8)
    assert norms.shape == (12,)
    assert norms.dtype == np.float64
    assert np.all(np.isfinite(norms)) and np.all(norms > 0)


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    first = gradient_norms(10, 16, residual=False, seed=3)
    np.testing.assert_array_equal(first, gradient_norms(10, 16, residual=False, seed=3))
    assert not np.allclose(first, gradient_norms(10, 16, residual=False, seed=4))


def test_the_norms_are_those_of_the_manual_gradients() -> None:
    net = make_network(depth=6, width=8, batch=4, seed=1)
    for residual in (False, True):
        grads = activation_gradients(net, residual, "tanh")
        expected = [np.linalg.norm(grad) for grad in grads[1:]]
        np.testing.assert_array_equal(gradient_norms(6, 8, residual, "tanh", batch=4, seed=1), expected)


def test_gradient_flow_gives_both_profiles_as_tuples_of_floats() -> None:
    flow = gradient_flow(15, "relu", seed=2, width=16)
    assert isinstance(flow, GradientFlow)
    assert isinstance(flow.plain, tuple) and isinstance(flow.residual, tuple)
    assert all(type(value) is float for value in flow.plain + flow.residual)
    assert flow.plain == tuple(gradient_norms(15, 16, False, "relu", seed=2).tolist())
    assert flow.residual == tuple(gradient_norms(15, 16, True, "relu", seed=2).tolist())
    assert hash(flow) == hash(gradient_flow(15, "relu", seed=2, width=16))


def test_unknown_activation_is_refused() -> None:
    with pytest.raises(ValueError, match="activation must be one of sigmoid, tanh, relu, not 'gelu'"):
        gradient_norms(10, 8, residual=False, activation="gelu")


@pytest.mark.parametrize("argument", ["depth", "width", "batch"])
def test_sizes_below_one_are_refused(argument: str) -> None:
    sizes = {"depth": 4, "width": 4, "batch": 4} | {argument: 0}
    with pytest.raises(ValueError, match=f"{argument} must be at least 1, not 0"):
        gradient_norms(sizes["depth"], sizes["width"], residual=True, batch=sizes["batch"])
