import numpy as np

from conv2d import conv2d


def residual_block(x, w1, w2, w_proj=None, stride=1):
    h = np.maximum(conv2d(x, w1, stride=stride, padding=1), 0)
    f = conv2d(h, w2, padding=1)
    shortcut = x if w_proj is None else conv2d(x, w_proj, stride=stride)
    return np.maximum(f + shortcut, 0)
