"""The progress store: its API, merging, and what it does when the files or the disk misbehave.

Every test runs twice: with the POSIX calls the store uses where it can (descriptors of
directories, O_NOFOLLOW, owners and modes), and with them taken away, as on Windows
(`tests.support.portable`). A test marked `posix_only` says why its guarantee cannot hold there.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tutor.progress import ProgressStore, database, storage
from tutor.progress.document import FORMAT_VERSION, parse
from tutor.progress.storage import StorePaths
from tutor.progress.store import read_document
from tutor.text.i18n import Messages

POSIX_ONLY: dict[str, str] = {}
"""Test name → why it cannot hold where POSIX's calls are missing."""


def posix_only(reason: str):
    def mark(test):
        POSIX_ONLY[test.__name__] = reason
        return test

    return mark


NO_OWNERS = "Windows has no POSIX owners or modes (a file is as private as its directory's access list)"


@pytest.fixture(autouse=True, params=["posix", "without-posix"])
def platform(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs each test with the store's POSIX calls, then without them (as on Windows)."""
    from tests.support.portable import take_posix_away

    if request.param == "without-posix":
        reason = POSIX_ONLY.get(request.node.originalname)
        if reason is not None:
            pytest.skip(f"POSIX only: {reason}")
        take_posix_away(monkeypatch)
    return request.param


CARD = {
    "card_id": 1,
    "state": 2,
    "step": None,
    "stability": 2.3,
    "difficulty": 2.1,
    "due": "2025-03-03T09:40:00+00:00",
    "last_review": "2025-03-01T09:40:00+00:00",
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cnn-tutor" / "progress.json"


def stored(path: Path) -> dict:
    """The whole document on disk, read as `cnn-tutor progress --json` reads it."""
    return read_document(path)


def database_of(path: Path) -> Path:
    return StorePaths(path).database


def files_in(directory: Path) -> list[str]:
    return sorted(entry.name for entry in directory.iterdir())


# The API


def test_lessons_go_from_new_to_visited_to_completed(path: Path) -> None:
    store = ProgressStore(path)
    assert store.lesson_state("m", "a") == "new"
    store.mark_visited("m", "a")
    assert store.lesson_state("m", "a") == "visited"
    store.mark_completed("m", "a")
    store.mark_completed("m", "b")  # completing also counts as a visit
    assert (store.lesson_state("m", "a"), store.lesson_state("m", "b")) == ("completed", "completed")
    lessons = stored(path)["modules"]["m"]["lessons"]
    assert set(lessons["b"]) == {"visited", "completed"}
    assert datetime.fromisoformat(lessons["a"]["visited"]).utcoffset() == timedelta(0)


def test_first_visit_and_completion_times_are_kept(path: Path) -> None:
    store = ProgressStore(path)
    store.mark_completed("m", "a")
    first = stored(path)["modules"]["m"]["lessons"]["a"]
    store.mark_visited("m", "a")
    store.mark_completed("m", "a")
    assert stored(path)["modules"]["m"]["lessons"]["a"] == first


def test_last_position_is_the_most_recent_in_any_module(path: Path) -> None:
    store = ProgressStore(path)
    assert store.last_position() is None
    store.set_position("m1", "a", 0.5)
    store.set_position("m2", "b", 0.75)
    assert store.last_position() == ("m2", "b", 0.75)
    store.set_position("m1", "c", 0.25)
    assert ProgressStore(path).last_position() == ("m1", "c", 0.25)
    store.set_position("m1", "c", 12)  # a fraction: past the end is the end
    assert ProgressStore(path).last_position() == ("m1", "c", 1.0)


def test_attempts_best_score_and_question_history(path: Path) -> None:
    store = ProgressStore(path)
    assert store.attempts("m", "quiz") == [] and store.best_score("m", "quiz") is None
    store.record_attempt("m", "quiz", {"q1": 0, "q2": 2}, 1, 2, duration=31.5, correct={"q2"})
    store.record_attempt("m", "quiz", {"q1": 1}, 1, 1)  # q2 unanswered: left out
    store.record_attempt("m", "quiz", {"q1": 1, "q2": 2}, 1, 2)
    attempts = store.attempts("m", "quiz")
    assert [(a["score"], a["total"]) for a in attempts] == [(1, 2), (1, 1), (1, 2)]
    assert attempts[0]["answers"] == {"q1": 0, "q2": 2} and attempts[0]["duration"] == 31.5
    assert "duration" not in attempts[1]
    assert store.best_score("m", "quiz") == (1, 1)  # the highest fraction, not the highest count
    first, second, _ = store.question_history("q1")
    assert first["option"] == 0 and first["correct"] is False and first["quiz"] == "quiz"
    assert second["option"] == 1 and "correct" not in second  # correctness not given
    assert store.question_history("q2")[0]["correct"] is True


def test_answers_given_in_review_join_the_history(path: Path) -> None:
    store = ProgressStore(path)
    when = datetime(2025, 3, 1, 12, tzinfo=timezone(timedelta(hours=1)))
    store.record_answer("q1", 2, True, when=when)
    store.record_answer("q1", 0, False)
    history = store.question_history("q1")
    assert history[0] == {"at": "2025-03-01T11:00:00.000000+00:00", "option": 2, "correct": True}
    assert history[1]["option"] == 0 and history[1]["correct"] is False


def test_cards_keep_the_latest_state_and_every_log(path: Path) -> None:
    store = ProgressStore(path)
    assert store.card("q1") is None
    store.update_card("q1", CARD, {"rating": 3})
    later = {**CARD, "stability": 4.0}
    store.update_card("q1", later, {"rating": 4})
    card = ProgressStore(path).card("q1")
    assert card["card"] == later and set(card) == {"card", "updated"}
    assert stored(path)["cards"]["q1"]["log"] == [{"rating": 3}, {"rating": 4}]


@pytest.mark.parametrize(
    "odd",
    [
        {"state": 99},
        {"state": True},
        {"state": "2"},
        {"stability": -5.0},
        {"stability": 0},
        {"stability": 1e308},
        {"stability": "x"},
        {"difficulty": -3},
        {"difficulty": None},
        {"step": -1},
        {"step": 10**6},
        {"due": "x"},
        {"due": "2025-03-03T09:40:00"},
        {"last_review": "2025-03-01T09:40:00"},
        {"due": None},
    ],
)
def test_a_card_fsrs_cannot_use_is_not_used(path: Path, odd: dict) -> None:
    """Such a card made `cnn-tutor progress` and the review screen fail: the question is new again instead."""
    from tutor.review.deck import cards_of, deck_counts, utc_now
    from tutor.review.scheduler import make_scheduler, record_review

    store = ProgressStore(path)
    store.update_card("q1", {**CARD, **odd})
    assert store.card("q1") is None
    assert deck_counts(cards_of(["q1"], store.card), utc_now()).cards == 0
    record_review(store, "q1", correct=True, seconds=3, helped=False, now=utc_now(), scheduler=make_scheduler(False))
    assert store.card("q1")["card"]["state"] in (1, 2)  # a fresh card replaced it


def test_snapshot_is_the_stored_document_and_a_copy(path: Path) -> None:
    store = ProgressStore(path)
    store.record_attempt("m", "quiz", {"q": 1}, 1, 1)
    snapshot = store.snapshot()
    assert snapshot == stored(path) and snapshot["format_version"] == FORMAT_VERSION
    snapshot["modules"].clear()
    store.attempts("m", "quiz")[0]["answers"]["q"] = 9
    assert store.snapshot() == stored(path)


def test_nothing_is_written_until_something_changes(path: Path) -> None:
    store = ProgressStore(path)
    assert store.snapshot()["modules"] == {} and not path.parent.exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.record_attempt("m", "quiz", {"q": -1}, 0, 1),
        lambda s: s.record_attempt("m", "quiz", {"q": 1}, 2, 1),
        lambda s: s.record_attempt("m", "quiz", {}, 0, 0),
        lambda s: s.record_attempt("m", "quiz", {"q": 1}, 1, 1, duration=float("nan")),
        lambda s: s.mark_visited("", "a"),
        lambda s: s.set_position("m", "a", float("inf")),
        lambda s: s.set_position("m", "a", float("nan")),
        lambda s: s.record_answer("q", 1, True, when=datetime(2025, 1, 1)),
        lambda s: s.update_card("q", {"when": datetime(2025, 1, 1)}),
        lambda s: s.update_card("q", {"stability": float("inf")}),
        lambda s: s.remember_language(""),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_stored(path: Path, call) -> None:
    store = ProgressStore(path)
    with pytest.raises(ValueError):
        call(store)
    assert not path.parent.exists() and store.warning is None


# Merging and forward compatibility


def test_two_sessions_never_lose_each_others_updates(path: Path) -> None:
    first, second = ProgressStore(path), ProgressStore(path)
    first.record_attempt("m", "quiz", {"q": 0}, 0, 1)
    second.mark_completed("m", "a")  # second's copy in memory is stale: it must not overwrite
    first.set_position("m", "a", 0.5)
    document = stored(path)
    assert len(document["modules"]["m"]["quizzes"]["quiz"]["attempts"]) == 1
    assert "completed" in document["modules"]["m"]["lessons"]["a"]
    assert document["modules"]["m"]["position"]["lesson"] == "a"
    assert first.lesson_state("m", "a") == "completed"  # and each session sees the other's, once it writes
    assert second.best_score("m", "quiz") == (0, 1)
    third = ProgressStore(path)
    first.mark_visited("m", "b")
    assert third.lesson_state("m", "b") == "new"  # a session that has not written since shows what it read
    third.mark_visited("m", "c")
    assert third.lesson_state("m", "b") == "visited"


def test_unknown_keys_and_ids_are_kept(path: Path) -> None:
    path.parent.mkdir(parents=True)
    document = {
        "format_version": 1,
        "future": {"anything": [1, 2]},
        "modules": {
            "old-module": {"lessons": {"gone": {"visited": "2024-01-01T00:00:00.000000+00:00", "note": "x"}}},
            "m": {"quizzes": {"quiz": {"attempts": [], "extra": True}}, "badges": ["a"]},
        },
        "questions": {"removed-question": {"history": [], "flag": 1}},
    }
    path.write_text(json.dumps(document))
    store = ProgressStore(path)
    store.record_attempt("m", "quiz", {"q": 1}, 1, 1)
    store.mark_visited("old-module", "new-lesson")
    after = stored(path)
    assert after["future"] == {"anything": [1, 2]}
    assert after["modules"]["old-module"]["lessons"]["gone"]["note"] == "x"
    assert after["modules"]["m"]["badges"] == ["a"] and after["modules"]["m"]["quizzes"]["quiz"]["extra"] is True
    assert after["questions"]["removed-question"] == {"history": [], "flag": 1}


identifiers = st.text(min_size=1, max_size=12)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("visit"), identifiers, identifiers),
        st.tuples(st.just("complete"), identifiers, identifiers),
        st.tuples(st.just("position"), identifiers, identifiers, st.floats(0, 1)),
        st.tuples(
            st.just("attempt"),
            identifiers,
            identifiers,
            st.dictionaries(identifiers, st.integers(0, 8), max_size=4),
            st.integers(1, 5),
        ),
        st.tuples(
            st.just("draft"), identifiers, identifiers, st.dictionaries(identifiers, st.integers(0, 8), max_size=3)
        ),
        st.tuples(st.just("answer"), identifiers, st.integers(0, 8), st.booleans()),
        st.tuples(st.just("card"), identifiers, st.dictionaries(identifiers, st.integers() | st.text(), max_size=3)),
        st.tuples(st.just("check"), identifiers, st.booleans(), st.sampled_from(["passed", "wrong_value", "syntax"])),
        st.tuples(st.just("hint"), identifiers, st.integers(1, 6)),
    ),
    max_size=8,
)


