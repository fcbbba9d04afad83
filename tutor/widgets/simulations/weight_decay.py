"""The `weight-decay` widget: one logistic regression trained with no penalty, L2 and L1 at a chosen λ.

The chart shows the 20 trained weights of one penalty as bars, the unpenalised weights as
`+` for comparison and every weight that is exactly zero as `0`; the x ticks are the features
that carry signal. The table compares the three penalties: exact zeros, accuracy, loss and norms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.console import Group
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual_plotext.plot import Plot

from tutor.sim.regularization import FEATURES, FitResult, fit_logistic
from tutor.widgets.simulations.plot import ChartSimulation, ladder_step, number

STRENGTHS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
"""The values of λ that `+` and `-` step through."""
DEFAULTS = {"penalty": "l1", "strength": 0.05, "seed": 0}
COLUMNS = ("none", "l2", "l1")
"""The penalties in the order of the table: the lesson compares none, then L2, then L1."""
COLOURS = {"none": "blue", "l2": "cyan", "l1": "green"}
ROWS = ("zeros", "accuracy", "loss", "l1_norm", "l2_norm")
"""The table's rows, under a heading line; accuracy and loss are on the training data."""
LABEL_WIDTH, COLUMN_WIDTH = 10, 7
"""The table's columns: the row labels, then one column per penalty."""


@dataclass(frozen=True, slots=True)
class Settings:
    strength: float
    seed: int


@dataclass(frozen=True, slots=True)
class Summary:
    settings: Settings
    fits: tuple[FitResult, ...]
    """One fit per penalty at `settings.strength`, in the order of COLUMNS."""

    def fit(self, penalty: str) -> FitResult:
        """The fit with `penalty`."""
        return self.fits[COLUMNS.index(penalty)]


def summarise(settings: Settings) -> Summary:
    """Train the model once per penalty at the chosen λ and seed."""
    return Summary(settings, tuple(fit_logistic(penalty, settings.strength, settings.seed) for penalty in COLUMNS))


class WeightDecay(ChartSimulation):
    """The trained weights of one penalty, and the three penalties side by side."""

    BINDINGS = [
        Binding("plus", "strength(1)", "weight_decay.keys_stronger", key_display="+"),
        Binding("equals_sign", "strength(1)", "weight_decay.keys_stronger", show=False, key_display="="),
        Binding("minus", "strength(-1)", "weight_decay.keys_weaker", key_display="-"),
        Binding("1", "chart('l1')", "weight_decay.keys_l1"),
        Binding("2", "chart('l2')", "weight_decay.keys_l2"),
        Binding("0", "chart('none')", "weight_decay.keys_none", show=False),
        Binding("r", "reset", "weight_decay.keys_reset"),
    ]

    penalty = reactive("l1", init=False)
    """The penalty whose weights the chart shows."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        settings, penalty = self._initial()
        self.set_reactive(WeightDecay.settings, settings)
        self.set_reactive(WeightDecay.penalty, penalty)

    def watch_penalty(self) -> None:
        self.redraw()

    def compute(self, settings: Settings) -> Summary:
        return summarise(settings)

    def draw_chart(self, plt: Plot, summary: Summary) -> None:
        fit, reference = summary.fit(self.penalty), summary.fit("none")
        features = list(range(1, FEATURES + 1))
        bar = "#" if self.glyphs.ascii else "sd"
        plt.bar(features, list(fit.weights), width=0.6, marker=bar, color=COLOURS[self.penalty])
        if self.penalty != "none":
            plt.scatter(features, list(reference.weights), marker="+", color="red")
        zeros = [feature for feature, weight in zip(features, fit.weights) if weight == 0.0]
        if zeros:
            plt.scatter(zeros, [0.0] * len(zeros), marker="0", color=COLOURS[self.penalty])
        top = 1.05 * max(abs(weight) for each in summary.fits for weight in each.weights) or 1.0
        self.set_ticks(plt, "y", -top, top)
        plt.xlim(0.5, FEATURES + 0.5)
        plt.xticks([index + 1 for index in fit.informative], [str(index + 1) for index in fit.informative])

    def side_text(self, summary: Summary) -> Group:
        messages, fits = self.messages, summary.fits
        names = [messages(f"weight_decay.name_{penalty}") for penalty in COLUMNS]
        marks = [self.glyphs.selected if penalty == self.penalty else "" for penalty in COLUMNS]
        heads = "".join(f"{mark + name:>{COLUMN_WIDTH}}" for mark, name in zip(marks, names))
        table = Text(" " * LABEL_WIDTH + heads, "bold", no_wrap=True)
        for row in ROWS:
            label = self.ascii_safe(messages(f"weight_decay.row_{row}"))
            cells = "".join(f"{self._cell(row, fit):>{COLUMN_WIDTH}}" for fit in fits)
            table.append(f"\n{label:<{LABEL_WIDTH}}" + self.decimal(cells))
        bar, name = "#" if self.glyphs.ascii else "█", names[COLUMNS.index(self.penalty)]
        legend = messages("weight_decay.legend", bar=bar, name=name, count=len(fits[0].informative))
        return Group(table, Text(), Text(self.ascii_safe(legend)))

    def status_text(self) -> str:
        messages = self.messages
        strength = self.decimal(f"{self.settings.strength:g}")
        line = messages("weight_decay.status", strength=strength)
        if self.computing:
            return f"{line}\n{messages('weight_decay.computing')}"
        return f"{line}\n{messages(f'weight_decay.chart_{self.penalty}')}"

    def hint_text(self) -> str:
        return self.messages("weight_decay.hint")

    def _cell(self, row: str, fit: FitResult) -> str:
        if row == "zeros":
            return str(fit.zero_count)
        if row == "accuracy":
            return self.messages("weight_decay.percent", value=f"{100 * fit.accuracy:.1f}")
        return number({"loss": fit.loss, "l1_norm": fit.l1_norm, "l2_norm": fit.l2_norm}[row])

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self.query_one(".side"))
        if offset is not None and offset.y <= len(ROWS) and 0 <= offset.x - LABEL_WIDTH < COLUMN_WIDTH * len(COLUMNS):
            self.penalty = COLUMNS[(offset.x - LABEL_WIDTH) // COLUMN_WIDTH]  # a click in a penalty's column

    def action_strength(self, step: int) -> None:
        self.settings = replace(self.settings, strength=ladder_step(STRENGTHS, self.settings.strength, step))

    def action_chart(self, penalty: str) -> None:
        self.penalty = penalty

    def action_reset(self) -> None:
        self.settings, self.penalty = self._initial()

    def _initial(self) -> tuple[Settings, str]:
        params = {**DEFAULTS, **self.params}
        return Settings(float(params["strength"]), params["seed"]), params["penalty"]
