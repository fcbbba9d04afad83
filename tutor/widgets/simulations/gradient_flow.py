"""The `gradient-flow` widget: the gradient norm per layer of a plain and of a residual network.

Both networks share the same weights (see `tutor.sim.residual`: He's initialisation for ReLU,
LeCun's for sigmoid and tanh) and may batch-normalise every block; the chart draws
log10 ‖∂L/∂a_l‖ for every layer l, and the table gives the numbers at both ends and their ratio.
One or two sentences say why the numbers are what they are, state by state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from rich.text import Text
from textual.binding import Binding
from textual_plotext.plot import Plot

from tutor.content.simulations import WIDGETS
from tutor.sim.residual import ACTIVATIONS, GradientFlow as Norms, gradient_flow
from tutor.widgets.simulations.plot import ChartSimulation

DEPTHS = (*WIDGETS["gradient-flow"].params["depth"].bounds, 10)
"""The lowest and highest depth the keys reach, and their step."""
SERIES = (("plain", "*", "red"), ("residual", "o", "cyan"))
"""Each network's name in the summary and the messages, its marker and its colour."""
LABEL, COLUMN = 14, 11
"""Widths of the table's row labels and of its two columns."""


@dataclass(frozen=True, slots=True)
class Settings:
    depth: int
    activation: str
    batch_norm: bool
    seed: int


@dataclass(frozen=True, slots=True)
class Summary:
    settings: Settings
    norms: Norms
    """‖∂L/∂a_l‖ per layer, layer 1 first, of the plain and of the residual network."""

    def ratio(self, name: str) -> float:
        """‖∂L/∂a_1‖ / ‖∂L/∂a_depth‖ of one network (inf when the last underflowed to 0)."""
        norms = getattr(self.norms, name)
        return norms[0] / norms[-1] if norms[-1] > 0 else math.inf


def summarise(settings: Settings) -> Summary:
    """The gradient norms of both networks for `settings`."""
    flow = gradient_flow(settings.depth, settings.activation, settings.seed, batch_norm=settings.batch_norm)
    return Summary(settings, flow)


def deeper(settings: Settings, step: int) -> Settings:
    """`settings` with `step` steps more depth (fewer when negative), within the depths offered."""
    low, high, size = DEPTHS
    return replace(settings, depth=min(max(settings.depth + step * size, low), high))


def next_activation(settings: Settings) -> Settings:
    """`settings` with the activation that follows theirs."""
    return replace(settings, activation=ACTIVATIONS[(ACTIVATIONS.index(settings.activation) + 1) % len(ACTIVATIONS)])


def scientific(value: float) -> str:
    """`value` as 3.2e-22 (the plain network's gradient can be 60 orders of magnitude down)."""
    return f"{value:.1e}"


