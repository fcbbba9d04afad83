"""Review statistics: cards by state, reviews per day and retention, from the stored cards and logs.

The same figures for the statistics screen and `cnn-tutor progress`. A day is a calendar day in
the computer's time zone. Every answer, in a quiz or in review, is one review (FSRS's log); a
card's first answer is when it was first met, the later ones are *repeats*: retention is the
share of repeats remembered (rated Hard, Good or Easy rather than Again), as Anki's "true
retention" counts only what was asked again. An answer the student re-rated ("I guessed")
counts once, with the rating they gave (its log replaces the one before it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tutor.review.deck import Cards, DeckCounts
from tutor.review.wording import percent_text
from tutor.text.i18n import Messages

DAYS = 30
"""How many days the statistics look back, today included."""
STATES = ("new", "learning", "review", "relearning")
"""A question never answered is new; then FSRS's states 1, 2 and 3."""
AGAIN = 1


@dataclass(frozen=True, slots=True)
class Day:
    """The reviews of one calendar day."""

    day: date
    answers: int
    """Every review that day: first answers and repeats."""
    repeats: int
    """Reviews of cards answered before."""
    remembered: int
    """Repeats not rated Again."""

    @property
    def retention(self) -> float | None:
        """Repeats remembered, 0 to 1; None on a day without repeats."""
        return self.remembered / self.repeats if self.repeats else None


@dataclass(frozen=True, slots=True)
class ReviewStats:
    """Where the cards stand and how the last `DAYS` days of review went."""

    states: dict[str, int]
    """How many questions are in each of `STATES`."""
    days: tuple[Day, ...]
    """The last `DAYS` days, oldest first, today last (days without reviews included)."""

    @property
    def answers(self) -> int:
        return sum(day.answers for day in self.days)

    @property
    def active_days(self) -> int:
        return sum(day.answers > 0 for day in self.days)

    @property
    def repeats(self) -> int:
        return sum(day.repeats for day in self.days)

    @property
    def remembered(self) -> int:
        return sum(day.remembered for day in self.days)

    @property
    def retention(self) -> float | None:
        """Repeats remembered over the whole period, 0 to 1; None without repeats."""
        return self.remembered / self.repeats if self.repeats else None


def review_stats(
    question_ids: Iterable[str], cards: Cards, logs: Mapping[str, list[dict]], now: datetime, days: int = DAYS
) -> ReviewStats:
    """The statistics of the questions `question_ids` (a course's), from their cards and review logs, at `now`.

    Args:
        question_ids: The questions counted (logs of other questions are left out).
        cards: Their stored cards (`tutor.review.deck.cards_of`): a question without one is new.
        logs: Review logs by question id (`ProgressTracker.review_logs`); unreadable entries are skipped.
        now: The time the statistics are for (timezone-aware).
        days: How many calendar days, today included.
    """
    ids = list(question_ids)
    states = dict.fromkeys(STATES, 0)
    for question_id in ids:
        card = cards.get(question_id)
        state = card.get("state") if card is not None else 0
        states[STATES[state] if type(state) is int and 0 <= state < len(STATES) else "new"] += 1
    today = now.astimezone().date()
    first = today - timedelta(days=days - 1)
    counts = {first + timedelta(days=offset): [0, 0, 0] for offset in range(days)}
    for question_id in ids:
        for index, (when, rating) in enumerate(reviews_of(logs.get(question_id, []))):
            day = when.astimezone().date()
            if day not in counts or when > now:
                continue
            count = counts[day]
            count[0] += 1
            if index > 0:
                count[1] += 1
                count[2] += rating != AGAIN
    return ReviewStats(states, tuple(Day(day, *count) for day, count in counts.items()))


def reviews_of(log: list[dict]) -> list[tuple[datetime, int]]:
    """(time, rating) of each review in a card's log, oldest first; a re-rated review counts once, as re-rated."""
    found: dict[datetime, int] = {}
    for entry in log:
        when, rating = _time(entry.get("review_datetime") if isinstance(entry, dict) else None), None
        if isinstance(entry, dict) and type(entry.get("rating")) is int and 1 <= entry["rating"] <= 4:
            rating = entry["rating"]
        if when is not None and rating is not None:
            found[when] = rating  # a later log for the same review replaces the earlier one
    return sorted(found.items())


def _time(value: object) -> datetime | None:
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def summary_lines(stats: ReviewStats, counts: DeckCounts | None, messages: Messages) -> list[str]:
    """The figures in words: questions by state, predicted recall, answers and retention over the period.

    The statistics screen shows them above its charts; `cnn-tutor progress` prints them.
    """
    lang = messages.lang
    lines = [messages("stats.states", **stats.states)]
    if counts is not None and counts.recall is not None and counts.recall_later is not None:
        recall, later = percent_text(counts.recall, lang), percent_text(counts.recall_later, lang)
        lines.append(messages("review.recall", now=recall, later=later))
    if not stats.answers:
        lines.append(messages("stats.no_answers", days=len(stats.days)))
        return lines
    on_days = messages.plural("stats.on_days", stats.active_days)
    lines.append(messages.plural("stats.answers", stats.answers, days=len(stats.days), on_days=on_days))
    if stats.retention is None:
        lines.append(messages("stats.no_repeats"))
    else:
        percent = percent_text(stats.retention, lang)
        lines.append(messages.plural("stats.retention", stats.repeats, remembered=stats.remembered, percent=percent))
    return lines


def day_lines(stats: ReviewStats, messages: Messages) -> list[str]:
    """The charts' figures in words, for `cnn-tutor progress`: one line per day with answers, the most
    recent first ("Sat 1 Mar: 5 answers · retention 100% (2 of 2)")."""
    from babel.dates import format_date

    lines = []
    for day in reversed(stats.days):
        if not day.answers:
            continue
        words = [messages.plural("stats.day_answers", day.answers)]
        if day.retention is not None:
            percent = percent_text(day.retention, messages.lang)
            words.append(messages("stats.day_retention", remembered=day.remembered, count=day.repeats, percent=percent))
        label = format_date(day.day, "EEE d MMM", locale=messages.lang)
        lines.append(messages("stats.day", day=label, figures=messages("review.or").join(words)))
    return lines
