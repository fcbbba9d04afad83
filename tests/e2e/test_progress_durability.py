"""No acknowledged answer is lost: writers killed at random moments, and two writers at once.

A writer is a child process that records quiz attempts and prints one line after each
`record_attempt` returns: every line printed is an attempt the tutor would have shown as saved.
"""

from __future__ import annotations

import os
import random
from collections import Counter
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.progress import ProgressStore
from tutor.progress.storage import StorePaths
from tutor.progress.store import read_document

WRITER = """
import sys
from tutor.progress import ProgressStore

path, module, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = ProgressStore(path)
print("ready", flush=True)
for number in range(count):
    store.record_attempt(module, f"quiz-{number}", {"q1": number % 3, "q2": 1}, number % 3, 2, duration=1.5)
    if store.warning:
        sys.exit(store.warning)
    print(number, flush=True)
"""


def start_writer(path: Path, module: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), module, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        # A runner that ignores SIGHUP (nohup, some CI) passes that on: the writer must die of it.
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def acknowledged(output: str) -> list[int]:
    """The attempts the writer reported as saved; a line cut by the kill does not count."""
    complete_lines = output.split("\n")[:-1]
    return [int(line) for line in complete_lines if line != "ready"]


def stored_quizzes(path: Path, module: str) -> dict:
    document = read_document(path)  # always a whole, valid document (a killed transaction is rolled back)
    return document["modules"].get(module, {}).get("quizzes", {})


def kill_after(path: Path, module: str, writes: int, delay: float, kill: signal.Signals) -> tuple[list[int], int]:
    """Kill a writer `delay` seconds after it acknowledged `writes` attempts (so kills land mid-write however loaded the machine)."""
    writer = start_writer(path, module, 10_000)
    lines = [writer.stdout.readline() for _ in range(writes + 1)]
    assert lines[0] == "ready\n"
    time.sleep(delay)
    writer.send_signal(kill)
    output, _ = writer.communicate(timeout=30)
    return acknowledged("".join(lines) + output), writer.returncode


@pytest.mark.slow
def test_writers_killed_at_random_moments_lose_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(20240601)
    saved = 0
    for run in range(200):
        path = tmp_path / f"progress-{run // 20}.json"  # a fresh file every 20 kills keeps writes small
        module = f"run-{run}"
        numbers, status = kill_after(path, module, rng.randint(0, 3), rng.uniform(0, 0.01), signal.SIGKILL)
        assert status == -signal.SIGKILL
        if not StorePaths(path).database.exists():
            assert not numbers
            continue
        quizzes = stored_quizzes(path, module)
        for number in numbers:
            assert len(quizzes[f"quiz-{number}"]["attempts"]) == 1, (run, number)
        saved += len(numbers)
    assert saved > 200  # the kills did land while attempts were being written
    for path in tmp_path.glob("progress-*.json"):
        store = ProgressStore(path)
        assert store.notices == [] and store.warning is None


def test_a_hang_up_loses_nothing_acknowledged(tmp_path: Path) -> None:
    """SIGHUP is what an SSH drop sends: the process dies at once, wherever it is."""
    path = tmp_path / "progress.json"
    for run in range(5):
        numbers, status = kill_after(path, f"run-{run}", 1 + run, 0.002 * run, signal.SIGHUP)
        assert status == -signal.SIGHUP and numbers
        quizzes = stored_quizzes(path, f"run-{run}")
        assert all(f"quiz-{number}" in quizzes for number in numbers)


def test_two_sessions_writing_at_once_keep_every_attempt(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    writers = [start_writer(path, module, 200) for module in ("first", "second")]
    outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0]
    assert [len(acknowledged(output)) for output in outputs] == [200, 200]
    document = read_document(path)
    attempts = [
        attempt
        for module in ("first", "second")
        for quiz in document["modules"][module]["quizzes"].values()
        for attempt in quiz["attempts"]
    ]
    assert len(attempts) == 400
    assert sum(len(question["history"]) for question in document["questions"].values()) == 800


def test_reset_while_a_session_writes_loses_nothing(tmp_path: Path) -> None:
    """`reset` backs the database up and empties it under the lock: every acknowledged attempt is in
    exactly one of the backups or the database."""
    path = tmp_path / "progress.json"
    writer = start_writer(path, "m", 100_000)
    lines = [writer.stdout.readline()]
    try:
        for _ in range(3):
            lines += [writer.stdout.readline() for _ in range(20)]
            reset = subprocess.run(
                [sys.executable, "-m", "tutor", "reset", "--yes", "--progress", str(path)],
                capture_output=True,
                text=True,
                timeout=60,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            assert reset.returncode == 0, reset.stderr
        lines += [writer.stdout.readline() for _ in range(20)]
    finally:
        writer.kill()
    numbers = acknowledged("".join(lines) + writer.communicate()[0])
    backups = sorted(tmp_path.glob("progress.backup-*.sqlite3"))
    assert len(backups) == 3
    found = Counter(
        quiz
        for document in [read_document(path), *map(read_document, backups)]
        for quiz, record in document["modules"].get("m", {}).get("quizzes", {}).items()
        for _ in record["attempts"]
    )
    assert all(found[f"quiz-{number}"] == 1 for number in numbers) and len(numbers) >= 80
