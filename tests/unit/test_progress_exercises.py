"""The hands-on exercises' records in the progress store: checks, passes, hints, with the store's guarantees."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tutor.progress import ProgressStore, database, storage
from tutor.progress.storage import StorePaths
from tutor.progress.store import read_document

WRONG = {"digest": "a" * 64, "diagnosis": "wrong_value", "duration": 0.25}
RIGHT = {"digest": "b" * 64, "diagnosis": "passed", "duration": 0.2}
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cnn-tutor" / "progress.json"


def schema(path: Path) -> int:
    with sqlite3.connect(StorePaths(path).database) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


def wait_until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition was never met"
        time.sleep(0.01)


def test_checks_passes_and_hints_are_counted_and_the_latest_check_kept(path: Path) -> None:
    store = ProgressStore(path)
    assert store.exercise_status("se-block") is None and store.exercise_statuses() == {}
    store.record_exercise_attempt("se-block", False, **WRONG, when=T0)
    store.record_hint("se-block", 2, when=T0 + timedelta(minutes=1))
    store.record_hint("se-block", 1, when=T0 + timedelta(minutes=2))  # read again: the highest level stays
    store.record_exercise_attempt("se-block", True, **RIGHT, when=T0 + timedelta(minutes=3))
    store.record_exercise_attempt("se-block", False, **WRONG, when=T0 + timedelta(minutes=4))
    store.record_hint("conv2d", 1)
    expected = {
        "attempts": 3,
        "passes": 1,
        "first_passed": "2025-03-01T09:03:00.000000+00:00",
        "hints": 2,
        "last": {"at": "2025-03-01T09:04:00.000000+00:00", "passed": False, **WRONG},
    }
    assert store.exercise_status("se-block") == expected
    assert store.exercise_statuses() == {
        "se-block": expected,
        "conv2d": {"attempts": 0, "passes": 0, "first_passed": None, "hints": 1, "last": None},
    }
    assert ProgressStore(path).exercise_statuses() == store.exercise_statuses()  # on disk, read back the same
    assert [check["passed"] for check in store.exercise_checks("se-block")] == [False, True, False]
    reads = read_document(path)["exercises"]["se-block"]["hints_read"]
    assert [read["level"] for read in reads] == [2, 1]


def test_a_status_read_is_a_copy(path: Path) -> None:
    store = ProgressStore(path)
    store.record_exercise_attempt("x", True, **RIGHT)
    store.exercise_status("x")["last"]["passed"] = False
    store.exercise_statuses()["x"]["attempts"] = 99
    assert store.exercise_status("x")["last"]["passed"] is True and store.exercise_status("x")["attempts"] == 1


def test_an_earlier_check_recorded_late_does_not_replace_the_latest(path: Path) -> None:
    store = ProgressStore(path)
    store.record_exercise_attempt("x", True, **RIGHT, when=T0 + timedelta(hours=1))
    store.record_exercise_attempt("x", False, **WRONG, when=T0)
    status = store.exercise_status("x")
    assert status["last"]["passed"] is True and status["first_passed"] == "2025-03-01T10:00:00.000000+00:00"
    store.record_exercise_attempt("x", True, **RIGHT, when=T0 - timedelta(hours=1))
    assert (
        store.exercise_status("x")["first_passed"] == "2025-03-01T08:00:00.000000+00:00"
    )  # the first pass is the earliest


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.record_exercise_attempt("", True, **RIGHT),
        lambda s: s.record_exercise_attempt("x", 1, **RIGHT),
        lambda s: s.record_exercise_attempt("x", True, digest="ABC", diagnosis="passed", duration=0.1),
        lambda s: s.record_exercise_attempt("x", True, digest="a" * 64, diagnosis="Passed!", duration=0.1),
        lambda s: s.record_exercise_attempt("x", True, digest="a" * 64, diagnosis="x" * 41, duration=0.1),
        lambda s: s.record_exercise_attempt("x", True, digest="a" * 64, diagnosis="passed", duration=float("nan")),
        lambda s: s.record_exercise_attempt("x", True, digest="a" * 64, diagnosis="passed", duration=-1),
        lambda s: s.record_exercise_attempt("x", True, **RIGHT, when=datetime(2025, 1, 1)),
        lambda s: s.record_hint("x", 0),
        lambda s: s.record_hint("x", True),
        lambda s: s.record_hint("x", 1000),
        lambda s: s.record_hint("", 1),
    ],
)
def test_bad_records_are_refused_before_anything_is_stored(path: Path, call) -> None:
    store = ProgressStore(path)
    with pytest.raises(ValueError):
        call(store)
    assert not path.parent.exists() and store.exercise_statuses() == {}


def test_a_file_that_could_not_be_read_is_recorded_with_an_empty_digest(path: Path) -> None:
    store = ProgressStore(path)
    store.record_exercise_attempt("x", False, digest="", diagnosis="missing", duration=0.0)
    assert store.exercise_status("x")["last"]["digest"] == ""


# Two sessions, old and new stores


def test_two_sessions_add_up_their_checks_and_hints(path: Path) -> None:
    """Two tutors (a terminal and `cnn-tutor watch`, say) on one file: neither loses the other's records."""
    first, second = ProgressStore(path), ProgressStore(path)
    first.record_exercise_attempt("x", False, **WRONG, when=T0)
    second.record_exercise_attempt("x", True, **RIGHT, when=T0 + timedelta(minutes=1))  # second's view is stale
    second.record_hint("x", 1)
    first.record_hint("x", 3)
    first.record_exercise_attempt("y", False, **WRONG, when=T0 + timedelta(minutes=2))
    for store in (first, second, ProgressStore(path)):
        store.record_hint("y", 1)  # a write: each session now sees what the others wrote
        status = store.exercise_status("x")
        assert (status["attempts"], status["passes"], status["hints"]) == (2, 1, 3)
        assert status["last"]["passed"] is True and status["first_passed"] == "2025-03-01T09:01:00.000000+00:00"
    assert len(read_document(path)["exercises"]["x"]["history"]) == 2


