"""The exercise commands as a student runs them: in a subprocess, and watch mode in a real terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.terminal import Terminal

SOLUTIONS = ROOT / "tests" / "data" / "exercise_solutions"
EXECUTABLE = Path(sys.executable).parent / "cnn-tutor"


def run(*args: str, workspace: Path, lang: str = "en") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LANG": f"{lang}_{lang.upper()}.UTF-8",
        "CNN_TUTOR_WORKSPACE": str(workspace),
    }
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        cwd=workspace.parent,
        env=env,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_exercises_lists_every_exercise_and_creates_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "mine"
    result = run("exercises", workspace=workspace)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Exercises (0 of 12 done) in {workspace}"
    assert lines[1].split()[:2] == ["1.", "bn-forward"] and len(lines) == 13
    assert sorted(path.name for path in workspace.glob("*.py")) == sorted(path.name for path in SOLUTIONS.glob("*.py"))


def test_exercises_check_marks_what_passes(tmp_path: Path) -> None:
    workspace = tmp_path / "mine"
    run("exercises", workspace=workspace)
    shutil.copy(SOLUTIONS / "se_block.py", workspace / "se_block.py")
    (workspace / "conv2d.py").write_text("def conv2d(x, w, b=None, stride=1, padding=0, dilation=1):\n    return x\n")
    listed = run("exercises", "--check", workspace=workspace).stdout.splitlines()
    assert listed[0] == f"Exercises (1 of 12 done) in {workspace}"
    assert listed[9].startswith("✓  9. se-block") and listed[6].startswith("✗  6. conv2d")
    assert listed[6].endswith("[not passing yet]") and listed[1].startswith("   1. bn-forward")


def test_exercise_checks_a_file_and_exits_1_until_it_passes(tmp_path: Path) -> None:
    workspace = tmp_path / "mine"
    first = run("exercise", "se-block", workspace=workspace)
    assert first.returncode == 1
    assert (
        first.stdout.splitlines()[0]
        == "Exercise 9/12: A Squeeze-and-Excitation block (easy) · lesson channel-attention"
    )
    assert "Not started: se_block still raises NotImplementedError (se_block.py, line" in first.stdout
    shutil.copy(SOLUTIONS / "se_block.py", workspace / "se_block.py")
    second = run("exercise", "se-block", workspace=workspace)
    assert second.returncode == 0 and "Passed: all 4 cases are right." in second.stdout
    french = run("exercise", "se-block", workspace=workspace, lang="fr")
    assert "Réussi\u00a0: les 4 cas sont justes." in french.stdout


def test_the_student_file_states_the_task_in_the_students_language(tmp_path: Path) -> None:
    run("exercises", workspace=tmp_path / "fr", lang="fr")
    text = (tmp_path / "fr" / "se_block.py").read_text(encoding="utf-8")
    assert text.startswith('"""Un bloc Squeeze-and-Excitation\n\nÉcrivez un bloc SE')
    assert "cnn-tutor hint se-block" in text and "raise NotImplementedError" in text
    compile(text, "se_block.py", "exec")


def test_hint_gives_the_hints_and_reset_puts_the_starting_file_back(tmp_path: Path) -> None:
    workspace = tmp_path / "mine"
    assert run("hint", "conv2d", workspace=workspace).stdout.startswith("Hint 1 of 3: Start with the output size")
    assert run("hint", "conv2d", "3", workspace=workspace).stdout.startswith("Hint 3 of 3: The product")
    assert run("hint", "conv2d", "9", workspace=workspace).stdout.startswith("Hint 3 of 3: The product")
    path = workspace / "conv2d.py"
    starting = path.read_text()
    path.write_text("# my work\n")
    refused = run("reset-exercise", "conv2d", workspace=workspace)
    assert refused.returncode == 2 and "add --yes" in refused.stderr and path.read_text() == "# my work\n"
    done = run("reset-exercise", "conv2d", "--yes", workspace=workspace)
    assert done.returncode == 0 and path.read_text() == starting


