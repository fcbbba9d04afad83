"""The score distribution as a plotext bar chart: one bar per band of 10 %, as plain text.

plotext is imported when a chart is drawn, never at the tutor's start-up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

BOX = "┌┐└┘─│┬┴├┤┼"
BOX_ASCII = "++++-|+++++"
"""plotext's frame and ticks, and their ASCII stand-ins (`tutor.text.glyphs`)."""
BAR = "#"
WIDTH = 78


def bar_chart(
    labels: Sequence[str], counts: Sequence[int], *, colour: bool, ascii_only: bool, width: int = WIDTH
) -> str:
    """Horizontal bars, the first label at the bottom, each bar one row long `counts[i]`, in `width` columns.

    Args:
        labels: One per bar (a score band), shown left of the axis.
        counts: The bars' lengths (students); at least one is above zero.
        colour: Colour the bars (for a terminal); otherwise plain text with no escape sequence.
        ascii_only: Only ASCII characters: the frame drawn with `+`, `-`, `|`, the labels transliterated.
    """
    import plotext as plt

    top = max(max(counts), 1)
    plt.clear_figure()
    # One row per bar: a bar of width 0.5 covers exactly its row (plotext spreads a full-width one
    # over its neighbours' rows when the rows are few).
    plt.bar(list(labels), list(counts), orientation="horizontal", width=0.5, marker=BAR)
    plt.plotsize(width, len(counts) + 3)  # the frame's two lines and the ticks' line
    plt.theme("clear")
    plt.xlim(0, top)
    step = max(1, math.ceil(top / 8))
    plt.xticks(list(range(0, top + 1, step)))
    text = plt.build()
    plt.clear_figure()
    if not colour:
        text = plt.uncolorize(text)
    if ascii_only:
        from tutor.text.asciify import to_ascii

        text = to_ascii(text.translate(str.maketrans(BOX, BOX_ASCII)))
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
