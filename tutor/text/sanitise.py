"""Making untrusted text safe to print: control, bidi and invisible characters shown as escapes.

File names, progress files and lessons can hold characters that a terminal obeys rather than
shows (ESC starts a command, BEL rings, a bidi override reverses what follows, a zero-width
space hides a difference). Everything printed from such a source passes through `visible`,
which writes each of them as a Python-style escape (`\\x1b`, `\\u202e`) that a reader can see.
Typographic spaces (no-break U+00A0, narrow no-break U+202F) are text, and kept.
"""

from __future__ import annotations

import re

_INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline) and C1 controls, DEL
    "\u00ad"  # soft hyphen
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u200b-\u200d\u2060-\u2064\ufeff"  # zero-width spaces and joiners, word joiner, invisible operators, BOM
    "\ufff9-\ufffb"  # interlinear annotation
)
INVISIBLE = _INVISIBLE
"""The characters refused in course texts, as the inside of a regular expression's [...] class."""
_UNSAFE = re.compile(f"[{_INVISIBLE}]")
_UNSAFE_LINE = re.compile(f"[{_INVISIBLE}\t\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with every control, bidi and invisible character written as an escape.

    Args:
        text: Text from an untrusted source (a file name, a progress file, a lesson).
        multiline: Keep newlines and tabs as they are (for paragraphs); otherwise they are
            escaped too, so the text stays on one line (for names, table cells, CSV fields).
    """
    return (_UNSAFE if multiline else _UNSAFE_LINE).sub(_escape, text)


def has_invisible(text: str) -> bool:
    """Whether `text` holds a character that `visible(text, multiline=True)` would escape."""
    return _UNSAFE.search(text) is not None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula."""


def spreadsheet_cell(value: object) -> str:
    """A CSV cell that shows its text: control characters escaped, and a `'` before what a spreadsheet
    would take for a formula (`=`, `+`, `-`, `@`, a tab, a carriage return)."""
    text = str(value)
    return ("'" if text.startswith(FORMULA_STARTS) else "") + visible(text)
