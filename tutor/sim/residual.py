"""Gradient flow through a deep plain network and through the same network with skip connections.

The network is a stack of fully connected blocks on a batch of vectors (the shapes of a CNN add
nothing to the story and cost time):

- plain block     a_l = act(N(W_l a_{l-1}))
- residual block  a_l = a_{l-1} + act(N(W_l a_{l-1}))

where N is batch normalisation over the batch (training mode, no γ and β) or nothing, followed
by a linear classifier to `CLASSES` classes and a softmax cross-entropy loss averaged over the
batch. The backward pass is written out by hand, so every step of the chain rule is visible: for
a residual block, ∂L/∂a_{l-1} = ∂L/∂a_l + W_lᵀ N'(act'(z_l) ⊙ ∂L/∂a_l), where the first term (the
skip connection) carries the gradient down unchanged however small the second becomes.

Initialisation: W_l has entries drawn from N(0, gain/width), with the gain each activation is
initialised with in practice (`INIT_GAIN`): 2 for ReLU (He et al., 2015), which keeps the size of
the signal through a ReLU that zeroes half of it, and 1 for sigmoid and tanh (LeCun). The plain
and residual networks share the very same weights, so the skip connection is the only difference.

What the numbers show (width 64, depth 50, no normalisation): the plain sigmoid network loses
about a factor 4 per layer (σ' ≤ 1/4; layer 1 gets ~1e-32), the plain tanh one slowly, and the
plain ReLU one, with He's initialisation, keeps its gradient. With skip connections nothing
vanishes; but each ReLU residual block adds a branch as large as its input, so the signal and the
gradient double in variance per block and explode (~1e7 at depth 50): the reason ResNets put a
normalisation in every branch. With batch norm the residual ReLU network grows only slowly
(each branch adds a fixed variance), and the plain one keeps a healthy gradient.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from math import isqrt
from typing import NamedTuple

import numpy as np

from tutor.sim.normalization import EPS
from tutor.sim.numeric import sigmoid_and_slope, sigmoid_of_array, sigmoid_slope

ACTIVATIONS = ("sigmoid", "tanh", "relu")
INIT_GAIN = {"sigmoid": 1.0, "tanh": 1.0, "relu": 2.0}
"""Variance of a weight times the fan-in: LeCun for sigmoid and tanh, He for ReLU."""
CLASSES = 10
REDRAWN_UP_TO = 50
"""The deepest network whose weights are drawn again when read (`SeededWeights`) and whose backward
pass runs forward again by segments (`_backward`): up to the lesson's default depth, the memory of
its first showing; deeper, time comes first: the weights are held and what enters each block's
activation is kept (the deepest case, 100 blocks with batch norm: 41–51 ms so, 68–70 ms by
segments, against a 50 ms target, on the same slow host)."""


class SeededWeights:
    """The block weights W_1..W_depth, entries from N(0, std²), drawn again each time they are read.

    They are drawn from the generator in segments of `segment` blocks (the backward pass's, about
    √depth), whose generator state is kept: a slice is drawn anew from the states of its segments,
    the very numbers of one draw of the whole (depth, width, width) array. Held, they were the
    largest array of the simulation (1.6 MiB at depth 50), for a backward pass that needs one
    segment at a time. `np.asarray(weights)` gives them all.
    """

    def __init__(self, rng: np.random.Generator, depth: int, width: int, std: float, segment: int) -> None:
        self.shape = (depth, width, width)
        self.std = std
        self.segment = segment
        self.states = []
        for start in range(0, depth, segment):
            self.states.append(rng.bit_generator.state)
            rng.standard_normal((min(segment, depth - start), width, width))  # moves the generator past them

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, index: slice) -> np.ndarray:
        blocks = range(len(self))[index]
        if not blocks:
            return np.empty((0, *self.shape[1:]))
        first, last = min(blocks) // self.segment, max(blocks) // self.segment
        parts = [self._drawn(number) for number in range(first, last + 1)]
        drawn = parts[0] if len(parts) == 1 else np.concatenate(parts)
        rows = [block - first * self.segment for block in blocks]
        return drawn if rows == list(range(len(drawn))) else drawn[rows]

    def __iter__(self) -> Iterator[np.ndarray]:
        for number in range(len(self.states)):
            yield from self._drawn(number)

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        return self[:]

    def _drawn(self, number: int) -> np.ndarray:
        """The weights of segment `number`, drawn again from its generator state."""
        generator = np.random.Generator(np.random.PCG64(0))
        generator.bit_generator.state = self.states[number]
        start = number * self.segment
        weights = generator.standard_normal((min(self.segment, len(self) - start), *self.shape[1:]))
        weights *= self.std
        return weights


@dataclass(frozen=True, slots=True, eq=False)
class Network:
    """A seeded network and its data: rows of `inputs` and of each activation are examples."""

    inputs: np.ndarray
    """(batch, width) input batch a_0, entries from N(0, 1)."""
    weights: np.ndarray | SeededWeights
    """(depth, width, width) block weights W_1..W_depth, entries from N(0, gain/width): drawn again
    when read up to `REDRAWN_UP_TO` blocks, held beyond."""
    classifier: np.ndarray
    """(CLASSES, width) final linear layer, entries from N(0, 1/width)."""
    labels: np.ndarray
    """(batch,) integer class of each example, uniform over the classes."""


class BlockCache(NamedTuple):
    """What the backward pass needs of one block."""

    slope: np.ndarray
    """act'(z_l), with z_l what enters the activation."""
    normalised: np.ndarray | None
    """Batch norm's output x̂ = (W a − μ)/√(σ² + ε), or None without batch norm."""
    inverse_std: np.ndarray | None
    """1/√(σ² + ε) per unit, or None without batch norm."""


