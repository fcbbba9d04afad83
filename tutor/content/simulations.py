"""The interactive widgets a lesson may name in a `widget:` block.

Adding a kind of widget is one module under `tutor/widgets/simulations/` plus one entry here, which
declares its parameters, their ranges and their defaults (the widget gets them all: `complete`). This module
imports nothing heavy: the loader checks names and parameters against it without loading
Textual or numpy; the widget class itself is imported only when a lesson shows it.
"""

from __future__ import annotations

import math
import sys
from typing import Any
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter a widget accepts from YAML, and its value when the lesson does not give it."""

    type: type
    low: float | None = None
    high: float | None = None
    choices: tuple[str | int | float, ...] = ()
    """The only values allowed, when not empty (strings, or numbers such as group counts)."""
    default: str | int | float | bool | None = None
    """The value the widget gets when the lesson gives none; None: the widget decides (said in `doc`)."""
    doc: str = ""
    """What it is, for the README's table and the editors' hints."""

    @property
    def bounds(self) -> tuple:
        """(lowest, highest) value allowed."""
        return (min(self.choices), max(self.choices)) if self.choices else (self.low, self.high)

    def check(self, value: Any) -> str | None:
        """Why `value` is not acceptable, or None when it is."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not self.type:
            return f"must be {_TYPE_NAMES[self.type]}, not {value!r}"
        known: Any = value  # of the declared type from here on
        if self.type is float and not math.isfinite(known):  # NaN passes every < and > check
            return f"must be a finite number, not {value!r}"
        if self.choices and known not in self.choices:
            return f"must be one of {', '.join(map(str, self.choices))}, not {value!r}"
        if self.low is not None and known < self.low:
            return f"must be at least {self.low}, not {value!r}"
        if self.high is not None and known > self.high:
            return f"must be at most {self.high}, not {value!r}"
        return None


_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}


@dataclass(frozen=True, slots=True)
class WidgetSpec:
    target: str
    """`module:Class` of the Textual widget."""
    params: dict[str, Param] = field(default_factory=dict)
    doc: str = ""

    def complete(self, given: Mapping[str, object]) -> dict[str, object]:
        """The parameters a widget runs with: those `given` by the lesson, the defaults for the others."""
        defaults = {name: param.default for name, param in self.params.items() if param.default is not None}
        return {**defaults, **given}


SEED = Param(int, 0, 2**32 - 1, default=0, doc="the random seed: the same seed, the same numbers")
KIND_PRESET = "the kind's (a dilated convolution gets d = 2…)"

