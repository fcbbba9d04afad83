import numpy as np

# You may reuse your convolution: from conv2d import conv2d


def spatial_attention(x, kernel, bias=0.0):
    """CBAM's spatial attention module.

    Args:
        x: features, shape (N, C, H, W).
        kernel: shape (2, k, k), k odd. kernel[0] applies to the mean over the channels,
            kernel[1] to the max over the channels; a cross-correlation with zero padding
            k // 2, so that the map keeps H x W.
        bias: added before the sigmoid.

    Returns:
        x multiplied by the attention map (one weight in (0, 1) per position of each sample),
        shape (N, C, H, W).
    """
    raise NotImplementedError
