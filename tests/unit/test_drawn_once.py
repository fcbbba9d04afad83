"""A renderable drawn once per width: the same lines as the renderable itself, drawn again only for a new width."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from tutor.widgets.blocks.drawn import DrawnOnce


class Counted:
    """A table of two columns that counts how often it is drawn."""

    def __init__(self) -> None:
        self.draws = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.draws += 1
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column()
        table.add_row("✓", Text("a line long enough to wrap when the table is narrow " * 2))
        yield table


def lines(renderable: object, width: int, height: int | None = None) -> list[str]:
    console = Console(width=120, color_system=None)
    options = console.options.update(width=width, height=height)
    return ["".join(segment.text for segment in line) for line in console.render_lines(renderable, options)]


def test_the_lines_are_the_renderables_own_at_every_width() -> None:
    for width in (20, 45, 80):
        assert lines(DrawnOnce(Counted()), width) == lines(Counted(), width)


def test_a_second_drawing_at_the_same_width_is_not_drawn_again_whatever_the_height() -> None:
    counted = Counted()
    drawn = DrawnOnce(counted)
    first = lines(drawn, 40)
    assert lines(drawn, 40, height=len(first)) == first
    assert counted.draws == 1
    assert lines(drawn, 30) != first and counted.draws == 2
