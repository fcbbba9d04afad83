"""Channel attention (Squeeze-and-Excitation) and spatial attention (CBAM) on NCHW arrays.

Both modules compute weights in (0, 1) with a sigmoid and multiply the features by them: SE one
weight per channel, CBAM's spatial module one weight per position.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tutor.sim.numeric import sigmoid


def _check_features(x: np.ndarray) -> None:
    if x.ndim != 4:
        raise ValueError(f"features must have shape (N, C, H, W), not {x.shape}")


def _check_shape(name: str, array: np.ndarray, expected: tuple[int, ...]) -> None:
    if array.shape != expected:
        raise ValueError(f"{name} must have shape {expected}, not {array.shape}")


def excitation(
    z: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """SE's two fully connected layers on squeezed descriptors.

    Args:
        z: channel means, shape (N, C).
        w1: shape (C/r, C); b1: shape (C/r,); w2: shape (C, C/r); b2: shape (C,).

    Returns:
        The hidden layer relu(w1 z + b1), shape (N, C/r), and the channel weights
        sigmoid(w2 hidden + b2), shape (N, C).
    """
    hidden = np.maximum(z @ w1.T + b1, 0.0)
    return hidden, sigmoid(hidden @ w2.T + b2)


def squeeze_excitation(
    x: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Squeeze-and-Excitation (Hu et al., 2018).

    Args:
        x: features, shape (N, C, H, W).
        w1: first layer weights, shape (C/r, C) as in torch.nn.Linear.
        b1: first layer bias, shape (C/r,).
        w2: second layer weights, shape (C, C/r).
        b2: second layer bias, shape (C,).

    Returns:
        `(out, channel_weights)`: out = x scaled channel by channel, shape (N, C, H, W), and the
        weights s = sigmoid(w2 relu(w1 z + b1) + b2) in (0, 1), shape (N, C), where z is the mean
        of x over H and W.
    """
    _check_features(x)
    channels = x.shape[1]
    if w1.ndim != 2 or w1.shape[1] != channels:
        raise ValueError(f"w1 must have shape (C/r, C) with C = {channels}, not {w1.shape}")
    hidden = w1.shape[0]
    _check_shape("b1", b1, (hidden,))
    _check_shape("w2", w2, (channels, hidden))
    _check_shape("b2", b2, (channels,))
    _, weights = excitation(x.mean(axis=(2, 3)), w1, b1, w2, b2)
    return x * weights[:, :, None, None], weights


def cross_correlate(maps: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Cross-correlation of each (H, W) map with a (k, k) kernel, zero 'same' padding, k odd.

    Args:
        maps: shape (..., H, W).
        kernel: shape (k, k).

    Returns:
        Shape (..., H, W): out[i, j] = Σ_{u,v} kernel[u, v] · maps[i + u − k//2, j + v − k//2].
    """
    half = kernel.shape[0] // 2
    padding = [(0, 0)] * (maps.ndim - 2) + [(half, half), (half, half)]
    windows = sliding_window_view(np.pad(maps, padding), kernel.shape, axis=(-2, -1))
    return np.einsum("...uv,uv->...", windows, kernel)


def pool_channels(x: np.ndarray) -> np.ndarray:
    """CBAM's channel pooling: (N, 2, H, W) with the mean over channels, then the max."""
    return np.stack([x.mean(axis=1), x.max(axis=1)], axis=1)


def spatial_attention(x: np.ndarray, kernel: np.ndarray, bias: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """CBAM's spatial attention module (Woo et al., 2018).

    Args:
        x: features, shape (N, C, H, W).
        kernel: shape (2, k, k) with k odd; kernel[0] applies to the mean over channels,
            kernel[1] to the max. Applied as a cross-correlation with zero 'same' padding,
            like torch.nn.functional.conv2d(..., padding=k // 2).
        bias: added before the sigmoid.

    Returns:
        `(out, attention_map)`: out = x · map, shape (N, C, H, W), and the map in (0, 1),
        shape (N, 1, H, W).
    """
    _check_features(x)
    if kernel.ndim != 3 or kernel.shape[0] != 2 or kernel.shape[1] != kernel.shape[2]:
        raise ValueError(f"kernel must have shape (2, k, k), not {kernel.shape}")
    if kernel.shape[1] % 2 == 0:
        raise ValueError(f"kernel size k must be odd for 'same' padding, not {kernel.shape[1]}")
    pooled = pool_channels(x)
    logits = cross_correlate(pooled[:, 0], kernel[0]) + cross_correlate(pooled[:, 1], kernel[1]) + bias
    attention_map = sigmoid(logits)[:, None]
    return x * attention_map, attention_map
