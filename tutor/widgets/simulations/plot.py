"""The shared frame of the chart simulations: a plotext chart with a table beside it.

A `ChartSimulation` keeps its settings in one frozen dataclass, computes a frozen summary of
them (tuples, never numpy arrays) in a thread so that keys stay responsive, and then draws
the summary: a status line, the chart, a table beside it and a one-line key hint. While the
student reads, the simulation that has the focus computes the settings its keys lead to, so that
the next key is answered at once.
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import WorkerState, get_current_worker
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from tutor.text.formats import decimal_sign
from tutor.widgets.simulations.simulation import Simulation
from tutor.widgets.simulations.summaries import Summaries
from tutor.widgets.simulations.words import key_lines, wrap


CHART_HEIGHT = 14


class Chart(PlotextPlot):
    """A plotext chart; with `ascii_only` it has no frame, the only box drawing plotext does."""

    DEFAULT_CSS = f"""
    Chart {{ width: 1fr; height: {CHART_HEIGHT}; min-width: 30; }}
    """

    def __init__(self, ascii_only: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ascii_only = ascii_only

    def on_unmount(self) -> None:
        # textual-plotext subscribes every chart to the app's theme changes when it is mounted and
        # never unsubscribes: the app's signal would keep each chart ever shown, and its figure, alive.
        self.app.theme_changed_signal.unsubscribe(self)

    def start(self) -> Plot:
        """Forget the last drawing (data, ticks, limits) and return `plt` for the next one."""
        plt = self.plt
        plt.clear_figure()
        plt.frame(not self.ascii_only)
        return plt


class ChartSimulation(Simulation):
    """A simulation drawn as a chart with a table beside it (below it when the width is short).

    From the top: a status line (the settings), one or two lines that say what the student is
    looking at and what to try next, the chart and its table, and the keys. Subclasses set
    `settings` (a frozen dataclass) in `__init__` and change it in their actions, and implement
    `compute` (run in a thread, returns a frozen summary), `draw_chart`, `side_text`,
    `status_text`, `explanation` and `keys`, and may implement `following`; everything is redrawn
    in the current language.
    """

    DEFAULT_CSS = """
    ChartSimulation > .chart-simulation--key { color: $accent; text-style: bold; }
    ChartSimulation > Horizontal { height: auto; }
    ChartSimulation > .status { text-style: bold; }
    ChartSimulation > .explain { color: $text-accent; }
    ChartSimulation .side { width: auto; margin-left: 1; }
    ChartSimulation.-narrow > Horizontal { layout: vertical; }
    ChartSimulation.-narrow .side { margin-left: 0; }
    ChartSimulation > .keys { color: $text-muted; }
    """

    COMPONENT_CLASSES = {"chart-simulation--key"}

    SIDE_WIDTH = 31
    """Columns the table beside the chart needs; below CHART_MIN + 1 + SIDE_WIDTH it goes under the chart."""
    CHART_MIN = 30

    settings: reactive[Any] = reactive(None, init=False, repaint=False)
    """What the student chose (a frozen dataclass); changing it starts a computation."""

    summary: Any = None
    """The summary computed for `settings`, or None before the first one arrives."""

    def compose(self) -> ComposeResult:
        yield Static(classes="status", markup=False)
        yield Static(classes="explain", markup=False)
        with Horizontal():
            yield Chart(self.glyphs.ascii)
            yield Static(classes="side", markup=False)
        yield Static(classes="keys", markup=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._summaries: Summaries[Any, Any] = Summaries(self.compute)

    def on_mount(self) -> None:
        self._start(self.settings)

    _drawn_width = 0
    """The width the labels were last wrapped to: a resize that keeps it (a new height) changes nothing."""

    def on_resize(self) -> None:
        width = self.content_size.width
        if width == self._drawn_width:
            return
        self._drawn_width = width
        narrow = width < self.CHART_MIN + 1 + self.SIDE_WIDTH
        self.set_class(narrow, "-narrow")
        # A fixed width beside the chart: a table that widened or narrowed with its numbers would
        # resize the chart, and make plotext draw it again.
        side = self.query_one(".side", Static)
        side.styles.width = "auto" if narrow else self.SIDE_WIDTH
        for static in self.query(Static):
            static.styles.min_height = None  # kept by `update_in_place` for the last width
        if not narrow:
            # Beside the chart, the table has the chart's height without making the simulation any
            # taller: a row more (a deeper network) then lays nothing out again.
            side.styles.min_height = CHART_HEIGHT
        self._draw_labels()
        self.tell_drawn()

    def watch_settings(self, settings: Any) -> None:
        self._start(settings)

    def language_changed(self) -> None:
        self.redraw()

    def on_worker_state_changed(self, event: Any) -> None:
        if event.worker.group != "simulation" or event.state != WorkerState.SUCCESS:
            return
        settings, summary = event.worker.result
        if settings == self.settings:
            self._show_summary(summary)

    def _show_summary(self, summary: Any) -> None:
        """Draw `summary`, the current settings', then compute ahead what the keys lead to from there."""
        if self._computing_timer is not None:
            self._computing_timer.stop()
        self.summary = summary
        self.redraw()
        self.tell_drawn()
        if self.has_focus:
            self._look_ahead()

    def on_focus(self) -> None:
        self._look_ahead()

    def _look_ahead(self) -> None:
        """Compute what the keys lead to from the settings shown: only while the simulation has the
        focus (its keys come to it), not for every simulation a student pages past."""
        if self.computing:
            return
        ahead = [settings for settings in self.following(self.settings) if self._summaries.known(settings) is None]
        if ahead:
            self._compute_ahead(ahead)

    def is_drawn(self) -> bool:
        """Drawn once the first summary has arrived (from a thread) and the labels are wrapped at the
        simulation's width (at its first resize): each makes the simulation taller."""
        return self.summary is not None and self._drawn_width > 0

    @property
    def computing(self) -> bool:
        """Whether the summary shown is not (yet) the one of the current settings."""
        return self.summary is None or self.summary.settings != self.settings

    def redraw(self) -> None:
        """Draw the status line, the explanation, the chart, the table and the keys in the current language."""
        self._draw_labels()
        if self.summary is None:
            return
        chart = self.query_one(Chart)
        self.draw_chart(chart.start(), self.summary)
        chart.refresh()
        side = self.side_text(self.summary)
        static = self.query_one(".side", Static)
        self._shown_texts = self._shown_texts or {}
        if not (isinstance(side, Text) and self._shown_texts.get(".side") == side):
            self._shown_texts[".side"] = side if isinstance(side, Text) else None
            update_in_place(static, side)

    def _draw_labels(self) -> None:
        width = max(self.content_size.width, 20)
        self._show(".status", Text(self.status_text()), width)
        # While a new summary is computed the chart still shows the last one, and so does this line:
        # clearing it would make the simulation shrink and grow back at every key.
        explanation = "" if self.summary is None else self.explanation(self.summary)
        self._show(".explain", Text(explanation), width)
        buttons = self.keys()
        # Not clickable: a click would run the action on the Static, which has none.
        lines = key_lines(buttons, self.get_component_rich_style("chart-simulation--key"), width, clickable=False)
        self._show(".keys", Text("\n").join(lines), width)  # already within the width: wrap keeps them

    _tallest: dict[tuple[str, int, str], int] | None = None
    _shown_texts: dict[str, Text | None] | None = None
    """The text each Static (by selector) shows, to skip an update that would change nothing."""

    def _show(self, selector: str, text: Text, width: int) -> None:
        """Put `text`, wrapped by `words.wrap` (which keeps French punctuation with its word), in the
        Static `selector`, never shorter than it has been at this width and language.

        A simulation that shrank when its sentences got shorter would move the rest of the lesson
        at every key, and cost the whole lesson a second layout.
        """
        static = self.query_one(selector, Static)
        lines = [line for paragraph in text.split("\n", allow_blank=True) for line in wrap(paragraph, width)]
        self._tallest = self._tallest or {}
        key = (selector, width, self.lang)
        self._tallest[key] = max(self._tallest.get(key, 0), len(lines))
        lines += [Text()] * (self._tallest[key] - len(lines))
        wrapped = Text("\n").join(lines)
        self._shown_texts = self._shown_texts or {}
        shown = self._shown_texts.get(selector)
        if shown is not None and shown.plain == wrapped.plain and shown.spans == wrapped.spans:
            return  # an update would lay the whole lesson out again for nothing
        self._shown_texts[selector] = wrapped
        update_in_place(static, wrapped)

    def decimal(self, text: str) -> str:
        """Numbers in `text` with the decimal mark of the language (a comma in French)."""
        return text.replace(".", decimal_sign(self.lang))

    def set_ticks(self, plt: Plot, axis: str, low: float, high: float, powers: bool = False) -> None:
        """Give the `axis` ("x" or "y") of `plt` the range low–high and round, translated ticks.

        With `powers`, the values drawn are base-10 logarithms: the ticks are whole powers of
        ten, labelled 1e-20, 1e-10, 1e0.
        """
        values, step = ticks(low, high)
        if powers:
            values, step = ticks(low, high, step=max(round(step), 1))
            labels = [f"1e{value:.0f}" for value in values]
        else:
            labels = [self.decimal(tick_label(value, step)) for value in values]
        (plt.xlim if axis == "x" else plt.ylim)(low, high)
        (plt.xticks if axis == "x" else plt.yticks)(values, labels)

    def rule(self, plt: Plot, axis: str, value: float, low: float, high: float) -> None:
        """A grey reference line across the chart: y = value from x low to high ("y"), or x = value ("x").

        plotext draws its own lines with box-drawing characters; in ASCII mode the line is drawn
        point by point with - or |.
        """
        if not self.glyphs.ascii:
            (plt.hline if axis == "y" else plt.vline)(value, "gray")
            return
        steps = [low + (high - low) * index / 200 for index in range(201)]
        if axis == "y":
            plt.scatter(steps, [value] * len(steps), marker="-", color="gray")
        else:
            plt.scatter([value] * len(steps), steps, marker="|", color="gray")

    COMPUTING_DELAY = 0.15
    """Seconds a computation may take before the status says so: most take less, and saying it
    would cost a repaint of the lesson just before the one that shows the result."""

    _computing_timer: Any = None

    def _start(self, settings: Any) -> None:
        known = self._summaries.known(settings)
        if known is not None:
            self._show_summary(known)
            return
        # Only the status changes ("computing"), and only if it takes a while: the chart is redrawn
        # once the summary arrives.
        if self._computing_timer is not None:
            self._computing_timer.stop()
        if self.summary is None:
            self._draw_labels()
        else:
            self._computing_timer = self.set_timer(self.COMPUTING_DELAY, self._say_computing)
        self._compute(settings)

    def _say_computing(self) -> None:
        # A timer stopped after it fired still runs its callback: the result may be drawn already.
        if self.computing:
            self._draw_labels()

    @work(thread=True, exclusive=True, exit_on_error=False, group="simulation")
    def _compute(self, settings: Any) -> tuple[Any, Any]:
        return settings, self._summaries.compute(settings)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ahead")
    def _compute_ahead(self, following: list[Any]) -> None:
        # Given up between two summaries once the student has moved on (a newer list replaces it).
        worker = get_current_worker()
        for settings in following:
            if worker.is_cancelled:
                return
            self._summaries.compute(settings)

    # To implement in subclasses.

    def compute(self, settings: Any) -> Any:
        """The frozen summary of `settings` (with a `settings` field), from them alone: it is kept, and
        computed ahead. Runs in a thread."""
        raise NotImplementedError

    def draw_chart(self, plt: Plot, summary: Any) -> None:
        """Draw `summary` with plotext's `plt` (already cleared)."""
        raise NotImplementedError

    def side_text(self, summary: Any) -> RenderableType:
        """The table beside the chart, at most SIDE_WIDTH columns (its words from `messages`, in ASCII with `--ascii`)."""
        raise NotImplementedError

    def status_text(self) -> str:
        """The line above the chart: the settings, and whether they are being computed."""
        raise NotImplementedError

    def explanation(self, summary: Any) -> str:
        """One or two sentences: what the chart shows in this state, and what to try next."""
        raise NotImplementedError

    def keys(self) -> list[tuple[str, str, str]]:
        """(key, label, action) of every key, the label saying when a setting is at its limit."""
        raise NotImplementedError

    def following(self, settings: Any) -> list[Any]:
        """The settings the keys lead to from `settings`, the likeliest first: computed ahead.

        Nothing by default: a simulation whose summaries take a few milliseconds computes them when asked.
        """
        return []


