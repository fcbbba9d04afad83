"""The interactive widgets a lesson may name in a `widget:` block.

Adding a kind of widget is one module under `tutor/widgets/simulations/` plus one entry here. This module
imports nothing heavy: the loader checks names and parameters against it without loading
Textual or numpy; the widget class itself is imported only when a lesson shows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from importlib import import_module


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter a widget accepts from YAML."""

    type: type
    low: float | None = None
    high: float | None = None
    choices: tuple[str | int, ...] = ()
    """The only values allowed, when not empty (strings, or integers such as group counts)."""

    def check(self, value: object) -> str | None:
        """Why `value` is not acceptable, or None when it is."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not self.type:
            return f"must be {_TYPE_NAMES[self.type]}, not {value!r}"
        if self.type is float and not math.isfinite(value):  # NaN passes every < and > check
            return f"must be a finite number, not {value!r}"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(map(str, self.choices))}, not {value!r}"
        if self.low is not None and value < self.low:
            return f"must be at least {self.low}, not {value!r}"
        if self.high is not None and value > self.high:
            return f"must be at most {self.high}, not {value!r}"
        return None


_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}


@dataclass(frozen=True, slots=True)
class WidgetSpec:
    target: str
    """`module:Class` of the Textual widget."""
    params: dict[str, Param] = field(default_factory=dict)


SEED = Param(int, 0, 2**32 - 1)

WIDGETS: dict[str, WidgetSpec] = {
    "activation-histogram": WidgetSpec(
        "tutor.widgets.simulations.activation_histogram:ActivationHistogram",
        {
            "depth": Param(int, 2, 12),
            "width": Param(int, 16, 256),
            "scale": Param(float, 0.1, 10.0),
            "mode": Param(str, choices=("without", "with")),
            "seed": SEED,
        },
    ),
    "norm-axes": WidgetSpec(
        "tutor.widgets.simulations.norm_axes:NormAxes",
        {
            "kind": Param(str, choices=("batch", "layer", "instance", "group")),
            "groups": Param(int, choices=(1, 2, 4, 8)),
            "seed": SEED,
        },
    ),
    "dropout-grid": WidgetSpec(
        "tutor.widgets.simulations.dropout_grid:DropoutGrid",
        {
            "p": Param(float, 0.0, 0.95),
            "view": Param(str, choices=("neurons", "spatial", "drop-path")),
            "seed": SEED,
        },
    ),
    "weight-decay": WidgetSpec(
        "tutor.widgets.simulations.weight_decay:WeightDecay",
        {
            "penalty": Param(str, choices=("none", "l2", "l1")),
            "strength": Param(float, 0.0, 1.0),
            "seed": SEED,
        },
    ),
    "gradient-flow": WidgetSpec(
        "tutor.widgets.simulations.gradient_flow:GradientFlow",
        {
            "depth": Param(int, 10, 100),
            "activation": Param(str, choices=("sigmoid", "tanh", "relu")),
            "batch_norm": Param(bool),
            "seed": SEED,
        },
    ),
    "attention-grid": WidgetSpec(
        "tutor.widgets.simulations.attention_grid:AttentionGrid",
        {
            "preset": Param(str, choices=("none", "centre", "edges", "corners")),
            "view": Param(str, choices=("spatial", "channel")),
            "trained": Param(bool),
            "seed": SEED,
        },
    ),
    "bn-statistics": WidgetSpec(
        "tutor.widgets.simulations.bn_statistics:BatchStatistics",
        {
            "batch_size": Param(int, choices=(2, 4, 8, 16, 32, 64, 128)),
            "momentum": Param(float, choices=(0.01, 0.1, 0.5)),
            "seed": SEED,
        },
    ),
    "conv-explorer": WidgetSpec(
        "tutor.widgets.simulations.conv_explorer:ConvExplorer",
        {
            "kind": Param(str, choices=("standard", "depthwise-separable", "pointwise", "grouped", "dilated", "strided", "transposed")),
            "k": Param(int, choices=(1, 2, 3, 4, 5, 7)),
            "stride": Param(int, choices=(1, 2, 3, 121, 211, 112)),
            "dilation": Param(int, choices=(1, 2, 3, 4, 124)),
            "groups": Param(int, choices=(1, 2, 4, 8, 16, 32)),
            "c_in": Param(int, choices=(16, 32, 64, 128, 256, 512)),
            "c_out": Param(int, choices=(16, 32, 64, 128, 256, 512)),
            "size": Param(int, choices=(7, 14, 28, 56, 112, 224)),
            "layers": Param(int, 1, 3),
            "view": Param(str, choices=("costs", "field")),
        },
    ),
}


def widget_class(name: str) -> type:
    """Import and return the widget class registered under `name`."""
    module_name, _, class_name = WIDGETS[name].target.partition(":")
    return getattr(import_module(module_name), class_name)
