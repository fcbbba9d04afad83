"""The `gradient-flow` widget: the gradient norm per layer of a plain and of a residual network.

Both networks share the same weights (see `tutor.sim.residual`); the chart draws
log10 ‖∂L/∂a_l‖ for every layer l, and the table beside it gives the numbers at both ends and
their ratio. With the sigmoid, the plain network's gradient shrinks about fourfold per layer,
while the skip connections carry it down to layer 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from rich.text import Text
from textual.binding import Binding
from textual_plotext.plot import Plot

from tutor.sim.residual import ACTIVATIONS, GradientFlow as Norms, gradient_flow
from tutor.widgets.simulations.plot import ChartSimulation

DEPTHS = (10, 100, 10)
"""The lowest and highest depth the keys reach, and their step."""
DEFAULTS = {"depth": 50, "activation": "sigmoid", "seed": 0}
SERIES = (("plain", "*", "red"), ("residual", "o", "cyan"))
"""Each network's name in the summary and the messages, its marker and its colour."""


@dataclass(frozen=True, slots=True)
class Settings:
    depth: int
    activation: str
    seed: int


@dataclass(frozen=True, slots=True)
class Summary:
    settings: Settings
    norms: Norms
    """‖∂L/∂a_l‖ per layer, layer 1 first, of the plain and of the residual network."""


def summarise(settings: Settings) -> Summary:
    """The gradient norms of both networks for `settings`."""
    return Summary(settings, gradient_flow(settings.depth, settings.activation, settings.seed))


def scientific(value: float) -> str:
    """`value` as 3.2e-22 (the plain network's gradient can be 60 orders of magnitude down)."""
    return f"{value:.1e}"


class GradientFlow(ChartSimulation):
    """log10 of the gradient norm per layer for both networks, and the numbers at both ends."""

    BINDINGS = [
        Binding("plus", "depth(1)", "gradient.keys_deeper", key_display="+"),
        Binding("equals_sign", "depth(1)", "gradient.keys_deeper", show=False, key_display="="),
        Binding("minus", "depth(-1)", "gradient.keys_shallower", key_display="-"),
        Binding("a", "activation", "gradient.keys_activation"),
        Binding("r", "reset", "gradient.keys_reset"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(GradientFlow.settings, self._initial_settings())

    def compute(self, settings: Settings) -> Summary:
        return summarise(settings)

    def draw_chart(self, plt: Plot, summary: Summary) -> None:
        exponents = []
        for name, marker, colour in SERIES:
            # A norm that underflowed to 0 has no logarithm: it is left out of the line.
            points = [(layer, math.log10(norm)) for layer, norm in enumerate(getattr(summary.norms, name), 1) if norm > 0]
            plt.plot([layer for layer, _ in points], [value for _, value in points], marker=marker, color=colour)
            exponents += [value for _, value in points]
        self.set_ticks(plt, "x", 1, summary.settings.depth)
        if exponents:
            self.set_ticks(plt, "y", math.floor(min(exponents)), math.ceil(max(exponents)), powers=True)

    def side_text(self, summary: Summary) -> Text:
        messages, depth = self.messages, summary.settings.depth
        text = Text()
        for name, marker, colour in SERIES:
            norms = getattr(summary.norms, name)
            ratio = norms[0] / norms[-1] if norms[-1] > 0 else math.inf
            text.append(self.ascii_safe(f"{marker} {messages(f'gradient.{name}')}\n"), f"bold {colour}")
            for label, value in (("layer", norms[0]), ("last", norms[-1]), ("ratio", ratio)):
                label = self.ascii_safe(messages(f"gradient.row_{label}", depth=depth))
                text.append(f"  {label:<13}{self.decimal(scientific(value)):>8}\n")
        text.append(self.ascii_safe(messages("gradient.reading")))
        return text

    def status_text(self) -> str:
        messages, settings = self.messages, self.settings
        activation = messages(f"gradient.activation_{settings.activation}")
        line = messages("gradient.status", depth=settings.depth, activation=activation)
        if self.computing:
            return f"{line}\n{messages('gradient.computing')}"
        return f"{line}\n{messages('gradient.shown', depth=self.summary.settings.depth)}"

    def hint_text(self) -> str:
        return self.messages("gradient.hint")

    def action_depth(self, step: int) -> None:
        low, high, size = DEPTHS
        depth = min(max(self.settings.depth + step * size, low), high)
        self.settings = replace(self.settings, depth=depth)

    def action_activation(self) -> None:
        following = ACTIVATIONS[(ACTIVATIONS.index(self.settings.activation) + 1) % len(ACTIVATIONS)]
        self.settings = replace(self.settings, activation=following)

    def action_reset(self) -> None:
        self.settings = self._initial_settings()

    def _initial_settings(self) -> Settings:
        params = {**DEFAULTS, **self.params}
        return Settings(params["depth"], params["activation"], params["seed"])
