"""Reading progress stores without changing anything: what the class report reads."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.cli.progress_commands import with_student
from tutor.progress import ProgressStore
from tutor.progress.document import FORMAT_VERSION, InvalidDocument, NewerFormat, encode, new_document
from tutor.progress.readonly import read_store
from tutor.progress.database import SCHEMA_VERSION
from tutor.progress.storage import NotProgressFile, StorePaths
from tutor.progress.store import PROBLEMS, read_document


def state_of(directory: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `directory`: its bytes, modification time and mode (what reading must not change)."""
    found = {}
    for root, directories, files in os.walk(directory):
        for name in directories + files:
            path = Path(root) / name
            info = path.lstat()
            data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
            found[str(path.relative_to(directory))] = (data, info.st_mtime_ns, info.st_mode)
    return found


def make_store(path: Path, student: str | None = "Ana") -> Path:
    store = ProgressStore(path)
    store.mark_completed("m", "a")
    store.record_attempt("m", "quiz", {"q1": 1, "q2": 0}, 1, 2, correct=["q1"])
    if student:
        store.remember_student(student)
    store.close()
    return StorePaths(path).database


def test_a_database_is_read_whole_with_its_student_and_left_as_it_was(tmp_path: Path) -> None:
    database = make_store(tmp_path / "progress.json")
    before = state_of(tmp_path)
    found = read_store(database)
    assert found.kind == "database" and found.student == "Ana"
    assert found.document == read_document(tmp_path / "progress.json")
    assert found.document["modules"]["m"]["quizzes"]["quiz"]["attempts"][0]["score"] == 1
    assert state_of(tmp_path) == before


def test_an_export_and_a_file_of_an_earlier_version_are_read_as_json(tmp_path: Path) -> None:
    make_store(tmp_path / "progress.json")
    exported = tmp_path / "ana.json"
    exported.write_bytes(encode(with_student(read_document(tmp_path / "progress.json"), tmp_path / "progress.json")))
    legacy = tmp_path / "old" / "progress.json"
    legacy.parent.mkdir()
    legacy.write_bytes(encode({**new_document(), "modules": {"m": {"lessons": {"a": {"visited": "2025-01-01"}}}}}))
    before = state_of(tmp_path)
    found = read_store(exported)
    assert found.kind == "json" and found.student == "Ana" and found.document["modules"]["m"]["lessons"]["a"]
    old = read_store(legacy)
    assert old.kind == "json" and old.student is None and "a" in old.document["modules"]["m"]["lessons"]
    assert state_of(tmp_path) == before  # never migrated: no database beside it


def test_the_file_named_is_the_file_read_not_the_database_beside_it(tmp_path: Path) -> None:
    make_store(tmp_path / "progress.json")  # progress.sqlite3, with a completed lesson
    (tmp_path / "progress.json").write_bytes(encode(new_document()))
    assert read_store(tmp_path / "progress.json").document["modules"] == {}