def test_two_sessions_checking_at_once_lose_nothing(path: Path) -> None:
    stores = [ProgressStore(path), ProgressStore(path)]

    def check(store: ProgressStore) -> None:
        for _ in range(20):
            store.record_exercise_attempt("x", False, **WRONG)

    threads = [threading.Thread(target=check, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ProgressStore(path).exercise_status("x")["attempts"] == 40
    assert len(read_document(path)["exercises"]["x"]["history"]) == 40


def test_a_store_of_an_earlier_version_reads_as_having_no_exercises(path: Path) -> None:
    path.parent.mkdir(parents=True)
    earlier = {"format_version": 1, "modules": {"m": {"lessons": {"a": {"visited": "2025-01-01T00:00:00+00:00"}}}}}
    path.write_text(json.dumps(earlier))
    store = ProgressStore(path)
    assert store.exercise_statuses() == {} and store.exercise_status("x") is None
    store.mark_visited("m", "b")  # the JSON file becomes a database: one an earlier version still uses
    assert schema(path) == database.FIRST_SCHEMA and ProgressStore(path).exercise_statuses() == {}
    store.record_exercise_attempt("x", True, **RIGHT)
    assert (
        ProgressStore(path).lesson_state("m", "a") == "visited"
        and ProgressStore(path).exercise_status("x")["passes"] == 1
    )


def test_a_database_is_marked_newer_only_when_it_holds_exercises(path: Path) -> None:
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    assert schema(path) == database.FIRST_SCHEMA  # an earlier cnn-tutor still reads and writes it
    store.record_hint("x", 1)
    assert schema(path) == database.EXERCISES_SCHEMA == database.SCHEMA_VERSION
    store.mark_visited("m", "b")
    assert schema(path) == database.EXERCISES_SCHEMA


def test_an_earlier_version_refuses_a_database_with_exercises_and_leaves_it_alone(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the mark, an earlier cnn-tutor would take the exercise rows for damage and move the database aside."""
    ProgressStore(path).record_exercise_attempt("x", True, **RIGHT)
    content = StorePaths(path).database.read_bytes()
    monkeypatch.setattr(database, "SCHEMA_VERSION", database.FIRST_SCHEMA)  # what an earlier version knows
    earlier = ProgressStore(path)
    assert "newer cnn-tutor" in earlier.warning
    earlier.mark_visited("m", "a")
    assert StorePaths(path).database.read_bytes() == content and not list(path.parent.glob("*.corrupt-*"))


def test_a_newer_store_is_refused_and_exercise_records_stay_in_memory(path: Path) -> None:
    ProgressStore(path).record_hint("x", 1)
    with sqlite3.connect(StorePaths(path).database) as connection:
        connection.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
    content = StorePaths(path).database.read_bytes()
    store = ProgressStore(path)
    assert "newer cnn-tutor" in store.warning and store.exercise_statuses() == {}
    store.record_exercise_attempt("x", True, **RIGHT)
    assert store.exercise_status("x")["passes"] == 1  # shown, kept in memory
    assert StorePaths(path).database.read_bytes() == content


def test_a_damaged_exercise_row_is_moved_aside(path: Path) -> None:
    ProgressStore(path).record_exercise_attempt("x", True, **RIGHT)
    with sqlite3.connect(StorePaths(path).database) as connection:
        connection.execute("UPDATE items SET value = ? WHERE path = ?", ('{"attempts": -1}', '["exercises","x"]'))
    store = ProgressStore(path)
    assert len(store.take_notices()) == 1 and store.exercise_statuses() == {}
    assert len(list(path.parent.glob("progress.corrupt-*.sqlite3"))) == 1


# The writer


def test_the_history_stays_on_disk_the_status_in_memory(path: Path) -> None:
    """What the tutor keeps in memory and reads at start is the size of the course, not of the history."""
    store = ProgressStore(path)
    for _ in range(30):
        store.record_exercise_attempt("x", False, **WRONG)
    opened = database.Database(StorePaths(path).database)
    try:
        assert opened.view()["exercises"]["x"]["history"] == [] and opened.view()["exercises"]["x"]["attempts"] == 30
        assert len(opened.export()["exercises"]["x"]["history"]) == 30
    finally:
        opened.close()


def test_a_check_recorded_while_the_lock_is_held_is_shown_at_once_and_saved_when_it_is_free(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interface (a check's worker) never waits long for the disk, and nothing acknowledged is lost."""
    from filelock import FileLock

    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 1.0)
    store = ProgressStore(path, wait=0.1)
    store.mark_visited("m", "a")
    with FileLock(StorePaths(path).lock, thread_local=False):
        started = time.monotonic()
        store.record_exercise_attempt("x", True, **RIGHT)
        store.record_hint("x", 2)
        assert time.monotonic() - started < 0.5
        assert store.exercise_status("x")["passes"] == 1 and store.exercise_status("x")["hints"] == 2
        wait_until(lambda: store.warning is not None)
    assert store.close() == 0
    assert ProgressStore(path).exercise_status("x") == store.exercise_status("x")


def test_the_readme_example_has_exercises_the_tutor_reads() -> None:
    from tests.conftest import ROOT
    from tutor.progress import document as doc

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = doc.parse(readme.split("### The document\n\n```json\n", 1)[1].split("```", 1)[0].encode())
    status = doc.exercise_status(example, "bn-forward")
    assert (status["attempts"], status["passes"], status["hints"], status["last"]["diagnosis"]) == (2, 1, 1, "passed")
    assert len(doc.exercise_checks(example, "bn-forward")) == 2
