"""The `activation-histogram` widget: a deep fully connected ReLU network's activations, without and with batch norm.

The chart shows, for one layer, how the values leaving its ReLU (a = ReLU(z) > 0) spread, on a
log axis shared by every layer: a layer whose values are ten times larger is drawn one decade
further right, and a vertical line marks where layer 1's mean sits. At the He scale the
network keeps its size without batch norm; with larger weights the histogram slides right layer
after layer, and with batch norm it stays put. The table gives every layer's numbers from the
same forward pass.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from rich.console import Group
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual_plotext.plot import Plot

from tutor.content.simulations import WIDGETS
from tutor.sim.activation_stats import LayerStats, activation_stats
from tutor.widgets.simulations.plot import ChartSimulation, ladder_step, number

DEPTHS = WIDGETS["activation-histogram"].params["depth"].bounds
"""The depths the keys move between (the lesson's range)."""
SCALES = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)
"""The weight scales, in multiples of the He scale, that `+` and `-` step through."""
BATCH = 512


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


def deeper(settings: Settings, step: int) -> Settings:
    """`settings` with `step` more layers (fewer when negative), within the depths offered."""
    return replace(settings, depth=min(max(settings.depth + step, DEPTHS[0]), DEPTHS[1]))


def rescaled(settings: Settings, step: int) -> Settings:
    """`settings` with the weight scale `step` rungs up the ladder of scales (down when negative)."""
    return replace(settings, scale=ladder_step(SCALES, settings.scale, step))


def growth(summary: Summary) -> float:
    """How many times σ of ReLU's output grows per layer, on average (geometric mean)."""
    stds = [layer.post_std for layer in summary.layers]
    return (stds[-1] / stds[0]) ** (1 / (len(stds) - 1))


