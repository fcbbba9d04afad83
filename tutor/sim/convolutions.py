"""What a convolution costs: its number of weights and of multiply-adds, by kind.

Biases are left out (they add c_out weights and change nothing in the comparison). Every output
value of a k×k convolution over c channels costs k·k·c multiply-adds, so the multiply-adds of a
layer are its weights times the number of output positions h_out·w_out.
"""

from __future__ import annotations

from typing import NamedTuple

KINDS = ("standard", "depthwise-separable", "pointwise", "grouped", "dilated")


class ConvCost(NamedTuple):
    """Weights and multiply-adds (MACs) of one convolution layer."""

    parameters: int
    multiply_adds: int


def effective_kernel_size(k: int, dilation: int) -> int:
    """The side of the window a dilated k×k kernel spans: k + (k − 1)(d − 1).

    Args:
        k: kernel size.
        dilation: spacing d between kernel taps; 1 is an ordinary convolution.

    Returns:
        The effective kernel size; a 3×3 kernel with d = 2 spans 5×5 with 9 weights.
    """
    _check_positive(k=k, dilation=dilation)
    return k + (k - 1) * (dilation - 1)


def _check_positive(**sizes: int) -> None:
    for name, value in sizes.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}")


def _weights(kind: str, k: int, c_in: int, c_out: int, groups: int) -> int:
    if kind == "depthwise-separable":
        return k * k * c_in + c_in * c_out  # one k×k filter per input channel, then a 1×1 mix
    if kind == "pointwise":
        return c_in * c_out
    return k * k * (c_in // groups) * c_out  # standard and dilated: groups == 1


def conv_cost(
    kind: str, k: int, c_in: int, c_out: int, h_out: int, w_out: int, groups: int = 1, dilation: int = 1
) -> ConvCost:
    """Weights and multiply-adds of a convolution layer.

    Args:
        kind: "standard", "depthwise-separable" (a depthwise k×k then a pointwise 1×1),
            "pointwise" (1×1, so k must be 1), "grouped" (c_in and c_out split into `groups`)
            or "dilated" (a standard convolution with spaced taps: same cost, wider window).
        k: kernel size.
        c_in: input channels.
        c_out: output channels.
        h_out: output height.
        w_out: output width.
        groups: number of groups; only a grouped convolution may have more than one.
        dilation: spacing between kernel taps; it changes the window, not the cost.

    Returns:
        `ConvCost(parameters, multiply_adds)`, a tuple of two ints.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    _check_positive(k=k, c_in=c_in, c_out=c_out, h_out=h_out, w_out=w_out, groups=groups, dilation=dilation)
    if kind == "pointwise" and k != 1:
        raise ValueError(f"a pointwise convolution is 1×1, so k must be 1, not {k}")
    if kind != "grouped" and groups != 1:
        raise ValueError(f"only a grouped convolution has groups; a {kind} one has 1, not {groups}")
    if c_in % groups or c_out % groups:
        raise ValueError(f"groups ({groups}) must divide c_in ({c_in}) and c_out ({c_out})")
    parameters = _weights(kind, k, c_in, c_out, groups)
    return ConvCost(parameters, parameters * h_out * w_out)
