"""What the conv-explorer shows: the kind of convolution, its settings, the page, and what they give."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.sim.convolutions import LayerSummary, ReceptiveField

KINDS = ("standard", "depthwise-separable", "pointwise", "grouped", "dilated", "strided", "transposed")
"""The kinds keys 1 to 7 choose; dilated and strided are standard convolutions with d or s above 1."""
LADDERS: dict[str, tuple] = {
    "k": (1, 3, 5, 7),
    "stride": ((1,), (2,), (1, 2, 1), (2, 1, 1), (1, 1, 2)),
    "dilation": ((1,), (2,), (3,), (4,), (1, 2, 4)),
    "groups": (1, 2, 4, 8, 16, 32),
    "c_in": (16, 32, 64, 128, 256, 512),
    "c_out": (16, 32, 64, 128, 256, 512),
    "size": (7, 14, 28, 56, 112, 224),
    "layers": (1, 2, 3),
}
"""The values each setting steps through with ↑ and ↓."""
TRANSPOSED_K = (2, 3, 4, 5)
"""A transposed convolution may have an even kernel (4 with stride 2 avoids the checkerboard)."""
SINGLE_STRIDES = ((1,), (2,))
"""The strides of the costs page, which shows one layer."""
TRANSPOSED_STRIDES = ((2,), (3,))
"""A transposed convolution upsamples: by 2 or 3 (any kernel upsamples exactly then)."""
WINDOW = 15
"""Cells of the receptive-field grid per side (the middle of a larger field is shown)."""


@dataclass(frozen=True, slots=True)
class ConvState:
    kind: str
    k: int
    stride: tuple[int, ...]
    """One stride for every layer, or one per layer (1, 2, 1)."""
    dilation: tuple[int, ...]
    """One dilation for every layer, or one per layer (1, 2, 4)."""
    groups: int
    c_in: int
    c_out: int
    size: int
    layers: int
    view: str = "costs"
    selected: str = "k"
    """The setting ← and → have put the cursor on."""

    def settings(self) -> tuple[str, ...]:
        """The settings this kind has, in the order ← and → walk them."""
        names = ["k", "stride", "dilation", "groups", "c_in", "c_out", "size", "layers"]
        if self.kind == "pointwise":
            names.remove("k")
            names.remove("dilation")
        if self.kind != "grouped":
            names.remove("groups")
        if self.kind == "transposed":
            names.remove("dilation")
        if self.view == "costs":
            names.remove("layers")
        else:  # the receptive field depends on neither the channels nor the size
            names = [name for name in names if name not in ("groups", "c_in", "c_out", "size")]
        return tuple(names)

    def strides(self) -> tuple[int, ...]:
        """The stride of each layer of the stack."""
        if len(self.stride) > 1:
            return self.stride[: self.layers]
        return self.stride * self.layers

    def dilations(self) -> tuple[int, ...]:
        """The dilation of each layer of the stack."""
        if len(self.dilation) > 1:  # one per layer: the first `layers` of them
            return self.dilation[: self.layers]
        return self.dilation * self.layers


@dataclass(frozen=True, slots=True)
class ConvResult:
    summary: LayerSummary
    field: ReceptiveField | None
    """None for a transposed convolution, which shows `overlap` instead."""
    overlap: tuple[int, ...]