WIDGETS: dict[str, WidgetSpec] = {
    "activation-histogram": WidgetSpec(
        "tutor.widgets.simulations.activation_histogram:ActivationHistogram",
        {
            "depth": Param(int, 2, 12, default=6, doc="layers"),
            "width": Param(int, 16, 256, default=256, doc="neurons per layer"),
            "scale": Param(float, 0.1, 10.0, default=1.0, doc="the weights' scale, times He's"),
            "mode": Param(
                str, choices=("without", "with"), default="without", doc="batch normalisation after each layer"
            ),
            "seed": SEED,
        },
        "the activations of each layer of a deep network, with or without batch normalisation",
    ),
    "bn-statistics": WidgetSpec(
        "tutor.widgets.simulations.bn_statistics:BatchStatistics",
        {
            "batch_size": Param(int, choices=(2, 4, 8, 16, 32, 64, 128), default=8, doc="examples per batch"),
            "momentum": Param(
                float, choices=(0.01, 0.1, 0.5), default=0.1, doc="PyTorch's momentum of the running averages"
            ),
            "seed": SEED,
        },
        "a batch's statistics against the running averages, and the train/eval gap",
    ),
    "norm-axes": WidgetSpec(
        "tutor.widgets.simulations.norm_axes:NormAxes",
        {
            "kind": Param(
                str, choices=("batch", "layer", "instance", "group"), default="batch", doc="the normalisation"
            ),
            "groups": Param(
                int, choices=(1, 2, 4, 8), default=2, doc="group norm's groups: must divide the 8 channels"
            ),
            "seed": SEED,
        },
        "which values each normalisation averages together",
    ),
    "dropout-grid": WidgetSpec(
        "tutor.widgets.simulations.dropout_grid:DropoutGrid",
        {
            "p": Param(float, 0.0, 0.95, default=0.5, doc="the probability of dropping a unit"),
            "view": Param(str, choices=("neurons", "spatial", "drop-path"), default="neurons", doc="what is dropped"),
            "seed": SEED,
        },
        "the units dropout drops, and the scaling of the others",
    ),
    "weight-decay": WidgetSpec(
        "tutor.widgets.simulations.weight_decay:WeightDecay",
        {
            "penalty": Param(str, choices=("none", "l2", "l1"), default="l1", doc="the one charted"),
            "strength": Param(float, 0.0, 1.0, default=0.05, doc="λ; `+`/`-` step from 0.001 to 1"),
            "seed": SEED,
        },
        "the weights of a model trained without, with L2 and with L1 decay",
    ),
    "conv-explorer": WidgetSpec(
        "tutor.widgets.simulations.conv_explorer:ConvExplorer",
        {
            "kind": Param(
                str,
                choices=("standard", "depthwise-separable", "pointwise", "grouped", "dilated", "strided", "transposed"),
                default="standard",
                doc="the convolution",
            ),
            "k": Param(int, choices=(1, 2, 3, 4, 5, 7), doc=f"the kernel's size; default: {KIND_PRESET}"),
            "stride": Param(
                int,
                choices=(1, 2, 3, 121, 211, 112),
                doc=f"or one digit per layer: 121, 211, 112; default: {KIND_PRESET}",
            ),
            "dilation": Param(
                int, choices=(1, 2, 3, 4, 124), doc=f"124 for 1, 2, 4 across layers; default: {KIND_PRESET}"
            ),
            "groups": Param(int, choices=(1, 2, 4, 8, 16, 32), doc=f"default: {KIND_PRESET}"),
            "c_in": Param(int, choices=(16, 32, 64, 128, 256, 512), default=256, doc="input channels"),
            "c_out": Param(int, choices=(16, 32, 64, 128, 256, 512), default=256, doc="output channels"),
            "size": Param(int, choices=(7, 14, 28, 56, 112, 224), default=56, doc="the input's height and width"),
            "layers": Param(int, 1, 3, default=1, doc="layers stacked"),
            "view": Param(str, choices=("costs", "field"), default="costs", doc="costs, or the receptive field"),
        },
        "a convolution's parameters, operations and receptive field",
    ),
    "gradient-flow": WidgetSpec(
        "tutor.widgets.simulations.gradient_flow:GradientFlow",
        {
            "depth": Param(int, 10, 100, default=50, doc="layers"),
            "activation": Param(
                str,
                choices=("sigmoid", "tanh", "relu"),
                default="sigmoid",
                doc="ReLU gets He's initialisation, the others LeCun's",
            ),
            "batch_norm": Param(bool, default=False, doc="batch normalisation after each layer"),
            "seed": SEED,
        },
        "the gradient's size through a deep network, plain and residual",
    ),
    "attention-grid": WidgetSpec(
        "tutor.widgets.simulations.attention_grid:AttentionGrid",
        {
            "preset": Param(
                str, choices=("none", "centre", "edges", "corners"), default="centre", doc="where the object is"
            ),
            "view": Param(
                str, choices=("spatial", "channel"), default="spatial", doc="CBAM's spatial map or SE's channel weights"
            ),
            "trained": Param(
                bool,
                default=True,
                doc="the SE block and the 7×7 kernel as trained by `python -m tutor.sim.attention_training`",
            ),
            "seed": SEED,
        },
        "what SE and CBAM attention weigh in a feature map",
    ),
}


def spec_of(widget: type) -> WidgetSpec | None:
    """The declaration of the widget class `widget` (None for a class no lesson can name)."""
    target = f"{widget.__module__}:{widget.__name__}"
    return next((spec for spec in WIDGETS.values() if spec.target == target), None)


def widget_class(name: str) -> type:
    """Import and return the widget class registered under `name`."""
    module_name, _, class_name = WIDGETS[name].target.partition(":")
    return getattr(import_module(module_name), class_name)


def unimported_widgets(names: Iterable[str]) -> list[str]:
    """The modules of the widgets registered under `names` that are not imported yet."""
    modules = {WIDGETS[name].target.partition(":")[0] for name in names if name in WIDGETS}
    return sorted(module for module in modules if module not in sys.modules)


def import_modules(modules: Iterable[str]) -> None:
    """Import `modules` (run in a thread ahead of need: the first simulation loads numpy and plotext)."""
    for module in modules:
        import_module(module)
