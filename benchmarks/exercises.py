"""The time a student waits for the feedback on an exercise.

- command: `cnn-tutor exercise ID` in a new process, from start to exit (the course from the
  start-up cache, a new checking Python, the feedback printed, the check recorded on disk);
- check: one check alone (`Checker.check`), the checking Python started for it;
- check_warm: one check with the checking Python started ahead, as watch mode does between saves.

The file checked is a wrong answer (the first case fails at its first value), so the figure
includes the whole feedback: the reference, the student's function and the comparison.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.sessions import ROOT

EXERCISE = "inverted-dropout"
WRONG = ROOT / "tests" / "data" / "exercise_solutions" / "inverted_dropout.py"


def _workspace() -> Path:
    workspace = Path(tempfile.mkdtemp(prefix="cnn-tutor-bench-"))
    (workspace / WRONG.name).write_text(WRONG.read_text().replace("x / (1 - p)", "x"), encoding="utf-8")
    return workspace


def command(runs: int) -> list[float]:
    workspace = _workspace()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CNN_TUTOR_WORKSPACE": str(workspace),
        "LANG": "en_US.UTF-8",
        "CNN_TUTOR_PROGRESS": str(workspace / "progress.json"),  # each check is recorded: not in the user's file
    }
    samples = []
    try:
        for _ in range(runs + 1):  # the first run fills the course cache, as any first start does
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "tutor", "exercise", EXERCISE],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            samples.append((time.perf_counter() - started) * 1000)
            if "Wrong value" not in result.stdout:
                raise RuntimeError(f"unexpected feedback: {result.stdout}{result.stderr}")
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return samples[1:]


def check(runs: int, warm: bool) -> list[float]:
    from tutor.content.exercises import with_checks
    from tutor.content.loader import load_course
    from tutor.exercises.checker import Checker
    from tutor.system.paths import bundled_lessons

    course = load_course(bundled_lessons())
    exercise = next(e for e in with_checks(course.exercises, course.languages) if e.id == EXERCISE)
    workspace = _workspace()
    samples = []
    try:
        with Checker(workspace) as checker:
            for _ in range(runs):
                if warm:
                    checker.warm()
                    time.sleep(0.5)  # the student is typing
                started = time.perf_counter()
                result = checker.check(exercise, workspace / exercise.file)
                samples.append((time.perf_counter() - started) * 1000)
                if result.code != "wrong_value":
                    raise RuntimeError(f"unexpected result: {result}")
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return samples
