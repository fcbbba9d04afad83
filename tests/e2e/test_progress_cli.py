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
    return path


def test_the_table_shows_lessons_attempts_last_and_best(tmp_path: Path, progress: Path) -> None:
    result = run("progress", "--lessons", str(FIXTURE_COURSE), "--progress", str(progress), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"Progress file: {progress}" in lines
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
    assert json.loads(result.stdout) == json.loads(progress.read_bytes())


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


def test_json_and_csv_exclude_each_other(tmp_path: Path) -> None:
    result = run("progress", "--json", "--csv", cwd=tmp_path)
    assert result.returncode == 2 and "not allowed" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{broken", "is not a valid progress file (not JSON"),
        (b'{"format_version": 99}', "written by a newer cnn-tutor (format 99"),
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


def test_a_symbolic_link_is_refused(tmp_path: Path, progress: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(progress)
    for command in (["progress", "--json"], ["reset", "--yes"]):
        result = run(*command, "--progress", str(link), cwd=tmp_path)
        assert result.returncode == 2 and "symbolic link" in result.stderr
        assert_clean(result)
    assert progress.exists() and link.is_symlink()


def test_reset_with_yes_keeps_a_backup(tmp_path: Path, progress: Path) -> None:
    content = progress.read_bytes()
    result = run("reset", "--yes", "--progress", str(progress), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (backup,) = progress.parent.glob("progress.json.backup-*")
    assert backup.read_bytes() == content and not progress.exists()
    assert str(backup) in result.stdout
    shown = run("progress", "--json", "--progress", str(progress), cwd=tmp_path)
    assert json.loads(shown.stdout)["modules"] == {}


def test_reset_without_a_terminal_asks_for_yes(tmp_path: Path, progress: Path) -> None:
    result = run("reset", "--progress", str(progress), cwd=tmp_path, stdin="y\n")
    assert result.returncode == 2 and "--yes" in result.stderr
    assert progress.exists() and not list(progress.parent.glob("*.backup-*"))


@pytest.mark.parametrize(
    ("lang", "answer", "removed"), [("en", "y", True), ("fr", "oui", True), ("en", "n", False), ("en", "", False)]
)
def test_reset_asks_in_a_terminal(tmp_path: Path, progress: Path, lang: str, answer: str, removed: bool) -> None:
    controller, terminal = os.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")
        result = subprocess.run(
            [sys.executable, "-m", "tutor", "reset", "--lang", lang, "--progress", str(progress)],
            stdin=terminal, capture_output=True, text=True, timeout=60, cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 0, result.stderr
    question = {"en": f"Remove all progress in {progress}? A backup is kept. [y/N]", "fr": "Effacer toute la progression"}
    assert question[lang] in result.stdout
    assert progress.exists() is not removed
    assert bool(list(progress.parent.glob("progress.json.backup-*"))) is removed


def test_reset_without_progress_says_so(tmp_path: Path) -> None:
    result = run("reset", "--yes", "--progress", str(tmp_path / "none.json"), cwd=tmp_path)
    assert result.returncode == 0 and "No progress to remove" in result.stdout


def test_help_lists_the_progress_commands_and_option(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert all(word in result.stdout for word in ("progress", "reset", "--progress FILE"))
    result = run("progress", "--help", cwd=tmp_path)
    assert "--json" in result.stdout and "--csv" in result.stdout
