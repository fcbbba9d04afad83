import numpy as np


def normalize(x, kind, groups=1, eps=1e-5):
    n, c, h, w = x.shape
    if kind == "layer":
        groups = 1
    elif kind == "instance":
        groups = c
    g = x.reshape(n, groups, c // groups, h, w)
    mean = g.mean(axis=(2, 3, 4), keepdims=True)
    var = g.var(axis=(2, 3, 4), keepdims=True)
    return ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
