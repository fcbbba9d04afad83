import numpy as np

# You may reuse your convolution: from conv2d import conv2d


def depthwise_separable_conv(x, w_depth, w_point, stride=1, padding=0):
    """A depthwise k x k convolution (one filter per input channel), then a pointwise 1 x 1 one.

    Args:
        x: input, shape (N, C_in, H, W).
        w_depth: depthwise filters, shape (C_in, 1, k, k): filter c sees channel c only.
        w_point: pointwise filters, shape (C_out, C_in, 1, 1).
        stride, padding: those of the depthwise convolution (the 1 x 1 one has neither).

    Returns:
        An array of shape (N, C_out, H_out, W_out). No bias anywhere.
    """
    raise NotImplementedError


def parameter_counts(c_in, c_out, k):
    """The number of weights (no bias) of a standard k x k convolution from c_in to c_out channels,
    and of its depthwise separable version.

    Returns:
        (standard, separable), two ints.
    """
    raise NotImplementedError