APPLY = {
    "visit": lambda store, module_id, lesson_id: store.mark_visited(module_id, lesson_id),
    "complete": lambda store, module_id, lesson_id: store.mark_completed(module_id, lesson_id),
    "position": lambda store, module_id, lesson_id, scroll: store.set_position(module_id, lesson_id, scroll),
    "attempt": lambda store, module_id, quiz_id, answers, total: store.record_attempt(
        module_id, quiz_id, answers, total // 2, total
    ),
    "draft": lambda store, module_id, quiz_id, answers: store.keep_draft(module_id, quiz_id, answers),
    "answer": lambda store, question_id, option, correct: store.record_answer(question_id, option, correct),
    "card": lambda store, question_id, card: store.update_card(question_id, card),
    "check": lambda store, exercise_id, passed, diagnosis: store.record_exercise_attempt(
        exercise_id, passed, digest="0" * 64, diagnosis=diagnosis, duration=0.2
    ),
    "hint": lambda store, exercise_id, level: store.record_hint(exercise_id, level),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_round_trip_any_changes_with_any_ids(operations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "progress.json"
        store = ProgressStore(path)
        for kind, *values in operations:
            APPLY[kind](store, *values)
        reopened = ProgressStore(path)
        assert reopened.snapshot() == store.snapshot() == stored(path)
        quizzes = Counter((module_id, quiz_id) for kind, module_id, quiz_id, *_ in operations if kind == "attempt")
        for (module_id, quiz_id), count in quizzes.items():
            assert len(reopened.attempts(module_id, quiz_id)) == count
        for kind, module_id, lesson_id, *_ in operations:
            if kind in ("visit", "complete"):
                assert reopened.lesson_state(module_id, lesson_id) != "new"
        checks = Counter(exercise_id for kind, exercise_id, *_ in operations if kind == "check")
        assert {
            key: status["attempts"] for key, status in reopened.exercise_statuses().items() if status["attempts"]
        } == checks
        assert reopened.exercise_statuses() == store.exercise_statuses()
        assert reopened.warning is None and reopened.notices == []


class Model:
    """What the store must remember, in plain Python: the last call wins, times only grow.

    A quiz's draft is kept question by question: a session's call changes the answers that differ
    from those it last gave or read (`draft`; never read: what it shows), and forgets those it no
    longer gives.
    """

    def __init__(self) -> None:
        self.states: dict = {}
        self.position = None
        self.attempts: Counter = Counter()
        self.best: dict = {}
        self.drafts: dict = {}
        self.history: Counter = Counter()
        self.cards: dict = {}
        self.exercises: dict = {}
        """exercise id → [attempts, passes, highest hint, whether the last check passed]"""
        self.known: dict = {}
        """By session, by quiz: the draft as that session last gave or read it."""
        self.views: dict = {}
        """By session: the drafts it shows, as they were when it last wrote (or opened the file)."""

    def seen(self, who: int) -> None:
        """The session has written (or opened the file): it shows what the file holds."""
        self.views[who] = copy.deepcopy(self.drafts)

    def draft_changes(self, who: int, module_id: str, quiz_id: str, answers: dict) -> dict:
        """What a session's `keep_draft` changes: question → option, or None (forgotten)."""
        known = self.known.get(who, {}).get((module_id, quiz_id))
        if known is None:
            known = self.views.get(who, {}).get((module_id, quiz_id), {})
        changes = {question: None for question in known if question not in answers}
        return changes | {question: option for question, option in answers.items() if known.get(question) != option}

    def apply(self, kind: str, *values, who: int = 0) -> None:
        if kind == "visit":
            self.states.setdefault(values, "visited")
        elif kind == "complete":
            self.states[values] = "completed"
        elif kind == "position":
            self.position = (values[0], values[1], min(float(values[2]), 1.0))
        elif kind == "attempt":
            module_id, quiz_id, answers, total = values
            score = total // 2
            self.attempts[module_id, quiz_id] += 1
            best = self.best.get((module_id, quiz_id))
            if best is None or score * best[1] > best[0] * total:
                self.best[module_id, quiz_id] = (score, total)
            draft = {
                question: option
                for question, option in self.drafts.get((module_id, quiz_id), {}).items()
                if question not in answers
            }
            self.drafts[module_id, quiz_id] = draft  # what the attempt checked leaves the draft
            self.known.setdefault(who, {})[module_id, quiz_id] = {}
            self.history.update(list(answers))
        elif kind == "draft":
            module_id, quiz_id, answers = values
            draft = self.drafts.setdefault((module_id, quiz_id), {})
            for question, option in self.draft_changes(who, module_id, quiz_id, answers).items():
                if option is None:
                    draft.pop(question, None)
                else:
                    draft[question] = option
            self.known.setdefault(who, {})[module_id, quiz_id] = dict(answers)
        elif kind == "answer":
            self.history[values[0]] += 1
        elif kind == "card":
            self.cards[values[0]] = values[1]
        elif kind == "check":
            record = self.exercises.setdefault(values[0], [0, 0, 0, None])
            record[0] += 1
            record[1] += values[1]
            record[3] = values[1]
        elif kind == "hint":
            record = self.exercises.setdefault(values[0], [0, 0, 0, None])
            record[2] = max(record[2], values[1])

    def read(self, store: ProgressStore, who: int, module_id: str, quiz_id: str) -> None:
        """A session reads a quiz's draft (as its quiz view does when it opens): it shows what it last saw."""
        draft = self.views.get(who, {}).get((module_id, quiz_id), {})
        assert store.draft(module_id, quiz_id) == draft
        self.known.setdefault(who, {})[module_id, quiz_id] = dict(draft)

    def check(self, store: ProgressStore) -> None:
        for (module_id, lesson_id), state in self.states.items():
            assert store.lesson_state(module_id, lesson_id) == state
        assert store.last_position() == self.position
        for (module_id, quiz_id), best in self.best.items():
            assert store.best_score(module_id, quiz_id) == best
        snapshot = store.snapshot()  # not `draft`, which tells the store what its caller shows
        for module_id, quiz_id in {*self.attempts, *self.drafts}:
            assert doc_draft(snapshot, module_id, quiz_id) == self.drafts.get((module_id, quiz_id), {})
        statuses = store.exercise_statuses()
        assert set(statuses) == set(self.exercises)
        for exercise_id, (attempts, passes, hints, passed) in self.exercises.items():
            status = statuses[exercise_id]
            assert (status["attempts"], status["passes"], status["hints"]) == (attempts, passes, hints)
            assert (status["last"] and status["last"]["passed"]) == (passed and True)

    def check_document(self, document: dict) -> None:
        for (module_id, quiz_id), count in self.attempts.items():
            assert len(doc_attempts(document, module_id, quiz_id)) == count
        for question_id, count in self.history.items():
            assert len(doc_history(document, question_id)) == count
        assert {question: record.get("card") for question, record in document["cards"].items()} == self.cards


def doc_draft(document: dict, module_id: str, quiz_id: str) -> dict:
    from tutor.progress.document import draft

    return draft(document, module_id, quiz_id)


def doc_attempts(document: dict, module_id: str, quiz_id: str) -> list:
    from tutor.progress.document import attempts

    return attempts(document, module_id, quiz_id)


def doc_history(document: dict, question_id: str) -> list:
    from tutor.progress.document import history

    return history(document, question_id)


small_ids = st.sampled_from(["a", "b", "c"])
quiz_ids = st.just("m"), st.sampled_from(["a", "b"])  # few quizzes: the two sessions often share one
session_operations = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.one_of(
            st.tuples(st.sampled_from(["visit", "complete"]), small_ids, small_ids),
            st.tuples(st.just("position"), small_ids, small_ids, st.sampled_from([0.0, 0.5, 1.0])),
            st.tuples(
                st.just("attempt"),
                *quiz_ids,
                st.dictionaries(small_ids, st.integers(0, 3), max_size=2),
                st.integers(1, 4),
            ),
            st.tuples(st.just("draft"), *quiz_ids, st.dictionaries(small_ids, st.integers(0, 3), max_size=3)),
            st.tuples(st.just("read"), *quiz_ids),
            st.tuples(st.just("answer"), small_ids, st.integers(0, 3), st.booleans()),
            st.tuples(st.just("card"), small_ids, st.dictionaries(small_ids, st.integers(), max_size=2)),
            st.tuples(st.just("check"), small_ids, st.booleans(), st.just("passed")),
            st.tuples(st.just("hint"), small_ids, st.integers(1, 4)),
            st.tuples(st.just("reopen")),
        ),
    ),
    max_size=14,
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session_operations)
@example(  # two tabs on one quiz: the second, which read it empty, sees the first's answer only after it writes
    [
        (1, ("read", "m", "a")),
        (0, ("read", "m", "a")),
        (0, ("draft", "m", "a", {"a": 1})),
        (1, ("visit", "m", "b")),
        (1, ("draft", "m", "a", {"b": 2})),
        (0, ("draft", "m", "a", {"a": 1, "c": 0})),
        (1, ("read", "m", "a")),
    ]
)
def test_two_sessions_behave_as_one_model(operations: list[tuple]) -> None:
    """Two sessions on one file, in any order of calls, keep what one session would (the last call wins)."""
    from itertools import count
    from unittest import mock

    ticks = count(1)
    clock = lambda: f"2025-01-01T00:00:00.{next(ticks):06d}+00:00"  # noqa: E731 — times only grow
    with tempfile.TemporaryDirectory() as directory, mock.patch("tutor.progress.store.utc_now", clock):
        path = Path(directory) / "progress.json"
        model, sessions = Model(), [ProgressStore(path), ProgressStore(path)]
        for who, (kind, *values) in operations:
            if kind == "reopen":
                sessions[who] = ProgressStore(path)
                model.known.pop(who, None)
            elif kind == "read":
                model.read(sessions[who], who, *values)
                continue
            elif kind == "position" and sessions[who].last_position() == tuple(values):
                sessions[who].set_position(*values)  # the same position: not written again
                continue
            elif kind == "draft" and not model.draft_changes(who, *values):
                sessions[who].keep_draft(*values)  # the same draft: not written again
                continue
            else:
                APPLY[kind](sessions[who], *values)
                model.apply(kind, *values, who=who)
            model.seen(who)
            model.check(sessions[who])  # each session sees the other's changes once it has written
        model.check(ProgressStore(path))
        model.check_document(stored(path))


