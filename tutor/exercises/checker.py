"""Check a student's exercise file in a separate process, under a time and a memory limit.

The process (`tutor.exercises.runner`) is a new Python that imports numpy, receives the job and
answers with JSON lines. This side enforces the wall-clock limit: once the process says it is
ready (numpy and the references done), the student's code has the exercise's time limit plus a
grace second; after that the process and anything it started are killed. A process that ends
without a verdict was killed by a signal or ended itself (os._exit): both are reported as such.

`Checker` can start the next process before it is needed (`warm()`), so that a check in watch
mode does not wait for Python and numpy to start.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from typing import Literal
from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.model import Exercise
from tutor.exercises.runner import BOOT
from tutor.system.records import Record

START_TIMEOUT = 20.0
"""Seconds for a new Python to import numpy and compute the references (a cold disk is slow)."""
GRACE = 1.0
"""Seconds past the time limit before the process is killed (its own alarm fires at the limit)."""
OUTPUT_LIMIT = 100_000
"""Characters the student's code may print before it is stopped."""
ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True, eq=False, repr=False)
class Result(Record):
    """What a check found. `code` says what kind of result it is (see `tutor.exercises.feedback`)."""

    exercise_id: str
    code: str
    details: dict = field(default_factory=dict)
    digest: str = ""
    """sha256 of the file that was checked."""
    elapsed: float = 0.0
    """Seconds from the start of the check to the verdict."""

    @property
    def passed(self) -> bool:
        return self.code == "passed"


def file_digest(path: Path) -> str:
    import hashlib  # here, when a check is made or recalled: it loads OpenSSL, ~3 ms of start-up otherwise

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def job(exercise: Exercise, student: Path, workspace: Path) -> dict:
    """The job sent to the checking process: plain JSON, the exercise's checks and its limits."""
    return {
        "student": str(student),
        "workspace": str(workspace),
        "exercises_dir": str(exercise.directory),
        "time_limit": exercise.time_limit,
        "memory_limit": exercise.memory_limit,
        "output_limit": OUTPUT_LIMIT,
        "checks": [
            {
                "function": check.function,
                "reference": check.reference,
                "outputs": list(check.outputs),
                "rtol": check.rtol,
                "atol": check.atol,
                "cases": [
                    {
                        "seed": case.seed,
                        "args": [
                            {
                                "name": arg.name,
                                "kind": arg.kind,
                                "value": arg.value,
                                "shape": list(arg.shape),
                                "params": [list(pair) for pair in arg.params],
                            }
                            for arg in case.args
                        ],
                    }
                    for case in check.cases
                ],
            }
            for check in exercise.checks
        ],
    }


class _Process:
    """One checking process and the thread that reads its answers."""

    def __init__(self, cwd: Path) -> None:
        path = [entry for entry in sys.path if entry and Path(entry).resolve() != cwd.resolve()]
        if str(ROOT) not in path:
            path.insert(0, str(ROOT))
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("PYTHON")
            and key not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        }
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8")
        options: dict = (
            {"start_new_session": True}
            if os.name == "posix"
            else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
        )
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", BOOT, json.dumps(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
            **options,
        )
        self.messages: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None  # started with stdout=PIPE
        try:
            while True:
                line = stream.readline(1 << 20)
                if not line:
                    break
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if isinstance(message, dict):
                    self.messages.put(message)
        except (OSError, ValueError):
            pass
        self.messages.put(None)

    def send(self, data: dict) -> bool:
        try:
            stdin = self.process.stdin
            assert stdin is not None  # started with stdin=PIPE
            stdin.write(json.dumps(data).encode())
            stdin.close()
            return True
        except (OSError, ValueError):
            return False

    def next(self, deadline: float) -> dict | Literal[False] | None:
        """The next message; None at the end of the output; False when the deadline passed."""
        try:
            return self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return False

    def stop(self) -> None:
        """Kill the process and everything it started, and reap it."""
        try:
            if os.name == "posix":
                # Even when the process has ended (after its verdict): what the student's code started
                # is still in its process group. No new process takes a pid in use as a group id.
                os.killpg(self.process.pid, signal.SIGKILL)
            elif self.process.poll() is None:
                self.process.kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self.reader.join(timeout=5)

    def alive(self) -> bool:
        return self.process.poll() is None


class Checker:
    """Checks exercise files in `workspace`; one checking process per check, started ahead when warmed."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self._spare: _Process | None = None
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Start the process for the next check now (numpy takes ~0.1 s to import)."""
        with self._lock:
            if self._spare is None or not self._spare.alive():
                self._spare = _Process(self.workspace)

    def close(self) -> None:
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.stop()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, exercise: Exercise, student: Path) -> Result:
        """Run the exercise's checks on the file `student`, within the exercise's limits.

        Raises:
            ValueError: the exercise was loaded without its checks (see `tutor.content.exercises.with_checks`).
        """
        if not exercise.checks or not all(check.cases for check in exercise.checks):
            raise ValueError(f"exercise {exercise.id!r} has no checks loaded: pass it through with_checks() first")
        started = time.monotonic()
        digest = file_digest(student)

        def result(code: str, **details: object) -> Result:
            return Result(exercise.id, code, details, digest, time.monotonic() - started)

        if not student.is_file():
            return result("missing_file", file=str(student))
        with self._lock:
            process, self._spare = self._spare, None
        if process is None or not process.alive():
            if process is not None:
                process.stop()
            process = _Process(self.workspace)
        try:
            return self._run(process, job(exercise, student, self.workspace), exercise, result)
        finally:
            process.stop()

    def _run(self, process: _Process, data: dict, exercise: Exercise, result) -> Result:
        if not process.send(data):
            return result("start_failed")
        deadline = time.monotonic() + START_TIMEOUT
        ready = False
        current: dict = {}
        while True:
            message = process.next(deadline)
            if message is False:
                if not ready:
                    return result("start_failed")
                return result("timeout", limit=exercise.time_limit, hard=True, **current)
            if message is None:
                process.process.wait(timeout=10)
                status = process.process.returncode
                if status is not None and status < 0:
                    name = _signal_name(-status)
                    if name in ("SIGXCPU", "SIGKILL") and ready and time.monotonic() >= deadline - GRACE - 0.5:
                        return result("timeout", limit=exercise.time_limit, hard=True, **current)
                    return result("crashed", signal=name, **current)
                return result("ended", status=status, **current) if ready else result("start_failed", status=status)
            event = message.get("event")
            if event == "ready" and not ready:
                ready = True
                deadline = time.monotonic() + exercise.time_limit + GRACE
            elif event == "case":
                current = {"check": message.get("check"), "case": message.get("case")}
            elif event == "verdict":
                details = {key: value for key, value in message.items() if key not in ("event", "code")}
                return result(str(message.get("code")), **details)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
