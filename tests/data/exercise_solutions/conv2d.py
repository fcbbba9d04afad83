import numpy as np


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1):
    n, c, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (h + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    w_out = (wd + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((n, c_out, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = xp[
                :,
                :,
                i * stride : i * stride + dilation * (kh - 1) + 1 : dilation,
                j * stride : j * stride + dilation * (kw - 1) + 1 : dilation,
            ]
            out[:, :, i, j] = np.einsum("nchw,ochw->no", window, w)
    if b is not None:
        out += b[None, :, None, None]
    return out
