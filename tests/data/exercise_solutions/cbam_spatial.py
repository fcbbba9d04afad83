import numpy as np

from conv2d import conv2d


def spatial_attention(x, kernel, bias=0.0):
    pooled = np.stack([x.mean(axis=1), x.max(axis=1)], axis=1)
    logits = conv2d(pooled, kernel[None], padding=kernel.shape[1] // 2) + bias
    return x * (1 / (1 + np.exp(-logits)))
