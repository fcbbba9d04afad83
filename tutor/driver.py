"""A terminal driver that keeps the mouse from chattering over slow links."""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver

CLICKS_AND_WHEEL = "\x1b[?1000h\x1b[?1006h"
"""Report buttons and the wheel (SGR encoding), not motion."""
MOTION = "\x1b[?1003h"


class QuietMouseDriver(LinuxDriver):
    """Reports clicks and the wheel; mouse motion only after the mouse has been used.

    Textual asks for every mouse movement from the start, which sends bytes on each move
    of the mouse over an SSH link even from a student who never clicks.
    """

    def _enable_mouse_support(self) -> None:
        if self._mouse:
            self.write(CLICKS_AND_WHEEL)
            self.flush()

    def enable_motion(self) -> None:
        """Start reporting motion too (hover effects), once the student uses the mouse."""
        if self._mouse:
            self.write(MOTION)
            self.flush()