@dataclass(frozen=True, slots=True)
class GradientFlow:
    """Gradient norms per layer (layer 1 first) of a plain and of a residual network."""

    plain: tuple[float, ...]
    residual: tuple[float, ...]


def make_network(depth: int, width: int, batch: int = 128, seed: int = 0, gain: float = 1.0) -> Network:
    """Draw the input batch, the weights and the labels of a network from `seed`.

    Args:
        depth: number of blocks (at least 1).
        width: number of units per block (at least 1).
        batch: number of examples (at least 1).
        seed: seed of the numpy random generator.
        gain: the block weights have variance gain/width (1: LeCun, 2: He).

    Returns:
        The network; the same arguments always give the same numbers.
    """
    for name, value in (("depth", depth), ("width", width), ("batch", batch)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}")
    rng = np.random.default_rng(seed)
    scale = 1.0 / np.sqrt(width)
    inputs = rng.standard_normal((batch, width))
    std, segment = scale * np.sqrt(gain), _segment_length(depth)
    if depth <= REDRAWN_UP_TO:
        weights: np.ndarray | SeededWeights = SeededWeights(rng, depth, width, std, segment)
    else:
        weights = rng.standard_normal((depth, width, width))
        weights *= std  # in place: the largest array of the simulation, not held twice
    return Network(
        inputs=inputs,
        weights=weights,
        classifier=rng.standard_normal((CLASSES, width)) * scale,
        labels=rng.integers(0, CLASSES, size=batch),
    )


def _activate(activation: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """act(z) and act'(z); anything but sigmoid and tanh is relu."""
    if activation == "sigmoid":
        return sigmoid_and_slope(z)  # σ' = σ(z)·σ(−z), without the cancellation of 1 − σ(z)
    if activation == "tanh":
        a = np.tanh(z)
        return a, 1.0 - a * a
    return np.maximum(z, 0.0), (z > 0).astype(z.dtype)


def _slope(activation: str, z: np.ndarray) -> np.ndarray:
    """act'(z), the very values `_activate` gives beside act(z)."""
    if activation == "sigmoid":
        return sigmoid_slope(z)
    if activation == "tanh":
        a = np.tanh(z)
        return 1.0 - a * a
    return (z > 0).astype(z.dtype)


def _activate_only(activation: str, z: np.ndarray) -> np.ndarray:
    """act(z), the very values `_activate` gives, without the slope."""
    if activation == "sigmoid":
        return sigmoid_of_array(z)
    return np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0)


Skip = bool | tuple[bool, ...]
"""Whether blocks are residual: one bool, or one per network of a stack (leading axis of `a`)."""


def forward(
    a: np.ndarray, weights: np.ndarray, residual: Skip, activation: str, batch_norm: bool = False, keep: bool = True
) -> tuple[np.ndarray, list[BlockCache]]:
    """Run the blocks on `a`, keeping only what the backward pass needs.

    Args:
        a: (batch, width) input of the first block, or (networks, batch, width) for a stack of
            networks that share the weights (the plain and the residual one, computed together).
        weights: (blocks, width, width) weights of the blocks, possibly none.
        residual: True for residual blocks, False for plain ones; one per network of a stack.
        activation: "sigmoid", "tanh" or "relu".
        batch_norm: whether each block normalises W a over the batch before the activation.
        keep: whether to keep each block's cache (without, the slopes are not computed).

    Returns:
        The output of the last block (`a` itself when there is none) and each block's cache
        (none when not `keep`).
    """
    _check_activation(activation)
    caches = []
    for w in weights:
        z, inverse_std = _entering(a, w, batch_norm)
        if not keep:
            a = _join(_activate_only(activation, z), a, residual)
            continue
        out, slope = _activate(activation, z)
        a = _join(out, a, residual)
        caches.append(BlockCache(slope, z if batch_norm else None, inverse_std))
    return a, caches


