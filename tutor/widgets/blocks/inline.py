"""Inline Markdown (**bold**, *italic*, `code`) to styled text, never parsed as console markup."""

from __future__ import annotations

import re

from rich.text import Text

from tutor.text.nobreak import NoBreakText, unbroken

_SPANS = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|`([^`]+)`")


def inline_text(source: str, ascii_only: bool = False, style: str = "") -> Text:
    """`source` as a Rich Text with its inline emphasis applied; brackets stay literal.

    Lines never break at its no-break spaces (see `tutor.text.nobreak`), nor inside inline code.
    With `ascii_only` (the course is then ASCII already), code is marked without bold.
    """
    text = NoBreakText(style=style)
    position = 0
    for match in _SPANS.finditer(source):
        text.append(source[position : match.start()])
        bold, italic, code = match.groups()
        if bold is not None:
            text.append(bold, "bold")
        elif italic is not None:
            text.append(italic, "italic")
        else:
            text.append(unbroken(code), "reverse" if ascii_only else "bold reverse")
        position = match.end()
    text.append(source[position:])
    return text
