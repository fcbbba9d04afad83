"""The exercises' new reference functions against independent computations: loops, finite differences,
the composition they replace, and a scalar optimiser written out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tutor.sim import bn_practice, direct_conv, exercise_refs, optim_steps
from tutor.sim.normalization import batch_norm


def loop_conv(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Convolution with one loop per index, straight from the definition."""
    n, c_in, h, wd = x.shape
    c_out, c_group, kh, kw = w.shape
    padded = np.zeros((n, c_in, h + 2 * padding, wd + 2 * padding))
    padded[:, :, padding : padding + h, padding : padding + wd] = x
    h_out = (h + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    w_out = (wd + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((n, c_out, h_out, w_out))
    per_group = c_out // groups
    for s in range(n):
        for o in range(c_out):
            g = o // per_group
            for i in range(h_out):
                for j in range(w_out):
                    total = 0.0 if b is None else b[o]
                    for c in range(c_group):
                        for u in range(kh):
                            for v in range(kw):
                                total += (
                                    w[o, c, u, v]
                                    * padded[s, g * c_group + c, i * stride + u * dilation, j * stride + v * dilation]
                                )
                    out[s, o, i, j] = total
    return out


@pytest.mark.parametrize(
    ("shape", "kernel", "stride", "padding", "dilation", "groups"),
    [
        ((1, 1, 5, 5), (1, 1, 3, 3), 1, 0, 1, 1),
        ((2, 3, 7, 6), (4, 3, 3, 3), 2, 1, 1, 1),
        ((2, 3, 9, 8), (2, 3, 3, 2), 1, 2, 2, 1),
        ((1, 4, 6, 7), (4, 1, 3, 3), 3, 1, 2, 4),
        ((3, 4, 5, 5), (6, 2, 1, 1), 1, 0, 1, 2),
    ],
)
def test_conv2d_equals_the_loops(shape, kernel, stride, padding, dilation, groups) -> None:
    rng = np.random.default_rng(sum(shape))
    x, w, b = rng.normal(size=shape), rng.normal(size=kernel), rng.normal(size=kernel[0])
    expected = loop_conv(x, w, b, stride, padding, dilation, groups)
    assert direct_conv.conv2d(x, w, b, stride, padding, dilation, groups) == pytest.approx(expected, abs=1e-12)


def test_conv2d_refuses_a_kernel_larger_than_the_input() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        direct_conv.conv2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)))


def test_depthwise_separable_is_a_per_channel_then_a_1x1_convolution() -> None:
    rng = np.random.default_rng(3)
    x, w_depth, w_point = rng.normal(size=(2, 3, 6, 5)), rng.normal(size=(3, 1, 3, 3)), rng.normal(size=(5, 3, 1, 1))
    depthwise = np.stack([loop_conv(x[:, c : c + 1], w_depth[c : c + 1])[:, 0] for c in range(3)], axis=1)
    expected = np.einsum("nchw,oc->nohw", depthwise, w_point[:, :, 0, 0])
    assert direct_conv.depthwise_separable_conv(x, w_depth, w_point) == pytest.approx(expected, abs=1e-12)


def test_parameter_counts_by_hand() -> None:
    assert direct_conv.parameter_counts(32, 64, 3) == (3 * 3 * 32 * 64, 3 * 3 * 32 + 32 * 64) == (18_432, 2_336)


def _channel_stats(x):
    axes = (0, 2, 3) if x.ndim == 4 else (0,)
    values = np.moveaxis(x, 1, 0).reshape(x.shape[1], -1)
    return values.mean(axis=1), values.var(axis=1), values.var(axis=1, ddof=1), axes


