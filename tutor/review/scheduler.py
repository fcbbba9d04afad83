"""Rating an answer and rescheduling its question's card with FSRS.

Every answer, in a quiz or in review, is one review of the question's card: wrong → Again,
right after opening the lesson or showing the hint → Hard, right within `EASY_SECONDS` → Easy,
otherwise right → Good. In review, the student may then say that a right answer was a guess
(Again) or hard (Hard), as Anki lets them rate themselves: `rerate` reviews the card again from
its state before the answer. Cards are stored as the JSON-safe dicts of `fsrs.Card.to_dict`,
their review logs as those of `fsrs.ReviewLog.to_dict` (a re-rated answer's log also has
`"rerated": true` and the same `review_datetime`: it replaces the log before it).
"""

from __future__ import annotations

from typing import Any, cast
from datetime import datetime, timedelta, UTC

import fsrs

from tutor.progress.api import ProgressTracker

DESIRED_RETENTION = 0.9
"""The probability of recall FSRS aims at when a card comes back."""
LEARNING_STEPS = (timedelta(minutes=10),)
"""A question first answered wrong comes back after 10 minutes; answered right, it graduates at once."""
RELEARNING_STEPS = (timedelta(minutes=10),)
"""A learned question answered wrong comes back after 10 minutes."""
MAXIMUM_INTERVAL = 365
"""Days: even a well-known question comes back within a year."""
EASY_SECONDS = 8.0
"""A right answer given within this many seconds of the question getting the focus is Easy."""


def make_scheduler(enable_fuzzing: bool) -> fsrs.Scheduler:
    """The FSRS scheduler with the tutor's settings, every one given here rather than inherited.

    Args:
        enable_fuzzing: Spread intervals a little at random so cards answered together do not
            stay together (True in use; False in tests, for exact due dates).
    """
    return fsrs.Scheduler(
        # FSRS-6's published weights, fitted on millions of reviews: one student's few answers
        # are far too few to fit their own.
        parameters=fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=DESIRED_RETENTION,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL,
        enable_fuzzing=enable_fuzzing,
    )


def rating_for(correct: bool, seconds: float | None, helped: bool) -> fsrs.Rating:
    """How well a question was known, from one answer.

    Args:
        correct: Whether the answer was right.
        seconds: Seconds from the question getting the focus to the answer; None when not measured.
        helped: Whether the student opened the question's lesson, or showed its hint, before answering.

    Returns:
        Again when wrong; Hard when right with help; Easy when right within `EASY_SECONDS`; else Good.
    """
    if not correct:
        return fsrs.Rating.Again
    if helped:
        return fsrs.Rating.Hard
    if seconds is not None and seconds <= EASY_SECONDS:
        return fsrs.Rating.Easy
    return fsrs.Rating.Good


def retrievability(card: fsrs.Card, now: datetime, scheduler: fsrs.Scheduler) -> float:
    """FSRS's probability that `card` is recalled at `now`: R(t, S) = (1 + F·t/S)^(−w₂₀).

    t is the time since the card's last review in days, *with its fraction*: py-fsrs's
    `get_card_retrievability` counts whole days only, so every card reviewed in the last 24 hours
    is predicted at exactly 100 %, even one missed twenty minutes ago. Anki computes it from the
    seconds elapsed (ankitects/anki#4034, fsrs-rs `current_retrievability_seconds`); so does this,
    with the scheduler's own decay w₂₀ and F = 0.9^(1/−w₂₀) − 1, so that R(S, S) = 90 %. At whole
    days it is exactly `scheduler.get_card_retrievability`. A card never reviewed has 0.
    """
    if card.last_review is None or not card.stability:
        return 0.0
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed = max(0.0, (now - card.last_review).total_seconds() / 86_400)
    return (1 + factor * elapsed / card.stability) ** decay


def card_from(stored: dict | None) -> fsrs.Card | None:
    """The FSRS card stored as `stored`, or None when there is none or it cannot be used (edited by hand)."""
    try:
        card = fsrs.Card.from_dict(cast(Any, stored))  # whatever was stored: what cannot be used is refused below
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    known = card.state == fsrs.State.Learning or (card.stability and card.difficulty)
    stepping = card.state == fsrs.State.Review or isinstance(card.step, int)
    aware = card.due.tzinfo is not None and (card.last_review is None or card.last_review.tzinfo is not None)
    return card if known and stepping and aware else None


def review(
    stored: dict | None, rating: fsrs.Rating, now: datetime, scheduler: fsrs.Scheduler, seconds: float | None = None
) -> tuple[dict, dict]:
    """Review a card (a new one when `stored` is None or unreadable) at `now`.

    Returns:
        The card's new state and the review's log, both as JSON-safe dicts.
    """
    now = now.astimezone(UTC)
    card = card_from(stored) or fsrs.Card(card_id=int(now.timestamp() * 1000), due=now)
    duration = None if seconds is None else round(seconds * 1000)
    card, log = scheduler.review_card(card, rating, review_datetime=now, review_duration=duration)
    return dict(card.to_dict()), dict(log.to_dict())


def record_review(
    progress: ProgressTracker,
    question_id: str,
    *,
    correct: bool,
    seconds: float | None,
    helped: bool,
    now: datetime,
    scheduler: fsrs.Scheduler,
) -> tuple[fsrs.Rating, datetime]:
    """Rate one answer, reschedule the question's card and store the card with its review log.

    Returns:
        The rating given, and when the card is due next.
    """
    rating = rating_for(correct, seconds, helped)
    record = progress.card(question_id) or {}
    card, log = review(record.get("card"), rating, now, scheduler, seconds)
    progress.update_card(question_id, card, log)
    return rating, datetime.fromisoformat(card["due"])


def rerate(
    progress: ProgressTracker,
    question_id: str,
    before: dict | None,
    rating: fsrs.Rating,
    *,
    answered_at: datetime,
    seconds: float | None,
    scheduler: fsrs.Scheduler,
) -> datetime:
    """Rate again an answer just rated, as the student says it went ("I guessed": Again; "it was hard": Hard).

    The card is reviewed again from `before` (its stored record before the answer, None for a new
    card) at the answer's own time, so the answer counts once, with the new rating; the new log,
    marked `"rerated": true`, replaces the previous one (same `review_datetime`).

    Returns:
        When the card is due next.
    """
    card, log = review((before or {}).get("card"), rating, answered_at, scheduler, seconds)
    log["rerated"] = True
    progress.update_card(question_id, card, log)
    return datetime.fromisoformat(card["due"])
