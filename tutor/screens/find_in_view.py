"""Finding words in a lesson as it is drawn, and highlighting them there.

The lesson's widgets are many kinds (prose, formulas, lists, callouts, quiz questions, captions);
rather than teach each to find and mark words, this reads what each draws (its lines of cells)
and marks cells: the search matches what the student sees, wherever it is. A match is found in
each widget's lines joined (a phrase may wrap), and highlighted by a line filter that the
widgets of the lesson's body apply while a search is active: every match on screen is shown,
the current one more strongly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region
from textual.widget import Widget

from tutor.content.search import fold

MATCH = Style(bgcolor="yellow", color="black")
"""Every match on screen."""
CURRENT = Style(bgcolor="bright_magenta", color="black", bold=True, underline=True)
"""The match the search is at (also marked without colour: bold, underlined)."""
MONOCHROME_MATCH = Style(reverse=True)
MONOCHROME_CURRENT = Style(reverse=True, bold=True, underline=True)


@dataclass(frozen=True, slots=True)
class Part:
    """The piece of a match on one line of a widget."""

    row: int
    """The line, from the widget's top (its border included)."""
    start: int
    end: int
    """Cells, from the widget's left edge."""
    line: str
    """The whole line's text (how the highlighting recognises it)."""


@dataclass(frozen=True, slots=True)
class ViewMatch:
    """A match as drawn: the widget that draws it and its pieces, line by line."""

    widget: Widget
    parts: tuple[Part, ...]


def _is_frame(char: str) -> bool:
    """A character of a border, a bar or a bullet: not part of the text a phrase runs through."""
    return char.isspace() or unicodedata.name(char, "").startswith(("BOX DRAWINGS", "BLOCK", "LEFT HALF", "RIGHT HALF"))


def drawn_lines(widget: Widget) -> list[str]:
    """The text of every line `widget` draws by itself (its children draw theirs), borders included."""
    width, height = widget.outer_size
    if not width or not height:
        return []
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def matches_in(widget: Widget, pattern: re.Pattern[str]) -> list[ViewMatch]:
    """Every match of `pattern` (from `compile_query`) in what `widget` and its descendants draw, in reading order.

    A phrase may run from one line to the next: the lines of one widget are read as one text,
    each line's frame (borders, bars) left out. A simulation's own drawing is not read (it changes
    as the student plays with it; the search reads the lesson): only its frame and caption.
    """
    found = []
    pending = [widget]
    while pending:
        node = pending.pop(0)
        if not (node.display and node.visible) or _is_simulation(node):
            continue
        found += _matches_in_lines(node, drawn_lines(node), pattern)
        pending[:0] = list(node.children)
    return found


def _is_simulation(widget: Widget) -> bool:
    """Whether `widget` is a simulation (drawn by `tutor.widgets.simulations`), not lesson text."""
    return type(widget).__module__.startswith("tutor.widgets.simulations.")


def _matches_in_lines(widget: Widget, lines: list[str], pattern: re.Pattern[str]) -> list[ViewMatch]:
    text_parts, starts = [], []  # the text of each line without its frame, and where it starts
    offset = 0
    spans = []
    for line in lines:
        left, right = 0, len(line)
        while left < right and _is_frame(line[left]):
            left += 1
        while right > left and _is_frame(line[right - 1]):
            right -= 1
        spans.append((left, right))
        starts.append(offset)
        text_parts.append(line[left:right])
        offset += right - left + 1
    joined = "\n".join(text_parts)
    folded, positions = fold(joined)
    found = []
    for match in pattern.finditer(folded):
        start, end = match.span()
        if positions is not None:
            start, end = positions[start], positions[end - 1] + 1
        parts = []
        for row, (line, (left, _right), line_start) in enumerate(zip(lines, spans, starts)):
            line_end = line_start + len(text_parts[row])
            if end <= line_start or start > line_end:
                continue
            first = left + max(start, line_start) - line_start
            last = left + min(end, line_end) - line_start
            if last > first:
                parts.append(Part(row, cell_len(line[:first]), cell_len(line[:last]), line))
        if parts:
            found.append(ViewMatch(widget, tuple(parts)))
    return found


class SearchHighlight(LineFilter):
    """Marks, in each line drawn, every match of a pattern, and the current match's pieces more strongly.

    A filter sees lines, not where they are: the current match is recognised by its line's text
    (and its cells), which a lesson does not repeat in practice. One filter per state (a new one
    when the current match changes), since Textual keeps each line's filtered result per filter.
    """

    def __init__(self, pattern: re.Pattern[str], current: ViewMatch | None, monochrome: bool = False) -> None:
        super().__init__()
        self.pattern = pattern
        self.current = {(part.line, part.start, part.end) for part in current.parts} if current else set()
        self.lines = {part.line for part in current.parts} if current else set()
        self.match_style = MONOCHROME_MATCH if monochrome else MATCH
        self.current_style = MONOCHROME_CURRENT if monochrome else CURRENT

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        text = "".join(segment.text for segment in segments if not segment.control)
        current = [(start, end) for line, start, end in self.current if line == text] if text in self.lines else []
        ranges = [(start, end, self.current_style) for start, end in current]
        ranges += [
            (start, end, self.match_style)
            for start, end in _line_matches(self.pattern, text)
            if not any(start < other_end and other_start < end for other_start, other_end in current)
        ]
        return _restyle(segments, ranges) if ranges else segments


@lru_cache(maxsize=2048)
def _line_matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The cells of each match of `pattern` within one line."""
    folded, positions = fold(text)
    spans = []
    for match in pattern.finditer(folded):
        start, end = match.span()
        if positions is not None:
            start, end = positions[start], positions[end - 1] + 1
        spans.append((cell_len(text[:start]), cell_len(text[:end])))
    return spans


def _restyle(segments: list[Segment], ranges: list[tuple[int, int, Style]]) -> list[Segment]:
    """`segments` with the cells of each range given its style, over the style they had."""
    cuts = sorted({cut for start, end, _style in ranges for cut in (start, end)})
    pieces: list[Segment] = []
    position = 0
    for segment in segments:
        if segment.control:
            pieces.append(segment)
            continue
        length = segment.cell_length
        pieces += _split_many(segment, [cut - position for cut in cuts if position < cut < position + length])
        position += length
    result, position = [], 0
    for piece in pieces:
        if piece.control:
            result.append(piece)
            continue
        style = next((style for start, end, style in ranges if start <= position < end), None)
        result.append(Segment(piece.text, (piece.style or Style.null()) + style, piece.control) if style else piece)
        position += piece.cell_length
    return result


def _split_many(segment: Segment, cuts: list[int]) -> list[Segment]:
    if not cuts:
        return [segment]
    pieces, rest, done = [], segment, 0
    for cut in cuts:
        left, rest = rest.split_cells(cut - done)
        pieces.append(left)
        done = cut
    pieces.append(rest)
    return pieces
