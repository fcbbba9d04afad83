"""A one-line header whose title gives way first: "Module 3/6 · Layer, group and i… · lesson 3/11 · EN"."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget


TITLE = "\x00title\x00"
"""Stands for the title in a formatted header, to split it into what comes before and after."""


def fit_title(before: str, title: str, after: str, width: int, ellipsis: str = "…") -> str:
    """`before + title + after` in `width` cells, the title shortened with `ellipsis` if needed.

    What comes after the title (the position, the language) is kept whole as long as it fits,
    then what comes before it gives way, and only then is the end of the line cut.
    """
    if cell_len(before + title + after) <= width:
        return before + title + after
    room = width - cell_len(before) - cell_len(after)
    if room > cell_len(ellipsis):
        return before + cut(title, room, ellipsis) + after
    if width - cell_len(after) > cell_len(ellipsis):
        return cut(before + title, width - cell_len(after), ellipsis) + after
    return cut(before + title + after, width, "")


def cut(text: str, width: int, ellipsis: str) -> str:
    """`text` in at most `width` cells: if it is longer, its start then `ellipsis`."""
    if cell_len(text) <= width:
        return text
    room, kept = width - cell_len(ellipsis), []
    for character in text:
        room -= cell_len(character)
        if room < 0:
            break
        kept.append(character)
    return "".join(kept).rstrip() + ellipsis


class TitleBar(Widget):
    """A header line: `set(before, title, after)`; the title is shortened to fit the width."""

    DEFAULT_CSS = """
    TitleBar { height: 1; }
    """

    def __init__(self, ellipsis: str = "…", **kwargs) -> None:
        super().__init__(**kwargs)
        self.ellipsis = ellipsis
        """Where the title is cut (the glyphs' `ellipsis`)."""
        self._parts = ("", "", "")

    def set(self, before: str, title: str, after: str) -> None:
        if (before, title, after) != self._parts:
            self._parts = (before, title, after)
            self.refresh()

    def set_formatted(self, header: str, title: str) -> None:
        """`header` was formatted with `TITLE` in the place of `title`."""
        before, _, after = header.partition(TITLE)
        self.set(before, title, after)

    @property
    def text(self) -> str:
        """The header as it fits now."""
        return fit_title(*self._parts, self.content_size.width or 80, self.ellipsis)

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="crop")
