"""The `weight-decay` widget: one logistic regression trained with no penalty, L2 and L1 at a chosen λ.

The chart shows the 20 trained weights of one penalty as bars, the unpenalised weights as
`+` for comparison and every weight that is exactly zero as `0`; the x ticks are the features
that carry signal. The table compares the three penalties: exact zeros, accuracy, loss and norms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual_plotext.plot import Plot

from tutor.sim.regularization import FEATURES, FitResult, fit_logistic
from tutor.widgets.simulations.plot import Chart, ChartSimulation, ladder_step, number

STRENGTHS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
"""The values of λ that `+` and `-` step through."""
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


def _kind(weight: float, visible: float) -> str:
    """How a weight is drawn: a bar, a dot for a weight too small to see, or a 0 when exactly zero."""
    if weight == 0.0:
        return "zero"
    return "bar" if abs(weight) >= visible / 2 else "small"


def summarise(settings: Settings) -> Summary:
    """Train the model once per penalty at the chosen λ and seed."""
    return Summary(settings, tuple(fit_logistic(penalty, settings.strength, settings.seed) for penalty in COLUMNS))


def stronger(settings: Settings, step: int) -> Settings:
    """`settings` with the penalty's strength `step` rungs up the ladder (down when negative)."""
    return replace(settings, strength=ladder_step(STRENGTHS, settings.strength, step))


