"""Line breaking that keeps no-break spaces: French typography and short formulas stay whole.

Rich breaks a line at any white space, and U+00A0 (no-break space) and U+202F (narrow no-break
space) are white space to Python. The course uses them where a line must not break: before
« : ; ! ? » and inside « », in 1 849 688 064-style numbers, around the operators of a short
formula (`1/(1 − p)`). `NoBreakText` is a Rich `Text` whose wrapping, and whose measure in a
table, see those characters as part of the word around them; everything else is Rich's.

A formula block's expression (`FormulaText`) is one word too, ordinary spaces and all: wider than
its line, it breaks only where a displayed equation breaks, before a relation or an operator
outside any bracket.
"""

from __future__ import annotations

import re

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

from tutor.text.operators import OPERATORS

NO_BREAK_SPACES = "\u00a0\u202f"
"""The no-break space and the narrow no-break space."""

_GLUE = str.maketrans(dict.fromkeys(NO_BREAK_SPACES, "_"))
"""For finding break points only: each no-break space read as a one-cell letter, which Rich never
breaks at; the offsets found are then applied to the text itself, no-break spaces and all."""
_BREAKABLE = re.compile(r"[ \t\n\r\f\v]+")
"""The white space a line may break at."""
_FORMULA_SPACES = " " + NO_BREAK_SPACES
_DISPLAY_GLUE = str.maketrans(dict.fromkeys(_FORMULA_SPACES, "_"))
"""The same for a displayed formula, whose ordinary spaces do not break it either."""
BREAK_BEFORE = frozenset(OPERATORS + "-*")
"""The operators a displayed formula too long for its line breaks before (in ASCII too: - and *)."""


def unbroken(text: str) -> str:
    """`text` with its ordinary spaces made no-break: inline code, kept on one line when it fits."""
    return text.replace(" ", "\u00a0")


def wrap_no_break(
    text: Text,
    console: Console,
    width: int,
    *,
    justify: JustifyMethod | None = None,
    overflow: OverflowMethod | None = None,
    tab_size: int = 8,
    no_wrap: bool | None = None,
    display: bool = False,
) -> Lines:
    """`text` word-wrapped to `width` as `Text.wrap` does, never breaking at a no-break space; but
    for a `display` formula too long for the line, before its operators outside any bracket."""
    wrap_justify: JustifyMethod = justify or text.justify or DEFAULT_JUSTIFY
    wrap_overflow: OverflowMethod = overflow or text.overflow or DEFAULT_OVERFLOW
    no_wrap = bool(no_wrap if no_wrap is not None else text.no_wrap) or overflow == "ignore"
    lines = Lines()
    for line in text.split(allow_blank=True):
        if "\t" in line:
            line.expand_tabs(tab_size)
        if no_wrap:
            if overflow == "ignore":
                lines.append(line)
                continue
            new_lines = Lines([line])
        else:
            offsets = divide_line(_glued(line.plain, width, display), width, fold=wrap_overflow == "fold")
            new_lines = line.divide(offsets)
            for new_line in new_lines:
                new_line.rstrip_end(width)
        if wrap_justify:
            new_lines.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
        for new_line in new_lines:
            new_line.truncate(width, overflow=wrap_overflow)
        lines.extend(new_lines)
    return lines


def _glued(plain: str, width: int, display: bool) -> str:
    """`plain` with its no-break spaces read as letters (see `_GLUE`). A `display` formula is one
    word; wider than `width`, it breaks where a displayed equation does: before a relation or an
    operator outside any bracket (`(a + b) / (c × d) = e` before its `/` and its `=`)."""
    if not display:
        return plain.translate(_GLUE)
    glued = list(plain.translate(_DISPLAY_GLUE))
    if cell_len(plain) > width:
        depth = 0
        for index, char in enumerate(plain):
            if char in "([{":
                depth += 1
            elif char in ")]}":
                depth = max(depth - 1, 0)
            elif depth == 0 and char in _FORMULA_SPACES and plain[index + 1 : index + 2] in BREAK_BEFORE:
                glued[index] = " "
    return "".join(glued)


class NoBreakText(Text):
    """A Rich `Text` that never breaks a line at U+00A0 or U+202F (see the module docstring)."""

    display = False
    """A displayed formula: one too long for its line breaks before an operator outside any bracket."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify=None,
        overflow=None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        return wrap_no_break(
            self,
            console,
            width,
            justify=justify,
            overflow=overflow,
            tab_size=tab_size,
            no_wrap=no_wrap,
            display=self.display,
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.plain
        lines = plain.splitlines()
        widest = max((cell_len(line) for line in lines), default=0)
        words = [word for word in _BREAKABLE.split(plain) if word]
        return Measurement(max((cell_len(word) for word in words), default=widest), widest)


class FormulaText(NoBreakText):
    """A displayed formula (a formula block's expression), see `NoBreakText.display`."""

    display = True

    @classmethod
    def of(cls, text: Text) -> FormulaText:
        formula = cls(style=text.style, justify=text.justify)
        formula.append_text(text)
        return formula
