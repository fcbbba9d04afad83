"""Gradient flow through a deep plain network and through the same network with skip connections.

The network is a stack of fully connected blocks on a batch of vectors (the shapes of a CNN add
nothing to the story and cost time):

- plain block     a_l = act(W_l a_{l-1})
- residual block  a_l = a_{l-1} + act(W_l a_{l-1})

followed by a linear classifier to `CLASSES` classes and a softmax cross-entropy loss averaged
over the batch. The backward pass is written out by hand, so every step of the chain rule is
visible: for a residual block, ∂L/∂a_{l-1} = ∂L/∂a_l + W_lᵀ (act'(z_l) ⊙ ∂L/∂a_l), where the first
term (the skip connection) carries the gradient down unchanged however small the second becomes.

Initialisation: every W_l has entries drawn from N(0, 1/width) (LeCun). It keeps the size of
W_l v close to that of v, so any shrinking of the gradient comes from act' alone — at most 1/4
for the sigmoid — which is the classic vanishing-gradient story; the plain and residual
networks share the very same weights, so the skip connection is the only difference.

What the numbers show (width 64): the plain sigmoid network loses about a factor 4 per layer
(layer 1 of 50 gets ~1e-32), the plain ReLU one a factor √2 (ReLU halves the variance under this
initialisation), the plain tanh one only slowly. With skip connections nothing vanishes. The
ReLU residual network instead grows — its activations gain ~√1.5 per block — and its layer-1
gradient reaches millions at depth 50: the real reason ResNets put a normalisation in every branch
or scale it down at initialisation (Fixup, SkipInit); lesson 7 says so in its callout.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from math import isqrt

import numpy as np

from tutor.sim.numeric import sigmoid

ACTIVATIONS = ("sigmoid", "tanh", "relu")
CLASSES = 10


@dataclass(frozen=True, slots=True, eq=False)
class Network:
    """A seeded network and its data: rows of `inputs` and of each activation are examples."""

    inputs: np.ndarray
    """(batch, width) input batch a_0, entries from N(0, 1)."""
    weights: np.ndarray
    """(depth, width, width) block weights W_1..W_depth, entries from N(0, 1/width)."""
    classifier: np.ndarray
    """(CLASSES, width) final linear layer, entries from N(0, 1/width)."""
    labels: np.ndarray
    """(batch,) integer class of each example, uniform over the classes."""


@dataclass(frozen=True, slots=True)
class GradientFlow:
    """Gradient norms per layer (layer 1 first) of a plain and of a residual network."""

    plain: tuple[float, ...]
    residual: tuple[float, ...]


def make_network(depth: int, width: int, batch: int = 128, seed: int = 0) -> Network:
    """Draw the input batch, the weights and the labels of a network from `seed`.

    Args:
        depth: number of blocks (at least 1).
        width: number of units per block (at least 1).
        batch: number of examples (at least 1).
        seed: seed of the numpy random generator.

    Returns:
        The network; the same arguments always give the same numbers.
    """
    for name, value in (("depth", depth), ("width", width), ("batch", batch)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}")
    rng = np.random.default_rng(seed)
    scale = 1.0 / np.sqrt(width)
    inputs = rng.standard_normal((batch, width))
    weights = rng.standard_normal((depth, width, width))
    weights *= scale  # in place: the largest array of the simulation, not held twice
    return Network(
        inputs=inputs,
        weights=weights,
        classifier=rng.standard_normal((CLASSES, width)) * scale,
        labels=rng.integers(0, CLASSES, size=batch),
    )


def _activate(activation: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """act(z) and act'(z); anything but sigmoid and tanh is relu."""
    if activation == "sigmoid":
        a = sigmoid(z)
        return a, a * sigmoid(-z)  # σ' = σ(1 − σ), and σ(−z) is 1 − σ(z) without cancellation
    if activation == "tanh":
        a = np.tanh(z)
        return a, 1.0 - a * a
    return np.maximum(z, 0.0), (z > 0).astype(z.dtype)


