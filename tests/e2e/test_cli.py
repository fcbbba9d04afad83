"""The command line, run as a user runs it: in a subprocess, from another directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE, ROOT


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = ""
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        cwd=cwd,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_clean(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for word in ("lessons", "show", "validate", "--lessons", "--lang", "--version"):
        assert word in result.stdout


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("cnn-tutor ")


@pytest.mark.parametrize("args", [["--bogus"], ["show"], ["frobnicate"], ["--lang", "de", "lessons"]])
def test_bad_arguments_give_usage_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2 and "usage: cnn-tutor" in result.stderr
    assert_clean(result)


def test_lessons_lists_modules_and_lesson_ids(tmp_path: Path) -> None:
    result = run("--lessons", str(FIXTURE_COURSE), "lessons", cwd=tmp_path)
    assert result.returncode == 0
    assert "Module 1/2: The basics  [basics]" in result.stdout
    assert "1. first   First lesson" in result.stdout and "2. second  Second lesson" in result.stdout
    assert "3. third   Third lesson" in result.stdout


def test_options_work_after_the_command(tmp_path: Path) -> None:
    result = run("lessons", "--lessons", str(FIXTURE_COURSE), "--lang", "fr", cwd=tmp_path)
    assert result.returncode == 0 and "Les bases" in result.stdout


def test_show_prints_the_lesson_without_the_answers(tmp_path: Path) -> None:
    result = run("--lessons", str(FIXTURE_COURSE), "show", "second", cwd=tmp_path)
    assert result.returncode == 0
    out = result.stdout
    assert "Question 1: What does normalisation do?" in out
    assert "b) It centres and scales" in out and "c) y = x" in out
    assert "It centres and scales." not in out  # the explanation would give it away
    assert "that is dropout" not in out
    assert "Conv 1 -> Conv 2 -> Conv 3 -> Dense" in out and "Conv 1 is added to the output of Conv 3" in out


def test_show_prints_formula_and_legend(tmp_path: Path) -> None:
    result = run("--lessons", str(FIXTURE_COURSE), "show", "first", "--lang", "fr", cwd=tmp_path)
    assert "y = (x − μ) / σ" in result.stdout and "μ : la moyenne" in result.stdout
    assert "[bold] [/]" in result.stdout


def test_show_takes_a_lesson_number_as_listed(tmp_path: Path) -> None:
    by_number = run("--lessons", str(FIXTURE_COURSE), "show", "2", cwd=tmp_path)
    by_id = run("--lessons", str(FIXTURE_COURSE), "show", "second", cwd=tmp_path)
    assert by_number.returncode == 0 and by_number.stdout == by_id.stdout
    beyond = run("--lessons", str(FIXTURE_COURSE), "show", "4", cwd=tmp_path)
    assert beyond.returncode == 2 and "no lesson with id '4'" in beyond.stderr


def test_show_unknown_lesson(tmp_path: Path) -> None:
    result = run("--lessons", str(FIXTURE_COURSE), "show", "nope", cwd=tmp_path)
    assert result.returncode == 2 and "no lesson with id 'nope'" in result.stderr
    assert result.stderr.count("\n") == 1
    assert_clean(result)


def test_language_follows_the_locale(tmp_path: Path) -> None:
    french = run("--lessons", str(FIXTURE_COURSE), "lessons", cwd=tmp_path, env={"LANG": "fr_FR.UTF-8"})
    assert "Les bases" in french.stdout
    english = run("--lessons", str(FIXTURE_COURSE), "lessons", cwd=tmp_path, env={"LANG": "C", "LC_ALL": ""})
    assert "The basics" in english.stdout
    overridden = run(
        "--lessons", str(FIXTURE_COURSE), "lessons", cwd=tmp_path, env={"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US"}
    )
    assert "Les bases" in overridden.stdout


def test_ascii_output(tmp_path: Path) -> None:
    result = run("--lessons", str(FIXTURE_COURSE), "show", "first", "--lang", "fr", "--ascii", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.isascii()
    assert "y = (x - mu) / sigma" in result.stdout and "Premiere lecon" in result.stdout


def test_show_on_an_ascii_only_stdout_transliterates(tmp_path: Path) -> None:
    result = run(
        "--lessons",
        str(FIXTURE_COURSE),
        "show",
        "first",
        "--lang",
        "fr",
        cwd=tmp_path,
        env={"PYTHONIOENCODING": "ascii", "LANG": "C"},
    )
    assert result.returncode == 0 and "Premiere lecon" in result.stdout
    assert_clean(result)


def test_show_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    command = f"{sys.executable} -m tutor show introduction | head -n 1"
    result = subprocess.run(
        command,
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0 and result.stdout.strip()
    assert_clean(result)


def test_validate_good_course(tmp_path: Path) -> None:
    result = run("validate", str(FIXTURE_COURSE), cwd=tmp_path)
    assert result.returncode == 0 and "valid (1 module, 3 lessons, 6 questions)" in result.stdout


def test_validate_reports_every_error_and_exits_2(course_dir: Path, tmp_path: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    first.write_text(first.read_text().replace("style: warning", "style: danger").replace("tone: bad", "tone: awful"))
    result = run("validate", str(course_dir), str(FIXTURE_COURSE), cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith(str(first))]
    assert len(errors) == 2 and errors[0].startswith(f"{first}:")
    assert f"{course_dir}: 2 problems" in result.stderr
    assert f"{FIXTURE_COURSE}: valid" in result.stdout
    assert_clean(result)


def test_validate_a_directory_that_is_not_a_course(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "missing"), cwd=tmp_path)
    assert result.returncode == 2 and "not a directory" in result.stderr


def test_broken_course_is_refused_with_one_clear_message(course_dir: Path, tmp_path: Path) -> None:
    (course_dir / "basics" / "first.yaml").write_text("id: [unclosed\n")
    result = run("--lessons", str(course_dir), "lessons", cwd=tmp_path)
    assert result.returncode == 2 and "cannot be loaded" in result.stderr and "cnn-tutor validate" in result.stderr
    assert_clean(result)


def test_tutor_without_a_terminal_points_to_show(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "cnn-tutor show" in result.stderr
    assert result.stderr.count("\n") == 1


def test_bundled_course_validates(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("Install and run the test suite:")[1].split("```sh\n")[1].split("\n")[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci


def test_show_prints_clean_text_for_screen_readers(tmp_path: Path) -> None:
    """No Markdown markers: a screen reader would read the asterisks, hashes and bars aloud."""
    import re

    for lesson in map(str, range(1, 14)):
        for lang in ("fr", "en"):
            text = run("show", lesson, "--lang", lang, cwd=tmp_path).stdout
            assert text.strip()
            assert not re.search(r"\*\*|`|^#+ |^=+$|^\s*\| ", text, re.M), (lesson, lang)


def test_help_speaks_the_chosen_language_and_every_command_says_what_it_does(tmp_path: Path) -> None:
    french = run("--help", "--lang", "fr", cwd=tmp_path).stdout
    assert french.startswith("utilisation") and "afficher cette aide et quitter" in french
    assert "afficher une leçon en texte brut" in french
    for command in ("lessons", "show", "validate", "progress", "review", "reset"):
        for lang in ("fr", "en"):
            text = run(command, "--help", "--lang", lang, cwd=tmp_path).stdout
            description = text.split("\n\n")[1]  # the paragraph under the usage
            assert description.strip() and not description.lstrip().startswith(
                ("options", "arguments", "positional")
            ), (command, lang, text)
    assert "usage:" in run("--help", cwd=tmp_path, env={"LANG": "en_US.UTF-8"}).stdout
