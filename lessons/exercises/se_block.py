import numpy as np


def se_block(x, w1, b1, w2, b2):
    """A Squeeze-and-Excitation block.

    Args:
        x: features, shape (N, C, H, W).
        w1: shape (C // r, C), b1: shape (C // r,): the first fully connected layer (then ReLU).
        w2: shape (C, C // r), b2: shape (C,): the second one (then sigmoid).
            Weights are laid out as in torch.nn.Linear: a layer computes z @ w.T + b.

    Returns:
        x with each channel of each sample multiplied by its weight in (0, 1), shape (N, C, H, W).
    """
    raise NotImplementedError