def test_batch_norm_step_in_training_uses_the_batch_and_the_unbiased_running_variance() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(2.0, 3.0, size=(4, 3, 2, 5))
    gamma, beta = rng.uniform(0.5, 1.5, 3), rng.normal(size=3)
    mean0, var0 = rng.normal(size=3), rng.uniform(0.5, 2.0, 3)
    out, mean, var = bn_practice.batch_norm_step(x, gamma, beta, mean0, var0, training=True, momentum=0.2)
    batch_mean, batch_var, unbiased, _ = _channel_stats(x)
    c = (1, 3, 1, 1)
    expected = gamma.reshape(c) * (x - batch_mean.reshape(c)) / np.sqrt(batch_var.reshape(c) + 1e-5) + beta.reshape(c)
    assert out == pytest.approx(expected, abs=1e-12)
    assert mean == pytest.approx(0.8 * mean0 + 0.2 * batch_mean)
    assert var == pytest.approx(0.8 * var0 + 0.2 * unbiased)


def test_batch_norm_step_in_evaluation_uses_the_running_statistics_and_keeps_them() -> None:
    rng = np.random.default_rng(6)
    x = rng.normal(size=(1, 2, 3, 3))
    gamma, beta, mean0, var0 = np.array([2.0, 0.5]), np.array([0.1, -1.0]), np.array([0.3, -0.2]), np.array([4.0, 0.25])
    out, mean, var = bn_practice.batch_norm_step(x, gamma, beta, mean0, var0, training=False)
    expected = np.empty_like(x)
    for c in range(2):
        expected[:, c] = gamma[c] * (x[:, c] - mean0[c]) / math.sqrt(var0[c] + 1e-5) + beta[c]
    assert out == pytest.approx(expected) and list(mean) == list(mean0) and list(var) == list(var0)
    assert mean is not mean0


def test_batch_norm_step_refuses_one_value_per_channel_in_training() -> None:
    with pytest.raises(ValueError, match="more than one value"):
        bn_practice.batch_norm_step(np.ones((1, 2)), np.ones(2), np.zeros(2), np.zeros(2), np.ones(2), training=True)


@pytest.mark.parametrize("shape", [(3, 2, 2, 3), (5, 4)])
def test_batch_norm_backward_matches_finite_differences(shape) -> None:
    rng = np.random.default_rng(7)
    x, dout = rng.normal(1.0, 2.0, size=shape), rng.normal(size=shape)
    gamma, beta = rng.uniform(0.5, 1.5, shape[1]), rng.normal(size=shape[1])

    def loss(x, gamma, beta):
        return float((dout * batch_norm(x, gamma, beta)).sum())

    def numeric(array, *args):
        grad, step = np.zeros_like(array), 1e-6
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + step
            up = loss(*args)
            array[index] = saved - step
            down = loss(*args)
            array[index] = saved
            grad[index] = (up - down) / (2 * step)
        return grad

    dx, dgamma, dbeta = bn_practice.batch_norm_backward(dout, x, gamma)
    assert dx == pytest.approx(numeric(x, x, gamma, beta), abs=1e-6)
    assert dgamma == pytest.approx(numeric(gamma, x, gamma, beta), abs=1e-6)
    assert dbeta == pytest.approx(numeric(beta, x, gamma, beta), abs=1e-6)


@pytest.mark.parametrize("with_bias", [True, False])
def test_a_folded_convolution_equals_the_convolution_then_batch_norm(with_bias: bool) -> None:
    rng = np.random.default_rng(8)
    x, w = rng.normal(size=(2, 3, 6, 6)), rng.normal(size=(4, 3, 3, 3))
    b = rng.normal(size=4) if with_bias else None
    gamma, beta, mean, var = rng.uniform(0.5, 2, 4), rng.normal(size=4), rng.normal(size=4), rng.uniform(0.1, 3, 4)
    w_f, b_f = bn_practice.fold_batch_norm(w, b, gamma, beta, mean, var)
    then_bn, _, _ = bn_practice.batch_norm_step(loop_conv(x, w, b), gamma, beta, mean, var, training=False)
    assert loop_conv(x, w_f, b_f) == pytest.approx(then_bn, abs=1e-10)


