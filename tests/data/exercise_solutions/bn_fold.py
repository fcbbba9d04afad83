import numpy as np


def fold_bn(w, b, gamma, beta, mean, var, eps=1e-5):
    s = gamma / np.sqrt(var + eps)
    if b is None:
        b = np.zeros(w.shape[0])
    return w * s[:, None, None, None], (b - mean) * s + beta
