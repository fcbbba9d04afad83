"""A program on a pseudo-terminal, as a slow-link student's terminal sees it: bytes and their times.

The session answers Textual's query for synchronized output (DECRQM mode 2026) as modern
terminals do, so every frame Textual paints arrives between `SYNC_START` and `SYNC_END`:
a frame is then a well-defined unit whose end can be timed.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence

SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
"""Mode 2026 is known and currently reset: Textual then wraps each frame in it."""
ESCAPE = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHM]")
KEYS = {
    "enter": b"\r",
    "tab": b"\t",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
}


def visible_text(data: bytes) -> str:
    """The characters `data` draws, without escape sequences (lines run together)."""
    return ESCAPE.sub(b"", data).decode("utf-8", errors="ignore")


def key_bytes(key: str) -> bytes:
    """What a terminal sends for `key` ("n", "enter", "tab", ...)."""
    return KEYS.get(key, key.encode())


class PtySession:
    """`argv` running on a fresh pseudo-terminal of `width`×`height`; reads everything it writes.

    Times are `time.perf_counter()` values; `started` is taken just before the process is spawned.
    """

    def __init__(
        self, argv: Sequence[str], env: Mapping[str, str], cwd: str, width: int = 80, height: int = 24
    ) -> None:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.leader = leader
        self.output = bytearray()
        self.arrivals: list[tuple[float, int]] = []
        """(time, length of `output` after that read), one per read."""
        self.synchronized = False
        """Whether the program asked about synchronized output (and was told it is there)."""
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=follower,
            stdout=follower,
            stderr=follower,
            cwd=cwd,
            env=dict(env),
            start_new_session=True,
        )
        os.close(follower)

    def read(self, timeout: float) -> bool:
        """Read what arrives within `timeout` seconds; False when nothing did."""
        ready, _, _ = select.select([self.leader], [], [], max(timeout, 0.0))
        if not ready:
            return False
        try:
            data = os.read(self.leader, 1 << 16)
        except OSError:  # the program has gone and closed the terminal
            return False
        if not data:
            return False
        now = time.perf_counter()
        self.output += data
        self.arrivals.append((now, len(self.output)))
        if not self.synchronized and SYNC_QUERY in self.output[-len(data) - len(SYNC_QUERY) :]:
            self.synchronized = True
            os.write(self.leader, SYNC_REPLY)
        return True

    def arrival_of(self, offset: int) -> float:
        """When the byte at `offset` of the output was read."""
        for when, end in self.arrivals:
            if end > offset:
                return when
        raise ValueError(offset)

    def frame_with(self, text: str, since: int, timeout: float = 20.0) -> float | None:
        """When the first frame written after offset `since` that shows `text` was complete.

        Output outside synchronized frames (drawn before the program learnt of them) counts
        from the read that completed `text`.
        """
        deadline = time.perf_counter() + timeout
        position = since
        while True:
            start = self.output.find(SYNC_START, position)
            if text in visible_text(bytes(self.output[position : start if start >= 0 else len(self.output)])):
                return self.arrival_of((start if start >= 0 else len(self.output)) - 1)
            end = self.output.find(SYNC_END, start) if start >= 0 else -1
            if end >= 0:
                if text in visible_text(bytes(self.output[start:end])):
                    return self.arrival_of(end + len(SYNC_END) - 1)
                position = end + len(SYNC_END)
                continue
            if time.perf_counter() > deadline or self.process.poll() is not None:
                return None
            self.read(0.05)

    def settle(self, since: int, quiet: float, first: float = 5.0, timeout: float = 20.0) -> float | None:
        """When the last byte after offset `since` arrived, once nothing more came for `quiet` seconds.

        Waits up to `first` seconds for the first byte; returns None when none came.
        """
        started = time.perf_counter()
        while len(self.output) <= since and time.perf_counter() < started + first and self.process.poll() is None:
            self.read(0.05)
        while time.perf_counter() < started + timeout and self.process.poll() is None:
            if not self.read(quiet):
                break
        if len(self.output) <= since:
            return None
        return self.arrival_of(len(self.output) - 1)

    def press(self, key: str) -> tuple[float, int]:
        """Send `key`; returns the time it was sent and the output's length then."""
        self.drain()
        offset = len(self.output)
        sent = time.perf_counter()
        os.write(self.leader, key_bytes(key))
        return sent, offset

    def drain(self) -> None:
        """Take in whatever is already waiting, without waiting."""
        while self.read(0):
            pass

    def peak_rss_mib(self) -> float:
        """The program's peak resident memory so far (VmHWM), in MiB."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise LookupError("VmHWM not reported")

    def close(self, quit_key: str = "q", timeout: float = 10.0) -> int:
        """Ask the program to quit with `quit_key`; kill it if it will not. Returns its exit status."""
        if self.process.poll() is None:
            os.write(self.leader, key_bytes(quit_key))
            deadline = time.perf_counter() + timeout
            while self.process.poll() is None and time.perf_counter() < deadline:
                self.read(0.05)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        status = self.process.wait(timeout=timeout)
        self._close_terminal()
        return status

    def _close_terminal(self) -> None:
        if self.leader >= 0:
            os.close(self.leader)
            self.leader = -1

    def __enter__(self) -> PtySession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._close_terminal()
