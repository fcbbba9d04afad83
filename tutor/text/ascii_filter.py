"""A last line of defence for `--ascii`: every character drawn becomes one ASCII character.

The course and the interface strings are already ASCII in that mode (spelled out once, at
start-up, which may change widths before layout), and widgets draw symbols from
`tutor.text.glyphs.ASCII`. This filter catches what they cannot control, such as Textual's own
borders, scrollbars and notifications, mapping each character to one of the same width, so
layouts hold. A scrollbar's thumb ends, which Textual draws with eighth blocks for a smoother
look, become cells of the track: the thumb then moves by whole cells.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.scrollbar import ScrollBarRender

from tutor.text.asciify import to_ascii

_SINGLE = {
    "↓": "v",
    "↑": "^",
    "←": "<",
    "→": ">",
    "◄": "<",
    "►": ">",
    "▸": ">",
    "◂": "<",
    "▾": "v",
    "▴": "^",
    "·": ".",
    "•": "*",
    "…": ".",
    "●": "o",
    "○": "o",
    "◉": "o",
    "⊕": "+",
    "√": "V",
    "≈": "~",
    "≤": "<",
    "≥": ">",
    "≠": "#",
    "±": "+",
    "‖": "|",
    "⏎": "<",
    "✓": "v",
    "✗": "x",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "«": '"',
    "»": '"',
    "−": "-",
    "–": "-",
    "—": "-",
}


@lru_cache(maxsize=4096)
def ascii_cell(char: str) -> str:
    """`char` as ASCII occupying as many cells as it did."""
    if char.isascii():
        return char
    width = cell_len(char)
    return (_single(char) + " " * width)[:width] if width else ""


def _single(char: str) -> str:
    if char in _SINGLE:
        return _SINGLE[char]
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        return "-" if horizontal and not vertical else "|" if vertical and not horizontal else "+"
    if name.startswith("BRAILLE"):
        return "." if ord(char) != 0x2800 else " "
    if "BLOCK" in name or "SHADE" in name:
        return _block(name)
    spelled = to_ascii(char)
    return spelled[0] if spelled and spelled != "?" else "?"


def _block(name: str) -> str:
    if "SHADE" in name:
        return ":"
    if "LEFT" in name or "RIGHT" in name:
        return "|"
    if "UPPER" in name:
        return "-"
    if "LOWER" in name and "EIGHTH" in name:
        return "_"
    return "#"


THUMB_ENDS = frozenset(ScrollBarRender.VERTICAL_BARS + ScrollBarRender.HORIZONTAL_BARS) - {" "}
"""The glyphs of a scrollbar thumb's partial end cells."""
THUMB = "grab"
"""What a press on the thumb does (its `@mouse.down` meta), which tells its cells from other blocks."""
_UPRIGHT = Style(reverse=False)


class AsciiFilter(LineFilter):
    """Replaces every non-ASCII character of a line by one ASCII character of the same width."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [segment if segment.control or segment.text.isascii() else _ascii(segment) for segment in segments]


def _ascii(segment: Segment) -> Segment:
    text, style = segment.text, segment.style
    if style is not None and THUMB_ENDS.issuperset(text) and style.meta.get("@mouse.down") == THUMB:
        # A thumb's end cell: the glyph's upper or lower part has the track's colour, the rest the
        # thumb's (reversed at the other end). As a blank of the track's background, not reversed,
        # the thumb is drawn by whole cells.
        return Segment(" " * len(text), style + _UPRIGHT)
    return Segment("".join(map(ascii_cell, text)), style)
