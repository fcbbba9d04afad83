import numpy as np

# You may reuse your convolution: from conv2d import conv2d


def residual_block(x, w1, w2, w_proj=None, stride=1):
    """A basic residual block (normalisation left out): relu(F(x) + shortcut(x)).

    F(x) = conv(relu(conv(x, w1, stride=stride, padding=1)), w2, padding=1), two 3 x 3 convolutions.
    shortcut(x) = x when w_proj is None, else the 1 x 1 convolution conv(x, w_proj, stride=stride).

    Args:
        x: input, shape (N, C_in, H, W).
        w1: shape (C_out, C_in, 3, 3); w2: shape (C_out, C_out, 3, 3).
        w_proj: None, or shape (C_out, C_in, 1, 1) when the shape changes (C_out != C_in or stride > 1).
        stride: stride of the first convolution and of the projection.

    Returns:
        An array of shape (N, C_out, H_out, W_out).
    """
    raise NotImplementedError