def test_a_damaged_database_is_named_not_moved_aside(tmp_path: Path) -> None:
    database = make_store(tmp_path / "progress.json")
    data = bytearray(database.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # the header stays ours, the pages are garbage
    database.write_bytes(bytes(data))
    before = state_of(tmp_path)
    with pytest.raises(InvalidDocument):
        read_store(database)
    assert state_of(tmp_path) == before


def test_a_damaged_json_file_is_named_not_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text('{"format_version": 1, "modules": {"m": 3}}')
    before = state_of(tmp_path)
    with pytest.raises(InvalidDocument):
        read_store(path)
    assert state_of(tmp_path) == before


def test_newer_formats_are_refused_and_left_alone(tmp_path: Path) -> None:
    newer_json = tmp_path / "newer.json"
    newer_json.write_text(json.dumps({"format_version": FORMAT_VERSION + 1, "modules": "shaped otherwise"}))
    newer_layout = make_store(tmp_path / "layout.json")
    with sqlite3.connect(newer_layout) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    newer_document = make_store(tmp_path / "document.json")
    with sqlite3.connect(newer_document) as connection:
        connection.execute("UPDATE items SET value = ? WHERE path = '[]'", (json.dumps({"format_version": 9}),))
    connection.close()
    before = state_of(tmp_path)
    for path in (newer_json, newer_layout, newer_document):
        with pytest.raises(NewerFormat):
            read_store(path)
    assert state_of(tmp_path) == before


@pytest.mark.parametrize("kind", ["directory", "fifo", "empty", "blank", "other database", "other json", "text"])
def test_what_is_not_a_progress_file_is_named_as_such(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "progress.sqlite3"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # opening it must not wait for a writer
    elif kind == "other database":
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE t (x)")
        connection.close()
    else:
        path.write_text({"empty": "", "blank": " \n", "other json": '{"a": 1}', "text": "notes"}[kind])
    before = state_of(tmp_path)
    with pytest.raises(NotProgressFile):
        read_store(path)
    assert state_of(tmp_path) == before


def test_a_file_that_cannot_be_opened_is_an_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = make_store(tmp_path / "progress.json")
    real_open = os.open

    def refusing(name, flags, *args, **kwargs):
        if Path(str(name)).name == database.name:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    with pytest.raises(PermissionError):
        read_store(database)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files of mode 000")
def test_a_file_of_mode_000_is_a_permission_error(tmp_path: Path) -> None:
    database = make_store(tmp_path / "progress.json")
    database.chmod(0)
    with pytest.raises(PermissionError):
        read_store(database)


CRASH_MID_WRITE = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA cache_size = 1")  # pages go to the file before the commit
connection.execute("BEGIN IMMEDIATE")
for number in range(300):
    connection.execute("INSERT INTO appends (path, value) VALUES (?, ?)", ('["questions","q1","history"]', "1" * 900))
os._exit(0)  # killed mid-transaction: the journal is hot
"""


def test_a_write_interrupted_by_a_crash_is_rolled_back_in_a_copy_never_in_the_file(tmp_path: Path) -> None:
    database = make_store(tmp_path / "progress.json")
    expected = read_store(database).document
    subprocess.run([sys.executable, "-c", CRASH_MID_WRITE, str(database)], check=True, timeout=60)
    journal = database.with_name(database.name + "-journal")
    assert journal.stat().st_size > 0
    before = state_of(tmp_path)
    temporaries = set(os.listdir(tempfile.gettempdir()))
    found = read_store(database)
    assert found.document == expected and found.student == "Ana"
    assert state_of(tmp_path) == before  # the journal is still there, the file unchanged
    assert set(os.listdir(tempfile.gettempdir())) <= temporaries  # the copy is gone


def test_a_link_the_instructor_names_is_read_where_it_points(tmp_path: Path) -> None:
    database = make_store(tmp_path / "store" / "progress.json")
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ana.sqlite3").symlink_to(database)
    assert read_store(tmp_path / "class" / "ana.sqlite3").student == "Ana"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_a_database_is_a_problem_named_never_a_crash_nor_a_write(tmp_path: Path, data) -> None:
    database = tmp_path / "good.sqlite3"
    if not database.exists():
        make_store(tmp_path / "good.json")
    original = database.read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(16, len(damaged)))
    target = tmp_path / "case" / "progress.sqlite3"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(bytes(damaged[:cut]))
    before = state_of(target.parent)
    with suppress(*PROBLEMS):
        read_store(target)
    assert state_of(target.parent) == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
            max_leaves=20,
        ).map(lambda value: json.dumps({"format_version": 1, "modules": value}).encode()),
    )
)
def test_any_json_file_is_read_or_named_never_a_crash(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(content)
    try:
        found = read_store(path)
    except PROBLEMS:
        return
    assert found.kind in ("json", "database") and isinstance(found.document, dict)


def test_the_class_report_reads_stores_without_posix_calls(tmp_path: Path) -> None:
    """As on Windows (issue 18): no O_NOFOLLOW, no dir_fd=, no geteuid; the report reads and writes nothing."""
    from tests.unit.test_progress_portable import run_without_posix

    for name in ("ana", "bob"):
        store = ProgressStore(tmp_path / "class" / name / "progress.json")
        store.remember_student(name.title())
        store.mark_completed("module3", "batch-norm")
        assert store.close() == 0
    before = state_of(tmp_path / "class")
    code = f"""
import os
assert not hasattr(os, "O_NOFOLLOW") and not os.supports_dir_fd
import tutor.cli.main
raise SystemExit(tutor.cli.main.main(["report", "--json", {str(tmp_path / "class")!r}]))
"""
    result = run_without_posix(code, tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sorted(student["student"] for student in report["students"]) == ["Ana", "Bob"]
    assert all(student["lessons_completed"] == 1 for student in report["students"]) and not report["not_read"]
    assert state_of(tmp_path / "class") == before
