"""A terminal driver that keeps the mouse from chattering and sends only what changed on screen."""

from __future__ import annotations

import re

from textual.drivers.linux_driver import LinuxDriver

from tutor.terminal.screen_diff import FRAME_START, ScreenDiff

CLICKS_AND_WHEEL = "\x1b[?1000h\x1b[?1006h"
"""Report buttons and the wheel (SGR encoding), not motion."""
MOTION = "\x1b[?1003h"
CLEARS_SCREEN = re.compile(r"\x1b\[\?1049[hl]|\x1b\[[0-3]?J")
"""Switching to or from the alternate screen, erasing the display."""


class QuietMouseDriver(LinuxDriver):
    """Reports clicks and the wheel; mouse motion only after the mouse has been used.

    Textual asks for every mouse movement from the start, which sends bytes on each move
    of the mouse over an SSH link even from a student who never clicks. Each frame is
    rewritten to change only the cells that differ from what the terminal shows.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._screen = ScreenDiff()

    def write(self, data: str) -> None:
        if FRAME_START.match(data):
            data = self._screen.compress(data, tuple(self._app.size))
        elif CLEARS_SCREEN.search(data):
            self._screen.forget()
        super().write(data)

    def start_application_mode(self) -> None:
        self._screen.forget()
        super().start_application_mode()

    def _enable_mouse_support(self) -> None:
        if self._mouse:
            self.write(CLICKS_AND_WHEEL)
            self.flush()

    def enable_motion(self) -> None:
        """Start reporting motion too (hover effects), once the student uses the mouse."""
        if self._mouse:
            self.write(MOTION)
            self.flush()