def test_checks_and_hints_are_kept_in_the_progress_store_and_shown_by_progress(tmp_path: Path) -> None:
    workspace = tmp_path / "mine"
    assert run("exercise", "se-block", workspace=workspace).returncode == 1
    run("hint", "se-block", workspace=workspace)
    shutil.copy(SOLUTIONS / "se_block.py", workspace / "se_block.py")
    assert run("exercise", "se-block", workspace=workspace).returncode == 0
    (workspace / "conv2d.py").write_text("def conv2d(x, w, b=None, stride=1, padding=0, dilation=1):\n    return x\n")
    assert run("exercise", "conv2d", workspace=workspace).returncode == 1
    # Another process sees the statuses: from the records and the files, nothing run again.
    listed = run("exercises", workspace=workspace).stdout.splitlines()
    assert listed[0] == f"Exercises (1 of 12 done) in {workspace}"
    assert listed[9].startswith("✓  9. se-block") and listed[6].startswith("✗  6. conv2d")
    document = json.loads(run("progress", "--json", workspace=workspace).stdout)
    record = document["exercises"]["se-block"]
    assert (record["attempts"], record["passes"], record["hints"], record["last"]["diagnosis"]) == (2, 1, 1, "passed")
    assert [check["diagnosis"] for check in record["history"]] == ["not_started", "passed"]
    rows = list(csv.DictReader(io.StringIO(run("progress", "--csv", workspace=workspace).stdout)))
    assert [(row["kind"], row["exercise"], row["passed"], row["diagnosis"], row["hints"]) for row in rows] == [
        ("exercise", "se-block", "false", "not_started", "0"),
        ("exercise", "se-block", "true", "passed", "1"),
        ("exercise", "conv2d", "false", "wrong_shape", "0"),
    ]
    table = run("progress", workspace=workspace).stdout.splitlines()
    assert "Hands-on exercises: 1/12 passed." in table
    assert any(line.split() == ["9.", "A", "Squeeze-and-Excitation", "block", "passed", "2", "1"] for line in table)
    assert any(line.split()[-3:] == ["tried", "1", "0"] and "direct convolution" in line for line in table)


def test_an_instructor_adds_an_exercise_as_the_readme_says(tmp_path: Path) -> None:
    """README, "Adding an exercise": a starting file, its declaration, its checks with a reference of one's own."""
    from tests.conftest import FIXTURE_COURSE

    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "exercises: exercises\n")
    directory = course / "exercises"
    directory.mkdir()
    (directory / "my_norm.py").write_text(
        'import numpy as np\n\n\ndef my_norm(x, eps=1e-5):\n    """x normalised over its last axis."""\n    raise NotImplementedError\n'
    )
    (directory / "reference.py").write_text(
        "import numpy as np\n\n\ndef my_norm(x, eps=1e-5):\n"
        "    return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + eps)\n"
    )
    (directory / "exercises.yaml").write_text(
        "format_version: 1\nexercises:\n  - id: my-norm\n    lesson: first\n    level: 1\n    file: my_norm.py\n"
        "    title: {fr: Ma norme, en: My norm}\n    statement: {fr: Normalisez x., en: Normalise x.}\n"
        "    hints:\n      - {fr: La moyenne d'abord., en: The mean first.}\n"
    )
    (directory / "checks.yaml").write_text(
        "format_version: 1\nchecks:\n  my-norm:\n    - function: my_norm\n      reference: reference.py:my_norm\n"
        "      cases:\n        - args: {x: {normal: [4, 6]}}\n        - args: {x: {normal: [1, 1]}}\n"
    )
    validated = run("validate", str(course), workspace=tmp_path / "unused")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    workspace = tmp_path / "try"
    first = run(
        "--lessons", str(course), "exercise", "my-norm", "--workspace", str(workspace), workspace=tmp_path / "unused"
    )
    assert first.returncode == 1 and "Not started: my_norm still raises NotImplementedError" in first.stdout
    assert not list(workspace.glob("reference*"))  # the instructor's reference stays in the course
    (workspace / "my_norm.py").write_text(
        "import numpy as np\n\n\ndef my_norm(x, eps=1e-5):\n"
        "    mean = x.mean(axis=-1, keepdims=True)\n    return (x - mean) / np.sqrt(((x - mean) ** 2).mean(axis=-1, keepdims=True) + eps)\n"
    )
    second = run(
        "--lessons", str(course), "exercise", "my-norm", "--workspace", str(workspace), workspace=tmp_path / "unused"
    )
    assert second.returncode == 0 and "Passed: all 2 cases are right." in second.stdout


