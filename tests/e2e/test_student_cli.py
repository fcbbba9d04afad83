"""--student on the command line, in a subprocess: checked before anything runs, refused where it would not be kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import assert_clean, run


@pytest.mark.parametrize("command", ["progress", "lessons", "report"])
def test_the_option_given_to_another_command_is_a_usage_error_not_silently_dropped(
    tmp_path: Path, command: str
) -> None:
    extra = [str(tmp_path)] if command == "report" else []
    result = run("--student", "ana", command, *extra, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "--student is given to the tutor itself" in result.stderr and f"not to {command}" in result.stderr
    assert_clean(result)


def test_a_name_a_terminal_would_obey_is_refused_in_french_too(tmp_path: Path) -> None:
    result = run("--lang", "fr", "--student", "ana\x1b[2J", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --student\u00a0: un nom de 1 à 80 caractères est attendu" in result.stderr
    assert "\x1b" not in result.stderr  # the name is not echoed
    assert_clean(result)


def test_without_a_terminal_the_tutor_says_so_and_keeps_no_name(tmp_path: Path) -> None:
    progress = tmp_path / "progress.json"
    result = run("--student", "ana", "--progress", str(progress), cwd=tmp_path)
    assert result.returncode == 2 and "terminal" in result.stderr
    assert not progress.with_suffix(".sqlite3").exists()
    assert_clean(result)
