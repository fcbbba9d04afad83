"""`cnn-tutor report`, run as an instructor runs it: in a subprocess, on a generated class."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE, ROOT
from tests.e2e.test_cli import assert_clean, run
from tests.support.classroom import STUDENTS, Classroom, make_classroom
from tests.unit.test_progress_readonly import state_of
from tutor.content.loader import load_course
from tutor.report.output import QUESTION_COLUMNS, STUDENT_COLUMNS


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    return make_classroom(tmp_path_factory.mktemp("class"), load_course(FIXTURE_COURSE))


def report(classroom: Classroom, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run("report", "--lessons", str(FIXTURE_COURSE), *args, cwd=cwd)


def test_the_report_reads_the_class_names_the_bad_files_and_writes_nothing(
    classroom: Classroom, tmp_path: Path
) -> None:
    before = state_of(classroom.directory)
    result = report(classroom, str(classroom.directory), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    assert state_of(classroom.directory) == before
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Class report: Test course",
        f"{STUDENTS} progress stores read; 3 files could not be read (listed at the end).",
    ]
    assert all(len(line) <= 80 for line in lines) and "\x1b" not in result.stdout  # not a terminal: no colour
    tail = " ".join(result.stdout[result.stdout.index("Could not be read") :].split())
    for path in classroom.bad.values():
        assert f"{path}: " in tail
    assert "Best quiz scores (" in result.stdout and "┌" in result.stdout  # the chart


def test_csv_gives_one_row_per_student_and_names_the_bad_files_on_stderr(classroom: Classroom, tmp_path: Path) -> None:
    result = report(classroom, "--csv", str(classroom.directory), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == STUDENT_COLUMNS and len(rows) == STUDENTS + 1
    files = {row[1] for row in rows[1:]}
    assert files == {str(student.file) for student in classroom.students}
    for path in classroom.bad.values():
        assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_questions_csv_gives_one_row_per_question(classroom: Classroom, tmp_path: Path) -> None:
    result = report(classroom, "--questions-csv", "--lang", "fr", str(classroom.directory), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == QUESTION_COLUMNS and len(rows) == 7
    assert rows[1][4] == "Que fait la normalisation ?" and rows[1][1] == "q-first"


def test_json_holds_every_figure_and_every_bad_file(classroom: Classroom, tmp_path: Path) -> None:
    result = report(classroom, "--json", str(classroom.directory), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    data = json.loads(result.stdout)
    assert len(data["students"]) == STUDENTS and len(data["questions"]) == 6 and len(data["distribution"]) == 10
    assert {item["file"] for item in data["not_read"]} == {str(path) for path in classroom.bad.values()}
    assert data["course"]["lang"] == "en" and sum(band["students"] for band in data["distribution"]) == sum(
        1 for student in data["students"] if student["best"] is not None
    )


def test_french_and_ascii(classroom: Classroom, tmp_path: Path) -> None:
    french = report(classroom, "--lang", "fr", str(classroom.directory), cwd=tmp_path)
    assert french.returncode == 0 and "Bilan de la classe\u00a0: Cours d'essai" in french.stdout
    assert "Fichiers non lus" in french.stdout and "mettez cnn-tutor à jour" in " ".join(french.stdout.split())
    ascii_only = report(classroom, "--lang", "fr", "--ascii", str(classroom.directory), cwd=tmp_path)
    assert ascii_only.returncode == 0 and ascii_only.stdout.isascii() and "+---" in ascii_only.stdout


def test_on_a_terminal_the_chart_has_colour_unless_no_color(classroom: Classroom, tmp_path: Path) -> None:
    def on_a_terminal(extra: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80", **extra}
        process = subprocess.Popen(
            [sys.executable, "-m", "tutor", "report", "--lessons", str(FIXTURE_COURSE), str(classroom.directory)],
            stdout=follower,
            stderr=follower,
            stdin=subprocess.DEVNULL,
            cwd=tmp_path,
            env=env,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is gone: the report ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait(timeout=60) == 0
        return b"".join(chunks).decode()

    assert "\x1b[" in on_a_terminal({})
    assert "\x1b" not in on_a_terminal({"NO_COLOR": "1"})


@pytest.mark.parametrize(
    "args",
    [
        [],  # no file or directory
        ["--csv", "--json", "x"],
        ["--lang", "xx", "x"],
        ["--bogus", "x"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(tmp_path: Path, args: list[str]) -> None:
    result = run("report", *args, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr and result.stdout == ""
    assert_clean(result)


def test_nothing_readable_is_a_usage_error_naming_what_was_tried(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.json").write_text("not json")
    result = run(
        "report", str(tmp_path / "empty"), str(tmp_path / "notes.json"), str(tmp_path / "missing"), cwd=tmp_path
    )
    assert result.returncode == 2 and result.stdout == ""
    assert "no progress store could be read" in result.stderr
    assert f"{tmp_path / 'notes.json'}: not a progress store" in result.stderr
    assert f"{tmp_path / 'missing'}: does not exist" in result.stderr
    assert_clean(result)


def test_a_file_name_that_would_command_the_terminal_is_shown_escaped(tmp_path: Path) -> None:
    hostile = tmp_path / "evil\x1b]0;pwned\x07.json"
    hostile.write_text("{}")
    result = run("report", str(hostile), cwd=tmp_path)
    assert result.returncode == 2 and "\x1b" not in result.stderr and "\\x1b]0;pwned\\x07" in result.stderr


def test_help_describes_report(tmp_path: Path) -> None:
    result = run("report", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "FILE|DIR" in result.stdout and "--questions-csv" in result.stdout
    french = run("report", "--help", "--lang", "fr", cwd=tmp_path)
    assert "fichiers de progression" in french.stdout
