import numpy as np


def sgd_step(w, grad, lr, weight_decay, decoupled=False):
    """One SGD step with weight decay.

    Args:
        w: the weights; grad: the gradient of the loss (without any penalty).
        lr: the learning rate; weight_decay: lambda.
        decoupled: False: the L2 penalty (lambda / 2) * ||w||^2 adds lambda * w to the gradient;
            True: the weights shrink by lr * lambda * w outside the gradient.

    Returns:
        The new weights (a new array).
    """
    raise NotImplementedError


def adam_step(w, grad, m, v, t, lr, weight_decay, decoupled, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step, with weight decay as an L2 penalty (Adam) or decoupled (AdamW).

    Args:
        w, grad: the weights and the gradient of the loss (without any penalty).
        m, v: the first and second moment estimates before this step.
        t: the number of this step, from 1 (for the bias correction).
        lr, weight_decay: the learning rate and lambda.
        decoupled: False: lambda * w is added to the gradient before the moments;
            True (AdamW): lr * lambda * w is subtracted from w outside Adam's division.
        beta1, beta2, eps: Adam's constants.

    Returns:
        (new_w, new_m, new_v), new arrays.
    """
    raise NotImplementedError
