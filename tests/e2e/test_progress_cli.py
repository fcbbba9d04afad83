"""`cnn-tutor progress` and `cnn-tutor reset`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE, REAL_COURSE, ROOT
from tests.e2e.test_cli import assert_clean, run
from tutor.progress import ProgressStore
from tutor.progress.storage import StorePaths
from tutor.progress.store import read_document


def database(path: Path) -> Path:
    return StorePaths(path).database


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    """A progress file for the fixture course: a lesson completed, two quiz attempts."""
    path = tmp_path / "mine" / "progress.json"
    store = ProgressStore(path)
    store.mark_completed("basics", "first")
    store.mark_visited("basics", "second")
    store.set_position("basics", "second", 0.5)
    store.record_attempt("basics", "basics-quiz", {"q-first": 1}, 1, 1, duration=20.0)
    store.record_attempt("basics", "basics-quiz", {"q-first": 0}, 0, 1)
    store.close()
    return path


def test_the_table_shows_lessons_attempts_last_and_best(tmp_path: Path, progress: Path) -> None:
    result = run("progress", "--lessons", str(FIXTURE_COURSE), "--progress", str(progress), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"Progress file: {database(progress)}" in lines
    assert any(line.split() == ["1.", "First", "lesson", "completed"] for line in lines)
    assert any(line.split() == ["2.", "Second", "lesson", "visited", "2", "0/1", "1/1"] for line in lines)
    assert "Lessons completed: 1/3; visited: 2/3." in lines and "Last position: Second lesson (The basics)." in lines


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("course", [FIXTURE_COURSE, REAL_COURSE])
def test_the_table_fits_80_columns(tmp_path: Path, progress: Path, lang: str, course: Path) -> None:
    result = run("progress", "--lessons", str(course), "--lang", lang, "--progress", str(progress), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines() if not line.startswith(("Progress", "Fichier"))) <= 80
    if lang == "fr" and course == FIXTURE_COURSE:
        assert "terminée" in result.stdout and "Meilleur" in result.stdout


def test_without_a_file_everything_is_new_and_nothing_is_created(tmp_path: Path, clean_environment: Path) -> None:
    result = run("progress", "--lessons", str(FIXTURE_COURSE), cwd=tmp_path)
    assert result.returncode == 0 and "No progress yet" in result.stdout
    assert any(line.split() == ["1.", "First", "lesson", "new"] for line in result.stdout.splitlines())
    assert not (clean_environment / "data").exists()


def test_json_prints_the_stored_document_without_a_course(tmp_path: Path, progress: Path) -> None:
    no_course = str(tmp_path / "no-course")
    result = run("progress", "--json", "--lessons", no_course, "--progress", str(progress), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document == ProgressStore(progress).snapshot() and set(document) == {
        "format_version",
        "modules",
        "questions",
        "cards",
    }
    assert list(document["modules"]["basics"]) == ["lessons", "position", "quizzes"]
    assert document["modules"]["basics"]["quizzes"]["basics-quiz"]["attempts"][0]["duration"] == 20.0


def test_a_json_file_of_an_earlier_version_is_shown_as_it_is_and_left_alone(tmp_path: Path, progress: Path) -> None:
    """An instructor collects files of a class, some written by earlier versions."""
    earlier = tmp_path / "student.json"
    content = json.dumps(read_document(progress), indent=2).encode()
    earlier.write_bytes(content)
    result = run("progress", "--json", "--progress", str(earlier), cwd=tmp_path)
    assert result.returncode == 0 and json.loads(result.stdout) == json.loads(content)
    table = run("progress", "--lessons", str(FIXTURE_COURSE), "--progress", str(earlier), cwd=tmp_path)
    assert f"Progress file: {earlier}" in table.stdout
    assert earlier.read_bytes() == content and sorted(p.name for p in tmp_path.iterdir()) == ["mine", "student.json"]


def test_the_environment_variable_names_the_file(tmp_path: Path, progress: Path) -> None:
    result = run("progress", "--json", cwd=tmp_path, env={"CNN_TUTOR_PROGRESS": str(progress)})
    assert json.loads(result.stdout)["modules"]["basics"]["lessons"]["first"]["completed"]


def test_csv_has_one_row_per_attempt(tmp_path: Path, progress: Path) -> None:
    result = run("--progress", str(progress), "progress", "--csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["quiz"], row["score"], row["total"], row["answers"]) for row in rows] == [
        ("basics-quiz", "1", "1", "q-first=1"),
        ("basics-quiz", "0", "1", "q-first=0"),
    ]
    assert rows[0]["module"] == "basics" and rows[0]["duration"] == "20.0" and rows[1]["duration"] == ""
    assert {row["kind"] for row in rows} == {"quiz"} and {row["exercise"] for row in rows} == {""}


def test_json_and_csv_exclude_each_other(tmp_path: Path) -> None:
    result = run("progress", "--json", "--csv", cwd=tmp_path)
    assert result.returncode == 2 and "not allowed" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format_version": 1, "modu', "is not a valid progress file (not JSON"),
        (b'{"format_version": 1, "modules": {"m": {"position": {"scroll": NaN}}}}', "is not a valid progress file"),
        (b'{"format_version": 99}', "written by a newer cnn-tutor (format 99"),
        (b"{broken", "is not a cnn-tutor progress file"),
        (b"Dear diary,\n", "is not a cnn-tutor progress file"),
    ],
)
@pytest.mark.parametrize("output", [[], ["--json"], ["--csv"]])
def test_a_bad_file_gives_one_clear_line_and_is_left_alone(
    tmp_path: Path, content: bytes, message: str, output: list[str]
) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    result = run("progress", *output, "--lessons", str(FIXTURE_COURSE), "--progress", str(path), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert_clean(result)
    assert path.read_bytes() == content and list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("name", ["link.sqlite3", "link.json"])
def test_a_symbolic_link_is_refused(tmp_path: Path, progress: Path, name: str) -> None:
    link = tmp_path / name
    link.symlink_to(database(progress) if name.endswith(".sqlite3") else progress.parent / "elsewhere.json")
    for command in (["progress", "--json"], ["reset", "--yes"]):
        result = run(*command, "--progress", str(link), cwd=tmp_path)
        assert result.returncode == 2 and "symbolic link" in result.stderr
        assert_clean(result)
    assert database(progress).exists() and link.is_symlink()


def test_reset_with_yes_keeps_a_backup(tmp_path: Path, progress: Path) -> None:
    before = read_document(progress)
    result = run("reset", "--yes", "--progress", str(progress), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (backup,) = progress.parent.glob("progress.backup-*.sqlite3")
    assert read_document(backup) == before and oct(backup.stat().st_mode)[-3:] == "600"
    assert str(backup) in result.stdout
    shown = run("progress", "--json", "--progress", str(progress), cwd=tmp_path)
    assert json.loads(shown.stdout)["modules"] == {} and database(progress).exists()


def test_reset_of_a_json_file_of_an_earlier_version_renames_it(tmp_path: Path, progress: Path) -> None:
    earlier = tmp_path / "earlier.json"
    content = json.dumps(read_document(progress)).encode()
    earlier.write_bytes(content)
    result = run("reset", "--yes", "--progress", str(earlier), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (backup,) = tmp_path.glob("earlier.json.backup-*")
    assert backup.read_bytes() == content and not earlier.exists()


@pytest.mark.parametrize("kind", ["text file", "directory", "other program"])
def test_reset_refuses_what_is_not_a_progress_file_and_renames_nothing(tmp_path: Path, kind: str) -> None:
    if kind == "directory":
        target = tmp_path / "Documents"
        (target / "thesis").mkdir(parents=True)
    elif kind == "text file":
        target = tmp_path / "notes.txt"
        target.write_text("my notes\n")
    else:
        import sqlite3

        target = tmp_path / "places.sqlite3"
        with sqlite3.connect(target) as connection:
            connection.execute("CREATE TABLE bookmarks (url TEXT)")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run("reset", "--yes", "--progress", str(target), cwd=tmp_path)
    assert result.returncode == 2 and "is not a cnn-tutor progress file" in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1 and sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_not_read(tmp_path: Path, device: str) -> None:
    for output in (["--json"], ["--csv"], []):
        result = run("progress", *output, "--lessons", str(FIXTURE_COURSE), "--progress", device, cwd=tmp_path)
        assert result.returncode == 2 and "a character device" in result.stderr, result.stderr
        assert_clean(result)


def test_reset_without_a_terminal_asks_for_yes(tmp_path: Path, progress: Path) -> None:
    before = database(progress).read_bytes()
    result = run("reset", "--progress", str(progress), cwd=tmp_path, stdin="y\n")
    assert result.returncode == 2 and "--yes" in result.stderr
    assert database(progress).read_bytes() == before and not list(progress.parent.glob("*.backup-*"))


@pytest.mark.parametrize(
    ("lang", "answer", "removed"), [("en", "y", True), ("fr", "oui", True), ("en", "n", False), ("en", "", False)]
)
def test_reset_asks_in_a_terminal(tmp_path: Path, progress: Path, lang: str, answer: str, removed: bool) -> None:
    controller, terminal = os.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")
        result = subprocess.run(
            [sys.executable, "-m", "tutor", "reset", "--lang", lang, "--progress", str(progress)],
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 0, result.stderr
    question = {
        "en": f"Remove all progress in {database(progress)}? A backup is kept. [y/N]",
        "fr": "Effacer toute la progression",
    }
    assert question[lang] in result.stdout
    assert (read_document(progress)["modules"] == {}) is removed
    assert bool(list(progress.parent.glob("progress.backup-*.sqlite3"))) is removed


def test_reset_without_progress_says_so(tmp_path: Path) -> None:
    result = run("reset", "--yes", "--progress", str(tmp_path / "none.json"), cwd=tmp_path)
    assert result.returncode == 0 and "No progress to remove" in result.stdout


def test_help_lists_the_progress_commands_and_option(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert all(word in result.stdout for word in ("progress", "reset", "--progress FILE"))
    result = run("progress", "--help", cwd=tmp_path)
    assert "--json" in result.stdout and "--csv" in result.stdout


def test_csv_neither_drives_the_terminal_nor_makes_formulas(tmp_path: Path) -> None:
    """A student's file goes to an instructor's terminal and spreadsheet: it may be crafted."""
    attempt = {"at": "2025-03-01T09:40:00.000000+00:00", "score": 1, "total": 2, "duration": 31.500000000000004}
    document = {
        "format_version": 1,
        "modules": {
            '=HYPERLINK("http://x")': {
                "quizzes": {
                    "q\x1b]0;owned\x07\x1b[2J": {
                        "attempts": [
                            {**attempt, "answers": {"+1": 0, "\x1b[1A\x1b[2K": 1}},
                            {**attempt, "at": "-2025", "answers": {"@SUM(A1)": 0}},
                            {**attempt, "at": "\t2025", "answers": {"\rq": 1, "\u202eevil": 0}},
                        ]
                    }
                }
            },
        },
    }
    path = tmp_path / "student.json"
    path.write_text(json.dumps(document))
    result = run("progress", "--csv", "--progress", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not any(character in result.stdout for character in "\x1b\x07\r\t\u202e")
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[0][0] == '\'=HYPERLINK("http://x")' and rows[0][1] == "q\\x1b]0;owned\\x07\\x1b[2J"
    assert [row[2] for row in rows] == ["'\\x092025", "'-2025", "2025-03-01T09:40:00.000000+00:00"]
    assert {row[5] for row in rows} == {"31.5"}  # seconds, without float noise
    assert "'+1=0" in [row[6].split(";")[0] for row in rows]


def test_csv_exercise_rows_are_neutralised_too(tmp_path: Path) -> None:
    check = {"at": "2025-03-01T09:40:00.000000+00:00", "passed": False, "digest": "", "duration": 0.123456}
    document = {
        "format_version": 1,
        "exercises": {
            "=cmd|' /c calc'!A1": {"history": [{**check, "diagnosis": "+\x1b[2Jowned"}]},
            "x\u202e": {
                "history": [{**check, "at": "@2025", "passed": True, "diagnosis": "passed"}],
                "hints_read": [{"at": "2025", "level": 2}],
            },
        },
    }
    path = tmp_path / "student.json"
    path.write_text(json.dumps(document))
    result = run("progress", "--csv", "--progress", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not any(character in result.stdout for character in "\x1b\u202e")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    assert [(row["at"], row["exercise"], row["passed"], row["diagnosis"], row["hints"]) for row in rows] == [
        ("2025-03-01T09:40:00.000000+00:00", "'=cmd|' /c calc'!A1", "false", "'+\\x1b[2Jowned", "0"),
        ("'@2025", "x\\u202e", "true", "passed", "2"),
    ]
    assert {row["duration"] for row in rows} == {"0.12"} and {row["kind"] for row in rows} == {"exercise"}


def test_the_language_last_chosen_is_used_unless_one_is_asked(tmp_path: Path, progress: Path) -> None:
    store = ProgressStore(progress)
    store.remember_language("fr")
    store.close()
    options = ["--lessons", str(FIXTURE_COURSE), "--progress", str(progress)]
    assert "Première leçon" in run("lessons", *options, cwd=tmp_path, env={"LANG": "en_US.UTF-8"}).stdout
    assert "First lesson" in run("lessons", "--lang", "en", *options, cwd=tmp_path).stdout
    assert (
        "First lesson" in run("lessons", *options[:2], "--progress", str(tmp_path / "other.json"), cwd=tmp_path).stdout
    )