# Where the files are


@pytest.mark.parametrize(
    ("named", "database", "legacy"),
    [
        ("progress.json", "progress.sqlite3", "progress.json"),
        ("class-3.json", "class-3.sqlite3", "class-3.json"),
        ("progress.sqlite3", "progress.sqlite3", None),
        ("progress", "progress.sqlite3", "progress"),
        ("notes.txt", "notes.txt.sqlite3", "notes.txt"),
        (".json", ".json.sqlite3", ".json"),
    ],
)
def test_the_database_is_beside_the_named_file(tmp_path: Path, named: str, database: str, legacy: str | None) -> None:
    paths = StorePaths(tmp_path / named)
    assert paths.database == tmp_path / database and paths.lock == tmp_path / f"{database}.lock"
    assert paths.legacy == (None if legacy is None else tmp_path / legacy)


# Migration from the JSON file of earlier versions


def test_a_json_progress_file_is_copied_into_a_database_and_left_as_it_was(path: Path) -> None:
    path.parent.mkdir(parents=True)
    earlier = ProgressStore(path.with_name("scratch.sqlite3"))
    earlier.mark_completed("m", "a")
    earlier.set_position("m", "a", 0.5)
    earlier.record_attempt("m", "quiz", {"q1": 1, "q2": 0}, 1, 2, duration=12.5, correct=["q1"])
    earlier.update_card("q1", CARD, {"rating": 3})
    document = earlier.snapshot()
    content = json.dumps(document, indent=2).encode()
    path.write_bytes(content)
    path.chmod(0o644)

    store = ProgressStore(path)
    (notice,) = store.take_notices()
    assert str(database_of(path)) in notice and str(path) in notice
    assert stored(path) == document and store.lesson_state("m", "a") == "completed"
    assert path.read_bytes() == content and stat.S_IMODE(database_of(path).stat().st_mode) == 0o600
    store.mark_visited("m", "b")
    again = ProgressStore(path)  # the database is used from now on; the JSON file is not read again
    assert again.notices == [] and again.lesson_state("m", "b") == "visited" and path.read_bytes() == content


