"""The `activation-histogram` widget: a deep ReLU network's activations without and with batch norm.

Without batch norm the chart shows what leaves each ReLU, a = ReLU(z), whose mean and
standard deviation grow layer after layer when the weights are too large; with batch norm it
shows the normalised values entering each ReLU, BN(z), which keep mean 0 and standard
deviation 1. The table beside the chart gives every layer's numbers from the same forward pass.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.console import Group
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual_plotext.plot import Plot

from tutor.sim.activation_stats import LayerStats, activation_stats
from tutor.widgets.simulations.plot import ChartSimulation, ladder_step, number

DEPTHS = (2, 12)
"""The depths the keys move between (the registry's range)."""
SCALES = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)
"""The weight scales, in multiples of the He scale, that `[` and `]` step through."""
BATCH = 512
NORMALISED, RELU, RELU_OF_NORMALISED = "BN(z)", "ReLU(z)", "ReLU(BN(z))"
"""The quantities' names in the table and the lines above the chart (z = W·a, what enters a layer)."""
DEFAULTS = {"depth": 6, "width": 256, "scale": 3.0, "mode": "without", "seed": 0}


@dataclass(frozen=True, slots=True)
class Settings:
    depth: int
    width: int
    scale: float
    batch_norm: bool
    seed: int


@dataclass(frozen=True, slots=True)
class Summary:
    settings: Settings
    layers: tuple[LayerStats, ...]


def summarise(settings: Settings) -> Summary:
    """Run `activation_stats` for `settings`: every layer's numbers and histogram, as plain numbers."""
    stats = activation_stats(
        settings.depth, settings.width, settings.scale, settings.seed, settings.batch_norm, batch=BATCH
    )
    return Summary(settings, stats.layers)


def growth(summary: Summary) -> float:
    """How many times σ of the quantity shown grows per layer, on average (geometric mean)."""
    stds = [layer.pre_std if summary.settings.batch_norm else layer.post_std for layer in summary.layers]
    return (stds[-1] / stds[0]) ** (1 / (len(stds) - 1))


class ActivationHistogram(ChartSimulation):
    """The histogram of one layer's activations and every layer's mean and standard deviation."""

    BINDINGS = [
        Binding("w", "batch_norm(False)", "histogram.keys_without"),
        Binding("b", "batch_norm(True)", "histogram.keys_with"),
        Binding("r", "reset", "histogram.keys_reset"),
        Binding("plus", "depth(1)", "histogram.keys_deeper", show=False, key_display="+"),
        Binding("equals_sign", "depth(1)", "histogram.keys_deeper", show=False, key_display="="),
        Binding("minus", "depth(-1)", "histogram.keys_shallower", show=False, key_display="-"),
        Binding("right_square_bracket", "scale(1)", "histogram.keys_scale_up", show=False, key_display="]"),
        Binding("left_square_bracket", "scale(-1)", "histogram.keys_scale_down", show=False, key_display="["),
        Binding("right", "layer(1)", "histogram.keys_next_layer", show=False),
        Binding("left", "layer(-1)", "histogram.keys_previous_layer", show=False),
    ]

    layer = reactive(0, init=False)
    """The layer whose histogram is drawn, from 0."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(ActivationHistogram.settings, self._initial_settings())

    def watch_layer(self) -> None:
        self.redraw()

    def compute(self, settings: Settings) -> Summary:
        return summarise(settings)

    def draw_chart(self, plt: Plot, summary: Summary) -> None:
        histogram = summary.layers[self._shown_layer(summary)].histogram
        edges = histogram.edges
        total = summary.settings.width * BATCH
        centres = [(low + high) / 2 for low, high in zip(edges, edges[1:])]
        percents = [100 * count / total for count in histogram.counts]
        colour = "green" if summary.settings.batch_norm else "orange"
        plt.bar(centres, percents, width=1.0, marker="#" if self.glyphs.ascii else "sd", color=colour)
        self.set_ticks(plt, "x", edges[0], edges[-1])
        self.set_ticks(plt, "y", 0.0, max(max(percents), 0.1))

    def side_text(self, summary: Summary) -> Group:
        with_bn = summary.settings.batch_norm
        names = (NORMALISED, RELU_OF_NORMALISED) if with_bn else (RELU,)
        text = Text("   " + "".join(f"{name:^14}" for name in names) + "\n", no_wrap=True)
        mean, std = self.ascii_safe("μ"), self.ascii_safe("σ")
        heads = "  #" + f"{mean:>7}{std:>7}" * len(names)
        text.append(heads, "bold")
        shown = self._shown_layer(summary)
        for index, layer in enumerate(summary.layers):
            values = (layer.pre_mean, layer.pre_std, layer.post_mean, layer.post_std)[0 if with_bn else 2 :]
            mark = self.glyphs.selected if index == shown else " "
            row = f"{mark}{index + 1:>2}" + self.decimal("".join(f"{number(value):>7}" for value in values))
            text.append("\n" + row, "reverse" if index == shown else "")
        ratio = self.decimal(f"{growth(summary):.2f}")
        return Group(text, Text(self.ascii_safe(self.messages("histogram.growth", ratio=ratio))))

    def status_text(self) -> str:
        messages, settings = self.messages, self.settings
        mode = messages("histogram.with_bn" if settings.batch_norm else "histogram.without_bn")
        scale = self.decimal(f"{settings.scale:g}")
        line = messages("histogram.status", mode=mode, depth=settings.depth, width=settings.width, scale=scale)
        if self.computing:
            return f"{line}\n{messages('histogram.computing')}"
        layer = self._shown_layer(self.summary)
        if self.summary.settings.batch_norm:
            return f"{line}\n{messages('histogram.shown_normalised', layer=layer + 1, name=NORMALISED)}"
        zeros = self.decimal(f"{100 * self.summary.layers[layer].zero_share:.1f}")
        return f"{line}\n{messages('histogram.shown_relu', layer=layer + 1, name=RELU, zeros=zeros)}"

    def hint_text(self) -> str:
        return self.messages("histogram.hint")

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self.query_one(".side"))
        if offset is not None and self.summary is not None and 0 <= offset.y - 2 < len(self.summary.layers):
            self.layer = offset.y - 2  # below the two heading lines, one row per layer

    def action_batch_norm(self, batch_norm: bool) -> None:
        self.settings = replace(self.settings, batch_norm=batch_norm)

    def action_reset(self) -> None:
        self.settings = self._initial_settings()
        self.layer = 0

    def action_depth(self, step: int) -> None:
        depth = min(max(self.settings.depth + step, DEPTHS[0]), DEPTHS[1])
        self.settings = replace(self.settings, depth=depth)
        self.layer = min(self.layer, depth - 1)

    def action_scale(self, step: int) -> None:
        self.settings = replace(self.settings, scale=ladder_step(SCALES, self.settings.scale, step))

    def action_layer(self, step: int) -> None:
        self.layer = min(max(self.layer + step, 0), self.settings.depth - 1)

    def _shown_layer(self, summary: Summary) -> int:
        return min(self.layer, len(summary.layers) - 1)

    def _initial_settings(self) -> Settings:
        params = {**DEFAULTS, **self.params}
        return Settings(params["depth"], params["width"], float(params["scale"]), params["mode"] == "with", params["seed"])
