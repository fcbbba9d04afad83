"""Bookmarks in the progress store: kept like every change (atomic, by the background writer), merged
between two sessions, absent from older stores, never written into a newer one, exported whole."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import tempfile
from itertools import count
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.progress import ProgressStore, database
from tutor.progress.document import FORMAT_VERSION, InvalidDocument, parse
from tutor.progress.storage import StorePaths
from tutor.progress.store import MAX_NOTE, read_document


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cnn-tutor" / "progress.json"


def places(store: ProgressStore) -> list[tuple]:
    return [(mark["module"], mark["lesson"], mark["block"], mark["note"]) for mark in store.bookmarks()]


def test_a_bookmark_is_kept_with_its_place_and_note(path: Path) -> None:
    store = ProgressStore(path)
    assert store.bookmarks() == []
    first = store.add_bookmark("m", "dropout", 3, 0.25, 0.4, "revoir le facteur 1/(1 − p)")
    second = store.add_bookmark("m", "batch-norm", -1, 0.0, 0.0)
    assert first != second
    reopened = ProgressStore(path)
    (mark, other) = reopened.bookmarks()  # oldest first
    assert mark["id"] == first and (mark["block"], mark["fraction"], mark["scroll"]) == (3, 0.25, 0.4)
    assert mark["note"] == "revoir le facteur 1/(1 − p)" and mark["at"]
    assert (other["id"], other["lesson"], other["block"], other["note"]) == (second, "batch-norm", -1, "")


def test_a_note_can_be_changed_and_a_bookmark_removed(path: Path) -> None:
    store = ProgressStore(path)
    kept = store.add_bookmark("m", "a", 0, 0.0, 0.0, "first")
    gone = store.add_bookmark("m", "a", 1, 0.5, 0.5)
    store.note_bookmark("m", "a", kept, "second thoughts")
    store.remove_bookmark("m", "a", gone)
    assert places(ProgressStore(path)) == [("m", "a", 0, "second thoughts")]
    store.remove_bookmark("m", "a", kept)
    assert ProgressStore(path).bookmarks() == []
    assert "bookmarks" not in read_document(path)["modules"]["m"]["lessons"]["a"]  # no empty map left


def test_a_note_is_one_line_of_visible_text(path: Path) -> None:
    store = ProgressStore(path)
    store.add_bookmark("m", "a", 0, 0.0, 0.0, " two\nlines\tand\x1b[31m a bell\x07 \u202eevil ")
    store.add_bookmark("m", "a", 0, 0.0, 0.0, "x" * (MAX_NOTE + 50))
    notes = [mark["note"] for mark in ProgressStore(path).bookmarks()]
    assert notes == ["two lines and[31m a bell evil", "x" * MAX_NOTE]


@pytest.mark.parametrize(
    "call",
    [
        lambda store: store.add_bookmark("m", "a", "3", 0.0, 0.0),
        lambda store: store.add_bookmark("m", "a", -2, 0.0, 0.0),
        lambda store: store.add_bookmark("m", "a", 0, float("nan"), 0.0),
        lambda store: store.add_bookmark("m", "", 0, 0.0, 0.0),
        lambda store: store.add_bookmark("m", "a", 0, 0.0, 0.0, note=None),
        lambda store: store.note_bookmark("m", "a", "", "x"),
    ],
)
def test_bad_bookmarks_are_refused_before_anything_is_stored(path: Path, call) -> None:
    store = ProgressStore(path)
    with pytest.raises(ValueError):
        call(store)
    assert store.bookmarks() == [] and not StorePaths(path).database.exists()


def test_two_sessions_keep_each_others_bookmarks(path: Path) -> None:
    first, second = ProgressStore(path), ProgressStore(path)
    mine = first.add_bookmark("m", "a", 1, 0.0, 0.1, "mine")
    theirs = second.add_bookmark("m", "a", 2, 0.0, 0.2, "theirs")  # second had not seen `mine`
    assert {mark["note"] for mark in second.bookmarks()} == {"mine", "theirs"}
    first.remove_bookmark("m", "a", mine)
    second.note_bookmark("m", "a", mine, "edited after it was removed")  # not brought back
    first.note_bookmark("m", "a", theirs, "renamed by the first")
    assert places(ProgressStore(path)) == [("m", "a", 2, "renamed by the first")]
    second.mark_completed("m", "a")  # another change to the same lesson keeps its bookmarks
    assert places(ProgressStore(path)) == [("m", "a", 2, "renamed by the first")]


def test_the_later_note_wins_whatever_order_the_sessions_write_in(path: Path) -> None:
    first, second = ProgressStore(path), ProgressStore(path)
    mark = first.add_bookmark("m", "a", 0, 0.0, 0.0)
    with mock.patch("tutor.progress.store.utc_now", lambda: "2099-01-01T00:00:00.000002+00:00"):
        first.note_bookmark("m", "a", mark, "later")
    with mock.patch("tutor.progress.store.utc_now", lambda: "2099-01-01T00:00:00.000001+00:00"):
        second.note_bookmark("m", "a", mark, "earlier, written last")
    assert places(ProgressStore(path)) == [("m", "a", 0, "later")]


def test_an_older_store_reads_as_having_no_bookmark_and_keeps_everything(path: Path) -> None:
    path.parent.mkdir(parents=True)
    older = {  # progress.json as the versions before bookmarks wrote it
        "format_version": 1,
        "modules": {"m": {"lessons": {"a": {"visited": "2024-01-01T00:00:00.000000+00:00"}}}},
        "questions": {},
        "cards": {},
    }
    path.write_text(json.dumps(older))
    store = ProgressStore(path)
    assert store.bookmarks() == [] and store.lesson_state("m", "a") == "visited"
    store.add_bookmark("m", "a", 2, 0.5, 0.3, "here")
    lesson = read_document(path)["modules"]["m"]["lessons"]["a"]
    assert lesson["visited"] == "2024-01-01T00:00:00.000000+00:00" and len(lesson["bookmarks"]) == 1


def test_a_version_without_bookmarks_keeps_them_when_it_writes(path: Path) -> None:
    """The bookmarks live in the lesson's row, as a key older versions keep without knowing it."""
    from tutor.progress import items

    store = ProgressStore(path)
    store.add_bookmark("m", "a", 2, 0.5, 0.3, "here")
    older_kinds = {kind: change for kind, change in items.CHANGES.items() if not kind.startswith("bookmark")}
    with mock.patch.dict(items.CHANGES, older_kinds, clear=True):
        older = ProgressStore(path)
        older.mark_completed("m", "a")
        older.mark_visited("m", "b")
    assert places(ProgressStore(path)) == [("m", "a", 2, "here")]