def test_a_damaged_json_progress_file_is_moved_aside_with_a_notice(path: Path) -> None:
    path.parent.mkdir(parents=True)
    content = b'{\n  "format_version": 1,\n  "modules": {"m": {"position": {"lesson": "a", "scroll": NaN'
    path.write_bytes(content)
    store = ProgressStore(path)
    (backup,) = path.parent.glob("progress.json.corrupt-*")
    assert backup.read_bytes() == content
    (notice,) = store.take_notices()
    assert str(backup) in notice and store.notices == [] and store.warning is None
    store.mark_visited("m", "a")
    assert stored(path)["modules"]["m"]["lessons"]["a"]["visited"]


@pytest.mark.parametrize(
    "content",
    [
        b'{"format_version": 1, "modules": {"m": {"position": {"lesson": "a", "scroll": NaN, "at": "x"}}}}',
        b'{"format_version": 1, "modules": {"m": {"position": {"lesson": "a", "scroll": Infinity, "at": "x"}}}}',
        b'{"format_version": 1, "modules": {"m": {"position": {"lesson": "a", "scroll": 1e999, "at": "x"}}}}',
        b'{"format_version": 1, "modules": {"m": []}}',
        b'{"format_version": 1, "modules": {"m": {"quizzes": {"q": {"best": {"score": 1'
        + b"0" * 4000
        + b', "total": 1, "at": "x"}}}}}}',
        b'{"format_version": 1, "questions": {"q": {"history": [{"at": "x", "option": -1}]}}}',
        b'{"format_version": 1, "future": ' + b"[" * 500 + b"]" * 500 + b"}",
        b'{"format_version": 1, "modu',
    ],
)
def test_odd_values_make_a_progress_file_invalid_never_a_crash(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = ProgressStore(path)
    assert len(store.take_notices()) == 1 and [p.read_bytes() for p in path.parent.glob("*.corrupt-*")] == [content]
    assert store.last_position() is None and store.snapshot()["modules"] == {}


@pytest.mark.parametrize(
    "content", [b"{not json", b"\xff\xfe garbage", b"[]", b'{"modules": {}}', b"Remember to buy milk.\n"]
)
def test_a_file_that_is_not_a_progress_file_is_refused_and_left_alone(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = ProgressStore(path)
    assert "not a cnn-tutor progress file" in store.warning and "memory" in store.warning
    store.mark_visited("m", "a")
    assert store.lesson_state("m", "a") == "visited"  # the tutor goes on, in memory
    assert "not a cnn-tutor progress file" in store.warning
    assert files_in(path.parent) == ["progress.json"] and path.read_bytes() == content


def test_a_directory_at_the_path_is_refused_and_never_renamed(path: Path) -> None:
    (path / "my files").mkdir(parents=True)  # e.g. --progress ~/Documents
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    assert "a directory" in store.warning and store.lesson_state("m", "a") == "visited"
    assert files_in(path.parent) == ["progress.json"] and files_in(path) == ["my files"]


def test_a_named_pipe_is_refused_without_waiting(path: Path) -> None:
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    writer = os.open(path, os.O_RDWR)  # an idle writer attached: reading it would see "nothing"
    try:
        store = ProgressStore(path)
        store.mark_visited("m", "a")
        assert "a named pipe" in store.warning
    finally:
        os.close(writer)
    assert files_in(path.parent) == ["progress.json"] and stat.S_ISFIFO(path.lstat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device file needs root")
def test_a_character_device_is_refused_not_read(path: Path) -> None:
    path.parent.mkdir(parents=True)
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is: endless
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    assert "a character device" in store.warning
    assert files_in(path.parent) == ["progress.json"]


def test_a_json_file_too_large_is_refused_not_read(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "MAX_LEGACY_BYTES", 1000)
    monkeypatch.setattr(storage.read_bounded, "__defaults__", (1000,))
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format_version": 1, "future": "x" * 2000}))
    store = ProgressStore(path)
    assert "larger than" in store.warning and files_in(path.parent) == ["progress.json"]


def test_a_read_error_is_reported_and_retried_never_taken_for_damage(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EMFILE, EACCES or EIO while reading say nothing about the file: it must not be moved aside."""
    ProgressStore(path).mark_completed("m", "a")
    content = database_of(path).read_bytes()
    real = database.Database.__init__

    def no_descriptor_left(self, *args, **kwargs):
        raise OSError(errno.EMFILE, os.strerror(errno.EMFILE))

    monkeypatch.setattr(database.Database, "__init__", no_descriptor_left)
    store = ProgressStore(path)
    assert "Too many open files" in store.warning and store.lesson_state("m", "a") == "new"
    store.mark_visited("m", "b")
    assert "Too many open files" in store.warning and store.lesson_state("m", "b") == "visited"
    assert database_of(path).read_bytes() == content and not list(path.parent.glob("*.corrupt-*"))
    monkeypatch.setattr(database.Database, "__init__", real)
    store.mark_visited("m", "c")
    assert store.warning is None and store.lesson_state("m", "a") == "completed"  # read again, once it could be
    assert {"a", "b", "c"} <= set(stored(path)["modules"]["m"]["lessons"])


def test_after_a_read_error_the_file_is_read_again_by_itself(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No change needed: the writer tries again; what it then finds damaged it moves aside."""
    ProgressStore(path).mark_completed("m", "a")
    real = database.Database.__init__

    def no_descriptor_left(self, *args, **kwargs):
        raise OSError(errno.EMFILE, os.strerror(errno.EMFILE))

    monkeypatch.setattr(database.Database, "__init__", no_descriptor_left)
    told = []
    store = ProgressStore(path)
    store.listen(lambda: told.append(store.warning))
    assert "Too many open files" in store.warning
    damage(database_of(path))
    monkeypatch.setattr(database.Database, "__init__", real)
    wait_until(lambda: store.notices)
    assert "could not be read" in store.notices[0] and len(list(path.parent.glob("progress.corrupt-*.sqlite3"))) == 1
    wait_until(lambda: store.warning is None)
    assert told[-1] is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files of mode 000")
def test_an_unreadable_file_is_reported_and_left_alone(path: Path) -> None:
    ProgressStore(path).mark_completed("m", "a")
    database_of(path).chmod(0)
    try:
        store = ProgressStore(path)
        store.mark_visited("m", "b")
        assert "permission denied" in store.warning and not list(path.parent.glob("*.corrupt-*"))
    finally:
        database_of(path).chmod(0o600)
    assert ProgressStore(path).lesson_state("m", "a") == "completed"


# A damaged database


def damage(file: Path, offset: int = 4096) -> None:
    """Overwrite part of a database after its header, as a failing disk would."""
    with open(file, "r+b") as stream:
        stream.seek(offset)
        stream.write(os.urandom(4096))


def test_a_damaged_database_is_moved_aside_with_its_journal(path: Path) -> None:
    store = ProgressStore(path)
    store.mark_completed("m", "a")
    damage(database_of(path))
    content = database_of(path).read_bytes()
    store = ProgressStore(path)
    (backup,) = path.parent.glob("progress.corrupt-*.sqlite3")
    assert backup.read_bytes() == content
    (notice,) = store.take_notices()
    assert str(backup) in notice and store.warning is None
    store.mark_visited("m", "b")
    assert store.lesson_state("m", "b") == "visited" and stored(path)["modules"]["m"]["lessons"].keys() == {"b"}


def test_a_journal_goes_aside_with_its_database(tmp_path: Path) -> None:
    """A journal left by a writer killed mid-transaction belongs to its database: SQLite rolls it back into it."""
    database_file = tmp_path / "progress.sqlite3"
    database_file.write_bytes(b"pages")
    Path(f"{database_file}-journal").write_bytes(b"journal")
    backup = storage.move_aside(database_file, "corrupt", ("-journal",))
    assert backup.name.startswith("progress.corrupt-") and backup.name.endswith(".sqlite3")
    assert files_in(tmp_path) == sorted([backup.name, f"{backup.name}-journal"])
    assert Path(f"{backup}-journal").read_bytes() == b"journal"


@pytest.mark.parametrize(
    ("row", "value"),
    [
        ('["modules","m","lessons","a"]', '{"visited": NaN}'),
        ('["modules","m","lessons","a"]', "[1]"),
        ('["modules","m","lessons"]', "{}"),
        ('["modules","m","position"]', '{"scroll": 1}'),
        ('["modules","m"]', '{"position": {"lesson": "a", "scroll": "far", "at": "x"}}'),
        ("[]", '{"format_version": 1, "modules": []}'),
    ],
)
def test_a_database_holding_an_invalid_document_is_moved_aside(path: Path, row: str, value: str) -> None:
    ProgressStore(path).mark_completed("m", "a")
    with sqlite3.connect(database_of(path)) as connection:
        connection.execute("INSERT OR REPLACE INTO items (path, value) VALUES (?, ?)", (row, value))
    store = ProgressStore(path)
    assert len(store.take_notices()) == 1 and len(list(path.parent.glob("progress.corrupt-*.sqlite3"))) == 1


def test_two_damaged_databases_in_the_same_second_get_two_backups(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    for _ in range(2):
        damage(database_of(path))
        ProgressStore(path).mark_visited("m", "a")
    assert len(list(path.parent.glob("progress.corrupt-*.sqlite3"))) == 2


@pytest.mark.parametrize("content", [b"SQLite format 3\x00" + bytes(84), b"my notes\n" * 20])
def test_a_database_of_another_program_is_refused_and_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "places.sqlite3"
    if content.startswith(b"SQLite"):
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE bookmarks (url TEXT)")
        content = path.read_bytes()
    else:
        path.write_bytes(content)
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    assert "not a cnn-tutor progress file" in store.warning and path.read_bytes() == content
    assert files_in(tmp_path) == ["places.sqlite3"]


def test_a_database_with_a_trigger_is_not_trusted(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    with sqlite3.connect(database_of(path)) as connection:
        connection.execute("CREATE TRIGGER t AFTER INSERT ON items BEGIN DELETE FROM appends; END")
    store = ProgressStore(path)
    assert len(store.take_notices()) == 1  # moved aside: nothing in it ran


def test_notices_are_in_the_students_language(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('{"format_version": 1, "modules": ')
    (notice,) = ProgressStore(path, Messages("fr")).notices
    assert "a été déplacé vers" in notice


@pytest.mark.parametrize("where", ["json", "database", "document"])
def test_a_newer_format_is_never_overwritten(path: Path, where: str) -> None:
    path.parent.mkdir(parents=True)
    newer = {"format_version": FORMAT_VERSION + 1, "modules": "a new layout"}
    if where == "json":
        target = path
        path.write_text(json.dumps(newer))
    else:
        ProgressStore(path).mark_visited("m", "a")
        target = database_of(path)
        with sqlite3.connect(target) as connection:
            if where == "database":
                connection.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
            else:
                connection.execute("UPDATE items SET value = ? WHERE path = '[]'", (json.dumps(newer),))
    content = target.read_bytes()
    store = ProgressStore(path)
    assert "newer cnn-tutor" in store.warning and "upgrade" in store.warning
    store.record_attempt("m", "quiz", {"q": 1}, 1, 1)
    assert store.best_score("m", "quiz") == (1, 1)  # kept in memory
    assert target.read_bytes() == content and not list(path.parent.glob("*.corrupt-*"))


# Privacy


def test_file_journal_lock_and_directory_are_private(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    paths = StorePaths(path)
    assert files_in(path.parent) == ["progress.sqlite3", "progress.sqlite3.lock"]  # the journal lives during a write
    with sqlite3.connect(paths.database) as connection:
        connection.execute("INSERT INTO settings VALUES ('x', '1')")  # a write in progress: SQLite's journal exists
        journal = paths.database.with_name("progress.sqlite3-journal")
        for file in (paths.database, paths.lock, journal):
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@posix_only(NO_OWNERS)
def test_a_database_readable_by_others_becomes_private_when_written(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    database_of(path).chmod(0o644)
    ProgressStore(path).mark_visited("m", "b")
    assert stat.S_IMODE(database_of(path).stat().st_mode) == 0o600


@pytest.mark.parametrize("link", ["file", "directory", "lock", "dangling", "database"])
def test_symbolic_links_are_refused_not_followed(tmp_path: Path, link: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "progress.json"
    target.write_text('{"format_version": 1}')
    home = tmp_path / "home"
    home.mkdir()
    path = home / "progress.json"
    if link == "file":
        path.symlink_to(target)
    elif link == "directory":
        (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
        path = tmp_path / "linked" / "progress.json"
    elif link == "lock":
        path.with_name("progress.sqlite3.lock").symlink_to(elsewhere / "lock")
    elif link == "database":
        path.with_name("progress.sqlite3").symlink_to(elsewhere / "progress.sqlite3")
    else:
        path.symlink_to(elsewhere / "nothing.json")
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    assert "symbolic link" in store.warning and "memory" in store.warning
    assert store.lesson_state("m", "a") == "visited"  # the tutor goes on, in memory
    assert target.read_text() == '{"format_version": 1}'
    assert files_in(elsewhere) == ["progress.json"]


@posix_only(NO_OWNERS)
def test_a_directory_others_can_write_in_is_not_written_in(tmp_path: Path) -> None:
    """Anyone could put a journal there for SQLite to roll back into the student's database."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    store = ProgressStore(shared / "progress.json")
    store.mark_visited("m", "a")
    assert "can be changed by other users" in store.warning and store.lesson_state("m", "a") == "visited"
    assert files_in(shared) == []


# An unwritable disk


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def write(self, changes) -> bool:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(database.Database, "write", write)


@pytest.mark.parametrize(("code", "reason"), [(errno.EROFS, "read-only"), (errno.ENOSPC, "disk is full")])
def test_unwritable_disk_keeps_changes_in_memory_and_saves_them_later(
    path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    fail_writes(monkeypatch, code)
    store.record_attempt("m", "quiz", {"q": 1}, 1, 1)
    store.mark_completed("m", "a")
    assert reason in store.warning and "memory" in store.warning
    assert store.lesson_state("m", "a") == "completed" and store.best_score("m", "quiz") == (1, 1)
    assert "quizzes" not in stored(path)["modules"]["m"]
    monkeypatch.undo()
    store.mark_visited("m", "b")
    assert store.warning is None
    assert ProgressStore(path).snapshot() == store.snapshot()
    assert len(store.attempts("m", "quiz")) == 1 and store.lesson_state("m", "a") == "completed"


def test_a_full_disk_during_a_transaction_leaves_the_database_as_it_was(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    before = stored(path)
    real = database.Database._put

    def full(self, changed, appends) -> None:
        real(self, changed, appends)  # rows written in the transaction, which then cannot finish
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(database.Database, "_put", full)
    store.record_attempt("m", "quiz", {"q": 1}, 1, 1)
    monkeypatch.undo()
    assert "disk is full" in store.warning
    assert stored(path) == before
    assert files_in(path.parent) == ["progress.sqlite3", "progress.sqlite3.lock"]


def test_what_could_not_be_saved_is_saved_at_close(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    fail_writes(monkeypatch, errno.ENOSPC)
    store.record_attempt("m", "quiz", {"q": 1}, 1, 1)
    assert store.close(timeout=5) == 1 and "disk is full" in store.warning  # still full: said, not lost silently
    assert "disk is full" in store.problem and "memory" not in store.problem  # what is said at quit
    monkeypatch.undo()  # the disk has room again, and the student quits without another change
    assert store.close(timeout=5) == 0 and store.warning is None
    assert len(ProgressStore(path).attempts("m", "quiz")) == 1


def test_a_file_that_cannot_be_locked_is_still_shown(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ProgressStore(path).mark_completed("m", "a")

    def locked(paths, timeout):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage, "locked", locked)
    store = ProgressStore(path, Messages("fr"))
    assert store.warning is None and store.lesson_state("m", "a") == "completed"
    store.mark_visited("m", "b")
    assert "permission refusée" in store.warning
    assert store.lesson_state("m", "b") == "visited"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory(path: Path) -> None:
    ProgressStore(path).mark_completed("m", "a")
    before = database_of(path).read_bytes()
    path.parent.chmod(0o500)
    try:
        store = ProgressStore(path)
        assert "permission denied" in store.warning  # said at once
        store.mark_visited("m", "b")
        assert store.warning and store.lesson_state("m", "a") == "completed"
        assert database_of(path).read_bytes() == before
    finally:
        path.parent.chmod(0o700)


@pytest.fixture
def small_file_system(tmp_path: Path):
    """A real 64 KiB file system, which can fill up and be made read-only: root only (skipped otherwise)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount_point)]
    if not shutil.which("mount") or subprocess.run(command, capture_output=True).returncode != 0:
        pytest.skip("mounting a file system needs root")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_a_real_full_then_read_only_file_system(small_file_system: Path, platform: str) -> None:
    path = small_file_system / "cnn-tutor" / "progress.json"
    store = ProgressStore(path)
    store.mark_completed("m", "a")
    filler = os.open(small_file_system / "filler", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(OSError):
        while True:
            os.write(filler, bytes(4096))
    os.close(filler)
    for number in range(3):
        store.record_attempt("m", "quiz", {"q": number}, 1, 1, duration=float(number))
    assert "disk is full" in store.warning and store.best_score("m", "quiz") == (1, 1)
    assert stored(path)["modules"]["m"].get("quizzes") is None
    os.remove(small_file_system / "filler")
    store.mark_visited("m", "b")
    assert store.warning is None and len(stored(path)["modules"]["m"]["quizzes"]["quiz"]["attempts"]) == 3
    assert store.close() == 0  # no file left open for writing: the file system can be made read-only

    subprocess.run(["mount", "-o", "remount,ro", str(small_file_system)], check=True)
    store = ProgressStore(path)
    # Without statvfs (Windows), a read-only disk is not told from a directory the user may not write in.
    reason = "read-only" if platform == "posix" else "permission denied"
    assert reason in store.warning and store.lesson_state("m", "a") == "completed"
    store.mark_visited("m", "c")
    assert store.lesson_state("m", "c") == "visited"


def test_a_lock_held_too_long_keeps_changes_in_memory(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    store = ProgressStore(path)
    store.mark_visited("m", "a")
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.1)
    with FileLock(StorePaths(path).lock):
        store.mark_completed("m", "a")
    assert "locked" in store.warning and store.lesson_state("m", "a") == "completed"
    store.mark_visited("m", "b")
    assert "completed" in stored(path)["modules"]["m"]["lessons"]["a"] and store.warning is None


def wait_until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition was never met"
        time.sleep(0.01)


def test_the_interface_waits_for_the_disk_a_tenth_of_a_second_at_most(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the lock held by another session, changes are shown at once and saved once it is free."""
    from filelock import FileLock

    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 1.0)
    told = []
    store = ProgressStore(path, wait=0.1)
    store.listen(lambda: told.append(store.warning))
    store.mark_visited("m", "a")
    lock = FileLock(StorePaths(path).lock, thread_local=False)
    with lock:
        started = time.monotonic()
        for number in range(30):
            store.mark_completed("m", f"lesson-{number}")
        assert time.monotonic() - started < 0.6  # waited 0.1 s, then 0.1 s a second at most: not 30 × 1 s
        assert store.lesson_state("m", "lesson-29") == "completed"
        wait_until(lambda: store.warning is not None)  # the writer gave up waiting for the lock, and said so
        assert "locked" in store.warning and told[-1] == store.warning
    store.mark_visited("m", "b")
    wait_until(lambda: store.warning is None)
    wait_until(lambda: len(stored(path)["modules"]["m"]["lessons"]) == 32)  # "b" may follow the backlog
    assert told[-1] is None


def test_the_interface_never_waits_for_the_disk_for_where_the_student_is(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A visit and a scroll position are not shown as saved: the interface goes on at once, even
    with the lock held by another session, and they are saved once it is free."""
    from filelock import FileLock

    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 60.0)
    store = ProgressStore(path, wait=60.0)  # a change shown as saved would wait up to a minute
    store.mark_visited("m", "a")
    moved = threading.Event()

    def move() -> None:
        store.mark_visited("m", "b")
        store.set_position("m", "b", 0.5)
        moved.set()

    with FileLock(StorePaths(path).lock, thread_local=False):
        threading.Thread(target=move, daemon=True).start()
        assert moved.wait(30)
        assert store.lesson_state("m", "b") == "visited" and store.last_position() == ("m", "b", 0.5)
    wait_until(lambda: "b" in stored(path)["modules"].get("m", {}).get("lessons", {}))
    assert store.close() == 0 and ProgressStore(path).last_position() == ("m", "b", 0.5)


def test_temporary_files_of_a_killed_writer_are_removed(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    leftovers = [
        path.with_name(".progress.sqlite3.123.abcd.tmp"),
        path.with_name(".progress.sqlite3.123.abcd.tmp-journal"),
    ]
    for leftover in leftovers:
        leftover.write_text("half")
    unrelated = path.with_name("notes.tmp")
    unrelated.write_text("mine")
    ProgressStore(path).mark_visited("m", "b")
    assert not any(leftover.exists() for leftover in leftovers) and unrelated.exists()


def test_the_example_in_the_readme_is_a_valid_document() -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("### The document\n\n```json\n", 1)[1].split("```", 1)[0]
    assert parse(example.encode())["modules"]["module3"]["quizzes"]["bn-quiz"]["best"]["score"] == 1


def test_quiz_draft_is_kept_until_the_quiz_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.keep_draft("module3", "quiz", {"q1": 2})
    store.keep_draft("module3", "quiz", {"q1": 2, "q2": 0})
    assert ProgressStore(path).draft("module3", "quiz") == {"q1": 2, "q2": 0}
    store.record_attempt("module3", "quiz", {"q1": 2, "q2": 0}, 1, 2)
    assert ProgressStore(path).draft("module3", "quiz") == {}
    store.keep_draft("module3", "quiz", {"q1": 1})
    store.keep_draft("module3", "quiz", {})
    assert ProgressStore(path).draft("module3", "quiz") == {}


def test_two_sessions_answering_one_quiz_keep_both_drafts(path: Path) -> None:
    """Two tabs on one quiz, each opened before the other answered (issue 18): no answer replaces another's."""
    first, second = ProgressStore(path), ProgressStore(path)
    assert first.draft("m", "quiz") == {} and second.draft("m", "quiz") == {}  # each quiz view restores this
    first.keep_draft("m", "quiz", {"q1": 1})
    second.keep_draft("m", "quiz", {"q2": 2})  # second never saw q1: it must not forget it
    assert ProgressStore(path).draft("m", "quiz") == {"q1": 1, "q2": 2} == second.draft("m", "quiz")
    assert stored(path)["modules"]["m"]["quizzes"]["quiz"]["draft"]["answers"] == {"q1": 1, "q2": 2}
    first.keep_draft("m", "quiz", {"q1": 1, "q3": 0})  # first still shows only its own answers
    assert ProgressStore(path).draft("m", "quiz") == {"q1": 1, "q2": 2, "q3": 0}


def test_two_sessions_answering_the_same_question_keep_the_later_answer(path: Path) -> None:
    first, second = ProgressStore(path), ProgressStore(path)
    first.draft("m", "quiz"), second.draft("m", "quiz")
    first.keep_draft("m", "quiz", {"q1": 1})
    second.keep_draft("m", "quiz", {"q1": 3})
    assert ProgressStore(path).draft("m", "quiz") == {"q1": 3}
    first.keep_draft("m", "quiz", {"q1": 0, "q2": 2})  # first changes its mind later: its answer wins now
    assert ProgressStore(path).draft("m", "quiz") == {"q1": 0, "q2": 2}
    second.keep_draft("m", "quiz", {"q1": 3, "q4": 1})  # q1 unchanged in second: first's later answer stays
    assert ProgressStore(path).draft("m", "quiz") == {"q1": 0, "q2": 2, "q4": 1}


def test_checking_a_quiz_keeps_another_sessions_answers_to_other_questions(path: Path) -> None:
    first, second = ProgressStore(path), ProgressStore(path)
    first.draft("m", "quiz"), second.draft("m", "quiz")
    first.keep_draft("m", "quiz", {"q1": 1})
    second.keep_draft("m", "quiz", {"q2": 2})
    first.record_attempt("m", "quiz", {"q1": 1}, 1, 1)
    assert ProgressStore(path).draft("m", "quiz") == {"q2": 2}  # second is still answering
    first.keep_draft("m", "quiz", {"q1": 0})  # a retake in first: a new draft, second's answer untouched
    assert ProgressStore(path).draft("m", "quiz") == {"q1": 0, "q2": 2}


def test_an_unchanged_draft_is_not_written_again(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProgressStore(path)
    store.keep_draft("m", "quiz", {"q1": 1})
    writes = []
    real = database.Database.write
    monkeypatch.setattr(database.Database, "write", lambda self, changes: writes.append(changes) or real(self, changes))
    store.keep_draft("m", "quiz", {"q1": 1})
    assert writes == [] and store.draft("m", "quiz") == {"q1": 1}
    store.keep_draft("m", "quiz", {"q1": 1, "q2": 0})
    assert len(writes) == 1


# The language chosen


def test_the_language_chosen_is_remembered(path: Path) -> None:
    from tutor.progress.store import remembered_language

    assert remembered_language(path) is None and ProgressStore(path).language is None
    store = ProgressStore(path)
    store.remember_language("fr")
    assert store.language == "fr" and remembered_language(path) == "fr" and ProgressStore(path).language == "fr"
    assert stored(path) == store.snapshot() and "fr" not in json.dumps(stored(path))  # not part of the document
