"""The `bn-statistics` widget: batch norm's batch statistics, its running averages, and training against inference.

The chart follows one channel over 100 training steps: each batch's mean (dots), the running
mean batch norm keeps for inference (the line) and the channel's true mean (the grey line). The
table compares the final running averages with the truth, gives the gap between the outputs the
network trained on and those it gives at inference, and checks that folding batch norm into the
layer before it changes nothing but rounding.
"""

from __future__ import annotations

from typing import cast
import math
from dataclasses import dataclass, replace

from rich.text import Text
from textual.binding import Binding
from textual_plotext.plot import Plot

from tutor.content.simulations import WIDGETS
from tutor.sim.batch_statistics import MEAN, STD, RunningStatistics, fold_error, running_statistics
from tutor.widgets.simulations.plot import ChartSimulation, ladder_step

BATCH_SIZES = cast(tuple[int, ...], WIDGETS["bn-statistics"].params["batch_size"].choices)
MOMENTA = cast(tuple[float, ...], WIDGETS["bn-statistics"].params["momentum"].choices)
"""PyTorch's momentum m; Keras writes 1 − m (0.99, 0.9, 0.5)."""
STEPS = 100
LABEL, COLUMN = 11, 7


@dataclass(frozen=True, slots=True)
class Settings:
    batch_size: int
    momentum: float
    seed: int


@dataclass(frozen=True, slots=True)
class Summary:
    settings: Settings
    run: RunningStatistics
    fold_error: float


def summarise(settings: Settings) -> Summary:
    """One training run for `settings`, and the folding check with its final running averages."""
    run = running_statistics(settings.batch_size, settings.momentum, STEPS, settings.seed)
    return Summary(settings, run, fold_error(run.running_means[-1], run.running_vars[-1], settings.seed))


class BatchStatistics(ChartSimulation):
    """Batch means around the running mean over training steps, and what inference then sees."""

    BATCH = Binding.Group("bn_statistics.keys_batch_size")
    BINDINGS = [
        Binding("plus", "batch_size(1)", "bn_statistics.keys_larger", key_display="+", group=BATCH),
        Binding("equals_sign", "batch_size(1)", "bn_statistics.keys_larger", show=False),
        Binding("minus", "batch_size(-1)", "bn_statistics.keys_smaller", key_display="-", group=BATCH),
        Binding("m", "momentum", "bn_statistics.keys_momentum"),
        Binding("s", "reseed", "bn_statistics.keys_reseed"),
        Binding("r", "reset", "bn_statistics.keys_reset"),
    ]

    SIDE_WIDTH = LABEL + 2 * COLUMN

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(BatchStatistics.settings, self._initial_settings())

    def compute(self, settings: Settings) -> Summary:
        return summarise(settings)

    def draw_chart(self, plt: Plot, summary: Summary) -> None:
        steps = list(range(1, STEPS + 1))
        self.rule(plt, "y", MEAN, 1, STEPS)
        plt.scatter(steps, list(summary.run.batch_means), marker="." if self.glyphs.ascii else "•", color="orange")
        plt.plot(steps, list(summary.run.running_means), marker="*" if self.glyphs.ascii else "braille", color="cyan")
        values = summary.run.batch_means + summary.run.running_means
        self.set_ticks(plt, "x", 1, STEPS)
        self.set_ticks(plt, "y", math.floor(min(min(values), 0.0)), math.ceil(max(max(values), MEAN + 1)))

    def side_text(self, summary: Summary) -> Text:
        messages, run = self.messages, summary.run
        text = Text(no_wrap=True)
        text.append(
            " " * LABEL + messages("bn_statistics.mean").rjust(COLUMN) + messages("bn_statistics.var").rjust(COLUMN),
            "bold",
        )
        rows = (
            ("true", MEAN, STD**2),
            ("running", run.running_means[-1], run.running_vars[-1]),
            ("last_batch", run.batch_means[-1], run.batch_vars[-1]),
        )
        for name, mean, var in rows:
            text.append("\n" + messages(f"bn_statistics.row_{name}")[:LABEL].ljust(LABEL))
            text.append(self.decimal(f"{mean:.2f}").rjust(COLUMN) + self.decimal(f"{var:.2f}").rjust(COLUMN))
        text.append(
            "\n" + messages("bn_statistics.row_gap")[:LABEL].ljust(LABEL) + self.decimal(f"{run.gap:.3f}").rjust(COLUMN)
        )
        text.append(
            "\n"
            + messages("bn_statistics.row_fold")[:LABEL].ljust(LABEL)
            + self.decimal(f"{summary.fold_error:.0e}").rjust(COLUMN)
        )
        return text

    def status_text(self) -> str:
        messages, settings = self.messages, self.settings
        line = messages(
            "bn_statistics.status",
            batch=settings.batch_size,
            momentum=self.decimal(f"{settings.momentum:g}"),
            keras=self.decimal(f"{1 - settings.momentum:g}"),
            steps=STEPS,
            seed=settings.seed,
        )
        if self.computing:
            return f"{line}\n{messages('bn_statistics.computing')}"
        return f"{line}\n{messages('bn_statistics.shown')}"

    def explanation(self, summary: Summary) -> str:
        messages, settings, run = self.messages, summary.settings, summary.run
        fields = {
            "batch": settings.batch_size,
            "spread": self.decimal(f"{STD / math.sqrt(settings.batch_size):.2f}"),
            "memory": round(1 / settings.momentum),
            "gap": self.decimal(f"{run.gap:.2f}"),
            "running": self.decimal(f"{run.running_means[-1]:.2f}"),
            "steps": STEPS,
            "left": round(100 * (1 - settings.momentum) ** STEPS),
        }
        if settings.momentum < 0.05:
            return messages("bn_statistics.explain_slow", **fields)
        if settings.batch_size <= 4:
            return messages("bn_statistics.explain_small", **fields)
        return messages("bn_statistics.explain", **fields)

    def keys(self) -> list[tuple[str, str, str]]:
        messages, settings = self.messages, self.settings
        batch = messages("bn_statistics.button_batch", batch=settings.batch_size)
        if settings.batch_size >= BATCH_SIZES[-1]:
            batch += " " + messages("bn_statistics.max")
        elif settings.batch_size <= BATCH_SIZES[0]:
            batch += " " + messages("bn_statistics.min")
        following = (
            MOMENTA[(MOMENTA.index(settings.momentum) + 1) % len(MOMENTA)]
            if settings.momentum in MOMENTA
            else MOMENTA[1]
        )
        return [
            ("+/-", batch, "batch_size(1)"),
            ("m", messages("bn_statistics.button_momentum", momentum=self.decimal(f"{following:g}")), "momentum"),
            ("s", messages("bn_statistics.keys_reseed"), "reseed"),
            ("r", messages("bn_statistics.keys_reset"), "reset"),
        ]

    def action_batch_size(self, step: int) -> None:
        self.settings = replace(self.settings, batch_size=int(ladder_step(BATCH_SIZES, self.settings.batch_size, step)))

    def action_momentum(self) -> None:
        current = self.settings.momentum
        following = MOMENTA[(MOMENTA.index(current) + 1) % len(MOMENTA)] if current in MOMENTA else MOMENTA[1]
        self.settings = replace(self.settings, momentum=following)

    def action_reseed(self) -> None:
        self.settings = replace(self.settings, seed=(self.settings.seed + 1) % 2**32)

    def action_reset(self) -> None:
        self.settings = self._initial_settings()

    def _initial_settings(self) -> Settings:
        params = self.params
        return Settings(int(params["batch_size"]), float(params["momentum"]), int(params["seed"]))
