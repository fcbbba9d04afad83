"""Checking exercises in a separate process: the course's solutions pass, the starting files fail
helpfully, and each kind of broken student file gets its one-line diagnosis within the time limit."""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import REAL_COURSE, ROOT
from tutor.content.model import Exercise
from tutor.content.loader import load_course
from tutor.exercises.checker import GRACE, Checker, Result
from tutor.exercises.feedback import case_code, diagnosis, report
from tutor.exercises.workspace import Workspace
from tutor.text.i18n import Messages

SOLUTIONS = ROOT / "tests" / "data" / "exercise_solutions"
SAY = Messages("en")
COURSE = load_course(REAL_COURSE, exercise_checks=True)
EXERCISES = {exercise.id: exercise for exercise in COURSE.exercises}


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("workspace")
    with Checker(root) as checker:
        yield checker


def check(checker: Checker, exercise: Exercise, source: str | None = None, **changes: object) -> Result:
    """Check `source` as the student's file of `exercise` (its solution when None)."""
    path = checker.workspace / exercise.file
    if source is None:
        shutil.copy(SOLUTIONS / exercise.file, path)
    else:
        path.write_text(source, encoding="utf-8")
    checker.warm()
    return checker.check(dataclasses.replace(exercise, **changes) if changes else exercise, path)


def test_the_course_has_at_least_ten_exercises_from_easy_to_hard_each_with_a_solution() -> None:
    assert len(COURSE.exercises) >= 10
    assert {exercise.level for exercise in COURSE.exercises} == {1, 2, 3}
    assert sorted(path.name for path in SOLUTIONS.glob("*.py")) == sorted(e.file for e in COURSE.exercises)


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_every_solution_passes_its_exercise(checker: Checker, exercise_id: str) -> None:
    exercise = EXERCISES[exercise_id]
    for required in exercise.requires:
        shutil.copy(SOLUTIONS / EXERCISES[required].file, checker.workspace / EXERCISES[required].file)
    result = check(checker, exercise)
    assert result.code == "passed", report(result, exercise, SAY, "en")
    assert result.details["cases"] == sum(len(c.cases) for c in exercise.checks)


def test_every_starting_file_fails_saying_where_to_start(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, "en")
    workspace.prepare(COURSE.exercises)
    with Checker(tmp_path) as checker:
        for exercise in COURSE.exercises:
            checker.warm()
            result = checker.check(exercise, workspace.path(exercise))
            assert result.code == "not_started", (exercise.id, result)
            line = workspace.path(exercise).read_text().splitlines()[result.details["line"] - 1]
            assert line.strip() == "raise NotImplementedError"
            first = diagnosis(result, exercise, SAY)
            assert first.startswith("Not started:") and exercise.checks[0].function in first


DROPOUT = EXERCISES["inverted-dropout"]
HEAD = "import numpy as np\n\n\ndef dropout(x, p, rng, training=True):\n"
QUICK = 0.6
"""A short time limit for the files that never finish."""
FILLING = 5.0
"""The time limit for the files that fill their memory: a loaded machine may take more than `QUICK` to fill it."""

