"""The terminal: the tutor's Textual driver (output compression, mouse policy, lenient input)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.driver import Driver


def driver_class(textual_choice: type[Driver]) -> type[Driver]:
    """The driver to run with, given the one Textual chose (`TEXTUAL_DRIVER`, the platform's).

    The tutor's driver replaces Textual's Linux/macOS driver only; imported only then, since it
    needs termios (absent on Windows).
    """
    if textual_choice.__module__ != "textual.drivers.linux_driver" or textual_choice.__name__ != "LinuxDriver":
        return textual_choice
    from tutor.terminal.driver import TutorDriver

    return TutorDriver
