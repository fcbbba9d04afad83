"""What a convolution costs, what its output size is, and which input pixels an output pixel reads.

Costs: biases are left out (they add c_out weights and change nothing in the comparison). Every
output value of a k×k convolution over c channels costs k·k·c multiply-adds, so the multiply-adds
of a layer are its weights times the number of output positions h_out·w_out. A transposed
convolution multiplies every input value by every weight: its multiply-adds are its weights
times the number of *input* positions.

Geometry: convolutions here are square, with an odd k and 'same' padding p = d(k − 1)/2, so that
an output pixel is centred on the input pixel it reads in the middle (the output side is
⌈n/s⌉); a transposed convolution upsamples by exactly s (n → n·s), with the padding and output
padding that PyTorch's ConvTranspose2d needs for it (`transposed_padding`). A stack of layers
reads, for one output pixel, the input pixels of its receptive field, some through many paths
and, with dilation, some through none (the gridding of repeated dilation, Wang et al. 2018).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

KINDS = ("standard", "depthwise-separable", "pointwise", "grouped", "dilated", "strided", "transposed")
"""Dilated and strided are standard convolutions with d > 1 or s > 1: the same cost per output pixel."""


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
    return k * k * (c_in // groups) * c_out  # standard, dilated, strided, transposed: groups == 1


def conv_cost(
    kind: str, k: int, c_in: int, c_out: int, h_out: int, w_out: int, groups: int = 1, dilation: int = 1
) -> ConvCost:
    """Weights and multiply-adds of a convolution layer.

    Args:
        kind: "standard", "depthwise-separable" (a depthwise k×k then a pointwise 1×1),
            "pointwise" (1×1, so k must be 1), "grouped" (c_in and c_out split into `groups`),
            "dilated" or "strided" (a standard convolution with spaced taps or a step: the same
            cost per output value), or "transposed" (then h_out and w_out are the sizes of its
            *input*, each value of which meets every weight).
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
    if kind not in ("grouped", "transposed") and groups != 1:
        raise ValueError(f"only a grouped convolution has groups; a {kind} one has 1, not {groups}")
    if c_in % groups or c_out % groups:
        raise ValueError(f"groups ({groups}) must divide c_in ({c_in}) and c_out ({c_out})")
    parameters = _weights(kind, k, c_in, c_out, groups)
    return ConvCost(parameters, parameters * h_out * w_out)


def output_size(size: int, k: int, stride: int = 1, dilation: int = 1, padding: int | None = None) -> int:
    """The side of a convolution's output: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.

    Args:
        size: input side n.
        k: kernel size; odd unless `padding` is given.
        stride: step s between output pixels, in input pixels.
        dilation: spacing d between kernel taps.
        padding: zeros added on each side; by default d(k − 1)/2 ('same'), which gives ⌈n/s⌉.
    """
    if padding is None:
        _check_odd(k)
        padding = dilation * (k - 1) // 2
    _check_positive(size=size, k=k, stride=stride, dilation=dilation)
    return (size + 2 * padding - dilation * (k - 1) - 1) // stride + 1


