"""The review statistics: cards by state, reviews per day and retention over the last 30 days, as charts.

The figures are those of `cnn-tutor progress` (`tutor.review.stats`), with FSRS's predicted recall.
The review logs are read from the disk (the store keeps only the cards in memory) in a thread;
the charts are plotext's (textual-plotext), imported with this screen, which is imported only
when the student asks for it (`s` on the course map or in review).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import cast
from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import WorkerState

from tutor.review.deck import cards_of, deck_counts
from tutor.review.stats import DAYS, STATES, Day, ReviewStats, review_stats, summary_lines
from tutor.screens.base import ReadyWhenShown, TutorScreen
from tutor.screens.repaint import Repainting
from tutor.text.formats import decimal
from tutor.text.i18n import Messages
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.chrome.warning_bar import WarningBar
from tutor.widgets.simulations.plot import Chart

RETENTION_GOAL = 90
"""Percent: the retention FSRS schedules for (`tutor.review.scheduler.DESIRED_RETENTION`), drawn as a line."""


class ReviewStatsScreen(Repainting, ReadyWhenShown, TutorScreen):
    """Where the review cards stand and how the last 30 days went; escape goes back."""

    BINDINGS = [
        Binding("escape,s", "back", "keys.back"),
        Binding("space,pagedown", "page_down", "keys.page_down", show=False),
        Binding("shift+space,pageup", "page_up", "keys.page_up", show=False),
    ]

    DEFAULT_CSS = """
    ReviewStatsScreen #stats-body { height: 1fr; padding: 0 1; }
    ReviewStatsScreen .stats-text { margin: 1 0 0 0; }
    ReviewStatsScreen .stats-title { margin: 1 0 0 0; text-style: bold; }
    ReviewStatsScreen Chart { height: 10; min-width: 30; }
    ReviewStatsScreen Chart.-states { height: 7; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.stats: ReviewStats | None = None
        """The figures shown, once read (None before)."""
        self._ready = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Static(id="review-header", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Static(classes="stats-text", id="stats-summary", markup=False)
            yield Static(classes="stats-title", id="stats-states-title", markup=False)
            yield Chart(self.tutor.glyphs.ascii, classes="-states", id="stats-states")
            yield Static(classes="stats-title", id="stats-reviews-title", markup=False)
            yield Chart(self.tutor.glyphs.ascii, id="stats-reviews")
            yield Static(classes="stats-title", id="stats-retention-title", markup=False)
            yield Chart(self.tutor.glyphs.ascii, id="stats-retention")
        yield KeyBar(self.tutor.glyphs.ascii)
        yield WarningBar()

    def on_mount(self) -> None:
        self._draw()
        self.query_one("#stats-body").focus()
        self._read(self.tutor.clock())

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def _read(self, now: datetime) -> tuple[ReviewStats, object]:
        questions = list(self.tutor.course.questions())
        cards = cards_of(questions, self.tutor.progress.card)
        return review_stats(questions, cards, self.tutor.progress.review_logs(), now), deck_counts(cards, now)

    def language_changed(self) -> None:
        self._draw()

    def on_worker_state_changed(self, event) -> None:
        if event.worker.group != "stats" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if event.state == WorkerState.SUCCESS:
            self.stats, self.counts = event.worker.result
        else:  # the logs could not be read: the cards alone
            now = self.tutor.clock()
            questions = list(self.tutor.course.questions())
            cards = cards_of(questions, self.tutor.progress.card)
            self.stats, self.counts = review_stats(questions, cards, {}, now), deck_counts(cards, now)
        self._draw()
        self._ready.set()

    def _draw(self) -> None:
        messages = self.messages
        self.query_one("#review-header", Static).update(Text(messages("stats.title"), no_wrap=True))
        summary = self.query_one("#stats-summary", Static)
        if self.stats is None:
            summary.update(Text(messages("stats.reading")))
            return
        summary.update(Text("\n".join(summary_lines(self.stats, self.counts, messages))))
        titles = {
            "#stats-states-title": messages("stats.states_title"),
            "#stats-reviews-title": messages("stats.answers_title", days=DAYS),
            "#stats-retention-title": messages("stats.retention_title", days=DAYS, goal=RETENTION_GOAL),
        }
        for selector, title in titles.items():
            self.query_one(selector, Static).update(Text(title))
        self._draw_states(self.stats, messages)
        self._draw_reviews(self.stats)
        self._draw_retention(self.stats)

    def _draw_states(self, stats: ReviewStats, messages: Messages) -> None:
        chart = self.query_one("#stats-states", Chart)
        plt = chart.start()
        labels = [messages(f"stats.state_{state}") for state in STATES]
        values = [stats.states[state] for state in STATES]
        plt.bar(labels, values, orientation="horizontal", width=0.5, marker=self._bar, color="blue")
        plt.xticks(*self._count_ticks(max(values)))
        chart.refresh()

    def _draw_reviews(self, stats: ReviewStats) -> None:
        chart = self.query_one("#stats-reviews", Chart)
        plt = chart.start()
        days = stats.days
        x = list(range(len(days)))
        plt.bar(x, [day.answers for day in days], width=0.6, marker=self._bar, color="green")
        plt.xticks(*self._day_ticks(days))
        plt.yticks(*self._count_ticks(max((day.answers for day in days), default=0)))
        plt.xlim(-1, len(days))
        chart.refresh()

    def _draw_retention(self, stats: ReviewStats) -> None:
        chart = self.query_one("#stats-retention", Chart)
        plt = chart.start()
        days = stats.days
        points = [(index, 100 * day.retention) for index, day in enumerate(days) if day.retention is not None]
        goal = "-" if self.tutor.glyphs.ascii else "─"
        plt.scatter(list(range(len(days))), [RETENTION_GOAL] * len(days), marker=goal, color="gray")
        if points:
            plt.plot(
                [x for x, _ in points],
                [y for _, y in points],
                marker="*" if self.tutor.glyphs.ascii else "●",
                color="cyan",
            )
        plt.xticks(*self._day_ticks(days))
        plt.ylim(0, 100)
        plt.yticks([0, 50, 100], [f"{value} %" if self.lang == "fr" else f"{value}%" for value in (0, 50, 100)])
        plt.xlim(-1, len(days))
        chart.refresh()

    @property
    def _bar(self) -> str:
        return "#" if self.tutor.glyphs.ascii else "sd"

    def _day_ticks(self, days: Sequence[Day]) -> tuple[list[float], list[str]]:
        """A tick every week, the last one today: "4/12" in French, "12/4" in English (day and month)."""
        positions = list(range(len(days) - 1, -1, -7))[::-1]
        return cast(list[float], positions), [self._day_label(days[position].day) for position in positions]

    def _day_label(self, day) -> str:
        return f"{day.day}/{day.month}" if self.lang == "fr" else f"{day.month}/{day.day}"

    def _count_ticks(self, highest: int) -> tuple[list[float], list[str]]:
        step = max(1, -(-highest // 4))
        values = list(range(0, max(highest, 1) + step, step))
        return cast(list[float], values), [
            decimal(self.lang, value, 0) for value in values
        ]  # plotext's stubs say float

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_page_down(self) -> None:
        self.query_one("#stats-body", VerticalScroll).scroll_page_down()

    def action_page_up(self) -> None:
        self.query_one("#stats-body", VerticalScroll).scroll_page_up()