class WeightDecay(ChartSimulation):
    """The trained weights of one penalty, and the three penalties side by side."""

    STRENGTH = Binding.Group("weight_decay.keys_strength")
    CHART = Binding.Group("weight_decay.keys_chart")
    BINDINGS = [
        Binding("plus", "strength(1)", "weight_decay.keys_stronger", key_display="+", group=STRENGTH),
        Binding("equals_sign", "strength(1)", "weight_decay.keys_stronger", show=False, key_display="="),
        Binding("minus", "strength(-1)", "weight_decay.keys_weaker", key_display="-", group=STRENGTH),
        Binding("1", "chart('l1')", "weight_decay.keys_l1", group=CHART),
        Binding("2", "chart('l2')", "weight_decay.keys_l2", group=CHART),
        Binding("0", "chart('none')", "weight_decay.keys_none", group=CHART),
        Binding("r", "reset", "weight_decay.keys_reset"),
    ]

    SIDE_WIDTH = LABEL_WIDTH + COLUMN_WIDTH * len(COLUMNS)

    penalty = reactive("l1", init=False)
    """The penalty whose weights the chart shows."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        settings, penalty = self._initial()
        self.set_reactive(WeightDecay.settings, settings)
        self.set_reactive(WeightDecay.penalty, penalty)

    def watch_penalty(self) -> None:
        self.redraw()

    _chart_height = 0

    def on_resize(self) -> None:  # after ChartSimulation.on_resize: Textual calls both
        height = self.query_one(Chart).size.height
        if height != self._chart_height:  # what counts as too small to draw depends on it
            self._chart_height = height
            self.redraw()

    def compute(self, settings: Settings) -> Summary:
        return summarise(settings)

    def draw_chart(self, plt: Plot, summary: Summary) -> None:
        # A weight smaller than half a row would draw as a full cell on the zero line, like a zero:
        # such weights get a dot, exact zeros a 0, and the zero line itself is drawn in grey.
        fit, reference = summary.fit(self.penalty), summary.fit("none")
        top = 1.05 * max(abs(weight) for each in summary.fits for weight in each.weights) or 1.0
        visible = top / max(self.query_one(Chart).size.height - 3, 4)
        self.rule(plt, "y", 0.0, 0.5, FEATURES + 0.5)
        features = list(range(1, FEATURES + 1))
        kinds = [_kind(weight, visible) for weight in fit.weights]
        tall = [(feature, weight) for feature, weight, kind in zip(features, fit.weights, kinds) if kind == "bar"]
        if tall:
            bar = "#" if self.glyphs.ascii else "sd"
            plt.bar([f for f, _ in tall], [w for _, w in tall], width=0.6, marker=bar, color=COLOURS[self.penalty])
        if self.penalty != "none":
            shown = [
                (feature, weight) for feature, weight in zip(features, reference.weights) if abs(weight) >= visible
            ]
            plt.scatter([f for f, _ in shown], [w for _, w in shown], marker="+", color="red")
        for kind, marker in (("small", "." if self.glyphs.ascii else "·"), ("zero", "0")):
            marked = [feature for feature, each in zip(features, kinds) if each == kind]
            if marked:
                plt.scatter(marked, [0.0] * len(marked), marker=marker, color=COLOURS[self.penalty])
        self.set_ticks(plt, "y", -top, top)
        plt.xlim(0.5, FEATURES + 0.5)
        plt.xticks([index + 1 for index in fit.informative], [str(index + 1) for index in fit.informative])

    def side_text(self, summary: Summary) -> Text:
        messages, fits = self.messages, summary.fits
        names = [messages(f"weight_decay.name_{penalty}") for penalty in COLUMNS]
        marks = [self.glyphs.selected if penalty == self.penalty else "" for penalty in COLUMNS]
        heads = "".join(f"{mark + name:>{COLUMN_WIDTH}}" for mark, name in zip(marks, names))
        table = Text(" " * LABEL_WIDTH + heads, "bold", no_wrap=True)
        for row in ROWS:
            label = messages(f"weight_decay.row_{row}")
            cells = "".join(f"{self._cell(row, fit):>{COLUMN_WIDTH}}" for fit in fits)
            table.append(f"\n{label:<{LABEL_WIDTH}}" + self.decimal(cells))
        return table

    def status_text(self) -> str:
        messages = self.messages
        strength = self.decimal(f"{self.settings.strength:g}")
        line = messages("weight_decay.status", strength=strength)
        if self.computing:
            return f"{line}\n{messages('weight_decay.computing')}"
        return f"{line}\n{messages(f'weight_decay.chart_{self.penalty}')}"

    def explanation(self, summary: Summary) -> str:
        messages, fit = self.messages, summary.fit(self.penalty)
        names = [messages(f"weight_decay.name_{penalty}") for penalty in COLUMNS]
        bar, dot = ("#", ".") if self.glyphs.ascii else ("█", "·")
        legend = messages(
            f"weight_decay.legend_{'none' if self.penalty == 'none' else 'penalty'}",
            bar=bar,
            dot=dot,
            name=names[COLUMNS.index(self.penalty)],
        )
        informative = len(fit.informative)
        noise = FEATURES - informative
        zeros_on_noise = sum(
            1 for index, weight in enumerate(fit.weights) if weight == 0.0 and index not in fit.informative
        )
        l2, none = summary.fit("l2"), summary.fit("none")
        text = messages(
            f"weight_decay.explain_{self.penalty}",
            count=informative,
            noise=noise,
            zeros=fit.zero_count,
            noise_zeros=zeros_on_noise,
            shrink=self.decimal(f"{l2.l2_norm / none.l2_norm:.2f}") if none.l2_norm else "1",
        )
        return f"{text} {legend}"

    def keys(self) -> list[tuple[str, str, str]]:
        messages = self.messages
        strength = messages("weight_decay.button_strength", strength=self.decimal(f"{self.settings.strength:g}"))
        if self.settings.strength >= STRENGTHS[-1]:
            strength += " " + messages("weight_decay.max")
        elif self.settings.strength <= STRENGTHS[0]:
            strength += " " + messages("weight_decay.min")
        return [
            ("+/-", strength, "strength(1)"),
            ("0", messages("weight_decay.keys_none"), "chart('none')"),
            ("1", messages("weight_decay.keys_l1"), "chart('l1')"),
            ("2", messages("weight_decay.keys_l2"), "chart('l2')"),
            ("r", messages("weight_decay.keys_reset"), "reset"),
        ]

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

    def following(self, settings: Settings) -> list[Settings]:
        return [stronger(settings, 1), stronger(settings, -1), self._initial()[0]]

    def action_strength(self, step: int) -> None:
        self.settings = stronger(self.settings, step)

    def action_chart(self, penalty: str) -> None:
        self.penalty = penalty

    def action_reset(self) -> None:
        self.settings, self.penalty = self._initial()

    def _initial(self) -> tuple[Settings, str]:
        params = self.params
        return Settings(float(params["strength"]), params["seed"]), params["penalty"]
