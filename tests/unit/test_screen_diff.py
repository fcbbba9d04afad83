"""Frames rewritten by ScreenDiff leave the terminal showing exactly what the original frames would.

A small reference terminal (written independently of tutor.terminal.sgr) plays both streams; every cell's
character, colours and visible attributes, and the cursor, must agree after every frame.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from tutor.terminal.screen_diff import ScreenDiff
from tutor.terminal.sgr import PLAIN, apply, switch

WIDTH, HEIGHT = 12, 4
ATTRIBUTE_OFF = {22: {1, 2}, 23: {3}, 24: {4, 21}, 25: {5, 6}, 27: {7}, 28: {8}, 29: {9}, 55: {53}}
VISIBLE_ON_BLANK = {4, 7, 9, 21, 53}


class Terminal:
    """Cells of (text, foreground, background, attributes); autowrap off, like Textual sets it."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.cells = [[(" ", None, None, frozenset())] * width for _ in range(height)]
        self.y = self.x = 0
        self.fg = self.bg = None
        self.attributes: set[int] = set()

    def play(self, data: str) -> None:
        for match in re.finditer(r"\x1b\[(\d*);(\d*)H|\x1b\[([0-9;]*)m|(\n)|(.)", data, re.S):
            row, column, codes, newline, character = match.groups()
            if codes is not None:
                self.style(codes)
            elif newline:
                self.y += 1
            elif character is not None:
                self.put(character)
            else:
                self.y, self.x = int(row) - 1, int(column) - 1

    def style(self, codes: str) -> None:
        numbers = [int(code or 0) for code in codes.split(";")]
        while numbers:
            code = numbers.pop(0)
            if code == 0:
                self.fg = self.bg = None
                self.attributes = set()
            elif code in (38, 48):
                colour = tuple(numbers[: 2 if numbers[0] == 5 else 4])
                del numbers[: len(colour)]
                self.fg, self.bg = (colour, self.bg) if code == 38 else (self.fg, colour)
            elif code in (39, 49):
                self.fg, self.bg = (None, self.bg) if code == 39 else (self.fg, None)
            elif code in ATTRIBUTE_OFF:
                self.attributes -= ATTRIBUTE_OFF[code]
            elif 30 <= code <= 37 or 90 <= code <= 97:
                self.fg = (code,)
            elif 40 <= code <= 47 or 100 <= code <= 107:
                self.bg = (code,)
            else:
                self.attributes.add(code)

    def put(self, character: str) -> None:
        size = get_character_cell_size(character)
        row = self.cells[self.y]
        if size == 0:
            text, *rest = row[self.x - 1]
            row[self.x - 1] = (text + character, *rest)
            return
        cell = (character, self.fg, self.bg, frozenset(self.attributes))
        row[self.x] = cell
        if size == 2:
            row[self.x + 1] = ("", *cell[1:])
        self.x += size

    def screen(self) -> list[list[tuple]]:
        """What shows: a blank's foreground and unseen attributes are not visible."""
        shown = []
        for row in self.cells:
            shown.append(
                [
                    (" ", None, bg, frozenset())
                    if text == " " and not attributes & VISIBLE_ON_BLANK
                    else (text, fg, bg, attributes)
                    for text, fg, bg, attributes in row
                ]
            )
        return shown


CODES = [
    "0",
    "1",
    "2",
    "3",
    "4",
    "7",
    "9",
    "22",
    "24",
    "27",
    "31",
    "39",
    "42",
    "49",
    "38;5;214",
    "48;5;233",
    "38;2;1;2;3",
    "1;38;5;253;48;5;233",
    "7;38;5;23;48;5;233",
    "2;4;91",
]
TEXT = st.text(alphabet="ab ─é中\u0302", min_size=1, max_size=8).filter(lambda text: text[0] != "\u0302")
"""Text as Textual writes it: a combining mark comes in the same segment as the character it marks."""


@st.composite
def frames(draw) -> str:
    """A frame as Textual writes it: a cursor move first, a reset and a cursor move last."""
    parts = [f"\x1b[{draw(st.integers(1, HEIGHT))};{draw(st.integers(1, WIDTH))}H"]
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["move", "style", "text", "text", "newline"]))
        if kind == "move":
            parts.append(f"\x1b[{draw(st.integers(1, HEIGHT))};{draw(st.integers(1, WIDTH))}H")
        elif kind == "style":
            parts.append(f"\x1b[{draw(st.sampled_from(CODES))}m")
        elif kind == "newline":
            parts.append("\n")
        else:
            parts.append(draw(TEXT))
    parts.append(f"\x1b[0m\x1b[{draw(st.integers(1, HEIGHT))};{draw(st.integers(1, WIDTH))}H")
    return "".join(parts)


def fits(frame: str) -> bool:
    """Whether the reference terminal can play `frame` (no text past the edges)."""
    terminal = Terminal()
    try:
        terminal.play(frame)
    except (IndexError, ValueError):
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(st.lists(frames().filter(fits), min_size=1, max_size=6))
def test_rewritten_frames_show_the_same_screen(stream: list[str]) -> None:
    original, rewritten, diff = Terminal(), Terminal(), ScreenDiff()
    full = "\x1b[1;1H" + "".join(f"\x1b[{y};1H" + " " * WIDTH for y in range(1, HEIGHT + 1)) + "\x1b[1;1H"
    for frame in [full, *stream]:
        original.play(frame)
        rewritten.play(diff.compress(frame, (WIDTH, HEIGHT)))
        assert rewritten.screen() == original.screen()
        assert (rewritten.y, rewritten.x) == (original.y, original.x)


def test_a_repeated_frame_costs_only_the_cursor_move() -> None:
    diff = ScreenDiff()
    frame = "\x1b[1;1H\x1b[1;38;5;214mHello\x1b[0m world\x1b[2;3H"
    assert diff.compress(frame, (WIDTH, HEIGHT)) != "\x1b[2;3H"
    assert diff.compress(frame, (WIDTH, HEIGHT)) == "\x1b[2;3H"


def test_only_the_changed_cells_are_written() -> None:
    diff = ScreenDiff()
    diff.compress("\x1b[1;1Hlesson 3/11\x1b[1;1H", (WIDTH, HEIGHT))
    assert diff.compress("\x1b[1;1Hlesson 4/11\x1b[1;1H", (WIDTH, HEIGHT)) == "\x1b[1;8H\x1b[0m4\x1b[1;1H"


def test_a_new_size_or_an_unknown_sequence_sends_the_frame_whole() -> None:
    diff = ScreenDiff()
    frame = "\x1b[1;1Habc\x1b[1;1H"
    diff.compress(frame, (WIDTH, HEIGHT))
    assert diff.compress(frame, (WIDTH + 1, HEIGHT)).count("abc") == 1
    linked = "\x1b[1;1H\x1b]8;;https://example.org\x1b\\abc\x1b]8;;\x1b\\\x1b[1;1H"
    assert diff.compress(linked, (WIDTH + 1, HEIGHT)) == linked
    assert "abc" in diff.compress(frame, (WIDTH + 1, HEIGHT))


def test_switching_style_sends_only_what_differs() -> None:
    text = apply(PLAIN, "38;5;253;48;5;233")
    assert switch(text, apply(text, "1")) == "\x1b[1m"
    assert switch(apply(text, "1"), text) == "\x1b[22m"
    assert switch(None, text) == "\x1b[0;38;5;253;48;5;233m"
    assert switch(text, PLAIN) == "\x1b[0m"
