import numpy as np


def spatial_dropout(x, p, rng):
    keep = rng.random(x.shape[:2]) >= p
    return np.where(keep[:, :, None, None], x / (1 - p), 0.0)


def drop_path(branch, p, rng):
    keep = rng.random(branch.shape[0]) >= p
    return np.where(keep.reshape((-1,) + (1,) * (branch.ndim - 1)), branch / (1 - p), 0.0)
