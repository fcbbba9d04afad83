"""Direct 2-D convolution (cross-correlation, as in deep learning) of NCHW float64 tensors.

`conv2d` takes every window of the padded input, spaced `stride` apart, reads its taps `dilation`
apart, and takes its dot product with each filter: out[n, o, i, j] =
Σ_{c,u,v} w[o, c, u, v] · x_pad[n, c, i·s + u·d, j·s + v·d] (+ b[o]). With `groups`, the channels
are split into groups that do not see each other (one group per channel: a depthwise convolution).
The output side is ⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1, as in PyTorch.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tutor.sim.convolutions import conv_cost


def output_size(size: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """The output side of a convolution: ⌊(size + 2p − d(k − 1) − 1) / s⌋ + 1."""
    return (size + 2 * padding - dilation * (k - 1) - 1) // stride + 1


def conv2d(x, w, b=None, stride: int = 1, padding: int = 0, dilation: int = 1, groups: int = 1) -> np.ndarray:
    """Convolve a batch of images with a bank of filters.

    Args:
        x: input, shape (N, C_in, H, W).
        w: filters, shape (C_out, C_in / groups, k_h, k_w).
        b: optional bias, shape (C_out,).
        stride: step between two windows, at least 1.
        padding: zeros added on each side of H and W, at least 0.
        dilation: spacing between the taps of a filter, at least 1.
        groups: number of channel groups; must divide C_in and C_out.

    Returns:
        A float64 array of shape (N, C_out, H_out, W_out).
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    for name, value, low in (
        ("stride", stride, 1),
        ("padding", padding, 0),
        ("dilation", dilation, 1),
        ("groups", groups, 1),
    ):
        if not isinstance(value, Integral) or isinstance(value, bool) or value < low:
            raise ValueError(f"{name} must be a whole number of at least {low}, not {value!r}")
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"x must be (N, C, H, W) and w (C_out, C_in/groups, k, k), not {x.shape} and {w.shape}")
    n, c_in, height, width = x.shape
    c_out, c_group, k_h, k_w = w.shape
    if c_in % groups or c_out % groups or c_group != c_in // groups:
        raise ValueError(f"w of shape {w.shape} does not fit {c_in} input channels in {groups} group(s)")
    h_out = output_size(height, k_h, stride, padding, dilation)
    w_out = output_size(width, k_w, stride, padding, dilation)
    if h_out < 1 or w_out < 1:
        raise ValueError(f"the kernel does not fit in the padded input: output would be {h_out}×{w_out}")
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    span = (dilation * (k_h - 1) + 1, dilation * (k_w - 1) + 1)
    windows = sliding_window_view(padded, span, axis=(2, 3))[:, :, ::stride, ::stride, ::dilation, ::dilation]
    windows = windows[:, :, :h_out, :w_out].reshape(n, groups, c_group, h_out, w_out, k_h, k_w)
    filters = w.reshape(groups, c_out // groups, c_group, k_h, k_w)
    out = np.einsum("ngchwuv,gocuv->ngohw", windows, filters).reshape(n, c_out, h_out, w_out)
    if b is not None:
        bias = np.asarray(b, dtype=np.float64)
        if bias.shape != (c_out,):
            raise ValueError(f"b must have shape ({c_out},), not {bias.shape}")
        out = out + bias[:, None, None]
    return out


def depthwise_separable_conv(x, w_depth, w_point, stride: int = 1, padding: int = 0, dilation: int = 1) -> np.ndarray:
    """A depthwise k×k convolution (one filter per input channel), then a pointwise 1×1 one.

    Args:
        x: input, shape (N, C_in, H, W).
        w_depth: depthwise filters, shape (C_in, 1, k, k).
        w_point: pointwise filters, shape (C_out, C_in, 1, 1).
        stride, padding, dilation: those of the depthwise convolution.

    Returns:
        A float64 array of shape (N, C_out, H_out, W_out).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), not {x.shape}")
    depthwise = conv2d(x, w_depth, stride=stride, padding=padding, dilation=dilation, groups=x.shape[1])
    return conv2d(depthwise, w_point)


def parameter_counts(c_in: int, c_out: int, k: int) -> tuple[int, int]:
    """Weights (no bias) of a standard k×k convolution and of its depthwise separable version."""
    standard = conv_cost("standard", k, c_in, c_out, 1, 1).parameters
    separable = conv_cost("depthwise-separable", k, c_in, c_out, 1, 1).parameters
    return standard, separable
