import numpy as np

from conv2d import conv2d


def depthwise_separable_conv(x, w_depth, w_point, stride=1, padding=0):
    d = np.concatenate(
        [conv2d(x[:, c : c + 1], w_depth[c : c + 1], stride=stride, padding=padding) for c in range(x.shape[1])], axis=1
    )
    return np.einsum("nchw,oc->nohw", d, w_point[:, :, 0, 0])


def parameter_counts(c_in, c_out, k):
    return k * k * c_in * c_out, k * k * c_in + c_in * c_out
