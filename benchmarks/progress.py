"""The cost of one progress change as the history grows: 10, 100, 1,000 and 10,000 attempts and reviews.

Each history is what a student of the bundled course would have after that many quiz attempts and
card reviews (half each, every answer in its question's history, every review in its card's log),
stored in a new database. The store is then opened as the tutor opens it, and makes the changes a
quiz check makes: an attempt, then card reviews with their logs. Each change is timed from the call
to its return, the store waiting for the disk (wait=None): the lock, the rows the change touches
read and written, the commit flushed to disk.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HISTORIES = (10, 100, 1_000, 10_000)
START = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)


def _questions(course) -> list[tuple[str, object]]:
    return [(module.id, quiz) for module in course.modules for lesson in module.lessons for quiz in lesson.quizzes]


def _card(question_id: str, at: datetime, reviews: int) -> tuple[dict, dict]:
    card = {
        "card_id": abs(hash(question_id)) % 10**12,
        "state": 2,
        "step": None,
        "stability": 2.3 * (1 + reviews),
        "difficulty": 5.1,
        "due": (at + timedelta(days=2 + reviews)).isoformat(),
        "last_review": at.isoformat(),
    }
    log = {"card_id": card["card_id"], "rating": 3, "review_datetime": at.isoformat(), "review_duration": 12500}
    return card, log


def history(course, size: int, seed: int = 0) -> dict:
    """The document after `size` quiz attempts and card reviews, half each."""
    from tutor.progress import document as doc

    rng = random.Random(seed)
    quizzes = _questions(course)
    question_ids = [question.id for _, quiz in quizzes for question in quiz.questions]
    document = doc.new_document()
    for number in range(size):
        at = START + timedelta(minutes=number)
        stamp = at.isoformat(timespec="microseconds")
        if number % 2 == 0:
            module_id, quiz = quizzes[(number // 2) % len(quizzes)]
            answers = {question.id: rng.randrange(len(question.options)) for question in quiz.questions}
            right = frozenset(question.id for question in quiz.questions if answers[question.id] == question.answer)
            attempt = {"at": stamp, "answers": answers, "score": len(right), "total": len(answers), "duration": 95.2}
            doc.add_attempt(document, module_id, quiz.id, attempt, right)
        else:
            question_id = question_ids[(number // 2) % len(question_ids)]
            card, log = _card(question_id, at, number // (2 * len(question_ids)))
            doc.set_card(document, question_id, card, log, stamp)
    return document


def change_costs(course, changes: int, flush: bool = True) -> tuple[dict[int, list[float]], dict[int, float]]:
    """Milliseconds for each of `changes` changes at each history size, and for opening each store.

    The stores of every size are open at once and take turns, change by change: a shared disk's
    slow moments fall on every size alike.

    Args:
        flush: Wait for the disk at each commit, as the tutor does; False measures the store's own
            work alone (what could grow with the history), without the flush a shared disk makes noisy.
    """
    from tutor.progress import ProgressStore, database
    from tutor.progress.database import create
    from tutor.progress.storage import StorePaths, make_directory

    module_id, quiz = _questions(course)[0]
    pragmas = database.PRAGMAS
    if not flush:
        database.PRAGMAS = tuple(pragma.replace("synchronous = FULL", "synchronous = OFF") for pragma in pragmas)
    try:
        with tempfile.TemporaryDirectory() as directory:
            stores, opened = {}, {}
            for size in HISTORIES:
                path = Path(directory) / str(size) / "progress.json"
                make_directory(path)
                create(StorePaths(path).database, history(course, size))
                started = time.perf_counter()
                stores[size] = ProgressStore(path)
                opened[size] = (time.perf_counter() - started) * 1000
                stores[size].mark_visited(module_id, "warm-up")  # imports the lock's module, opens the database
            times: dict[int, list[float]] = {size: [] for size in HISTORIES}
            for number in range(changes):
                at = datetime.now(timezone.utc)
                for size, store in stores.items():
                    started = time.perf_counter()
                    if number % len(quiz.questions) == 0:
                        answers = {question.id: 0 for question in quiz.questions}
                        store.record_attempt(module_id, quiz.id, answers, 1, len(answers), duration=60.0, correct=[])
                    else:
                        question_id = quiz.questions[number % len(quiz.questions)].id
                        store.update_card(question_id, *_card(question_id, at, 1))
                    times[size].append((time.perf_counter() - started) * 1000)
            for store in stores.values():
                assert store.warning is None, store.warning
                store.close()
    finally:
        database.PRAGMAS = pragmas
    return times, opened
