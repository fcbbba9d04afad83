"""Scheduling with FSRS under a frozen clock, the stored cards and logs, and the deck's counts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import fsrs
import pytest

from tests.support.fakes import MemoryProgress
from tutor.progress import ProgressStore
from tutor.review.deck import (
    REVIEW_STATE,
    cards_of,
    deck_counts,
    due_now,
    is_learned,
    next_due,
    predicted_recall,
    recalls,
)
from tutor.review.wording import percent_text
from tutor.review.scheduler import (
    DESIRED_RETENTION,
    EASY_SECONDS,
    MAXIMUM_INTERVAL,
    card_from,
    make_scheduler,
    rating_for,
    record_review,
    review,
)
from tutor.text.formats import relative

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
SCHEDULER = make_scheduler(enable_fuzzing=False)


def due(card: dict) -> datetime:
    return datetime.fromisoformat(card["due"])


def first_review(correct: bool, seconds: float | None = 20.0, helped: bool = False) -> tuple[dict, dict]:
    return review(None, rating_for(correct, seconds, helped), NOW, SCHEDULER, seconds)


def test_the_settings_are_explicit() -> None:
    assert (SCHEDULER.desired_retention, DESIRED_RETENTION) == (0.9, 0.9)
    assert SCHEDULER.enable_fuzzing is False and make_scheduler(enable_fuzzing=True).enable_fuzzing is True
    assert SCHEDULER.learning_steps == (timedelta(minutes=10),) == SCHEDULER.relearning_steps
    assert SCHEDULER.maximum_interval == MAXIMUM_INTERVAL == 365
    assert tuple(SCHEDULER.parameters) == tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
    assert REVIEW_STATE == fsrs.State.Review  # what the deck counts as learned, read without importing fsrs


@pytest.mark.parametrize(
    ("correct", "seconds", "helped", "rating"),
    [
        (False, 2.0, False, fsrs.Rating.Again),
        (False, None, True, fsrs.Rating.Again),
        (True, 2.0, True, fsrs.Rating.Hard),
        (True, None, True, fsrs.Rating.Hard),
        (True, EASY_SECONDS, False, fsrs.Rating.Easy),
        (True, EASY_SECONDS + 0.1, False, fsrs.Rating.Good),
        (True, None, False, fsrs.Rating.Good),
    ],
)
def test_ratings(correct: bool, seconds: float | None, helped: bool, rating: fsrs.Rating) -> None:
    assert rating_for(correct, seconds, helped) == rating


def test_a_wrong_answer_is_due_again_within_the_day() -> None:
    card, log = first_review(correct=False)
    assert NOW < due(card) <= NOW + timedelta(hours=1) and due(card).date() == NOW.date()
    assert log["rating"] == fsrs.Rating.Again and not is_learned(card)


def test_a_right_answer_is_not_due_before_tomorrow() -> None:
    card, log = first_review(correct=True)
    assert due(card) >= NOW + timedelta(days=1) and due(card).date() > NOW.date()
    assert log["rating"] == fsrs.Rating.Good and is_learned(card)


def test_fast_is_easy_and_longer_than_good_helped_is_hard_and_shorter() -> None:
    good, _ = first_review(correct=True, seconds=30.0)
    easy, easy_log = first_review(correct=True, seconds=3.0)
    hard, hard_log = first_review(correct=True, seconds=3.0, helped=True)
    assert (easy_log["rating"], hard_log["rating"]) == (fsrs.Rating.Easy, fsrs.Rating.Hard)
    assert due(hard) < due(good) < due(easy)
    assert easy_log["review_duration"] == 3000


def test_a_known_card_answered_wrong_comes_back_the_same_day_then_grows_again() -> None:
    card, _ = first_review(correct=True)
    later = due(card)
    forgotten, _ = review(card, fsrs.Rating.Again, later, SCHEDULER)
    assert later < due(forgotten) <= later + timedelta(minutes=10)
    relearned, _ = review(forgotten, fsrs.Rating.Good, due(forgotten), SCHEDULER)
    known, _ = review(relearned, fsrs.Rating.Good, due(relearned), SCHEDULER)
    assert due(known) - due(relearned) > due(relearned) - due(forgotten) >= timedelta(days=1)


def test_times_are_stored_in_utc_whatever_the_clock_zone() -> None:
    paris = NOW.astimezone(ZoneInfo("Europe/Paris"))
    card, log = review(None, fsrs.Rating.Good, paris, SCHEDULER)
    assert log["review_datetime"] == "2025-03-01T09:00:00+00:00"
    assert card["last_review"].endswith("+00:00") and card["due"].endswith("+00:00")
    json.dumps([card, log], allow_nan=False)


@pytest.mark.parametrize(
    "stored", [None, {}, {"due": "soon"}, {"state": 2, "step": None, "due": NOW.isoformat()}, "text"]
)
def test_an_unreadable_card_is_started_afresh(stored: object) -> None:
    assert card_from(stored) is None
    card, log = review(stored, fsrs.Rating.Good, NOW, SCHEDULER)
    assert card == first_review(correct=True)[0] | {"card_id": card["card_id"]}


def test_cards_and_logs_round_trip_through_the_progress_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    first = record_review(
        ProgressStore(path), "q1", correct=False, seconds=5.0, helped=False, now=NOW, scheduler=SCHEDULER
    )
    again = NOW + timedelta(minutes=10)
    second = record_review(
        ProgressStore(path), "q1", correct=True, seconds=None, helped=True, now=again, scheduler=SCHEDULER
    )
    assert [first[0], second[0]] == [fsrs.Rating.Again, fsrs.Rating.Hard]
    record = ProgressStore(path).snapshot()["cards"]["q1"]  # the review log is in the whole document
    assert [entry["rating"] for entry in record["log"]] == [1, 2]
    assert [entry["review_datetime"] for entry in record["log"]] == [NOW.isoformat(), again.isoformat()]
    assert [entry["review_duration"] for entry in record["log"]] == [5000, None]
    card = fsrs.Card.from_dict(record["card"])
    assert card.due == second[1] and card.last_review == again and card.due.tzinfo == timezone.utc
    stored = ProgressStore(path).card("q1")
    assert stored["card"] == record["card"] and datetime.fromisoformat(stored["updated"]).utcoffset() == timedelta(0)


def stored_cards(*answers: tuple[str, bool, datetime]) -> MemoryProgress:
    progress = MemoryProgress()
    for question_id, correct, when in answers:
        record_review(progress, question_id, correct=correct, seconds=20.0, helped=False, now=when, scheduler=SCHEDULER)
    return progress


def test_due_cards_come_oldest_due_first_and_at_most_the_limit() -> None:
    progress = stored_cards(
        ("q-b", False, NOW),  # due at 09:10
        ("q-a", False, NOW - timedelta(hours=1)),  # due at 08:10
        ("q-c", True, NOW),  # due in days: not due
        ("q-d", False, NOW - timedelta(hours=1)),  # due at 08:10 too: after q-a in course order
    )
    cards = cards_of(["q-a", "q-b", "q-c", "q-d", "q-new"], progress.card)
    assert list(cards) == ["q-a", "q-b", "q-c", "q-d"]  # q-new was never answered: not a card
    later = NOW + timedelta(hours=1)
    assert due_now(cards, later) == ["q-a", "q-d", "q-b"]
    assert due_now(cards, later, limit=2) == ["q-a", "q-d"]
    assert due_now(cards, NOW - timedelta(hours=2)) == []
    assert next_due(cards) == NOW - timedelta(minutes=50) and next_due({}) is None


def test_deck_counts_learned_due_now_and_this_week() -> None:
    progress = stored_cards(("q1", True, NOW), ("q2", False, NOW), ("q3", True, NOW - timedelta(days=30)))
    cards = cards_of(["q1", "q2", "q3"], progress.card)
    counts = deck_counts(cards, NOW + timedelta(hours=1))
    assert (counts.cards, counts.learned, counts.due_now, counts.due_this_week) == (3, 2, 2, 1)
    assert counts.due_now == len(due_now(cards, NOW + timedelta(hours=1)))
    assert deck_counts({}, NOW).recall is None


def test_predicted_recall_is_the_average_retrievability() -> None:
    stable = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=4.0, difficulty=5.0, due=NOW, last_review=NOW)
    shaky = fsrs.Card(card_id=2, state=fsrs.State.Review, stability=1.0, difficulty=5.0, due=NOW, last_review=NOW)
    cards = {"stable": stable.to_dict(), "shaky": shaky.to_dict()}
    assert predicted_recall(cards, NOW) == pytest.approx(1.0)
    later = NOW + timedelta(days=4)
    expected = [SCHEDULER.get_card_retrievability(card, later) for card in (stable, shaky)]
    assert expected[0] == pytest.approx(DESIRED_RETENTION)  # FSRS: recall falls to 90 % after `stability` days
    assert expected[1] < expected[0]
    assert predicted_recall(cards, later) == pytest.approx(sum(expected) / 2)


@pytest.mark.parametrize(
    ("delta", "lang", "text"),
    [
        (timedelta(seconds=30), "en", "in 1 minute"),
        (timedelta(minutes=10), "en", "in 10 minutes"),
        (timedelta(hours=5, minutes=20), "en", "in 5 hours"),
        (timedelta(days=1), "fr", "dans 1 jour"),
        (timedelta(days=2, hours=23), "en", "in 3 days"),
    ],
)
def test_time_until_is_rounded_to_one_unit(delta: timedelta, lang: str, text: str) -> None:
    assert relative(NOW + delta, NOW, lang) == text


def walk_deck(minutes_later: float) -> tuple[dict[str, dict], datetime]:
    """The walk's deck (shared/reviews/walk.md): 16 questions answered right and fast (Easy) and 6 missed,
    all in one quiz; and the time `minutes_later`."""
    cards = {f"q-right-{index}": review(None, fsrs.Rating.Easy, NOW, SCHEDULER, 3.0)[0] for index in range(16)}
    cards |= {f"q-missed-{index}": review(None, fsrs.Rating.Again, NOW, SCHEDULER, 20.0)[0] for index in range(6)}
    return cards, NOW + timedelta(minutes=minutes_later)


def fsrs_formula(card: fsrs.Card, now: datetime) -> float:
    """FSRS-6's forgetting curve as FSRS states it, with the scheduler's own constants."""
    days = (now - card.last_review).total_seconds() / 86_400
    return (1 + SCHEDULER._FACTOR * days / card.stability) ** SCHEDULER._DECAY


def test_cards_missed_twenty_minutes_ago_are_not_predicted_at_100_percent() -> None:
    cards, now = walk_deck(20)
    recall = recalls(cards, now)
    missed = [recall[f"q-missed-{index}"] for index in range(6)]
    # FSRS's own formula, to the second: a missed card has a stability of w0 = 0.212 days.
    assert missed == [pytest.approx(fsrs_formula(card_from(cards["q-missed-0"]), now), rel=1e-12)] * 6
    assert max(missed) < 0.995 and all(value < 1 for value in recall.values())
    counts = deck_counts(cards, now)
    assert counts.due_now == 6
    assert counts.recall == pytest.approx(sum(recall.values()) / 22) and counts.recall < 0.998
    # In a week without review, the missed cards have fallen far more than the known ones.
    later = recalls(cards, now + timedelta(days=7))
    assert later["q-missed-0"] < 0.65 < 0.9 < later["q-right-0"]
    assert counts.recall_later == pytest.approx(sum(later.values()) / 22)


@pytest.mark.parametrize("stability", [0.212, 1.0, 2.3065, 8.2956, 120.0])
@pytest.mark.parametrize("days", [0, 1, 2, 5, 30, 400])
def test_at_whole_days_recall_is_exactly_what_fsrs_computes(stability: float, days: int) -> None:
    card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, difficulty=5.0, due=NOW, last_review=NOW)
    now = NOW + timedelta(days=days)
    assert recalls({"q": card.to_dict()}, now)["q"] == pytest.approx(
        SCHEDULER.get_card_retrievability(card, now), rel=1e-12
    )


@pytest.mark.parametrize(
    "elapsed", [timedelta(seconds=1), timedelta(minutes=20), timedelta(hours=5), timedelta(days=3, hours=7)]
)
def test_between_whole_days_recall_follows_the_fsrs_curve_to_the_second(elapsed: timedelta) -> None:
    card = fsrs.Card(
        card_id=1, state=fsrs.State.Learning, step=0, stability=0.212, difficulty=7.0, due=NOW, last_review=NOW
    )
    now = NOW + elapsed
    value = recalls({"q": card.to_dict()}, now)["q"]
    assert value == pytest.approx(fsrs_formula(card, now), rel=1e-12)
    whole = SCHEDULER.get_card_retrievability(card, now)
    assert SCHEDULER.get_card_retrievability(card, now + timedelta(days=1)) < value < whole
    if elapsed == timedelta(hours=5):  # about the stability (0.212 days = 5.1 hours): FSRS's 90 %
        assert value == pytest.approx(0.9, abs=0.005)


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (1.0, "en", "100"),
        (0.9972, "en", "99.7"),
        (0.9972, "fr", "99,7"),
        (0.99999, "en", "99.9"),
        (0.995, "en", "99.5"),
        (0.9949, "en", "99"),
        (0.821, "fr", "82"),
        (0.0, "en", "0"),
        (0.004, "en", "0.4"),
        (0.00001, "en", "0.1"),
        (0.005, "en", "1"),
        (0.425, "en", "43"),
    ],
)
def test_a_percentage_never_says_all_or_nothing_of_what_is_not(value: float, lang: str, text: str) -> None:
    assert percent_text(value, lang) == text
