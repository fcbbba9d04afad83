"""Synthetic feature maps, and the SE block and CBAM spatial kernel trained on such scenes.

A scene is a (1, C, 8, 8) feature map: every channel carries weak non-negative noise (like the
output of a ReLU), and in the first C/2 channels an "object" adds strong activations inside one
region. Both attention modules come untrained (their seeded random start) or trained to mark
the object (see `tutor.sim.attention_training`; the trained numbers are shipped in
`tutor.sim.attention_weights`). Results are frozen dataclasses of plain floats and tuples,
ready for Textual reactives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tutor.sim.attention import cross_correlate, excitation, pool_channels, spatial_attention

PRESETS = ("none", "centre", "edges", "corners")
CHANNELS = 8
REDUCTION = 2
SIZE = 8
KERNEL_SIZE = 7
INITIAL_SE_SEED = 0
"""The untrained SE weights are `se_weights(INITIAL_SE_SEED)`: where training starts."""
INITIAL_KERNEL_SEED = 0
INITIAL_KERNEL_STD = 0.1
"""The untrained kernel's weights are N(0, 0.1²) and its bias 0: a map near 0.5 everywhere."""

Grid = tuple[tuple[float, ...], ...]


@dataclass(frozen=True, slots=True)
class SpatialAttentionResult:
    """CBAM spatial attention on a scene, with every intermediate map (row i, column j)."""

    preset: str
    seed: int
    trained: bool
    avg_pool: Grid
    """Mean of the features over the channels."""
    max_pool: Grid
    """Maximum of the features over the channels."""
    avg_term: Grid
    """Cross-correlation of `avg_pool` with kernel channel 0."""
    max_term: Grid
    """Cross-correlation of `max_pool` with kernel channel 1."""
    bias: float
    attention: Grid
    """sigmoid(avg_term + max_term + bias), in (0, 1)."""


@dataclass(frozen=True, slots=True)
class CellExplanation:
    """How the attention value of one cell was computed: value = sigmoid(logit)."""

    avg: float
    max: float
    avg_term: float
    max_term: float
    bias: float
    logit: float
    """avg_term + max_term + bias."""
    value: float


@dataclass(frozen=True, slots=True)
class SEExample:
    """Squeeze-and-Excitation on a scene, one number per channel (or hidden unit)."""

    preset: str
    seed: int
    trained: bool
    reduction: int
    object_channels: tuple[int, ...]
    squeezed: tuple[float, ...]
    """z: mean of each channel over H and W."""
    hidden: tuple[float, ...]
    """relu(w1 z + b1), C/r values."""
    channel_weights: tuple[float, ...]
    """s = sigmoid(w2 hidden + b2), in (0, 1)."""
    rescaled: tuple[float, ...]
    """z · s: the mean of each channel after the rescaling."""


def _check_preset(preset: str) -> None:
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}, not {preset!r}")


def preset_region(preset: str, size: int = 8) -> np.ndarray:
    """Where a preset puts the object: a (size, size) boolean mask.

    centre is the middle (size/2)² block, edges the one-cell border ring, corners a
    (size/4)² block in each corner, none is empty.
    """
    _check_preset(preset)
    if size < 4:
        raise ValueError(f"size must be at least 4, not {size}")
    mask = np.zeros((size, size), dtype=bool)
    quarter = size // 4
    if preset == "centre":
        mask[quarter : size - quarter, quarter : size - quarter] = True
    elif preset == "edges":
        mask[[0, -1], :] = mask[:, [0, -1]] = True
    elif preset == "corners":
        for rows in (slice(0, quarter), slice(size - quarter, size)):
            for cols in (slice(0, quarter), slice(size - quarter, size)):
                mask[rows, cols] = True
    return mask


