"""A label, then text wrapped beside it and under itself: lesson rows, quiz questions, lists."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, RenderableType
from rich.table import Table
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


def hanging_rows(rows: Iterable[tuple[RenderableType, RenderableType]]) -> Table:
    """A grid of two columns, a row for each (label, text): the label whole, the text wrapped beside it
    (a lesson's lists, its references, the places to revisit)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for label, text in rows:
        grid.add_row(label, text)
    return grid