def _entering(a: np.ndarray, w: np.ndarray, batch_norm: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """What enters the activation of the block of weights `w` fed `a`: W a, normalised over the batch
    with batch norm; and batch norm's 1/√(σ² + ε) (None without)."""
    z = a @ w.T
    if not batch_norm:
        return z, None
    count = 1.0 / z.shape[-2]
    z -= z.sum(axis=-2, keepdims=True) * count  # centred, in place (sums: fewer Python calls)
    inverse_std = 1.0 / np.sqrt(np.einsum("...ij,...ij->...j", z, z)[..., None, :] * count + EPS)
    z *= inverse_std
    return z, inverse_std


def _join(branch: np.ndarray, skip: np.ndarray, residual: Skip) -> np.ndarray:
    """The block's output: its branch, plus its input where the block is residual (in place on `branch`)."""
    if residual is True or residual is False:
        return branch + skip if residual else branch
    for network, has_skip in enumerate(residual):
        if has_skip:
            branch[network] += skip[network]
    return branch


def block_backward(grad: np.ndarray, w: np.ndarray, cache: BlockCache, residual: Skip) -> np.ndarray:
    """∂L/∂a_{l-1} from ∂L/∂a_l through one block (its weights `w` and its forward `cache`)."""
    through = grad * cache.slope
    if cache.normalised is not None:
        # Batch norm's backward pass: the batch mean and variance depend on every example.
        x_hat, count = cache.normalised, 1.0 / through.shape[-2]
        spread = np.einsum("...ij,...ij->...j", through, x_hat)[..., None, :] * count
        through -= through.sum(axis=-2, keepdims=True) * count + x_hat * spread
        through *= cache.inverse_std
    return _join(through @ w, grad, residual)


def _softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy and its gradient with respect to the logits (of each network of a stack)."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    rows = np.arange(len(labels))
    grad = np.exp(log_probs)
    grad[..., rows, labels] -= 1.0
    return float(-log_probs[..., rows, labels].mean()), grad / len(labels)


def loss(
    a: np.ndarray, weights: np.ndarray, net: Network, residual: bool, activation: str, batch_norm: bool = False
) -> float:
    """The loss when `a` enters the blocks `weights`; finite differences on a_l call it.

    Args:
        a: (batch, width) activations fed to the first of `weights`.
        weights: the last blocks of `net` (net.weights[l:] for a = a_l), possibly none.
        net: gives the classifier and the labels.
        residual: True for residual blocks, False for plain ones.
        activation: "sigmoid", "tanh" or "relu".
        batch_norm: whether the blocks normalise over the batch.

    Returns:
        The mean softmax cross-entropy over the batch.
    """
    output, _ = forward(a, weights, residual, activation, batch_norm, keep=False)
    return _softmax_cross_entropy(output @ net.classifier.T, net.labels)[0]


def activation_gradients(net: Network, residual: bool, activation: str, batch_norm: bool = False) -> list[np.ndarray]:
    """The gradients of the loss by a manual backward pass.

    Args:
        net: the network and its data.
        residual: True for residual blocks, False for plain ones.
        activation: "sigmoid", "tanh" or "relu".
        batch_norm: whether the blocks normalise over the batch.

    Returns:
        [∂L/∂a_0, ..., ∂L/∂a_depth], each of shape (batch, width).
    """
    return list(_backward(net, residual, activation, batch_norm))[::-1]


def _segment_length(depth: int) -> int:
    """Blocks per segment of the backward pass (and of the weights' draws): about √depth."""
    return max(1, isqrt(depth))


def _backward(net: Network, residual: Skip, activation: str, batch_norm: bool) -> Iterator[np.ndarray]:
    """∂L/∂a_depth, then each gradient below it down to ∂L/∂a_0, one at a time.

    The blocks are taken in segments of about √depth: the forward pass keeps only the input of
    each segment, and the backward pass runs a segment forward again to get its slopes when it
    reaches it (the same operations, so the same numbers), keeping the memory of a few layers.
    Beyond `REDRAWN_UP_TO` blocks, see `_backward_in_one_pass`.
    """
    if len(net.weights) > REDRAWN_UP_TO:
        yield from _backward_in_one_pass(net, residual, activation, batch_norm)
        return
    length = _segment_length(len(net.weights))
    starts = range(0, len(net.weights), length)
    inputs, output = [], _first_input(net, residual)
    for start in starts:
        inputs.append(output)
        last = start == starts[-1]  # the segment the backward pass starts with: its caches are kept now
        output, caches = forward(
            output, net.weights[start : start + length], residual, activation, batch_norm, keep=last
        )
    grad = _output_gradient(net, output)
    yield grad
    for start in reversed(starts):
        weights = net.weights[start : start + length]
        segment_input = inputs.pop()
        if start != starts[-1]:
            _, caches = forward(segment_input, weights, residual, activation, batch_norm)
        for w in weights[::-1]:
            # Each cache is let go once used: the next segment's are made while these would be held.
            grad = block_backward(grad, w, caches.pop(), residual)
            yield grad


def _backward_in_one_pass(net: Network, residual: Skip, activation: str, batch_norm: bool) -> Iterator[np.ndarray]:
    """`_backward` for time: one forward pass keeping what enters each block's activation (128 KiB a
    block for the lesson's networks) and the slopes computed on the way back from it. A slope kept
    beside it would double the memory, which then costs more to read back than to compute again."""
    entering = []
    output = _first_input(net, residual)
    for w in net.weights:
        z, inverse_std = _entering(output, w, batch_norm)
        entering.append((z, inverse_std))
        output = _join(_activate_only(activation, z), output, residual)
    grad = _output_gradient(net, output)
    yield grad
    for w in net.weights[::-1]:
        z, inverse_std = entering.pop()
        grad = block_backward(
            grad, w, BlockCache(_slope(activation, z), z if batch_norm else None, inverse_std), residual
        )
        yield grad


def _first_input(net: Network, residual: Skip) -> np.ndarray:
    """The input batch, once per network of a stack."""
    return net.inputs if isinstance(residual, bool) else np.stack([net.inputs] * len(residual))


def _output_gradient(net: Network, output: np.ndarray) -> np.ndarray:
    """∂L/∂a_depth from the last block's output, through the classifier and the loss."""
    _, grad_logits = _softmax_cross_entropy(output @ net.classifier.T, net.labels)
    return grad_logits @ net.classifier


def gradient_norms(
    depth: int,
    width: int,
    residual: bool,
    activation: str = "sigmoid",
    batch: int = 128,
    seed: int = 0,
    batch_norm: bool = False,
) -> np.ndarray:
    """‖∂L/∂a_l‖ (Frobenius norm over the batch) for each layer l = 1..depth.

    Args:
        depth: number of blocks.
        width: number of units per block.
        residual: True for residual blocks, False for plain ones.
        activation: "sigmoid", "tanh" or "relu"; the weights get its `INIT_GAIN`.
        batch: number of examples.
        seed: seed of the input batch, the weights and the labels (see `make_network`).
        batch_norm: whether the blocks normalise over the batch.

    Returns:
        float64 array of shape (depth,), layer 1 first.
    """
    _check_activation(activation)
    net = make_network(depth, width, batch, seed, INIT_GAIN[activation])
    return _norms(net, residual, activation, batch_norm)


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, not {activation!r}")


def _norms(net: Network, residual: Skip, activation: str, batch_norm: bool) -> np.ndarray:
    """(depth,) norms, or (depth, networks) for a stack; each gradient is reduced to its norm at once."""
    norms = [
        np.sqrt(np.einsum("...ij,...ij->...", grad, grad)) for grad in _backward(net, residual, activation, batch_norm)
    ]
    return np.array(norms[-2::-1])


def gradient_flow(
    depth: int, activation: str = "sigmoid", seed: int = 0, width: int = 64, batch_norm: bool = False
) -> GradientFlow:
    """The gradient norms of the plain and the residual network with the same weights, as tuples.

    Args:
        depth: number of blocks.
        activation: "sigmoid", "tanh" or "relu"; the weights get its `INIT_GAIN`.
        seed: seed of the data and weights.
        width: number of units per block.
        batch_norm: whether the blocks normalise over the batch.

    Returns:
        Both profiles as plain tuples of floats, ready for a Textual reactive.
    """
    _check_activation(activation)
    net = make_network(depth, width, seed=seed, gain=INIT_GAIN[activation])
    # Both networks in one stack: the same operations on twice the rows, half the Python calls.
    norms = _norms(net, (False, True), activation, batch_norm)
    return GradientFlow(tuple(norms[:, 0].tolist()), tuple(norms[:, 1].tolist()))