def object_channels(channels: int) -> tuple[int, ...]:
    """The channels in which a scene's object shows: the first half (at least one)."""
    return tuple(range(max(1, channels // 2)))


def scene(preset: str, seed: int, channels: int = 8, size: int = 8) -> np.ndarray:
    """A seeded synthetic feature map of shape (1, channels, size, size).

    Background: 0.2·|N(0, 1)| in every cell of every channel. Object: + U(2, 3) inside
    `preset_region(preset, size)` in the `object_channels(channels)`.
    """
    if channels < 1:
        raise ValueError(f"channels must be at least 1, not {channels}")
    region = preset_region(preset, size)
    rng = np.random.default_rng(seed)
    features = 0.2 * np.abs(rng.standard_normal((1, channels, size, size)))
    lit = len(object_channels(channels))
    features[0, :lit][:, region] += rng.uniform(2.0, 3.0, size=(lit, int(region.sum())))
    return features


def se_weights(seed: int, channels: int = CHANNELS, reduction: int = REDUCTION) -> tuple[np.ndarray, ...]:
    """Seeded SE parameters (w1, b1, w2, b2) in torch.nn.Linear layout, biases zero.

    w1 ~ N(0, 2/C) (He: a ReLU follows) and w2 ~ N(0, r/C) (LeCun: fan-in C/r), drawn from a
    stream spawned from `seed`, so they do not reuse the numbers of `scene(preset, seed)`.
    """
    if reduction < 1 or channels % reduction:
        raise ValueError(f"reduction must divide channels ({channels}), not {reduction}")
    hidden = channels // reduction
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    w1 = rng.standard_normal((hidden, channels)) * np.sqrt(2.0 / channels)
    w2 = rng.standard_normal((channels, hidden)) * np.sqrt(1.0 / hidden)
    return w1, np.zeros(hidden), w2, np.zeros(channels)


def initial_kernel(seed: int = INITIAL_KERNEL_SEED) -> tuple[np.ndarray, float]:
    """The untrained spatial kernel, shape (2, 7, 7), entries N(0, INITIAL_KERNEL_STD²), and bias 0."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((2, KERNEL_SIZE, KERNEL_SIZE)) * INITIAL_KERNEL_STD, 0.0


def _grid(array: np.ndarray) -> Grid:
    return tuple(tuple(row) for row in array.tolist())


def spatial_kernel(trained: bool = True) -> tuple[np.ndarray, float]:
    """The spatial module's (2, 7, 7) kernel and its bias: trained, or the random start of training."""
    if not trained:
        return initial_kernel()
    from tutor.sim import attention_weights

    return np.array(attention_weights.SPATIAL_KERNEL), attention_weights.SPATIAL_BIAS


def se_parameters(trained: bool = True) -> tuple[np.ndarray, ...]:
    """SE's (w1, b1, w2, b2) for C = 8 and r = 2: trained, or the random start of training."""
    if not trained:
        return se_weights(INITIAL_SE_SEED, CHANNELS, REDUCTION)
    from tutor.sim import attention_weights

    return tuple(np.array(parameter) for parameter in attention_weights.SE_PARAMETERS)


def spatial_attention_preset(preset: str, seed: int, trained: bool = True) -> SpatialAttentionResult:
    """CBAM spatial attention with `spatial_kernel(trained)` on `scene(preset, seed)`.

    Returns:
        The 8×8 attention map and the intermediate maps that `explain_cell` reads.
    """
    features = scene(preset, seed)
    kernel, bias = spatial_kernel(trained)
    _, attention_map = spatial_attention(features, kernel, bias)
    avg_pool, max_pool = pool_channels(features)[0]
    return SpatialAttentionResult(
        preset=preset,
        seed=seed,
        trained=trained,
        avg_pool=_grid(avg_pool),
        max_pool=_grid(max_pool),
        avg_term=_grid(cross_correlate(avg_pool, kernel[0])),
        max_term=_grid(cross_correlate(max_pool, kernel[1])),
        bias=bias,
        attention=_grid(attention_map[0, 0]),
    )


def explain_cell(result: SpatialAttentionResult, i: int, j: int) -> CellExplanation:
    """The pooled inputs, the logit and the attention value of cell (row i, column j)."""
    size = len(result.attention)
    if not (0 <= i < size and 0 <= j < size):
        raise ValueError(f"cell ({i}, {j}) is outside the {size}×{size} grid")
    avg_term, max_term = result.avg_term[i][j], result.max_term[i][j]
    return CellExplanation(
        avg=result.avg_pool[i][j],
        max=result.max_pool[i][j],
        avg_term=avg_term,
        max_term=max_term,
        bias=result.bias,
        logit=avg_term + max_term + result.bias,
        value=result.attention[i][j],
    )


def se_example(preset: str, seed: int, trained: bool = True) -> SEExample:
    """Squeeze-and-Excitation with `se_parameters(trained)` on `scene(preset, seed)` (C = 8, r = 2).

    Args:
        preset: where the object is ("none", "centre", "edges" or "corners").
        seed: seed of the scene.
        trained: the trained weights, or the random ones training starts from.

    Returns:
        z, the hidden layer, the channel weights s and z · s, as tuples of floats.
    """
    w1, b1, w2, b2 = se_parameters(trained)
    squeezed = scene(preset, seed, CHANNELS).mean(axis=(2, 3))
    hidden, weights = excitation(squeezed, w1, b1, w2, b2)
    return SEExample(
        preset=preset,
        seed=seed,
        trained=trained,
        reduction=REDUCTION,
        object_channels=object_channels(CHANNELS),
        squeezed=tuple(squeezed[0].tolist()),
        hidden=tuple(hidden[0].tolist()),
        channel_weights=tuple(weights[0].tolist()),
        rescaled=tuple((squeezed * weights)[0].tolist()),
    )