class GradientFlow(ChartSimulation):
    """log10 of the gradient norm per layer for both networks, and the numbers at both ends."""

    DEPTH = Binding.Group("gradient.keys_depth")
    BINDINGS = [
        Binding("plus", "depth(1)", "gradient.keys_deeper", key_display="+", group=DEPTH),
        Binding("equals_sign", "depth(1)", "gradient.keys_deeper", show=False, key_display="="),
        Binding("minus", "depth(-1)", "gradient.keys_shallower", key_display="-", group=DEPTH),
        Binding("a", "activation", "gradient.keys_activation"),
        Binding("b", "toggle_batch_norm", "gradient.keys_batch_norm"),
        Binding("r", "reset", "gradient.keys_reset"),
    ]

    SIDE_WIDTH = LABEL + 2 * COLUMN

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(GradientFlow.settings, self._initial_settings())

    def compute(self, settings: Settings) -> Summary:
        return summarise(settings)

    def draw_chart(self, plt: Plot, summary: Summary) -> None:
        exponents = []
        for name, marker, colour in SERIES:
            # A norm that underflowed to 0 has no logarithm: it is left out of the line.
            points = [
                (layer, math.log10(norm)) for layer, norm in enumerate(getattr(summary.norms, name), 1) if norm > 0
            ]
            plt.plot([layer for layer, _ in points], [value for _, value in points], marker=marker, color=colour)
            exponents += [value for _, value in points]
        self.set_ticks(plt, "x", 1, summary.settings.depth)
        if exponents:
            self.set_ticks(plt, "y", math.floor(min(exponents)), math.ceil(max(exponents)), powers=True)

    def side_text(self, summary: Summary) -> Text:
        messages, depth = self.messages, summary.settings.depth
        text = Text(no_wrap=True)
        text.append(" " * LABEL)
        for name, marker, colour in SERIES:
            text.append(f"{marker} {messages(f'gradient.{name}')}".rjust(COLUMN), f"bold {colour}")
        rows = (
            (messages("gradient.row_layer"), 0),
            (messages("gradient.row_last", depth=depth), -1),
            (messages("gradient.row_ratio", depth=depth), None),
        )
        for label, index in rows:
            text.append("\n" + label.ljust(LABEL))
            for name, _, _ in SERIES:
                value = summary.ratio(name) if index is None else getattr(summary.norms, name)[index]
                text.append(self.decimal(scientific(value)).rjust(COLUMN))
        return text

    def status_text(self) -> str:
        messages, settings = self.messages, self.settings
        activation = messages(f"gradient.activation_{settings.activation}")
        init = messages("gradient.init_he" if settings.activation == "relu" else "gradient.init_lecun")
        normalised = messages("gradient.with_bn" if settings.batch_norm else "gradient.without_bn")
        line = messages("gradient.status", depth=settings.depth, activation=activation, init=init, bn=normalised)
        if self.computing:
            return f"{line}\n{messages('gradient.computing')}"
        return f"{line}\n{messages('gradient.shown', depth=self.summary.settings.depth)}"

    def explanation(self, summary: Summary) -> str:
        settings = summary.settings
        key = f"gradient.explain_{settings.activation}_{'bn' if settings.batch_norm else 'plain'}"
        plain, residual = (self.decimal(scientific(summary.ratio(name))) for name, _, _ in SERIES)
        per_layer = (
            summary.ratio("plain") ** (1 / (settings.depth - 1)) if math.isfinite(summary.ratio("plain")) else math.inf
        )
        shrink = self.decimal(f"{1 / per_layer:.1f}") if per_layer > 0 else "∞"
        grow = self.decimal(f"{per_layer:.2f}")
        return self.messages(key, plain=plain, residual=residual, depth=settings.depth, shrink=shrink, grow=grow)

    def keys(self) -> list[tuple[str, str, str]]:
        messages, settings = self.messages, self.settings
        low, high, _ = DEPTHS
        depth = messages("gradient.button_depth", depth=settings.depth)
        if settings.depth >= high:
            depth += " " + messages("gradient.max")
        elif settings.depth <= low:
            depth += " " + messages("gradient.min")
        following = next_activation(settings).activation
        return [
            ("+/-", depth, "depth(1)"),
            (
                "a",
                messages("gradient.button_activation", activation=messages(f"gradient.activation_{following}")),
                "activation",
            ),
            (
                "b",
                messages("gradient.button_remove_bn" if settings.batch_norm else "gradient.button_add_bn"),
                "toggle_batch_norm",
            ),
            ("r", messages("gradient.keys_reset"), "reset"),
        ]

    def following(self, settings: Settings) -> list[Settings]:
        return [
            deeper(settings, 1),
            deeper(settings, -1),
            next_activation(settings),
            replace(settings, batch_norm=not settings.batch_norm),
            self._initial_settings(),
        ]

    def action_depth(self, step: int) -> None:
        self.settings = deeper(self.settings, step)

    def action_activation(self) -> None:
        self.settings = next_activation(self.settings)

    def action_toggle_batch_norm(self) -> None:
        self.settings = replace(self.settings, batch_norm=not self.settings.batch_norm)

    def action_reset(self) -> None:
        self.settings = self._initial_settings()

    def _initial_settings(self) -> Settings:
        params = self.params
        return Settings(params["depth"], params["activation"], bool(params["batch_norm"]), params["seed"])
