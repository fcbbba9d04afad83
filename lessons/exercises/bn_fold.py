import numpy as np


def fold_bn(w, b, gamma, beta, mean, var, eps=1e-5):
    """Fold an evaluation-mode batch norm into the convolution before it.

    Find w_f and b_f such that conv(x, w_f) + b_f == bn(conv(x, w) + b) for every x, where bn
    uses the running statistics: bn(z) = gamma * (z - mean) / sqrt(var + eps) + beta per channel.

    Args:
        w: filters, shape (C_out, C_in, k, k); b: bias, shape (C_out,), or None for no bias.
        gamma, beta, mean, var: the batch norm's parameters and running statistics, shape (C_out,).
        eps: added to the variance.

    Returns:
        (w_f, b_f): new arrays of shapes (C_out, C_in, k, k) and (C_out,).
    """
    raise NotImplementedError
