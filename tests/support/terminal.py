"""Driving a program in a real terminal: tmux on a private socket, keys in, screen text out."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
import uuid
from collections.abc import Mapping


class Terminal:
    """A tmux session of a given size running one command."""

    def __init__(
        self,
        command: list[str],
        width: int = 80,
        height: int = 24,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        self.socket = f"cnn-tutor-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{name}={shlex.quote(value)}" for name, value in (env or {}).items())
        line = f"cd {shlex.quote(cwd or os.getcwd())} && env -u COLUMNS -u LINES {exports} {shlex.join(command)}; echo '[exit '$?']'; sleep 600"
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-s", "main", line)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
            # A runner that ignores SIGHUP (nohup) would pass that on to the server and the program:
            # the program must die of a hang-up as it does over SSH.
            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def press(self, *keys: str) -> None:
        """Type `keys` one at a time, as a person would."""
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            time.sleep(0.05)

    def burst(self, *keys: str) -> None:
        """Send `keys` in one write, as a fast typist or a slow link delivers them."""
        self._tmux("send-keys", "-t", "main", *keys)

    def send_bytes(self, data: bytes) -> None:
        """Send raw bytes, as a terminal in another encoding or a noisy line would."""
        self._tmux("send-keys", "-t", "main", "-H", *(f"{byte:02x}" for byte in data))

    def text(self, joined: bool = False) -> str:
        """The screen's text; `joined` puts back together the lines the terminal wrapped at its edge."""
        return self._tmux("capture-pane", "-p", *(["-J"] if joined else []), "-t", "main")

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        """The screen once it shows `needle`; AssertionError with the screen if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.text()
            if needle in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared; the screen shows:\n{screen}")
            time.sleep(0.1)

    def wait_without(self, needle: str, timeout: float = 30.0) -> str:
        """The screen once `needle` has gone from it."""
        deadline = time.monotonic() + timeout
        while needle in (screen := self.text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never went away; the screen shows:\n{screen}")
            time.sleep(0.1)
        return screen

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", "main", "-x", str(width), "-y", str(height))

    def pid(self) -> int:
        """The process id of the command running in the pane (its shell's child)."""
        shell = int(self._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = open(f"/proc/{entry}/stat").read()
                except OSError:
                    continue
                if int(stat.rpartition(")")[2].split()[1]) == shell:
                    return int(entry)
        raise LookupError("the command is not running")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)
