"""One optimiser step with weight decay: as an L2 penalty in the gradient, or decoupled from it.

An L2 penalty (λ/2)‖w‖² adds λ·w to the gradient. With SGD that is the same as shrinking the
weights by lr·λ·w outside the gradient ("decoupled" weight decay): the two steps are equal.
Adam divides each gradient by √v̂, the size of its recent gradients; the penalty's λ·w, put into
the gradient, is divided too, so weights with large gradients are decayed less. AdamW
(Loshchilov & Hutter, 2019) decays outside the division: w ← w − lr·(m̂ / (√v̂ + ε) + λ·w).
"""

from __future__ import annotations

import numpy as np


def sgd_step(w, grad, lr: float, weight_decay: float, decoupled: bool = False) -> np.ndarray:
    """One SGD step: w − lr·(grad + λ·w), or w − lr·grad − lr·λ·w when decoupled (the same).

    Returns:
        The new weights, a new array.
    """
    w = np.asarray(w, dtype=np.float64)
    grad = np.asarray(grad, dtype=np.float64)
    if decoupled:
        return w - lr * grad - lr * weight_decay * w
    return w - lr * (grad + weight_decay * w)


def adam_step(
    w,
    grad,
    m,
    v,
    t: int,
    lr: float,
    weight_decay: float,
    decoupled: bool,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam step with weight decay as an L2 penalty (Adam) or decoupled (AdamW).

    Args:
        w, grad, m, v: weights, gradient of the loss, first and second moment estimates (same shape).
        t: the number of this step, from 1 (for the bias correction).
        lr: learning rate; weight_decay: λ; decoupled: False for Adam + L2, True for AdamW.
        beta1, beta2, eps: Adam's constants.

    Returns:
        (new_w, new_m, new_v), new arrays.
    """
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    if not decoupled:
        g = g + weight_decay * w
    m = beta1 * np.asarray(m, dtype=np.float64) + (1 - beta1) * g
    v = beta2 * np.asarray(v, dtype=np.float64) + (1 - beta2) * g * g
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    update = m_hat / (np.sqrt(v_hat) + eps)
    if decoupled:
        update = update + weight_decay * w
    return w - lr * update, m, v
