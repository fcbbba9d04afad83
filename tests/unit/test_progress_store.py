"""The progress store: its API, merging, and what it does when the file or the disk misbehaves."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.text.i18n import Messages
from tutor.progress import ProgressStore
from tutor.progress import storage
from tutor.progress.document import FORMAT_VERSION, parse


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cnn-tutor" / "progress.json"


def stored(path: Path) -> dict:
    return json.loads(path.read_bytes())


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
    store.set_position("m2", "b", 12)
    assert store.last_position() == ("m2", "b", 12.0)
    store.set_position("m1", "c", 0.25)
    assert ProgressStore(path).last_position() == ("m1", "c", 0.25)


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
    store.update_card("q1", {"due": "2025-01-02", "stability": 1.5}, {"rating": 3})
    store.update_card("q1", {"due": "2025-01-09", "stability": 4.0}, {"rating": 4})
    card = ProgressStore(path).card("q1")
    assert card["card"] == {"due": "2025-01-09", "stability": 4.0}
    assert card["log"] == [{"rating": 3}, {"rating": 4}]


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
        lambda s: s.record_answer("q", 1, True, when=datetime(2025, 1, 1)),
        lambda s: s.update_card("q", {"when": datetime(2025, 1, 1)}),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_stored(path: Path, call) -> None:
    store = ProgressStore(path)
    with pytest.raises(ValueError):
        call(store)
    assert not path.exists() and store.warning is None


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
    assert first.lesson_state("m", "a") == "completed"  # and each session sees the other's


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
        st.tuples(st.just("position"), identifiers, identifiers, st.floats(0, 1e6)),
        st.tuples(
            st.just("attempt"),
            identifiers,
            identifiers,
            st.dictionaries(identifiers, st.integers(0, 8), max_size=4),
            st.integers(1, 5),
        ),
        st.tuples(st.just("answer"), identifiers, st.integers(0, 8), st.booleans()),
        st.tuples(st.just("card"), identifiers, st.dictionaries(identifiers, st.integers() | st.text(), max_size=3)),
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
    "answer": lambda store, question_id, option, correct: store.record_answer(question_id, option, correct),
    "card": lambda store, question_id, card: store.update_card(question_id, card),
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
        assert reopened.snapshot() == store.snapshot()
        if operations:
            assert parse(path.read_bytes()) == store.snapshot()
        quizzes = Counter((module_id, quiz_id) for kind, module_id, quiz_id, *_ in operations if kind == "attempt")
        for (module_id, quiz_id), count in quizzes.items():
            assert len(reopened.attempts(module_id, quiz_id)) == count
        for kind, module_id, lesson_id, *_ in operations:
            if kind in ("visit", "complete"):
                assert reopened.lesson_state(module_id, lesson_id) != "new"
        assert reopened.warning is None and reopened.notices == []


# Privacy


def test_file_lock_and_directory_are_private(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.with_name("progress.json.lock").stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_readable_by_others_becomes_private_when_written(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('{"format_version": 1}')
    path.chmod(0o644)
    ProgressStore(path).mark_visited("m", "a")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("link", ["file", "directory", "lock", "dangling"])
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
        path.with_name("progress.json.lock").symlink_to(elsewhere / "lock")
    else:
        path.symlink_to(elsewhere / "nothing.json")
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    assert "symbolic link" in store.warning and "memory" in store.warning
    assert store.lesson_state("m", "a") == "visited"  # the tutor goes on, in memory
    assert target.read_text() == '{"format_version": 1}'
    assert sorted(p.name for p in elsewhere.iterdir()) == ["progress.json"]


# A damaged file


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe garbage", b"[]", b'{"modules": {}}', b'{"format_version": 1, "modules": {"m": []}}', b""],
)
def test_a_corrupt_file_is_moved_aside_with_a_notice(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = ProgressStore(path)
    (backup,) = path.parent.glob("progress.json.corrupt-*")
    assert backup.read_bytes() == content
    (notice,) = store.take_notices()
    assert str(backup) in notice and store.notices == [] and store.warning is None
    store.mark_visited("m", "a")
    assert stored(path)["modules"]["m"]["lessons"]["a"]["visited"]


def test_two_corrupt_files_in_the_same_second_get_two_backups(path: Path) -> None:
    path.parent.mkdir(parents=True)
    for content in (b"first", b"second"):
        path.write_bytes(content)
        ProgressStore(path)
    backups = sorted(path.parent.glob("progress.json.corrupt-*"))
    assert sorted(b.read_bytes() for b in backups) == [b"first", b"second"]


def test_an_unreadable_file_is_moved_aside(path: Path) -> None:
    path.mkdir(parents=True)  # a directory where the file should be cannot be read
    store = ProgressStore(path)
    assert len(store.notices) == 1 and list(path.parent.glob("progress.json.corrupt-*"))[0].is_dir()


def test_notices_are_in_the_students_language(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("oops")
    (notice,) = ProgressStore(path, Messages("fr")).notices
    assert "a été déplacé vers" in notice


def test_a_newer_format_is_never_overwritten(path: Path) -> None:
    path.parent.mkdir(parents=True)
    content = json.dumps({"format_version": FORMAT_VERSION + 1, "modules": "a new layout"}).encode()
    path.write_bytes(content)
    store = ProgressStore(path)
    assert "newer cnn-tutor" in store.warning and "upgrade" in store.warning
    store.record_attempt("m", "quiz", {"q": 1}, 1, 1)
    assert store.best_score("m", "quiz") == (1, 1)  # kept in memory
    assert path.read_bytes() == content and not list(path.parent.glob("*.corrupt-*"))


# An unwritable disk


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def write(self, data: bytes) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.ProgressFile, "write", write)


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


def test_a_full_disk_during_the_write_leaves_the_old_file_whole(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProgressStore(path)
    store.mark_visited("m", "a")
    before = path.read_bytes()

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    store.mark_completed("m", "a")
    monkeypatch.undo()
    assert "disk is full" in store.warning
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["progress.json", "progress.json.lock"]


def test_a_file_that_cannot_be_locked_is_still_shown(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ProgressStore(path).mark_completed("m", "a")

    def locked(self):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage.ProgressFile, "locked", locked)
    store = ProgressStore(path, Messages("fr"))
    assert "permission refusée" in store.warning
    assert store.lesson_state("m", "a") == "completed"
    store.mark_visited("m", "b")
    assert store.lesson_state("m", "b") == "visited"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory(path: Path) -> None:
    ProgressStore(path).mark_completed("m", "a")
    before = path.read_bytes()
    path.parent.chmod(0o500)
    try:
        store = ProgressStore(path)
        store.mark_visited("m", "b")
        assert store.warning and store.lesson_state("m", "a") == "completed"
        assert path.read_bytes() == before
    finally:
        path.parent.chmod(0o700)


@pytest.fixture
def small_file_system(tmp_path: Path):
    """A real 64 KiB file system, which can fill up and be made read-only: root only (skipped otherwise)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)]
    if not shutil.which("mount") or subprocess.run(command, capture_output=True).returncode != 0:
        pytest.skip("mounting a file system needs root")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_a_real_full_then_read_only_file_system(small_file_system: Path) -> None:
    path = small_file_system / "cnn-tutor" / "progress.json"
    store = ProgressStore(path)
    store.mark_completed("m", "a")
    filler = os.open(small_file_system / "filler", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(OSError):
        while True:
            os.write(filler, bytes(4096))
    os.close(filler)
    for number in range(3):
        store.record_attempt("m", "quiz", {"q": number}, 1, 1)
    assert "disk is full" in store.warning and len(store.attempts("m", "quiz")) == 3
    assert parse(path.read_bytes())["modules"]["m"].get("quizzes") is None
    os.remove(small_file_system / "filler")
    store.mark_visited("m", "b")
    assert store.warning is None and len(ProgressStore(path).attempts("m", "quiz")) == 3

    subprocess.run(["mount", "-o", "remount,ro", str(small_file_system)], check=True)
    store = ProgressStore(path)
    assert "read-only" in store.warning and store.lesson_state("m", "a") == "completed"
    store.mark_visited("m", "c")
    assert store.lesson_state("m", "c") == "visited"


def test_a_lock_held_too_long_keeps_changes_in_memory(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    store = ProgressStore(path)
    store.mark_visited("m", "a")
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.1)
    with FileLock(path.with_name("progress.json.lock")):
        store.mark_completed("m", "a")
    assert "locked" in store.warning and store.lesson_state("m", "a") == "completed"
    store.mark_visited("m", "b")
    assert "completed" in stored(path)["modules"]["m"]["lessons"]["a"]


def test_temporary_files_of_a_killed_writer_are_removed(path: Path) -> None:
    ProgressStore(path).mark_visited("m", "a")
    leftover = path.with_name(".progress.json.123.abcd.tmp")
    leftover.write_text("half")
    unrelated = path.with_name("notes.tmp")
    unrelated.write_text("mine")
    ProgressStore(path).mark_visited("m", "b")
    assert not leftover.exists() and unrelated.exists()


def test_the_example_in_the_readme_is_a_valid_document() -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("### The file\n\n```json\n", 1)[1].split("```", 1)[0]
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
