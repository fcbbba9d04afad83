"""Starting and stopping servers in tests: `cnn-tutor serve` and `jupyter server`.

Each server runs in a process group of its own, so that stopping it also ends whatever it started
(one tutor per browser tab), even when a test fails half-way.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


class Server:
    """A server process whose output is read line by line, in the background."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None) -> None:
        self.command = list(command)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for_line(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        """The first line (from now on) that matches `pattern`."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line matching {pattern!r} in {timeout} s; output:\n{''.join(self.output)}")
            try:
                line = self.lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    raise AssertionError(
                        f"{self.command[0]} exited ({self.process.returncode}) before printing {pattern!r}:\n"
                        + "".join(self.output)
                    ) from None
                continue
            if match := re.search(pattern, line):
                return match

    def interrupt(self, timeout: float = 30.0) -> int:
        """ctrl+c, as a person presses it in a terminal (SIGINT to the whole process group); the exit status."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout)

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM to the server alone, as a supervisor (jupyter-server-proxy, systemd) stops it; the exit status."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def stop(self) -> None:
        """End the server and everything it started, whatever state it is in."""
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(15)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait(15)
            if self.process.stdout is not None:
                self.process.stdout.close()


def group_alive(pid: int) -> bool:
    """Whether any process of the group `pid` leads is still running (a zombie, dead but not yet
    reaped by an init that may never reap it, does not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after its last ")".
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        if int(group) == pid and state not in "ZX":
            return True
    return False


def group_ends(pid: int, timeout: float = 30.0) -> bool:
    """Whether every process of the group `pid` leads has ended within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while group_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def cnn_tutor(*args: str) -> list[str]:
    """The command line of `cnn-tutor ARGS`, run by this Python."""
    return [sys.executable, "-m", "tutor", *args]


SERVING = r"served at (http://\S+)"
