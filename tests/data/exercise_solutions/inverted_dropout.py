import numpy as np


def dropout(x, p, rng, training=True):
    if not training:
        return x.copy()
    keep = rng.random(x.shape) >= p
    return np.where(keep, x / (1 - p), 0.0)
