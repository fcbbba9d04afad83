import numpy as np


def batch_norm_backward(dout, x, gamma, eps=1e-5):
    """The backward pass of a training-mode batch norm y = gamma * x_hat + beta.

    x_hat = (x - mean) / sqrt(var + eps), with the mean and the biased variance of each channel
    over the batch (and H, W).

    Args:
        dout: the gradient of the loss with respect to y, the shape of x.
        x: the layer's input, shape (N, C, H, W) or (N, C).
        gamma: scale, shape (C,).
        eps: added to the variance.

    Returns:
        (dx, dgamma, dbeta): the gradients of the loss with respect to x (the shape of x),
        gamma and beta (shape (C,)).
    """
    raise NotImplementedError