BROKEN = {
    # name: (body of dropout, expected code, words of the first line, line reported (or lines allowed) or None)
    "syntax error": ("    return x +\n", "syntax", "Syntax error (inverted_dropout.py, line 5, column", 5),
    "infinite loop": (
        "    while True:\n        pass\n",
        "timeout",
        "Time limit: still running after 0.6 s (inverted_dropout.py, line",
        (5, 6),
    ),
    "sleep": (
        "    import time\n    time.sleep(60)\n",
        "timeout",
        "Time limit: still running after 0.6 s (inverted_dropout.py, line 6)",
        6,
    ),
    "loop that swallows the alarm": (
        "    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n",
        "timeout",
        "Time limit: still running after 0.6 s",
        None,
    ),
    "huge allocation": (
        "    return np.zeros((100000, 100000))\n",
        "memory",
        "Memory limit: your code asked for more than the 256 MiB allowed (inverted_dropout.py, line 5)",
        5,
    ),
    "growing allocation": (
        "    kept = []\n    while True:\n        kept.append(np.ones(10**6))\n",
        "memory",
        "Memory limit",
        7,
    ),
    "wrong shape": (
        "    return x[:, :1]\n",
        "wrong_shape",
        "Wrong shape: dropout(…) should have shape (4, 6), not (4, 1).",
        None,
    ),
    "print flood": (
        "    while True:\n        print('x =', x)\n",
        "output_flood",
        "Too much printed: more than 100,000 characters (inverted_dropout.py, line 6)",
        6,
    ),
    "sys.exit": (
        "    import sys\n    sys.exit(1)\n",
        "exit",
        "Your code called sys.exit(1) (inverted_dropout.py, line 6)",
        6,
    ),
    "os._exit": ("    import os\n    os._exit(0)\n", "ended", "Your code ended the checking process", None),
    "no return": (
        "    y = x * 2\n",
        "wrong_type",
        "dropout returned None (a missing return?); it should return an array.",
        None,
    ),
    "exception": ("    return x @ x\n", "exception", "ValueError (inverted_dropout.py, line 5): matmul", 5),
    "change in place": ("    x *= 2\n    return x\n", "mutated_input", "dropout changed its argument x in place", None),
    "recursion": (
        "    return dropout(x, p, rng, training)\n",
        "exception",
        "RecursionError (inverted_dropout.py, line 5)",
        5,
    ),
    "tuple instead of array": (
        "    return x, x\n",
        "wrong_shape",
        "Wrong shape: dropout(…) should have shape (4, 6), not (2, 4, 6).",
        None,
    ),
    "huge file": (
        "    open('big.bin', 'wb').write(bytes(32 * 2**20))\n",
        "exception",
        "OSError (inverted_dropout.py, line 5): [Errno 27] File too large",
        5,
    ),
    "reads the keyboard": ("    return x * float(input())\n", "exception", "EOFError (inverted_dropout.py, line 5)", 5),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_file_gets_its_diagnosis_within_the_time_limit(checker: Checker, name: str) -> None:
    body, code, words, line = BROKEN[name]
    limit = FILLING if code == "memory" else QUICK
    started = time.monotonic()
    result = check(checker, DROPOUT, HEAD + body, time_limit=limit)
    elapsed = time.monotonic() - started
    first = diagnosis(result, DROPOUT, SAY)
    assert result.code == code, report(result, DROPOUT, SAY, "en")
    assert words in first
    assert "\n" not in first and "Traceback" not in "\n".join(report(result, DROPOUT, SAY, "en"))
    assert result.details.get("line") in (line if isinstance(line, tuple) else (line,))
    assert elapsed < limit + GRACE + 2.0  # the limit, the kill's grace, and starting Python on a busy machine


def test_a_module_that_fails_on_import_is_reported_at_its_line(checker: Checker) -> None:
    result = check(checker, DROPOUT, "import numpy as np\nscale = 1 / 0\n" + HEAD + "    return x\n")
    assert diagnosis(result, DROPOUT, SAY) == (
        "ZeroDivisionError (inverted_dropout.py, line 2, while loading the file): division by zero"
    )


def test_a_renamed_function_and_a_changed_signature_are_named(checker: Checker) -> None:
    renamed = check(checker, DROPOUT, "def drop(x, p, rng, training=True):\n    return x\n")
    assert diagnosis(renamed, DROPOUT, SAY) == (
        "inverted_dropout.py has no function dropout: keep the name the starting file gives it."
    )
    changed = check(checker, DROPOUT, "def dropout(x, prob, rng, training=True):\n    return x\n")
    assert changed.code == "signature"
    assert "unexpected keyword argument 'p'" in diagnosis(changed, DROPOUT, SAY)


def test_a_wrong_value_names_the_first_difference_its_inputs_and_how_to_rebuild_them(checker: Checker) -> None:
    # Forgetting the 1 / (1 − p) scale: every kept value is (1 − p) times too small.
    result = check(checker, DROPOUT, HEAD + "    return np.where(rng.random(x.shape) >= p, x, 0.0)\n")
    lines = report(result, DROPOUT, SAY, "en")
    d = result.details
    assert result.code == "wrong_value" and d["check"] == 0 and d["case"] == 0
    assert lines[0] == f"Wrong value: dropout(…){_index(d['index'])} should be {d['expected']:.6g}, not {d['got']:.6g}."
    assert "Every value is 0.5 times the expected one: a forgotten or wrong scale factor?" in lines
    assert f"At that position, x{_index(d['index'])} = {d['got']:.6g}." in lines
    assert "In case 1 of 6 of dropout (p = 0.5):" in lines
    # The Python printed rebuilds the very arguments: the reference on them gives the expected value.
    from tutor.sim.exercise_refs import inverted_dropout

    namespace: dict = {"dropout": inverted_dropout}
    exec("\n".join(case_code(DROPOUT.checks[0], DROPOUT.checks[0].cases[0])), namespace)  # noqa: S102 — a check's own code
    assert namespace["result"][tuple(d["index"])] == pytest.approx(d["expected"], rel=1e-12)


def test_what_the_code_printed_is_shown_after_the_diagnosis(checker: Checker) -> None:
    result = check(checker, DROPOUT, HEAD + "    print('shape', x.shape, '\\x1b[31m')\n    return x\n")
    lines = report(result, DROPOUT, SAY, "en")
    assert lines[lines.index("Your code printed:") + 1] == "    shape (4, 6) \\x1b[31m"


def _index(index: list[int]) -> str:
    return "[" + ", ".join(map(str, index)) + "]"


def test_a_wrong_tuple_names_the_output_that_is_wrong(checker: Checker) -> None:
    exercise = EXERCISES["bn-fold"]
    source = (SOLUTIONS / exercise.file).read_text().replace("(b - mean) * s + beta", "(b - mean) * s")
    result = check(checker, exercise, source)
    assert diagnosis(result, exercise, SAY).startswith("Wrong value: b[")
    missing = check(checker, exercise, "def fold_bn(w, b, gamma, beta, mean, var, eps=1e-5):\n    return w\n")
    assert diagnosis(missing, exercise, SAY) == (
        "fold_bn returned an array of shape (4, 3, 3, 3); it should return a tuple of 2: (w, b)."
    )


def test_a_fault_of_the_course_is_not_blamed_on_the_student(checker: Checker) -> None:
    broken = dataclasses.replace(
        DROPOUT, checks=(dataclasses.replace(DROPOUT.checks[0], reference="tutor.sim.exercise_refs:no_such_function"),)
    )
    result = check(checker, broken, HEAD + "    return x\n")
    assert result.code == "reference_error"
    first = diagnosis(result, broken, SAY)
    assert first.startswith("The tutor could not check this exercise (its fault, not yours):")
    assert "Traceback" not in first


def test_no_checking_process_is_left_behind(tmp_path: Path) -> None:
    spawn = (
        "    import subprocess, sys\n"
        "    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "    open('child.pid', 'w').write(str(child.pid))\n"
        "    while True:\n        pass\n"
    )
    with Checker(tmp_path) as checker:
        result = check(checker, DROPOUT, HEAD + spawn, time_limit=QUICK)
        checker.warm()
        spare = checker._spare.process
    assert result.code == "timeout"
    assert spare.poll() is not None  # closing the checker stops its warm process
    grandchild = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while _running(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(grandchild)  # what the student's code started is killed with it


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_an_exercise_loaded_without_its_checks_is_never_passed(checker: Checker) -> None:
    light = next(e for e in load_course(REAL_COURSE).exercises if e.id == DROPOUT.id)
    assert light.checks == ()
    with pytest.raises(ValueError, match="no checks loaded"):
        checker.check(light, checker.workspace / light.file)
