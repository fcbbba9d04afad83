import numpy as np


def dropout(x, p, rng, training=True):
    """Inverted dropout.

    Args:
        x: an array of any shape.
        p: the probability of dropping each element, 0 <= p < 1.
        rng: a numpy.random.Generator. Draw the mask with ONE call, rng.random(x.shape),
            and keep the elements whose draw is >= p (the checker draws the same numbers).
        training: when False, return x unchanged (as a new array).

    Returns:
        An array of the shape of x: the kept elements divided by (1 - p), the others 0.
    """
    raise NotImplementedError
