import numpy as np


def batch_norm_forward(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    """Batch norm's forward pass, in training or in evaluation mode.

    Args:
        x: activations, shape (N, C, H, W), or (N, C) after a fully connected layer.
        gamma, beta: scale and shift, shape (C,).
        running_mean, running_var: the running statistics before this batch, shape (C,).
            Do not change them in place: return new arrays.
        training: True to normalise with the batch's statistics and update the running ones;
            False to normalise with the running statistics and return them unchanged.
        momentum: weight of this batch in the running averages.
        eps: added to the variance.

    Returns:
        (out, new_running_mean, new_running_var): out has the shape of x, the others (C,).
    """
    raise NotImplementedError
