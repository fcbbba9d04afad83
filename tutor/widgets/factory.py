"""The widget that shows each kind of block."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rich.console import Group
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from tutor.content import model as m
from tutor.text.glyphs import Glyphs
from tutor.content.simulations import widget_class
from tutor.widgets.blocks.static import CalloutView, CompareView, FormulaView, ItemList
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.chrome.language import Localised
from tutor.widgets.blocks.diagram import DiagramView
from tutor.widgets.blocks.inline import inline_text
from tutor.widgets.blocks.lesson_text import LessonText


class SimulationFrame(Localised, Contained, Vertical):
    """A `widget` block: its caption, then the simulation it names (a failure to load it is contained)."""

    DEFAULT_CSS = """
    SimulationFrame { height: auto; }
    SimulationFrame > .caption { color: $text-muted; }
    """

    def __init__(self, block: m.WidgetBlock, glyphs: Glyphs) -> None:
        super().__init__()
        self.block = block
        self.glyphs = glyphs

    @property
    def display_name(self) -> str:
        return self.block.name

    def compose(self) -> ComposeResult:
        if self.block.caption:
            yield Static(self._caption(), classes="caption", markup=False)
        simulation = widget_class(self.block.name)
        yield simulation(self.block.param_dict(), glyphs=self.glyphs, name=self.block.name)

    def language_changed(self) -> None:
        if self.block.caption:
            self.query_one(".caption", Static).update(self._caption())

    def _caption(self):
        # In a Group, Rich draws the text itself, so its lines never break at a no-break space (a bare
        # Text would become Textual Content, which breaks at any space).
        return Group(inline_text(self.block.caption.get(self.lang), self.glyphs.ascii, "italic"))


VIEWS: dict[type, Callable[[Any, Glyphs], Widget]] = {
    m.TextBlock: lambda block, glyphs: LessonText(block.body, glyphs, block.parsed),
    m.FormulaBlock: FormulaView,
    m.ListBlock: ItemList,
    m.CalloutBlock: CalloutView,
    m.CompareBlock: CompareView,
    m.DiagramBlock: DiagramView,
    m.WidgetBlock: SimulationFrame,
}
"""The widget for each kind of block but the quiz (imported when a lesson has one)."""


def block_widget(block: m.Block, glyphs: Glyphs, rows: int | None = None) -> Widget:
    """A widget showing `block`, in the app's language, redrawn in place when it changes.

    `rows`: the rows of the first screen left where the block starts, if known (a quiz mounts the
    questions that start within them first).
    """
    view = VIEWS.get(type(block))
    if view is not None:
        return view(block, glyphs)
    from tutor.widgets.quiz.quiz import QuizView

    return QuizView(cast(m.QuizBlock, block), glyphs, rows=rows)
