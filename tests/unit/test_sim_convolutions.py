"""Convolution costs against hand-computed values, and against a count of the loops' multiply-adds."""

from __future__ import annotations

import pytest
from hypothesis import given
import numpy as np
from hypothesis import strategies as st

from tutor.sim.convolutions import ConvCost, conv_cost, effective_kernel_size

# 3×3 convolution, 256 → 256 channels, 56×56 output (a ResNet stage)
POSITIONS = 56 * 56


def test_standard_3x3_256_to_256_at_56x56() -> None:
    assert conv_cost("standard", 3, 256, 256, 56, 56) == (589_824, 1_849_688_064)


def test_depthwise_separable_3x3_256_to_256_at_56x56() -> None:
    cost = conv_cost("depthwise-separable", 3, 256, 256, 56, 56)
    assert cost.parameters == 2_304 + 65_536 == 67_840
    assert cost.multiply_adds == 67_840 * POSITIONS == 212_746_240
    assert conv_cost("standard", 3, 256, 256, 56, 56).parameters / cost.parameters == pytest.approx(8.69, abs=0.01)


def test_pointwise_256_to_64_at_56x56() -> None:
    assert conv_cost("pointwise", 1, 256, 64, 56, 56) == (16_384, 16_384 * POSITIONS)


def test_grouped_divides_the_cost_by_the_number_of_groups() -> None:
    cost = conv_cost("grouped", 3, 256, 256, 56, 56, groups=32)  # ResNeXt's cardinality 32
    assert cost == (9 * 8 * 256, 9 * 8 * 256 * POSITIONS) == (18_432, 57_802_752)
    standard = conv_cost("standard", 3, 256, 256, 56, 56)
    assert cost.parameters * 32 == standard.parameters


def test_depthwise_is_a_grouped_convolution_with_one_group_per_channel() -> None:
    depthwise = conv_cost("grouped", 3, 64, 64, 10, 10, groups=64)
    pointwise = conv_cost("pointwise", 1, 64, 128, 10, 10)
    separable = conv_cost("depthwise-separable", 3, 64, 128, 10, 10)
    assert separable == (depthwise.parameters + pointwise.parameters, depthwise.multiply_adds + pointwise.multiply_adds)


def test_dilation_widens_the_window_at_the_same_cost() -> None:
    assert conv_cost("dilated", 3, 64, 64, 28, 28, dilation=2) == conv_cost("standard", 3, 64, 64, 28, 28)
    assert [effective_kernel_size(3, d) for d in (1, 2, 4)] == [3, 5, 9]
    assert effective_kernel_size(5, 3) == 13
    assert effective_kernel_size(1, 8) == 1


