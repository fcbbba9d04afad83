"""What the driver writes instead of each of Textual's writes: frames with only the cells that changed.

Textual (8.2) draws a frame as one write that starts by placing the cursor and ends by placing
it again; `ScreenDiff` rewrites it against its model of the screen. Other writes are mode switches around the frames: the
synchronized-output markers, cursor and mouse modes, queries. Anything else (a clear, a switch to
or from the alternate screen, a frame written in pieces, a sequence this module does not know)
may change what the terminal shows behind the model's back, so the model is forgotten and the next
frame is sent whole: when in doubt, the terminal ends up showing exactly what Textual drew.
"""

from __future__ import annotations

import re

from tutor.terminal.screen_diff import FRAME_START, ScreenDiff

FRAME_END = re.compile(r"\x1b\[\d*;?\d*H\Z")
"""Textual ends every frame by placing the cursor where the app wants it."""

HARMLESS = re.compile(
    r"(?:"
    r"\x1b\[\?(?:7|12|25|1000|1002|1003|1004|1005|1006|1015|1016|2004|2026|2048)[hl]"  # modes that leave the cells alone
    r"|\x1b\[\?\d+\$p"  # mode queries
    r"|\x1b\[[<>=]\d*u"  # kitty keyboard flags
    r"|\x1b\](?:22|52);[^\x07\x1b]*(?:\x07|\x1b\\)"  # pointer shape (OSC 22), clipboard (OSC 52)
    r"|\x07"  # bell
    r")+"
)
"""Writes known to leave every cell of the screen as it was."""


class FrameWriter:
    """Rewrites Textual's writes for a terminal whose screen it models."""

    def __init__(self) -> None:
        self.screen = ScreenDiff()
        self.frames = 0
        """Frames seen (writes that start and end by placing the cursor)."""
        self.unknown = 0
        """Writes neither a frame nor harmless: each made the model forget the screen."""

    def rewrite(self, data: str, size: tuple[int, int]) -> str:
        """What to write instead of `data` on a terminal of `size` (width, height)."""
        if FRAME_START.match(data) and FRAME_END.search(data):
            self.frames += 1
            return self.screen.compress(data, size)
        if data and not HARMLESS.fullmatch(data):
            self.unknown += 1
            self.screen.forget()
        return data

    def forget(self) -> None:
        """Take nothing as shown: the next frame is written whole."""
        self.screen.forget()
