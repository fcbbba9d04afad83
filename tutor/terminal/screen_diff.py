"""Send a terminal only the cells that changed: a model of its screen, diffed frame by frame.

Textual repaints whole regions: a lesson that is laid out again, a widget that is refreshed,
sends every cell of it again, each styled segment with its own colour codes and a reset. Over
a slow link that is most of what a key press costs. `ScreenDiff` keeps what each cell of the
terminal shows (its text and its SGR parameters since the last reset), reads each frame
Textual writes (cursor positions, SGR codes and text only), and returns a frame that writes
only the cells whose content or style differs, switching style only where it changes.

A frame with anything else in it (another escape sequence, a control character, a character
that would not fit) is passed on unchanged and the model forgotten, so the next frame is sent
in full: the terminal always ends up showing exactly what Textual drew.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

from tutor.terminal import sgr
from tutor.terminal.sgr import Style

TOKENS = re.compile(
    r"\x1b\[(\d*);?(\d*)H"  # cursor position
    r"|\x1b\[([0-9;]*)m"  # select graphic rendition
    r"|(\n)"
    r"|([\x00-\x1f\x7f])"  # anything else: escape sequences, control characters
    r"|([^\x00-\x1f\x7f]+)"  # text
)
FRAME_START = re.compile(r"\x1b\[\d*;?\d*H")
"""Textual starts every frame by placing the cursor."""
BRIDGE = 3
"""Unchanged cells between two changed runs that are rewritten rather than jumped (a jump costs ~7 bytes)."""

Cell = tuple[str, Style]
"""(text, style); the text of the right half of a wide character is "", a space has a `sgr.blank` style."""


class Unsupported(Exception):
    """The frame holds something the model does not follow."""


class ScreenDiff:
    """The cells a terminal shows, and frames rewritten to change only what differs."""

    def __init__(self) -> None:
        self.size = (0, 0)
        self.rows: list[list[Cell | None]] = []
        self.wide_rows: set[int] = set()
        """The rows that may show a wide character (every row that does is in it)."""

    def forget(self) -> None:
        """Take nothing as known on the screen (after a resize, a clear, a frame not followed)."""
        width, height = self.size
        self.rows = [[None] * width for _ in range(height)]
        self.wide_rows = set()

    def compress(self, frame: str, size: tuple[int, int]) -> str:
        """What to write instead of `frame` on a terminal of `size` (width, height)."""
        if size != self.size:
            self.size = size
            self.forget()
        try:
            writes, wide, cursor = self._parse(frame)
            self._check_wide_edges(writes, wide | self.wide_rows)
        except Unsupported:
            self.forget()
            return frame
        self.wide_rows |= wide
        return self._emit(writes, cursor)

    def _parse(self, frame: str) -> tuple[dict[int, dict[int, Cell]], set[int], tuple[int, int]]:
        """The cells `frame` writes, row by row, the rows where it writes a wide character, and
        where it leaves the cursor."""
        width, height = self.size
        writes: dict[int, dict[int, Cell]] = {}
        wide: set[int] = set()
        y = x = 0
        style = sgr.PLAIN
        for match in TOKENS.finditer(frame):
            row_text, column, parameters, newline, control, text = match.groups()
            if text is not None:
                if not 0 <= y < height:
                    raise Unsupported
                cells = writes.setdefault(y, {})
                if text.isascii():
                    x = _put_ascii(cells, x, text, style, width)
                else:
                    x, has_wide = _put(cells, x, text, style, width)
                    if has_wide:
                        wide.add(y)
            elif parameters is not None:
                try:
                    style = sgr.apply(style, parameters)
                except sgr.UnknownCode:
                    raise Unsupported from None
            elif newline is not None:
                y += 1
            elif control is not None:
                raise Unsupported
            else:
                y, x = int(row_text or 1) - 1, int(column or 1) - 1
        return writes, wide, (y, x)

    def _check_wide_edges(self, writes: dict[int, dict[int, Cell]], wide: set[int]) -> None:
        """Refuse a frame that overwrites half of a wide character shown (what remains is the terminal's choice).

        Only the rows in `wide` can: those where the frame or the screen may have a wide character.
        """
        for y in wide.intersection(writes):
            cells, row = writes[y], self.rows[y]
            for x, (text, _) in cells.items():
                if _is_wide(text) != (cells.get(x + 1, ("-",))[0] == ""):
                    raise Unsupported  # the frame overwrote half of a wide character it wrote
                old = row[x]
                if old is not None and old[0] == "" and x - 1 not in cells:
                    raise Unsupported
                following = row[x + 1] if x + 1 < len(row) else None
                if following is not None and following[0] == "" and x + 1 not in cells:
                    raise Unsupported

    def _emit(self, writes: dict[int, dict[int, Cell]], cursor: tuple[int, int]) -> str:
        width = self.size[0]
        out: list[str] = []
        at: tuple[int, int] | None = None
        style: Style | None = None
        for y in sorted(writes):
            row, cells = self.rows[y], writes[y]
            changed = _with_wide_halves(sorted(x for x, cell in cells.items() if row[x] != cell), row, cells)
            for x, cell in cells.items():
                row[x] = cell
            for start, end in _runs(changed, row):
                if at != (y, start):
                    out.append(f"\x1b[{y + 1};{start + 1}H")
                for x in range(start, end + 1):
                    text, cell_style = row[x]  # type: ignore[misc]
                    if text == "" or (text == " " and style is not None and sgr.shows_blank_as(style, cell_style)):
                        out.append(text)
                        continue
                    if cell_style != style:
                        out.append(sgr.switch(style, cell_style))
                        style = cell_style
                    out.append(text)
                at = (y, end + 1) if end + 1 < width else None
        if style is not None and style != sgr.PLAIN:
            out.append("\x1b[0m")
        out.append(f"\x1b[{cursor[0] + 1};{cursor[1] + 1}H")
        return "".join(out)


def _put_ascii(cells: dict[int, Cell], x: int, text: str, style: Style, width: int) -> int:
    """Write the ASCII `text` into `cells` from column `x`; returns the column after it."""
    end = x + len(text)
    if x < 0 or end > width:
        raise Unsupported
    space = (" ", sgr.blank(style))
    cells.update(zip(range(x, end), [space if character == " " else (character, style) for character in text]))
    return end


def _put(cells: dict[int, Cell], x: int, text: str, style: Style, width: int) -> tuple[int, bool]:
    """Write `text` into `cells` from column `x`; returns the column after it, and whether a
    character of `text` is wide."""
    space = (" ", sgr.blank(style))
    has_wide = False
    for character in text:
        size = get_character_cell_size(character)
        if size == 0:  # a combining mark: part of the cell before it
            before = cells.get(x - 1)
            if not before or before[0] in ("", " "):  # a blank's style was simplified: not followed
                raise Unsupported
            cells[x - 1] = (before[0] + character, before[1])
            continue
        if x < 0 or x + size > width:
            raise Unsupported
        cells[x] = space if character == " " else (character, style)
        if size == 2:
            cells[x + 1] = ("", style)
            has_wide = True
        x += size
    return x, has_wide


def _is_wide(text: str) -> bool:
    return not text.isascii() and get_character_cell_size(text[0]) == 2


def _with_wide_halves(changed: list[int], row: list[Cell | None], cells: dict[int, Cell]) -> list[int]:
    """`changed`, plus the other half of every wide character in it (a wide character is written whole)."""
    extra = set()
    for x in changed:
        if cells[x][0] == "":
            extra.add(x - 1)
        if x + 1 in cells and cells[x + 1][0] == "":
            extra.add(x + 1)
    return sorted(extra.union(changed)) if extra else changed


def _runs(changed: list[int], row: list[Cell | None]) -> list[tuple[int, int]]:
    """Runs (first, last) of columns to write, joining runs a few known cells apart."""
    runs: list[list[int]] = []
    for x in changed:
        if runs and _joins(runs[-1][1], x, row):
            runs[-1][1] = x
        else:
            runs.append([x, x])
    return [(first, last) for first, last in runs]


def _joins(last: int, x: int, row: list[Cell | None]) -> bool:
    """Whether column `x` extends a run ending at `last`: next to it, or a few known cells away."""
    return x == last + 1 or (x - last - 1 <= BRIDGE and all(row[gap] is not None for gap in range(last + 1, x)))