@given(k=st.integers(1, 4), c_in=st.integers(1, 5), c_out=st.integers(1, 5), h=st.integers(1, 4), w=st.integers(1, 4))
def test_standard_cost_counts_the_loops_of_a_convolution(k: int, c_in: int, c_out: int, h: int, w: int) -> None:
    weights = sum(1 for _o in range(c_out) for _c in range(c_in) for _u in range(k) for _v in range(k))
    macs = sum(weights for _i in range(h) for _j in range(w))
    assert conv_cost("standard", k, c_in, c_out, h, w) == ConvCost(weights, macs)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("convolution", 3, 8, 8, 4, 4), "kind must be one of standard, depthwise-separable, pointwise"),
        (("pointwise", 3, 8, 8, 4, 4), "a pointwise convolution is 1×1, so k must be 1, not 3"),
        (("standard", 0, 8, 8, 4, 4), "k must be at least 1, not 0"),
        (("standard", 3, 8, 8, 0, 4), "h_out must be at least 1, not 0"),
    ],
)
def test_bad_arguments_are_refused(arguments: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        conv_cost(*arguments)


def test_groups_must_divide_the_channels_and_belong_to_a_grouped_convolution() -> None:
    with pytest.raises(ValueError, match=r"groups \(3\) must divide c_in \(8\) and c_out \(6\)"):
        conv_cost("grouped", 3, 8, 6, 4, 4, groups=3)
    with pytest.raises(ValueError, match="only a grouped convolution has groups; a standard one has 1, not 2"):
        conv_cost("standard", 3, 8, 8, 4, 4, groups=2)
    with pytest.raises(ValueError, match="dilation must be at least 1, not 0"):
        effective_kernel_size(3, 0)


# The explorer's geometry, each function against a brute-force count.

from collections import Counter  # noqa: E402
from itertools import product  # noqa: E402

from tutor.sim.convolutions import (  # noqa: E402
    KINDS,
    layer_summary,
    output_size,
    receptive_field,
    transposed_output_size,
    transposed_overlap,
    transposed_padding,
)

ODD = st.sampled_from((1, 3, 5, 7))


def windows(size: int, k: int, stride: int, dilation: int, padding: int) -> int:
    """How many positions a dilated window fits at, stepping by `stride` over the padded input."""
    span = dilation * (k - 1) + 1
    return sum(1 for start in range(0, size + 2 * padding, stride) if start + span <= size + 2 * padding)


@given(size=st.integers(1, 40), k=ODD, stride=st.integers(1, 3), dilation=st.integers(1, 4))
def test_output_size_counts_the_window_positions(size: int, k: int, stride: int, dilation: int) -> None:
    padding = dilation * (k - 1) // 2
    assert output_size(size, k, stride, dilation) == windows(size, k, stride, dilation, padding)
    assert output_size(size, k, stride, dilation) == -(-size // stride)  # 'same': ⌈n/s⌉


@given(size=st.integers(1, 20), k=st.integers(1, 6), stride=st.integers(1, 3), dilation=st.integers(1, 3))
def test_a_transposed_convolution_upsamples_by_its_stride_and_inverts_the_shape_of_a_convolution(
    size: int, k: int, stride: int, dilation: int
) -> None:
    span = dilation * (k - 1) + 1
    exact = [
        (p, extra)
        for p in range(span)
        for extra in range(stride)
        if (size - 1) * stride - 2 * p + span + extra == size * stride
    ]
    if not exact:
        with pytest.raises(ValueError, match="no padding makes a"):
            transposed_padding(k, stride, dilation)
        return
    padding, extra = transposed_padding(k, stride, dilation)
    assert (padding, extra) == min(exact)
    out = transposed_output_size(size, k, stride, dilation)
    assert out == size * stride
    # A convolution with the same k, stride, dilation and padding maps that size back to n.
    assert output_size(out, k, stride, dilation, padding) == size


def test_the_lessons_figures() -> None:
    standard = layer_summary("standard", 3, 256, 256, 56)
    assert (standard.size_out, standard.total) == (56, (589_824, 1_849_688_064))
    separable = layer_summary("depthwise-separable", 3, 256, 256, 56)
    assert separable.parts == (("depthwise", 2_304, 7_225_344), ("pointwise", 65_536, 205_520_896))
    assert separable.total == (67_840, 212_746_240) and separable.standard == standard.total
    assert layer_summary("pointwise", 1, 256, 64, 56).total == (16_384, 51_380_224)
    assert layer_summary("grouped", 3, 256, 256, 56, groups=32).total == (18_432, 57_802_752)
    dilated = layer_summary("dilated", 3, 64, 64, 28, dilation=2)
    assert dilated.effective_kernel == 5 and dilated.total == dilated.standard


def test_a_stride_divides_the_output_positions_and_the_multiply_adds() -> None:
    strided = layer_summary("strided", 3, 64, 128, 56, stride=2)
    assert strided.size_out == 28
    assert strided.total == (73_728, 73_728 * 28 * 28) == strided.standard


def test_a_transposed_convolution_multiplies_each_input_value_by_every_weight() -> None:
    up = layer_summary("transposed", 4, 64, 32, 28, stride=2)
    assert up.size_out == 56
    loops = sum(1 for _i in range(28 * 28) for _c in range(64) for _o in range(32) for _t in range(16))
    assert up.total == (4 * 4 * 64 * 32, loops)
    assert up.standard.multiply_adds == 4 * up.total.multiply_adds  # a standard one at 56×56 reads s² more


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_summary(kind: str) -> None:
    k = 1 if kind == "pointwise" else 3
    summary = layer_summary(kind, k, 32, 32, 14, groups=4 if kind == "grouped" else 1)
    assert summary.total.parameters == sum(part.parameters for part in summary.parts) > 0


def paths(k: int, strides: tuple[int, ...], dilations: tuple[int, ...]) -> Counter:
    """Input offsets reached from one output pixel, by enumerating every choice of tap per layer."""
    reached: Counter = Counter()
    half = (k - 1) // 2
    for taps in product(range(k), repeat=len(strides)):
        position, jump = 0, 1
        for tap, stride, dilation in zip(taps, strides, dilations):  # layer 1 first
            position += (tap - half) * dilation * jump
            jump *= stride
        reached[position] += 1
    return reached


@given(
    k=st.sampled_from((1, 3, 5)),
    layers=st.lists(st.tuples(st.integers(1, 3), st.integers(1, 4)), min_size=1, max_size=3),
)
def test_the_receptive_field_is_every_path_through_the_stack(k: int, layers: list[tuple[int, int]]) -> None:
    strides = tuple(stride for stride, _ in layers)
    dilations = tuple(dilation for _, dilation in layers)
    field = receptive_field(k, strides, dilations)
    half = (field.size - 1) // 2
    reached = paths(k, strides, dilations)
    assert field.counts == tuple(reached.get(offset, 0) for offset in range(-half, half + 1))
    jumps = [int(np.prod(strides[:index])) for index in range(len(strides))]
    assert field.size == 1 + sum((k - 1) * d * jump for d, jump in zip(dilations, jumps))
    assert field.jump == int(np.prod(strides)) and field.read == len(reached)


def test_repeated_dilation_2_leaves_holes_and_1_2_4_fills_them() -> None:
    gridded = receptive_field(3, (1, 1, 1), (2, 2, 2))
    assert gridded.size == 13 and gridded.read == 7 and gridded.counts[1::2] == (0,) * 6
    filled = receptive_field(3, (1, 1, 1), (1, 2, 4))
    assert filled.size == 15 and filled.read == 15


def brute_transposed(k: int, stride: int, dilation: int, layers: int, length: int) -> list[int]:
    """Products summed per output position of stacked 1-D transposed convolutions, by explicit loops."""
    values = [1] * length
    for _ in range(layers):
        out = [0] * ((len(values) - 1) * stride + dilation * (k - 1) + 1)
        for i, value in enumerate(values):
            for tap in range(k):
                out[i * stride + tap * dilation] += value
        values = out
    return values


@given(k=st.integers(1, 5), stride=st.integers(1, 3), dilation=st.integers(1, 2), layers=st.integers(1, 2))
def test_the_transposed_overlap_is_the_scatter_count(k: int, stride: int, dilation: int, layers: int) -> None:
    overlap = transposed_overlap(k, stride, dilation, layers, width=9)
    period = stride**layers
    brute = brute_transposed(k, stride, dilation, layers, 40)
    start = len(brute) // 2 // period * period
    assert list(overlap) == brute[start : start + 9]


def test_the_checkerboard_comes_from_a_kernel_the_stride_does_not_divide() -> None:
    assert set(transposed_overlap(3, 2)) == {1, 2}
    assert set(transposed_overlap(4, 2)) == {2}
    assert set(transposed_overlap(3, 1)) == {3}


def test_bad_geometry_is_refused() -> None:
    with pytest.raises(ValueError, match="k must be odd for 'same' padding, not 4"):
        receptive_field(4, (1,), (1,))
    with pytest.raises(ValueError, match="one stride and one dilation per layer"):
        receptive_field(3, (1, 2), (1,))
    with pytest.raises(ValueError, match="stride 2 must be at least 1, not 0"):
        receptive_field(3, (1, 0), (1, 1))
    with pytest.raises(ValueError, match="kind must be one of"):
        layer_summary("deformable", 3, 8, 8, 8)
