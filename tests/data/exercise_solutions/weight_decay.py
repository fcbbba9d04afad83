import numpy as np


def sgd_step(w, grad, lr, weight_decay, decoupled=False):
    if decoupled:
        return w - lr * grad - lr * weight_decay * w
    return w - lr * (grad + weight_decay * w)


def adam_step(w, grad, m, v, t, lr, weight_decay, decoupled, beta1=0.9, beta2=0.999, eps=1e-8):
    g = grad if decoupled else grad + weight_decay * w
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    new_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    if decoupled:
        new_w = new_w - lr * weight_decay * w
    return new_w, m, v