def update_in_place(static: Static, content: RenderableType) -> None:
    """`static.update(content)`, laying the screen out again only when the Static grows.

    Textual lays out the whole screen, the whole lesson, on any update that may change a size;
    most keys of a simulation change its numbers and words, not its number of lines. A Static
    never gets shorter than it has been (at its width: `on_resize` forgets), so that a key that
    shortens it does not move the rest of the lesson either.
    """
    static.update(content, layout=False)
    width, height = static.content_size
    if not width or (static.styles.width is not None and static.styles.width.is_auto):
        static.refresh(layout=True)
        return
    needed = static.get_content_height(static.container_size, static.app.size, width)
    if needed > height:
        static.styles.min_height = needed
        static.refresh(layout=True)


def ladder_step(ladder: tuple[float, ...], value: float, step: int) -> float:
    """The rung of `ladder` (increasing) next to `value` upwards (step > 0) or downwards.

    `value` may lie between rungs; at either end of the ladder it is returned unchanged.
    """
    if step > 0:
        return next((rung for rung in ladder if rung > value), value)
    return next((rung for rung in reversed(ladder) if rung < value), value)


def number(value: float) -> str:
    """`value` in at most 7 characters, for tables: 0.40, -1.25, 15.6, 440, 1.7e7."""
    magnitude = abs(value)
    if not math.isfinite(value) or magnitude >= 99999.5:
        mantissa, _, exponent = f"{value:.1e}".partition("e")
        return f"{mantissa}e{int(exponent)}" if exponent else mantissa
    if magnitude < 9.995:
        return f"{value:.2f}".replace("-0.00", "0.00")
    return f"{value:.1f}" if magnitude < 99.95 else f"{value:.0f}"


def ticks(low: float, high: float, count: int = 4, step: float | None = None) -> tuple[list[float], float]:
    """About `count` round values (multiples of 1, 2 or 5 × 10ⁿ, or of `step`) from low to high, and their step."""
    if not high > low:
        return [low], 1.0
    if step is None:
        rough = (high - low) / count
        power = 10.0 ** math.floor(math.log10(rough))
        step = min((multiple * power for multiple in (1, 2, 5, 10)), key=lambda step: abs(math.log(step / rough)))
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [index * step for index in range(first, last + 1)], step


def tick_label(value: float, step: float) -> str:
    """`value` with as many decimals as `step` needs: 0.5, 10, 2.5e6."""
    if abs(value) >= 1e5:
        return number(value)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:.{decimals}f}"