def test_mistakes_get_one_line_and_status_2(tmp_path: Path) -> None:
    unknown = run("exercise", "bn-forwards", workspace=tmp_path / "mine")
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "cnn-tutor: no exercise 'bn-forwards'; list them with: cnn-tutor exercises\n",
    )
    inside = run("exercises", workspace=ROOT / "tutor" / "mine")
    assert inside.returncode == 2 and "is inside the installed program" in inside.stderr
    assert not (ROOT / "tutor" / "mine").exists()


pytestmark_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")


def save(path: Path, text: str) -> None:
    """Save as an editor does: write a new file, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytestmark_tmux
def test_watch_checks_again_on_each_save_and_moves_on_when_it_passes(tmp_path: Path) -> None:
    assert EXECUTABLE.exists(), f"{EXECUTABLE} is not installed (pip install -e .)"
    workspace = tmp_path / "mine"
    env = {
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
        "CNN_TUTOR_WORKSPACE": str(workspace),
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    terminal = Terminal([str(EXECUTABLE), "watch", "inverted-dropout"], 100, 40, env=env)
    try:
        terminal.wait_for("Not started: dropout still raises NotImplementedError")
        path = workspace / "inverted_dropout.py"
        wrong = (SOLUTIONS / path.name).read_text().replace("x / (1 - p)", "x")
        save(path, wrong)
        screen = terminal.wait_for("Wrong value: dropout(…)")
        assert "Every value is 0.5 times the expected one" in screen
        terminal.press("h")
        terminal.wait_for("Hint 1 of 2: The mask is an array of booleans")
        started = time.monotonic()
        save(path, (SOLUTIONS / path.name).read_text())
        screen = terminal.wait_for("Exercise 4/12: Spatial dropout and drop path")
        assert "Done! Next: Spatial dropout and drop path: the shape of the mask." in screen
        assert "Not started: spatial_dropout still raises NotImplementedError" in screen
        assert time.monotonic() - started < 5
        terminal.press("q")
        terminal.wait_for("[exit 0]")
        assert "Traceback" not in terminal.text()
    finally:
        terminal.close()


@pytestmark_tmux
def test_a_student_edits_and_checks_an_exercise_from_its_lesson_at_80_by_24(tmp_path: Path) -> None:
    """In the tutor: the lesson's end shows the exercise; e opens the editor (the app gives it the terminal
    and takes it back), c checks the saved file; the course map then marks the lesson's exercise done."""
    assert EXECUTABLE.exists(), f"{EXECUTABLE} is not installed (pip install -e .)"
    workspace = tmp_path / "mine"
    editor = tmp_path / "editor"
    editor.write_text(  # an editor that shows itself, waits for a key, then saves the solution
        f'#!/bin/sh\necho "EDITING $1"\nread answer\ncp "{SOLUTIONS / "se_block.py"}" "$1"\n', encoding="utf-8"
    )
    editor.chmod(0o755)
    env = {
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
        "CNN_TUTOR_WORKSPACE": str(workspace),
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "EDITOR": str(editor),
    }
    terminal = Terminal([str(EXECUTABLE)], 80, 24, env=env)
    try:
        terminal.wait_for("10. Channel attention (SE-Net)  exercises 0/1")
        terminal.press(*["Down"] * 9, "Enter")
        terminal.wait_for("Channel attention (SE-Net) · lesson 10/")
        terminal.press("End")
        terminal.wait_for("not started")
        terminal.press("e")
        screen = terminal.wait_for("EDITING")  # the editor has the terminal
        assert f"EDITING {workspace / 'se_block.py'}" in screen.replace("\n", "")
        terminal.press("Enter")
        terminal.wait_for("changed, not checked")  # the tutor is back, and has seen the change
        terminal.press("c")
        screen = terminal.wait_for("Passed: all", timeout=30)
        assert "Traceback" not in screen
        terminal.press("Escape")
        terminal.wait_for("10. Channel attention (SE-Net)  (done)  ✓ exercises 1/1")
        terminal.press("q")
        terminal.wait_for("[exit 0]")
        assert "Traceback" not in terminal.text()
    finally:
        terminal.close()
