"""Reading the keyboard: odd bytes replaced, parser errors survived, a paste never left open, no polling.

Textual's input thread decodes the terminal's bytes strictly as UTF-8, so one Latin-1 `é` (0xE9),
a stray 0xFF or an X10 mouse report past column 95 raises UnicodeDecodeError in that thread and
ends the app with a traceback; an escape sequence its parser cannot read (a kitty key code beyond
Unicode, a CSI number of twenty digits) does the same. A bracketed paste whose end never comes
keeps every later key, `q` included. And the thread wakes ten times a second, idle or not.

`InputReader` runs in its place, with the same parser:
- bytes that are not UTF-8 become U+FFFD (the rest of the input is kept);
- an exception from the parser is reported (`on_error`) and a fresh parser reads on from the
  next character (only the sequence being read is lost);
- a bracketed paste with no input for `PASTE_QUIET` seconds, or open for `PASTE_LIMIT` seconds,
  is closed and its text delivered;
- whole control strings and device reports in one read are dropped (`STRAY`);
- the thread sleeps until input comes or it is stopped (a pipe wakes it), and ticks the parser
  (for a lone Escape key) only in the second after input.
"""

from __future__ import annotations

import codecs
import os
import re
import selectors
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
PASTE_QUIET = 1.0
"""Seconds without input after which an unfinished bracketed paste is taken as finished."""
PASTE_LIMIT = 3.0
"""Seconds after its start when a bracketed paste is finished anyway (keys typed meanwhile kept it going)."""
STRAY = re.compile(r"\x1b[P\]X^_][^\x1b\x07]*(?:\x07|\x1b\\)|\x1b\[[?>][0-9;]*c")
"""Whole control strings (DCS, OSC, SOS, PM, APC) and device attribute reports: never keys.

Textual's parser would hand their characters to the app as key presses (`ESC P + q` ends in `q`,
which quits). A reply to a query arrives in one read; a control string split between reads is
left to the parser."""
ACTIVE = 1.0
"""Seconds after input during which the parser is ticked (it times out a lone Escape key)."""
READ_SIZE = 4096


class Parser(Protocol):
    def feed(self, data: str) -> Iterable[Any]: ...

    def tick(self) -> Iterable[Any]: ...


class PasteWatch:
    """Whether the text fed so far leaves a bracketed paste open, and since when."""

    def __init__(self) -> None:
        self.open = False
        self.since = 0.0
        self._tail = ""

    def feed(self, text: str) -> None:
        seen = self._tail + text
        start, end = seen.rfind(PASTE_START), seen.rfind(PASTE_END)
        if start != end:  # at least one of them is there: the later one decides
            if start > end and not self.open:
                self.since = time.monotonic()
            self.open = start > end
        self._tail = seen[-(len(PASTE_START) - 1) :]  # a marker may be split between reads

    def deadline(self, last_input: float) -> float:
        """When the open paste is to be taken as finished."""
        return min(last_input + PASTE_QUIET, self.since + PASTE_LIMIT)


class InputReader:
    """Reads `fileno` until `stop`, handing each event the parser makes to `deliver`."""

    def __init__(
        self,
        fileno: int,
        deliver: Callable[[Any], None],
        new_parser: Callable[[], Parser],
        escape_delay: float,
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.fileno = fileno
        self.deliver = deliver
        self.new_parser = new_parser
        self.tick_interval = max(escape_delay / 2, 0.005)
        self.on_error = on_error
        self._parser = new_parser()
        self._decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
        self._paste = PasteWatch()
        self._wake_read, self._wake_write = os.pipe()
        self._lock = threading.Lock()
        self._closed = False

    def stop(self) -> None:
        """Wake the reading thread and make it return (from any thread)."""
        with self._lock:
            if not self._closed:
                os.write(self._wake_write, b"x")

    def close(self) -> None:
        """Release the wake-up pipe (done by `run` as it returns; for a reader never run)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                os.close(self._wake_read)
                os.close(self._wake_write)

    def run(self) -> None:
        """Read and parse until stopped; then deliver nothing more."""
        if self._closed:
            return
        # Textual uses select() too: macOS's kqueue does not report terminals.
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(self._wake_read, selectors.EVENT_READ)
        last_input = float("-inf")
        try:
            while True:
                ready = {key.fd for key, _mask in selector.select(self._timeout(last_input))}
                if self._wake_read in ready:
                    break
                if self.fileno in ready:
                    data = os.read(self.fileno, READ_SIZE)
                    if not data:  # end of input (stdin not a terminal): wait to be stopped
                        selector.unregister(self.fileno)
                        continue
                    last_input = time.monotonic()
                    self._feed(STRAY.sub("", self._decode(data)))
                else:
                    self._idle(last_input)
        finally:
            selector.close()
            self.close()

    def _timeout(self, last_input: float) -> float | None:
        """How long to sleep: for ever unless a lone Escape or an open paste may be waiting."""
        now = time.monotonic()
        waits = []
        if now < last_input + ACTIVE:
            waits.append(self.tick_interval)
        if self._paste.open:
            waits.append(max(self._paste.deadline(last_input) - now, 0.0))
        return min(waits) if waits else None

    def _idle(self, last_input: float) -> None:
        if self._paste.open and time.monotonic() >= self._paste.deadline(last_input):
            self._feed(PASTE_END)
        try:
            for event in self._parser.tick():
                self.deliver(event)
        except Exception as error:  # noqa: BLE001 — the parser's bug must not end the app
            self._recover(error)

    def _feed(self, text: str) -> None:
        # One character at a time: after an error only the sequence being read is lost.
        for character in text:
            self._paste.feed(character)
            try:
                for event in self._parser.feed(character):
                    self.deliver(event)
            except Exception as error:  # noqa: BLE001 — the parser's bug must not end the app
                self._recover(error)

    def _recover(self, error: Exception) -> None:
        self._parser = self.new_parser()
        self._paste = PasteWatch()
        self.on_error(error)
