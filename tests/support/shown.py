"""What a terminal would show a student of a Pilot-driven app: every frame the app sends, applied in order.

`screen_text` (helpers) renders the screen again from Textual's layout, so it shows what Textual
*means* to draw. A frame that Textual never sends (a repaint it forgot) is only visible here:
`Shown` keeps a grid of the cells and writes into it each update the app would write to its
terminal, as a terminal does.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual._compositor import CompositorUpdate
from textual.app import App

TOKENS = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[[0-9;?]*[A-Za-z]|(\n)|([^\x1b\n]+)")


class Grid:
    """The cells of a terminal of `width` × `height`, written by what a program sends it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]

    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.rows)

    def write(self, data: str) -> None:
        x = y = 0
        for match in TOKENS.finditer(data):
            row, column, newline, text = match.groups()
            if row is not None:
                y, x = int(row) - 1, int(column) - 1
            elif newline:
                y, x = y + 1, 0
            elif text:
                for character in text:
                    size = cell_len(character)
                    if 0 <= y < self.height and 0 <= x < self.width and size:
                        self.rows[y][x] = character
                        if size == 2 and x + 1 < self.width:
                            self.rows[y][x + 1] = ""
                    x += size


class Shown:
    """The cells a terminal of the app's size shows, from the frames the app has sent so far."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.grid = Grid(0, 0)
        self.frames = 0
        original = app._display

        def display(screen, renderable) -> None:
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self._write(renderable.render_segments(app.console))
            original(screen, renderable)

        app._display = display

    def text(self, region=None) -> str:
        """The screen (or the `Region` of it) as text, one line per row, right-trimmed."""
        if region is None:
            return self.grid.text()
        rows = self.grid.rows[region.y : region.bottom]
        return "\n".join("".join(row[region.x : region.right]).rstrip() for row in rows)

    def _write(self, data: str) -> None:
        width, height = self.app.size
        if (self.grid.width, self.grid.height) != (width, height):
            self.grid = Grid(width, height)  # a resized terminal starts blank
        self.frames += 1
        self.grid.write(data)