class ActivationHistogram(ChartSimulation):
    """The log-histogram of one layer's activations and every layer's mean and standard deviation."""

    SCALE = Binding.Group("histogram.keys_scale")
    LAYER = Binding.Group("histogram.keys_layer", compact=True)
    DEPTH = Binding.Group("histogram.keys_depth")
    BINDINGS = [
        Binding("b", "toggle_batch_norm", "histogram.keys_batch_norm"),
        Binding("plus", "scale(1)", "histogram.keys_scale_up", key_display="+", group=SCALE),
        Binding("equals_sign", "scale(1)", "histogram.keys_scale_up", show=False, key_display="="),
        Binding("minus", "scale(-1)", "histogram.keys_scale_down", key_display="-", group=SCALE),
        Binding("left", "layer(-1)", "histogram.keys_previous_layer", key_display="←", group=LAYER),
        Binding("right", "layer(1)", "histogram.keys_next_layer", key_display="→", group=LAYER),
        Binding("less_than_sign", "depth(-1)", "histogram.keys_shallower", key_display="<", group=DEPTH),
        Binding("greater_than_sign", "depth(1)", "histogram.keys_deeper", key_display=">", group=DEPTH),
        Binding("left_square_bracket", "depth(-1)", "histogram.keys_shallower", show=False),
        Binding("right_square_bracket", "depth(1)", "histogram.keys_deeper", show=False),
        Binding("r", "reset", "histogram.keys_reset"),
    ]

    SIDE_WIDTH = 20

    shown_layer = reactive(0, init=False, repaint=False)
    """The layer whose histogram is drawn, from 0 (not `layer`: Textual's compositor layer)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(ActivationHistogram.settings, self._initial_settings())

    def watch_shown_layer(self) -> None:
        self.redraw()

    def compute(self, settings: Settings) -> Summary:
        return summarise(settings)

    def draw_chart(self, plt: Plot, summary: Summary) -> None:
        shown = summary.layers[self._shown(summary)]
        edges = shown.histogram.edges
        total = summary.settings.width * BATCH
        centres = [(low + high) / 2 for low, high in itertools.pairwise(edges)]
        percents = [100 * count / total for count in shown.histogram.counts]
        colour = "green" if summary.settings.batch_norm else "orange"
        plt.bar(centres, percents, width=1.0, marker="#" if self.glyphs.ascii else "sd", color=colour)
        top = max(100 * count / total for layer in summary.layers for count in layer.histogram.counts)
        first = summary.layers[0].positive_mean
        if first > 0:
            self.rule(plt, "x", math.log10(first), 0.0, max(top, 0.1))
        self.set_ticks(plt, "x", edges[0], edges[-1], powers=True)
        self.set_ticks(plt, "y", 0.0, max(top, 0.1))

    def side_text(self, summary: Summary) -> Group:
        mean, std = self.messages("histogram.mean"), self.messages("histogram.std")
        text = Text(self.messages("histogram.table") + "\n", no_wrap=True)
        text.append("  #" + f"{mean:>7}{std:>7}", "bold")
        shown = self._shown(summary)
        for index, layer in enumerate(summary.layers):
            mark = self.glyphs.selected if index == shown else " "
            row = f"{mark}{index + 1:>2}" + self.decimal(f"{number(layer.post_mean):>7}{number(layer.post_std):>7}")
            text.append("\n" + row, "reverse" if index == shown else "")
        ratio = self.decimal(f"{growth(summary):.2f}")
        return Group(text, Text(self.messages("histogram.growth", ratio=ratio)))

    def status_text(self) -> str:
        messages, settings = self.messages, self.settings
        mode = messages("histogram.with_bn" if settings.batch_norm else "histogram.without_bn")
        line = messages("histogram.status", mode=mode, depth=settings.depth, width=settings.width, scale=self._scale())
        if self.computing:
            return f"{line}\n{messages('histogram.computing')}"
        layer = self._shown(self.summary)
        zeros = self.decimal(f"{100 * self.summary.layers[layer].zero_share:.1f}")
        return f"{line}\n{messages('histogram.shown', layer=layer + 1, zeros=zeros)}"

    def explanation(self, summary: Summary) -> str:
        messages, settings = self.messages, summary.settings
        if settings.batch_norm:
            return messages("histogram.explain_bn")
        if settings.scale == 1.0:
            std = self.decimal(f"{summary.layers[-1].post_std:.2f}")
            return messages("histogram.explain_he", std=std, depth=settings.depth)
        factor = summary.layers[-1].positive_mean / summary.layers[0].positive_mean
        key = "histogram.explain_explode" if settings.scale > 1 else "histogram.explain_vanish"
        return messages(key, scale=self._scale(), depth=settings.depth, factor=self.decimal(number(factor)).strip())

    def keys(self) -> list[tuple[str, str, str]]:
        messages, settings = self.messages, self.settings
        scale = messages("histogram.button_scale", scale=self._scale())
        scale += self._limit(settings.scale, SCALES[0], SCALES[-1])
        layer = messages(
            "histogram.button_layer", layer=min(self.shown_layer, settings.depth - 1) + 1, depth=settings.depth
        )
        depth = messages("histogram.button_depth", depth=settings.depth) + self._limit(settings.depth, *DEPTHS)
        return [
            (
                "b",
                messages("histogram.button_remove_bn" if settings.batch_norm else "histogram.button_add_bn"),
                "toggle_batch_norm",
            ),
            ("+/-", scale, "scale(1)"),
            (self.glyphs.left_right_keys, layer, "layer(1)"),
            ("</>", depth, "depth(1)"),
            ("r", messages("histogram.keys_reset"), "reset"),
        ]

    def _limit(self, value: float, low: float, high: float) -> str:
        if value >= high:
            return " " + self.messages("histogram.max")
        if value <= low:
            return " " + self.messages("histogram.min")
        return ""

    def _scale(self) -> str:
        return self.decimal(f"{self.settings.scale:g}")

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self.query_one(".side"))
        if offset is not None and self.summary is not None and 0 <= offset.y - 2 < len(self.summary.layers):
            self.shown_layer = offset.y - 2  # below the two heading lines, one row per layer

    def following(self, settings: Settings) -> list[Settings]:
        return [
            rescaled(settings, 1),
            replace(settings, batch_norm=not settings.batch_norm),
            rescaled(settings, -1),
            deeper(settings, 1),
            deeper(settings, -1),
            self._initial_settings(),
        ]

    def action_toggle_batch_norm(self) -> None:
        self.settings = replace(self.settings, batch_norm=not self.settings.batch_norm)

    def action_reset(self) -> None:
        self.settings = self._initial_settings()
        self.shown_layer = 0

    def action_depth(self, step: int) -> None:
        self.settings = deeper(self.settings, step)
        self.shown_layer = min(self.shown_layer, self.settings.depth - 1)

    def action_scale(self, step: int) -> None:
        self.settings = rescaled(self.settings, step)

    def action_layer(self, step: int) -> None:
        self.shown_layer = min(max(self.shown_layer + step, 0), self.settings.depth - 1)
        self._draw_labels()

    def _shown(self, summary: Summary) -> int:
        return min(self.shown_layer, len(summary.layers) - 1)

    def _initial_settings(self) -> Settings:
        params = self.params
        return Settings(
            params["depth"], params["width"], float(params["scale"]), params["mode"] == "with", params["seed"]
        )
