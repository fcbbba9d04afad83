"""The widget that shows each kind of block."""

from __future__ import annotations

from rich.console import Group
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tutor.content import model as m
from tutor.text.glyphs import Glyphs
from tutor.content.simulations import widget_class
from tutor.widgets.blocks.static import CalloutView, CompareView, FormulaView, ItemList
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.blocks.diagram import DiagramView
from tutor.widgets.blocks.inline import inline_text
from tutor.widgets.blocks.lesson_text import LessonText


class SimulationFrame(Contained, Vertical):
    """A `widget` block: its caption, then the simulation it names (a failure to load it is contained)."""

    DEFAULT_CSS = """
    SimulationFrame { height: auto; }
    SimulationFrame > .caption { color: $text-muted; }
    """

    lang = reactive("en")
    """The language shown."""

    def __init__(self, block: m.WidgetBlock, glyphs: Glyphs, lang: str) -> None:
        super().__init__()
        self.block = block
        self.glyphs = glyphs
        self.set_reactive(SimulationFrame.lang, lang)

    @property
    def display_name(self) -> str:
        return self.block.name

    def compose(self) -> ComposeResult:
        if self.block.caption:
            yield Static(self._caption(), classes="caption", markup=False)
        simulation = widget_class(self.block.name)
        yield simulation(self.block.param_dict(), glyphs=self.glyphs, lang=self.lang, name=self.block.name)

    def watch_lang(self) -> None:
        for child in self.children:
            if hasattr(child, "lang"):
                child.lang = self.lang
        if self.block.caption:
            self.query_one(".caption", Static).update(self._caption())

    def _caption(self):
        # In a Group, Rich draws the text itself, so its lines never break at a no-break space (a bare
        # Text would become Textual Content, which breaks at any space).
        return Group(inline_text(self.block.caption.get(self.lang), self.glyphs.ascii, "italic"))


def block_widget(block: m.Block, glyphs: Glyphs, lang: str) -> Widget:
    """A widget showing `block` in `lang`; each has a `lang` reactive for live switching."""
    if isinstance(block, m.TextBlock):
        return LessonText(block.body, glyphs, lang)
    if isinstance(block, m.FormulaBlock):
        return FormulaView(block, glyphs, lang)
    if isinstance(block, m.ListBlock):
        return ItemList(block, glyphs, lang)
    if isinstance(block, m.CalloutBlock):
        return CalloutView(block, glyphs, lang)
    if isinstance(block, m.CompareBlock):
        return CompareView(block, glyphs, lang)
    if isinstance(block, m.DiagramBlock):
        return DiagramView(block, glyphs, lang)
    if isinstance(block, m.WidgetBlock):
        return SimulationFrame(block, glyphs, lang)
    from tutor.widgets.quiz.quiz import QuizView

    return QuizView(block, glyphs, lang)
