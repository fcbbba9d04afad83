import numpy as np


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1):
    """A direct 2-D convolution (a cross-correlation, as in deep learning frameworks).

    out[n, o, i, j] = b[o] + sum over c, u, v of
                      w[o, c, u, v] * x_padded[n, c, i * stride + u * dilation, j * stride + v * dilation]

    Args:
        x: input, shape (N, C_in, H, W).
        w: filters, shape (C_out, C_in, k_h, k_w).
        b: bias, shape (C_out,), or None for no bias.
        stride: step between two output positions.
        padding: zeros added on each side of H and of W.
        dilation: spacing between the taps of a filter (1: an ordinary convolution).

    Returns:
        An array of shape (N, C_out, H_out, W_out) with
        H_out = (H + 2 * padding - dilation * (k_h - 1) - 1) // stride + 1, and the same for W_out.
    """
    raise NotImplementedError