def test_a_newer_store_is_never_written_a_bookmark(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    target = StorePaths(path).database
    with sqlite3.connect(target) as connection:
        newer = {"format_version": FORMAT_VERSION + 1, "modules": "a new layout"}
        connection.execute("UPDATE items SET value = ? WHERE path = '[]'", (json.dumps(newer),))
    content = target.read_bytes()
    store = ProgressStore(path)
    store.add_bookmark("m", "a", 0, 0.0, 0.0, "kept in memory")
    assert "newer cnn-tutor" in store.warning
    assert places(store) == [("m", "a", 0, "kept in memory")]
    assert target.read_bytes() == content


def test_a_bookmark_that_cannot_be_saved_stays_in_memory_and_is_saved_later(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProgressStore(path)
    store.mark_visited("m", "a")

    def write(self, changes) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(database.Database, "write", write)
    store.add_bookmark("m", "a", 1, 0.0, 0.0, "not lost")
    assert "disk is full" in store.warning and places(store) == [("m", "a", 1, "not lost")]
    assert ProgressStore(path).bookmarks() == []
    monkeypatch.undo()
    assert store.close(timeout=5) == 0
    assert places(ProgressStore(path)) == [("m", "a", 1, "not lost")]


def test_progress_json_exports_the_bookmarks_and_a_damaged_one_is_refused(path: Path) -> None:
    store = ProgressStore(path)
    mark = store.add_bookmark("m", "a", 4, 0.75, 0.5, "note")
    exported = read_document(path)  # what `cnn-tutor progress --json` prints
    saved = exported["modules"]["m"]["lessons"]["a"]["bookmarks"][mark]
    assert {key: saved[key] for key in ("block", "fraction", "scroll", "note")} == {
        "block": 4,
        "fraction": 0.75,
        "scroll": 0.5,
        "note": "note",
    }
    for damage in ({"block": "4"}, {"fraction": 2.0}, {"note": 7}, {"at": None}):
        broken = json.loads(json.dumps(exported))
        broken["modules"]["m"]["lessons"]["a"]["bookmarks"][mark].update(damage)
        with pytest.raises(InvalidDocument):
            parse(json.dumps(broken).encode())


# Two sessions in any order behave as one (the model: the last change of a note wins, a removal is final)

small = st.sampled_from(["a", "b"])
operations = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.one_of(
            st.tuples(st.just("add"), small, st.integers(-1, 3), st.sampled_from(["", "x", "note"])),
            st.tuples(st.just("note"), st.integers(0, 5), st.sampled_from(["", "y", "other"])),
            st.tuples(st.just("remove"), st.integers(0, 5)),
            st.tuples(st.just("complete"), small),
            st.tuples(st.just("reopen")),
        ),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_two_sessions_behave_as_one_model(operations: list[tuple]) -> None:
    ticks = count(1)
    clock = lambda: f"2025-01-01T00:00:00.{next(ticks):06d}+00:00"  # noqa: E731 — times only grow
    with tempfile.TemporaryDirectory() as directory, mock.patch("tutor.progress.store.utc_now", clock):
        path = Path(directory) / "progress.json"
        sessions = [ProgressStore(path), ProgressStore(path)]
        made: list[tuple[str, str]] = []  # (lesson, id) of every bookmark added, in order
        model: dict[str, tuple] = {}  # id -> (lesson, block, note) of those not removed
        for who, (kind, *values) in operations:
            store = sessions[who]
            wrote = kind in ("add", "complete") or kind in ("note", "remove") and values[0] < len(made)
            if kind == "reopen":
                sessions[who] = ProgressStore(path)
            elif kind == "add":
                lesson, block, note = values
                mark = store.add_bookmark("m", lesson, block, 0.5, 0.5, note)
                made.append((lesson, mark))
                model[mark] = (lesson, block, note)
            elif kind in ("note", "remove") and values[0] < len(made):
                lesson, mark = made[values[0]]
                if kind == "note":
                    store.note_bookmark("m", lesson, mark, values[1])
                    if mark in model:
                        model[mark] = (*model[mark][:2], values[1])
                else:
                    store.remove_bookmark("m", lesson, mark)
                    model.pop(mark, None)
            elif kind == "complete":
                store.mark_completed("m", values[0])
            if wrote:  # a session that has written sees the other's changes too
                assert {
                    mark["id"]: (mark["lesson"], mark["block"], mark["note"]) for mark in store.bookmarks()
                } == model
        reopened = ProgressStore(path)
        assert {mark["id"]: (mark["lesson"], mark["block"], mark["note"]) for mark in reopened.bookmarks()} == model
        assert [mark["id"] for mark in reopened.bookmarks()] == [mark for _, mark in made if mark in model]
