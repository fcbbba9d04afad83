"""The deck: which questions are cards, which are due, and how well they are known.

A question becomes a card once it has been answered (in a quiz or in review); until then it is
new and never offered for review. Cards are the stored dicts of `fsrs.Card.to_dict`; reading
them needs no `fsrs` import, except to predict recall.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from tutor.system.records import Record

REVIEW_STATE = 2
"""`fsrs.State.Review`: a card past its learning steps. Such a card counts as learned."""
WEEK = timedelta(days=7)

Cards = Mapping[str, dict]
"""Stored card by question id, in the course's order."""

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware; tests pass a frozen one."""


def utc_now() -> datetime:
    """The current time in UTC, timezone-aware: the clock the tutor runs on."""
    return datetime.now(timezone.utc)


def due_time(card: dict) -> datetime:
    """When a card of `Cards` is due (each has a readable due time: `cards_of` keeps no other)."""
    return due_of(card) or datetime.max.replace(tzinfo=timezone.utc)


def due_of(card: dict) -> datetime | None:
    """When a stored card is due (timezone-aware), or None when that cannot be read."""
    try:
        due = datetime.fromisoformat(card["due"])
    except (KeyError, TypeError, ValueError):
        return None
    return due if due.tzinfo is not None else None


def cards_of(question_ids: Iterable[str], read: Callable[[str], dict | None]) -> dict[str, dict]:
    """The readable cards of `question_ids`, in that order.

    Args:
        question_ids: The questions to look at (e.g. a module's, in course order).
        read: The stored record of a question ({"card", "updated", "log"?}) or None,
            e.g. `ProgressStore.card`.
    """
    cards = {}
    for question_id in question_ids:
        card = (read(question_id) or {}).get("card")
        if isinstance(card, dict) and due_of(card) is not None:
            cards[question_id] = card
    return cards


def due_now(cards: Cards, now: datetime, limit: int | None = None) -> list[str]:
    """The questions due at `now`, the longest overdue first (ties in course order), at most `limit`."""
    dues = sorted(((due_time(card), question_id) for question_id, card in cards.items()), key=lambda pair: pair[0])
    ordered = [question_id for due, question_id in dues if due <= now]
    return ordered if limit is None else ordered[:limit]


def due_soonest(cards: Cards, limit: int | None = None) -> list[str]:
    """The learned cards, the soonest due first (ties in course order), at most `limit`: what "review
    ahead" asks, as Anki's does. A card still in its learning steps (answered wrong minutes ago) is
    left out: it comes back within minutes anyway, and seeing it again at once teaches nothing."""
    learned = ((due_time(card), question_id) for question_id, card in cards.items() if is_learned(card))
    ordered = [question_id for _, question_id in sorted(learned, key=lambda pair: pair[0])]
    return ordered if limit is None else ordered[:limit]


def next_due(cards: Cards) -> datetime | None:
    """When the first card is due, or None when there are no cards."""
    return min((due_time(card) for card in cards.values()), default=None)


def first_due(cards: Cards) -> datetime:
    """When the first of `cards` is due (`cards` is not empty: `next_due` says None for none)."""
    return min(due_time(card) for card in cards.values())


def is_learned(card: dict) -> bool:
    """Whether a card is learned: in FSRS's Review state, past its learning steps."""
    return card.get("state") == REVIEW_STATE


FORECAST = WEEK
"""How far ahead the second predicted recall looks: what the student keeps without reviewing."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DeckCounts(Record):
    """Where a set of cards stands at one moment."""

    cards: int
    learned: int
    due_now: int
    due_this_week: int
    """Due after now and within 7 days (those due now are not counted again)."""
    recall: float | None
    """Predicted probability of recall now, averaged over the cards; None without cards."""
    recall_later: float | None = None
    """The same `FORECAST` from now if no card is reviewed meanwhile; None without cards."""


def deck_counts(cards: Cards, now: datetime) -> DeckCounts:
    """Cards, learned, due now, due within a week, and the average predicted recall now and in a week."""
    dues = [due_time(card) for card in cards.values()]
    return DeckCounts(
        cards=len(cards),
        learned=sum(is_learned(card) for card in cards.values()),
        due_now=sum(due <= now for due in dues),
        due_this_week=sum(now < due <= now + WEEK for due in dues),
        recall=predicted_recall(cards, now),
        recall_later=predicted_recall(cards, now + FORECAST),
    )


def recalls(cards: Cards, now: datetime) -> dict[str, float]:
    """FSRS's retrievability of each card at `now` (0 to 1), by question id; unreadable cards left out.

    A `now` in the future is a forecast: what is left if none of the cards is reviewed by then.
    """
    if not cards:
        return {}
    from tutor.review.scheduler import card_from, make_scheduler, retrievability

    scheduler = make_scheduler(enable_fuzzing=False)
    found = {question_id: card_from(card) for question_id, card in cards.items()}
    return {
        question_id: retrievability(card, now, scheduler) for question_id, card in found.items() if card is not None
    }


def predicted_recall(cards: Cards, now: datetime) -> float | None:
    """FSRS's retrievability at `now` averaged over the cards (0 to 1), or None without cards.

    Each card's comes from the time since its last review to the second (see
    `tutor.review.scheduler.retrievability`), not in whole days.
    """
    values = list(recalls(cards, now).values())
    return sum(values) / len(values) if values else None
