"""A label, then text wrapped beside it and under itself: lesson rows and quiz questions."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def hanging_lines(label: Text, text: Text, width: int, console: Console) -> list[Text]:
    """`label`, then `text` wrapped to the rest of `width`, each further line indented as far.

    Looks like a Rich grid of two columns, at a fraction of its cost.
    """
    indent = label.cell_len
    wrapped = text.wrap(console, max(width - indent, 1), overflow="ellipsis")
    lines = []
    for number, line in enumerate(wrapped):
        row = label.copy() if number == 0 else Text(" " * indent)
        row.append_text(line)
        lines.append(row)
    return lines