def transposed_padding(k: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """The (padding, output_padding) that make a transposed convolution upsample by exactly `stride`.

    Its output side is (n − 1)s − 2p + d(k − 1) + output_padding + 1 (PyTorch's ConvTranspose2d);
    p = ⌈(d(k − 1) + 1 − s)/2⌉ and the output padding that completes n·s, which must be below s
    (an even span without a stride has none: ValueError).
    """
    _check_positive(k=k, stride=stride, dilation=dilation)
    span = dilation * (k - 1) + 1
    padding = max(0, -(-(span - stride) // 2))
    extra = 2 * padding - span + stride
    if extra >= stride:  # then a convolution would not map the output back to n: no exact inverse shape
        raise ValueError(f"no padding makes a {k}×{k} transposed convolution of stride {stride} upsample exactly")
    return padding, extra


def transposed_output_size(size: int, k: int, stride: int, dilation: int = 1) -> int:
    """(n − 1)s − 2p + d(k − 1) + output_padding + 1 with `transposed_padding`: n·s."""
    _check_positive(size=size)
    padding, extra = transposed_padding(k, stride, dilation)
    return (size - 1) * stride - 2 * padding + dilation * (k - 1) + extra + 1


class CostLine(NamedTuple):
    """One part of a layer: its name ("depthwise", "pointwise", or the kind) and its cost."""

    name: str
    parameters: int
    multiply_adds: int


@dataclass(frozen=True, slots=True)
class LayerSummary:
    """One convolution layer on an n×n input: its output side, its cost and a standard one's."""

    kind: str
    k: int
    stride: int
    dilation: int
    groups: int
    c_in: int
    c_out: int
    size_in: int
    size_out: int
    parts: tuple[CostLine, ...]
    """The layer's parts: two for a depthwise separable convolution, else one."""
    total: ConvCost
    standard: ConvCost
    """A standard k×k convolution from c_in to c_out at the same output size: for a transposed
    one, s² times its cost, since it multiplies only the input's n² values by the weights."""
    effective_kernel: int
    """The side of the window one output value reads: k + (k − 1)(d − 1)."""


def layer_summary(
    kind: str, k: int, c_in: int, c_out: int, size: int, stride: int = 1, dilation: int = 1, groups: int = 1
) -> LayerSummary:
    """The output side and the cost of one layer, part by part, beside a standard convolution's.

    Args:
        kind: one of KINDS.
        k: kernel size (odd, except for a transposed convolution; 1 for a pointwise one).
        c_in: input channels.
        c_out: output channels.
        size: side n of the square input.
        stride: step between output pixels (for a transposed convolution, the upsampling factor).
        dilation: spacing between kernel taps.
        groups: channel groups (grouped and transposed convolutions only).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "transposed":
        size_out = transposed_output_size(size, k, stride, dilation)
        positions = size * size
    else:
        size_out = output_size(size, k, stride, dilation)
        positions = size_out * size_out
    if kind == "depthwise-separable":
        depthwise = conv_cost("grouped", k, c_in, c_in, size_out, size_out, groups=c_in)
        pointwise = conv_cost("pointwise", 1, c_in, c_out, size_out, size_out)
        parts: tuple[CostLine, ...] = (CostLine("depthwise", *depthwise), CostLine("pointwise", *pointwise))
    else:
        cost = conv_cost(kind, k, c_in, c_out, positions, 1, groups=groups, dilation=dilation)
        parts = (CostLine(kind, *cost),)
    total = ConvCost(sum(part.parameters for part in parts), sum(part.multiply_adds for part in parts))
    standard = conv_cost("standard", k, c_in, c_out, size_out * size_out, 1)
    return LayerSummary(
        kind,
        k,
        stride,
        dilation,
        groups,
        c_in,
        c_out,
        size,
        size_out,
        parts,
        total,
        standard,
        effective_kernel_size(k, dilation),
    )


@dataclass(frozen=True, slots=True)
class ReceptiveField:
    """Which input pixels, along one axis, one output pixel of a stack of convolutions reads.

    The 2-D picture is the outer product of `counts` with itself (square kernels).
    """

    counts: tuple[int, ...]
    """Paths from the output pixel to each input pixel, for offsets −(size − 1)/2 … (size − 1)/2."""
    size: int
    """The receptive field's side: 1 + Σ_l (k − 1)·d_l·Π_{i<l} s_i."""
    jump: int
    """Π s_l: input pixels between two neighbouring output pixels."""

    @property
    def read(self) -> int:
        """How many input pixels along the axis are read at all (the others are holes)."""
        return sum(1 for count in self.counts if count)


def receptive_field(k: int, strides: tuple[int, ...], dilations: tuple[int, ...]) -> ReceptiveField:
    """The receptive field of one output pixel of a stack of k×k convolutions (layer 1 first).

    Args:
        k: kernel size of every layer, odd.
        strides: each layer's stride.
        dilations: each layer's dilation (as many as strides).
    """
    _check_odd(k)
    if len(strides) != len(dilations) or not strides:
        raise ValueError("give one stride and one dilation per layer, for at least one layer")
    _check_positive(
        **{f"stride {i + 1}": s for i, s in enumerate(strides)},
        **{f"dilation {i + 1}": d for i, d in enumerate(dilations)},
    )
    counts = np.ones(1, dtype=np.int64)  # the output pixel, at the top of the stack
    for stride, dilation in zip(strides[::-1], dilations[::-1]):
        # Going down one layer: pixel x of its output reads x·s + (t − (k − 1)/2)·d for each tap t.
        spread = np.zeros((len(counts) - 1) * stride + 1, dtype=np.int64)
        spread[::stride] = counts
        taps = np.zeros(dilation * (k - 1) + 1, dtype=np.int64)
        taps[::dilation] = 1
        counts = np.convolve(spread, taps)
    jump = int(np.prod(strides))
    return ReceptiveField(tuple(counts.tolist()), len(counts), jump)


def transposed_overlap(k: int, stride: int, dilation: int = 1, layers: int = 1, width: int = 15) -> tuple[int, ...]:
    """How many input·weight products each output pixel of a stack of transposed convolutions sums.

    Along one axis, away from the borders (the pattern repeats every stride^layers pixels), for
    `width` consecutive output pixels. Uneven counts are the checkerboard artefact of Odena,
    Dumoulin and Olah (2016): with k a multiple of the stride every pixel gets the same count.
    The 2-D picture is the outer product of the result with itself.
    """
    _check_positive(k=k, stride=stride, dilation=dilation, layers=layers, width=width)
    period = stride**layers
    counts = np.ones(width + 2 * (dilation * (k - 1) + 1) * layers + 2 * period, dtype=np.int64)
    for _ in range(layers):
        spread = np.zeros((len(counts) - 1) * stride + 1, dtype=np.int64)
        spread[::stride] = counts
        taps = np.zeros(dilation * (k - 1) + 1, dtype=np.int64)
        taps[::dilation] = 1
        counts = np.convolve(spread, taps)
    # A window away from both ends, starting on a multiple of the period (the pattern's first phase).
    start = (len(counts) - width) // 2 // period * period
    return tuple(counts[start : start + width].tolist())


def _check_odd(k: int) -> None:
    _check_positive(k=k)
    if k % 2 == 0:
        raise ValueError(f"k must be odd for 'same' padding, not {k}")
