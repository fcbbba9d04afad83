"""The tutor's terminal driver: Textual's Linux/macOS driver with three policies of its own.

- Output: each frame is rewritten to change only the cells that differ from what the terminal
  shows (`tutor.terminal.frames`); `redraw` forgets what is shown so the next frame is whole.
- Mouse: clicks and the wheel are reported from the start, mouse motion only once the mouse
  has been used (Textual asks for every movement, which costs bytes on an SSH link from a
  student who never clicks).
- Input: bytes are read by `tutor.terminal.input.InputReader`, which survives bytes that are not
  UTF-8 and sequences Textual's parser cannot read, closes a paste never finished, and does not
  wake while nothing happens; mouse reports from outside the screen are dropped.

`tutor.terminal.driver_class` chooses it only where Textual would use its Linux driver:
`TEXTUAL_DRIVER` (as `textual serve` sets), Windows, and any other choice of Textual's are left alone.
"""

from __future__ import annotations

import time

from textual import constants, events
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from tutor.terminal import textual_compat
from tutor.terminal.frames import FrameWriter
from tutor.terminal.input import InputReader

CLICKS_AND_WHEEL = "\x1b[?1000h\x1b[?1006h"
"""Report buttons and the wheel (SGR encoding), not motion."""
MOTION = "\x1b[?1003h"
MAX_LOGGED_INPUT_ERRORS = 3
"""Parser errors logged per session; more of the same input would only fill the log."""


class TutorDriver(LinuxDriver):
    """Textual's Linux driver, sending only changed cells, quiet with the mouse, lenient with input."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frames = FrameWriter()
        self._input: InputReader | None = None
        self._input_errors = 0

    def write(self, data: str) -> None:
        super().write(self.frames.rewrite(data, textual_compat.app_size(self)))

    def flush(self) -> None:
        # Called by Textual after each frame. Its writer thread sends the frame once it gets the
        # interpreter lock, which the interface, going on at once with what follows the frame,
        # handed over only at a thread switch (10-45 ms later, measured on n/p). Sleeping half a
        # millisecond lets the writer take the lock and write now; sleep(0) did not.
        time.sleep(0.0005)

    def redraw(self) -> None:
        """Forget what the terminal shows: the next frame is sent whole (after `ctrl+l`)."""
        self.frames.forget()

    def start_application_mode(self) -> None:
        self.frames.forget()
        if self._input is not None:
            self._input.close()
        self._input = InputReader(
            self.fileno, self.process_message, textual_compat.new_parser, constants.ESCAPE_DELAY, self._input_error
        )
        super().start_application_mode()

    def run_input_thread(self) -> None:
        if self._input is not None:
            self._input.run()

    def disable_input(self) -> None:
        if self._input is not None:
            self._input.stop()
        super().disable_input()

    def process_message(self, message: Message) -> None:
        # A report from outside the screen (a broken or hostile terminal: the coordinates of a
        # real one stop at its edge) would make Textual drop the focus: ignored.
        if isinstance(message, events.MouseEvent):
            width, height = textual_compat.app_size(self)
            if not (0 <= message.screen_x < width and 0 <= message.screen_y < height):
                return
        super().process_message(message)

    def _input_error(self, error: BaseException) -> None:
        self._input_errors += 1
        if self._input_errors <= MAX_LOGGED_INPUT_ERRORS:
            from tutor.system.errorlog import log_exception

            log_exception(error, context="reading the terminal's input (ignored)")

    def _enable_mouse_support(self) -> None:
        if textual_compat.mouse_enabled(self):
            self.write(CLICKS_AND_WHEEL)
            self.flush()

    def enable_motion(self) -> None:
        """Start reporting motion too (hover effects), once the student uses the mouse."""
        if textual_compat.mouse_enabled(self):
            self.write(MOTION)
            self.flush()
