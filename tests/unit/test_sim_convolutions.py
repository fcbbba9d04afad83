"""Convolution costs against hand-computed values, and against a count of the loops' multiply-adds."""

from __future__ import annotations

import pytest
from hypothesis import given
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


@given(
    k=st.integers(1, 4), c_in=st.integers(1, 5), c_out=st.integers(1, 5), h=st.integers(1, 4), w=st.integers(1, 4)
)
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
