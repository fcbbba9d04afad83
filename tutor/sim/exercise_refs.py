"""The reference of each hands-on exercise whose answer is a simulation of this package in another form.

The exercises (lessons/exercises/exercises.yaml) name a function of `tutor.sim` as their reference;
where the function a student writes returns less than the simulation (the output without the
mask, the features without the weights), or puts several simulations behind one argument, the
adapter is here. Nothing here computes anything new.
"""

from __future__ import annotations

import numpy as np

from tutor.sim import attention, dropout, normalization
from tutor.sim.direct_conv import conv2d

NORMALIZATIONS = ("layer", "instance", "group")


def inverted_dropout(x, p: float, rng: np.random.Generator, training: bool = True) -> np.ndarray:
    """`dropout.dropout`'s output."""
    return dropout.dropout(x, p, rng, training).out


def spatial_dropout(x, p: float, rng: np.random.Generator) -> np.ndarray:
    """`dropout.spatial_dropout`'s output."""
    return dropout.spatial_dropout(x, p, rng).out


def drop_path(branch, p: float, rng: np.random.Generator) -> np.ndarray:
    """`dropout.drop_path`'s output."""
    return dropout.drop_path(branch, p, rng).out


def normalize(x, kind: str, groups: int = 1, eps: float = normalization.EPS) -> np.ndarray:
    """Layer, instance or group normalisation of an (N, C, H, W) array, without γ and β."""
    if kind == "layer":
        return normalization.layer_norm(x, eps=eps)
    if kind == "instance":
        return normalization.instance_norm(x, eps=eps)
    if kind == "group":
        return normalization.group_norm(x, groups, eps=eps)
    raise ValueError(f"kind must be one of {', '.join(NORMALIZATIONS)}, not {kind!r}")


def se_block(x, w1, b1, w2, b2) -> np.ndarray:
    """`attention.squeeze_excitation`'s output features."""
    return attention.squeeze_excitation(*(np.asarray(a, dtype=np.float64) for a in (x, w1, b1, w2, b2)))[0]


def cbam_spatial(x, kernel, bias: float = 0.0) -> np.ndarray:
    """`attention.spatial_attention`'s output features."""
    return attention.spatial_attention(np.asarray(x, dtype=np.float64), np.asarray(kernel, dtype=np.float64), bias)[0]


def residual_block(x, w1, w2, w_proj=None, stride: int = 1) -> np.ndarray:
    """A basic residual block without normalisation: relu(F(x) + shortcut(x)).

    F(x) = conv3×3(relu(conv3×3(x, w1, stride, padding 1)), w2, padding 1); the shortcut is x
    itself, or the 1×1 convolution conv(x, w_proj, stride) when the shape changes.
    """
    x = np.asarray(x, dtype=np.float64)
    branch = conv2d(np.maximum(conv2d(x, w1, stride=stride, padding=1), 0.0), w2, padding=1)
    shortcut = x if w_proj is None else conv2d(x, w_proj, stride=stride)
    if shortcut.shape != branch.shape:
        raise ValueError(
            f"the shortcut's shape {shortcut.shape} differs from the branch's {branch.shape}: w_proj is needed"
        )
    return np.maximum(branch + shortcut, 0.0)
