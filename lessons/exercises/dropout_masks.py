import numpy as np


def spatial_dropout(x, p, rng):
    """Spatial dropout: each feature map of each sample is kept or dropped whole.

    Args:
        x: activations, shape (N, C, H, W).
        p: drop probability, 0 <= p < 1.
        rng: a numpy.random.Generator; draw ONE array of uniform numbers with rng.random(...)
            whose shape is the shape of the mask, and keep where the draw is >= p.

    Returns:
        An array of the shape of x, kept maps divided by (1 - p).
    """
    raise NotImplementedError


def drop_path(branch, p, rng):
    """Drop path (stochastic depth): each sample's residual branch is kept or dropped whole.

    Args:
        branch: the output of a residual branch, shape (N, ...).
        p: drop probability, 0 <= p < 1.
        rng: a numpy.random.Generator; one rng.random(...) call of the mask's shape,
            keep where the draw is >= p.

    Returns:
        An array of the shape of branch, kept samples divided by (1 - p). (The caller adds it
        to the identity path.)
    """
    raise NotImplementedError