def forward(a: np.ndarray, weights: np.ndarray, residual: bool, activation: str) -> tuple[np.ndarray, list]:
    """Run the blocks on `a`, keeping only what the backward pass needs.

    Args:
        a: (batch, width) input of the first block.
        weights: (blocks, width, width) weights of the blocks, possibly none.
        residual: True for residual blocks, False for plain ones.
        activation: "sigmoid", "tanh" or "relu".

    Returns:
        The output of the last block (`a` itself when there is none) and the derivatives
        act'(z_l) of each block.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, not {activation!r}")
    slopes = []
    for w in weights:
        out, slope = _activate(activation, a @ w.T)
        a = a + out if residual else out
        slopes.append(slope)
    return a, slopes


def _softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy and its gradient with respect to the logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(labels))
    grad = np.exp(log_probs)
    grad[rows, labels] -= 1.0
    return float(-log_probs[rows, labels].mean()), grad / len(labels)


def loss(a: np.ndarray, weights: np.ndarray, net: Network, residual: bool, activation: str) -> float:
    """The loss when `a` enters the blocks `weights`; finite differences on a_l call it.

    Args:
        a: (batch, width) activations fed to the first of `weights`.
        weights: the last blocks of `net` (net.weights[l:] for a = a_l), possibly none.
        net: gives the classifier and the labels.
        residual: True for residual blocks, False for plain ones.
        activation: "sigmoid", "tanh" or "relu".

    Returns:
        The mean softmax cross-entropy over the batch.
    """
    output, _ = forward(a, weights, residual, activation)
    return _softmax_cross_entropy(output @ net.classifier.T, net.labels)[0]


def activation_gradients(net: Network, residual: bool, activation: str) -> list[np.ndarray]:
    """The gradients of the loss by a manual backward pass.

    Args:
        net: the network and its data.
        residual: True for residual blocks, False for plain ones.
        activation: "sigmoid", "tanh" or "relu".

    Returns:
        [∂L/∂a_0, ..., ∂L/∂a_depth], each of shape (batch, width).
    """
    return list(_backward(net, residual, activation))[::-1]


def _backward(net: Network, residual: bool, activation: str) -> Iterator[np.ndarray]:
    """∂L/∂a_depth, then each gradient below it down to ∂L/∂a_0, one at a time.

    The blocks are taken in segments of about √depth: the forward pass keeps only the input of
    each segment, and the backward pass runs a segment forward again to get its slopes when it
    reaches it (the same operations, so the same numbers), keeping the memory of a few layers.
    """
    length = max(1, isqrt(len(net.weights)))
    starts = range(0, len(net.weights), length)
    inputs, output = [], net.inputs
    for start in starts:
        inputs.append(output)
        output, _ = forward(output, net.weights[start : start + length], residual, activation)
    _, grad_logits = _softmax_cross_entropy(output @ net.classifier.T, net.labels)
    grad = grad_logits @ net.classifier
    yield grad
    for start in reversed(starts):
        weights = net.weights[start : start + length]
        _, slopes = forward(inputs.pop(), weights, residual, activation)
        for w, slope in zip(weights[::-1], slopes[::-1]):
            through_block = (grad * slope) @ w
            grad = grad + through_block if residual else through_block
            yield grad


def gradient_norms(
    depth: int, width: int, residual: bool, activation: str = "sigmoid", batch: int = 128, seed: int = 0
) -> np.ndarray:
    """‖∂L/∂a_l‖ (Frobenius norm over the batch) for each layer l = 1..depth.

    Args:
        depth: number of blocks.
        width: number of units per block.
        residual: True for residual blocks, False for plain ones.
        activation: "sigmoid", "tanh" or "relu".
        batch: number of examples.
        seed: seed of the input batch, the weights and the labels (see `make_network`).

    Returns:
        float64 array of shape (depth,), layer 1 first.
    """
    return _norms(make_network(depth, width, batch, seed), residual, activation)


def _norms(net: Network, residual: bool, activation: str) -> np.ndarray:
    # Each gradient is reduced to its norm as soon as it is computed: none is kept.
    norms = [np.linalg.norm(grad) for grad in _backward(net, residual, activation)]
    return np.array(norms[-2::-1])


def gradient_flow(depth: int, activation: str = "sigmoid", seed: int = 0, width: int = 64) -> GradientFlow:
    """The gradient norms of the plain and the residual network with the same weights, as tuples.

    Args:
        depth: number of blocks.
        activation: "sigmoid", "tanh" or "relu".
        seed: seed of the data and weights.
        width: number of units per block.

    Returns:
        Both profiles as plain tuples of floats, ready for a Textual reactive.
    """
    net = make_network(depth, width, seed=seed)
    plain, residual = (_norms(net, skip, activation).tolist() for skip in (False, True))
    return GradientFlow(tuple(plain), tuple(residual))
