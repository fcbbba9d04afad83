"""The student's name or id in the progress store, for an instructor's class report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.cli.progress_commands import with_student
from tutor.progress import ProgressStore
from tutor.progress.document import new_document
from tutor.progress.storage import StorePaths
from tutor.progress.store import (
    STUDENT_LENGTH,
    read_document,
    reset,
    stored_settings,
    stored_student,
    student_name,
)
from tutor.text.sanitise import has_invisible


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cnn-tutor" / "progress.json"


def test_the_name_is_kept_beside_the_progress_not_in_it(path: Path) -> None:
    store = ProgressStore(path)
    assert store.student is None and not store.student_asked
    store.remember_student("  Ana Lefèvre ")
    assert store.student == "Ana Lefèvre" and store.student_asked
    again = ProgressStore(path)
    assert again.student == "Ana Lefèvre" and again.student_asked
    assert stored_settings(path)["student"] == "Ana Lefèvre"
    assert "Ana" not in json.dumps(read_document(path))  # the document keeps its shape


def test_progress_json_exports_it_after_the_format_version(path: Path) -> None:
    store = ProgressStore(path)
    store.mark_completed("m", "a")
    store.remember_student("s1234")
    exported = with_student(read_document(path), path)
    assert list(exported)[:2] == ["format_version", "student"] and exported["student"] == "s1234"
    assert exported["modules"]["m"]["lessons"]["a"]["completed"]


def test_declining_is_remembered_and_asks_no_more(path: Path) -> None:
    store = ProgressStore(path)
    store.remember_student(None)
    again = ProgressStore(path)
    assert again.student is None and again.student_asked
    assert "student" not in with_student(read_document(path), path)
    again.remember_student("Ana")  # `--student` later still sets it
    assert ProgressStore(path).student == "Ana"


def test_reset_keeps_the_name(path: Path) -> None:
    store = ProgressStore(path)
    store.remember_student("Ana")
    store.mark_completed("m", "a")
    store.close()
    assert reset(path) is not None
    assert ProgressStore(path).student == "Ana" and read_document(path)["modules"] == {}


def test_a_store_of_an_earlier_version_has_no_name_and_is_read_as_it_is(path: Path) -> None:
    store = ProgressStore(path)
    store.mark_completed("m", "a")
    store.close()
    database = StorePaths(path).database
    before = database.read_bytes()
    again = ProgressStore(path)
    assert again.student is None and not again.student_asked and again.lesson_state("m", "a") == "completed"
    assert with_student(read_document(path), path) == read_document(path)
    again.close()
    assert database.read_bytes() == before


def test_a_json_file_of_an_earlier_version_or_an_export_brings_its_name(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({**new_document(), "student": "Ana"}))
    store = ProgressStore(path)
    assert store.student == "Ana" and store.student_asked
    store.mark_visited("m", "a")  # the file is copied into a database, its name with it
    assert ProgressStore(path).student == "Ana"
    assert with_student(read_document(path), path)["student"] == "Ana"


@pytest.mark.parametrize(
    "name", ["a\x1b[31mb", "\u202eevil", "a\u200bb", "two\nlines", "tab\there", "x" * (STUDENT_LENGTH + 1)]
)
def test_names_a_terminal_or_a_spreadsheet_would_obey_are_refused_before_anything_is_stored(
    path: Path, name: str
) -> None:
    store = ProgressStore(path)
    with pytest.raises(ValueError):
        store.remember_student(name)
    assert not path.parent.exists() and store.student is None


def test_a_forged_name_in_a_store_is_not_used(path: Path) -> None:
    assert stored_student({"student": "a\x1bb"}) is None and stored_student({"student": 3}) is None
    assert stored_student({}) is None and stored_student({"student": "Ana"}) == "Ana"


@given(st.text(max_size=100))
def test_a_name_is_refused_or_clean(text: str) -> None:
    try:
        name = student_name(text)
    except ValueError:
        return
    assert name == name.strip() and 1 <= len(name) <= STUDENT_LENGTH
    assert not has_invisible(name) and "\n" not in name and "\t" not in name
    assert student_name(name) == name
