"""A Rich renderable drawn once for each width, however many times Textual asks for it."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.segment import Segment


class DrawnOnce:
    """`renderable`, whose segments are kept for the last width it was drawn at.

    Textual draws a widget's renderable twice when it lays it out: once to count its lines, then
    again to paint them; for a lesson's tables and prose that was half of showing a lesson. Only
    for renderables whose lines depend on the width alone, not on the height they are given.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: tuple[tuple[object, ...], list[Segment]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        key = (
            options.min_width,
            options.max_width,
            options.justify,
            options.overflow,
            options.no_wrap,
            options.highlight,
            options.markup,
            options.ascii_only,
            options.encoding,
        )
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, list(console.render(self.renderable, options)))
        return self._drawn[1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)
