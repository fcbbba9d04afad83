"""For the Linux console (`TERM=linux`): every character drawn is one its default fonts have.

The console's fonts hold the IBM PC code page 437 (box drawing, shades, a few symbols) and
Latin-1; rounded corners, heavy lines, eighth blocks, ✓, ⏎, ⊕, ▸ or braille come out as blank
boxes. Each such character becomes the nearest one the font has, of the same width.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from tutor.text.ascii_filter import ascii_cell

DRAWN = frozenset(
    bytes(range(0x80, 0x100)).decode("cp437")
    + "".join(map(chr, range(0x20, 0x7F)))
    + "".join(map(chr, range(0xA0, 0x100)))
    + "☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼€…‘’“”–—"
)
"""What the Linux console's default fonts draw."""

NEAREST = {
    "╭": "┌",
    "╮": "┐",
    "╰": "└",
    "╯": "┘",
    "✓": "√",
    "✗": "x",
    "▸": "►",
    "◂": "◄",
    "▾": "▼",
    "▴": "▲",
    "●": "■",
    "◉": "■",
    "⊕": "+",
    "−": "-",
    "‖": "║",
    "⏎": "<",
    "μ": "µ",
    "▁": "▄",
    "▂": "▄",
    "▃": "▄",
    "▅": "▄",
    "▆": "█",
    "▇": "█",
    "▔": "▀",
    "▏": "▌",
    "▎": "▌",
    "▍": "▌",
    "▋": "▌",
    "▊": "█",
    "▉": "█",
    "▕": "▐",
}


@lru_cache(maxsize=4096)
def console_cell(char: str) -> str:
    """`char`, or the nearest character the console draws, of the same width."""
    if char in DRAWN:
        return char
    near = NEAREST.get(char)
    if near is not None and near in DRAWN:
        return near
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        light = name.replace("HEAVY", "LIGHT").replace("DOUBLE", "LIGHT").replace("LIGHT ARC", "LIGHT")
        try:
            candidate = unicodedata.lookup(light)
        except KeyError:
            candidate = ""
        if candidate in DRAWN:
            return candidate
    return ascii_cell(char)


class ConsoleFilter(LineFilter):
    """Replaces every character the Linux console cannot draw by one it can, of the same width."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment
            if segment.control or all(char in DRAWN for char in segment.text)
            else Segment("".join(map(console_cell, segment.text)), segment.style, segment.control)
            for segment in segments
        ]