def scalar_adam(w, g, m, v, t, lr, wd, decoupled, b1=0.9, b2=0.999, eps=1e-8):
    if not decoupled:
        g = g + wd * w
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    step = (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
    return w - lr * (step + (wd * w if decoupled else 0.0)), m, v


@pytest.mark.parametrize("decoupled", [False, True])
def test_adam_step_equals_the_scalar_formulas(decoupled: bool) -> None:
    rng = np.random.default_rng(9)
    w, g, m, v = (
        rng.normal(size=5),
        rng.normal(size=5) * [100, 1, 0.01, 1, 10],
        rng.normal(size=5),
        rng.uniform(0, 1, 5),
    )
    new = optim_steps.adam_step(w, g, m, v, 3, 0.01, 0.1, decoupled)
    expected = [scalar_adam(*args, 3, 0.01, 0.1, decoupled) for args in zip(w, g, m, v)]
    for got, want in zip(new, zip(*expected)):
        assert got == pytest.approx(np.array(want), rel=1e-12)


def test_decoupled_decay_is_l2_for_sgd_but_not_for_adam() -> None:
    rng = np.random.default_rng(10)
    w, g = rng.normal(size=6), rng.normal(size=6) * 50
    assert optim_steps.sgd_step(w, g, 0.1, 0.01) == pytest.approx(optim_steps.sgd_step(w, g, 0.1, 0.01, decoupled=True))
    zeros = np.zeros(6)
    adam = optim_steps.adam_step(w, g, zeros, zeros, 1, 0.1, 0.01, decoupled=False)[0]
    adamw = optim_steps.adam_step(w, g, zeros, zeros, 1, 0.1, 0.01, decoupled=True)[0]
    assert not np.allclose(adam, adamw)


def test_the_adapters_return_what_the_simulations_compute() -> None:
    from tutor.sim import attention, dropout, normalization

    rng = np.random.default_rng(11)
    x = rng.normal(size=(2, 4, 3, 3))
    assert exercise_refs.inverted_dropout(x, 0.3, np.random.default_rng(1)) == pytest.approx(
        dropout.dropout(x, 0.3, np.random.default_rng(1)).out
    )
    assert exercise_refs.spatial_dropout(x, 0.3, np.random.default_rng(2)) == pytest.approx(
        dropout.spatial_dropout(x, 0.3, np.random.default_rng(2)).out
    )
    assert exercise_refs.drop_path(x, 0.3, np.random.default_rng(3)) == pytest.approx(
        dropout.drop_path(x, 0.3, np.random.default_rng(3)).out
    )
    assert exercise_refs.normalize(x, "group", 2) == pytest.approx(normalization.group_norm(x, 2))
    w1, b1, w2, b2 = rng.normal(size=(2, 4)), rng.normal(size=2), rng.normal(size=(4, 2)), rng.normal(size=4)
    assert exercise_refs.se_block(x, w1, b1, w2, b2) == pytest.approx(
        attention.squeeze_excitation(x, w1, b1, w2, b2)[0]
    )
    kernel = rng.normal(size=(2, 3, 3))
    assert exercise_refs.cbam_spatial(x, kernel, 0.5) == pytest.approx(attention.spatial_attention(x, kernel, 0.5)[0])


@pytest.mark.parametrize(("c_out", "stride", "projection"), [(4, 1, False), (6, 2, True), (4, 2, True)])
def test_residual_block_is_relu_of_branch_plus_shortcut(c_out: int, stride: int, projection: bool) -> None:
    rng = np.random.default_rng(12)
    x = rng.normal(size=(2, 4, 5, 5))
    w1, w2 = rng.normal(size=(c_out, 4, 3, 3)), rng.normal(size=(c_out, c_out, 3, 3))
    w_proj = rng.normal(size=(c_out, 4, 1, 1)) if projection else None
    branch = loop_conv(np.maximum(loop_conv(x, w1, stride=stride, padding=1), 0), w2, padding=1)
    shortcut = loop_conv(x, w_proj, stride=stride) if projection else x
    assert exercise_refs.residual_block(x, w1, w2, w_proj, stride) == pytest.approx(np.maximum(branch + shortcut, 0))


def test_residual_block_without_a_projection_needs_the_same_shape() -> None:
    rng = np.random.default_rng(13)
    with pytest.raises(ValueError, match="w_proj is needed"):
        exercise_refs.residual_block(
            rng.normal(size=(1, 2, 4, 4)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=(3, 3, 3, 3))
        )
