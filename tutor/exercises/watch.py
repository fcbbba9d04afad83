"""`cnn-tutor watch`: check the current exercise each time a file of the workspace is saved.

As in rustlings: the screen shows the current exercise and what its last check found; saving
any .py file of the workspace checks it again; when it passes, the next exercise becomes the
current one (and is checked at once, so the student sees where to start). Keys: h the next hint,
c check again, n the next exercise, l the list, q quit. Changes come from `watchfiles` (native
events, or polling with --poll for network drives and WSL), keys from the terminal in cbreak
mode; both arrive on one queue, read by the main thread, which alone checks and draws.
"""

from __future__ import annotations

import os
import queue
import shutil
import textwrap
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from tutor.content.model import Exercise
from tutor.exercises.checker import Result
from tutor.exercises.feedback import report
from tutor.exercises.session import MARKS, Session, heading

Say = Callable[..., str]
BAR = 24


class Watch:
    def __init__(
        self,
        session: Session,
        say: Say,
        lang: str,
        start: Exercise | None = None,
        poll: bool = False,
        ascii_only: bool = False,
        out: TextIO | None = None,
    ) -> None:
        self.session = session
        self.say = say
        self.lang = lang
        self.poll = poll
        self.ascii_only = ascii_only
        self.out = out or sys.stdout
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.current = start or self._first_not_done()
        self.result: Result | None = None
        self.hints: dict[str, int] = {}
        self.notice = ""
        self.listing = False

    def _first_not_done(self) -> Exercise:
        for exercise in self.session.exercises:
            if self.session.status(exercise) != "passed":
                return exercise
        return self.session.exercises[0]

    def run(self) -> int:
        terminal = _Keys(self.events) if sys.stdin.isatty() else None
        watcher = threading.Thread(target=self._watch_files, daemon=True)
        watcher.start()
        try:
            if terminal is not None:
                terminal.start()
            self.check_and_advance()
            while True:
                event, value = self.events.get()
                if event == "quit":
                    return 0
                if event == "change":
                    self.listing = False
                    self.check_and_advance()
                elif event == "key":
                    if self.key(value):
                        return 0
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop.set()
            if terminal is not None:
                terminal.restore()
            watcher.join(timeout=2)

    def key(self, key: str) -> bool:
        """Act on a key; True to quit."""
        if key in ("q", "\x04"):
            return True
        self.listing = False
        if key == "h":
            self.hints[self.current.id] = self.session.take_hint(self.current, self.hints.get(self.current.id, 0) + 1)
            self.draw()
        elif key == "c":
            self.check_and_advance()
        elif key == "n":
            index = (self.session.index(self.current) + 1) % len(self.session.exercises)
            self.current = self.session.exercises[index]
            self.notice = ""
            self.check_current()
        elif key == "l":
            self.listing = True
            self.draw()
        return False

    def check_current(self) -> None:
        self.show(self.say("exercises.watch_checking", file=self.current.file))
        self.session.checker.warm()  # ignored if one is ready; the next check starts from warm
        self.result = self.session.check(self.current)
        self.session.checker.warm()
        self.draw()

    def check_and_advance(self) -> None:
        """Check the current exercise; while it passes, go on to the next one (as rustlings does)."""
        self.check_current()
        while self.result is not None and self.result.passed:
            index = self.session.index(self.current)
            following = [e for e in self.session.exercises[index + 1 :] if self.session.status(e) != "passed"]
            if not following:
                self.notice = self.say("exercises.watch_all_done")
                self.draw()
                return
            self.current = following[0]
            self.notice = self.say("exercises.watch_passed_next", title=self.current.title.get(self.lang))
            self.check_current()

    def show(self, line: str) -> None:
        self._write(line + "\n")

    def draw(self) -> None:
        say, exercise = self.say, self.current
        lines = ["\x1b[H\x1b[2J" if self._tty() else ""]
        if self.notice:
            lines += [self.notice, ""]
        if self.listing:
            for number, item in enumerate(self.session.exercises, 1):
                status = self.session.status(item)
                lines.append(f"{MARKS[status]} {number:>2}. {item.id}  {item.title.get(self.lang)}")
            lines.append("")
        lines += heading(self.session, exercise, say, self.lang)
        lines.append(say("exercises.watch_waiting", path=self.session.workspace.path(exercise)))
        lines.append("")
        if self.result is not None and self.result.exercise_id == exercise.id:
            lines += report(self.result, exercise, say, self.lang)
        seen = self.hints.get(exercise.id, 0)
        for level in range(1, seen + 1):
            lines += [
                "",
                say(
                    "exercises.hint",
                    level=level,
                    total=len(exercise.hints),
                    text=exercise.hints[level - 1].get(self.lang),
                ),
            ]
        if seen >= len(exercise.hints):
            lines.append(say("exercises.no_more_hints", lesson=exercise.lesson))
        done = sum(self.session.status(item) == "passed" for item in self.session.exercises)
        total = len(self.session.exercises)
        filled = round(BAR * done / total)
        lines += ["", f"[{'#' * filled}{'-' * (BAR - filled)}] {done}/{total}", say("exercises.watch_keys")]
        if not self._tty():
            lines.append(say("exercises.watch_no_terminal"))
        self._write("\n".join(_wrapped(lines, shutil.get_terminal_size().columns)) + "\n")

    def _tty(self) -> bool:
        return self.out.isatty()

    def _write(self, text: str) -> None:
        from tutor.text.asciify import to_ascii

        try:
            text.encode(getattr(self.out, "encoding", None) or "ascii")
        except UnicodeEncodeError:
            text = to_ascii(text)
        if self.ascii_only:
            text = to_ascii(text)
        self.out.write(text)
        self.out.flush()

    def _watch_files(self) -> None:
        from watchfiles import watch

        root = self.session.workspace.root

        def wanted(change: object, path: str) -> bool:
            name = os.path.basename(path)
            return name.endswith(".py") and not name.startswith(".")

        try:
            for _changes in watch(
                root,
                watch_filter=wanted,
                stop_event=self.stop,
                debounce=400,
                step=50,
                force_polling=self.poll or None,
                poll_delay_ms=200,
                recursive=False,
                raise_interrupt=False,
            ):
                self.events.put(("change", None))
        except Exception:  # noqa: BLE001 — no watching (e.g. the directory went away): keys still work
            pass


def _wrapped(lines: list[str], width: int) -> list[str]:
    """Prose wrapped at the terminal's width; indented lines (code, source lines) kept whole."""
    out: list[str] = []
    for line in lines:
        if len(line) <= width or line.startswith(" ") or "\x1b" in line:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, max(20, width - 1), break_on_hyphens=False))
    return out


class _Keys:
    """The terminal in cbreak mode (keys without Enter, no echo), read by a thread; restored at the end."""

    def __init__(self, events: queue.Queue) -> None:
        self.events = events
        self.saved: list | None = None

    def start(self) -> None:
        try:
            import termios
            import tty

            self.saved = termios.tcgetattr(sys.stdin.fileno())
            tty.setcbreak(sys.stdin.fileno())
        except (ImportError, OSError):
            self.saved = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        fd = sys.stdin.fileno()
        while True:
            try:
                data = os.read(fd, 1) if self.saved is not None else sys.stdin.read(1).encode()
            except OSError:
                data = b""
            if not data:
                self.events.put(("quit", None))
                return
            self.events.put(("key", data.decode(errors="replace").lower()))

    def restore(self) -> None:
        if self.saved is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self.saved)
