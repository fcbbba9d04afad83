"""Widgets for the static block kinds of a lesson: formula, list, callout, compare (text: lesson_text).

Each shows its block in the app's language (`Localised`) and redraws itself when the student
switches language, so nothing is rebuilt and no place is lost.
"""

from __future__ import annotations

import re
from typing import Any, Generic, TypeVar

from rich import box
from rich.align import Align
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tutor.content import model as m
from tutor.text.glyphs import Glyphs
from tutor.text.nobreak import FormulaText
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.chrome.hanging import hanging_rows
from tutor.widgets.chrome.language import Localised
from tutor.widgets.blocks.drawn import DrawnOnce
from tutor.widgets.blocks.inline import inline_text
from tutor.widgets.blocks.lesson_text import LessonText


ShownBlock = TypeVar("ShownBlock", m.FormulaBlock, m.ListBlock, m.CompareColumn)


class BlockView(Localised, Contained, Generic[ShownBlock]):
    """A block drawn as one renderable, redrawn when the language changes."""

    DEFAULT_CSS = """
    BlockView { height: auto; }
    """

    def __init__(self, block: ShownBlock, glyphs: Glyphs, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.block: ShownBlock = block
        self.glyphs = glyphs
        self._drawn: tuple[str, DrawnOnce] | None = None
        """The renderable in the language it was last made in."""

    def render(self) -> RenderableType:
        if self._drawn is None or self._drawn[0] != self.lang:
            self._drawn = (self.lang, DrawnOnce(self.draw()))
        return self._drawn[1]

    def draw(self) -> RenderableType:
        """The block, as one renderable, in the language shown."""
        raise NotImplementedError

    def text(self, text: m.Localized, style: str = "") -> Text:
        return inline_text(text.get(self.lang), self.glyphs.ascii, style)

    @property
    def box(self) -> box.Box:
        return box.ASCII2 if self.glyphs.ascii else box.SIMPLE_HEAD


class FormulaView(BlockView[m.FormulaBlock]):
    """A formula, framed, with the meaning of each symbol in a table."""

    def language_changed(self) -> None:
        super().language_changed()
        self._label()

    def on_mount(self) -> None:
        self._label()

    def _label(self) -> None:
        self.border_title = self.text(self.block.title) if self.block.title else None

    def draw(self) -> Group:
        block = self.block
        expression = side_by_side(self.text(block.expression, "bold"))
        messages = self.messages
        legend = Table(box=self.box, expand=False, show_edge=False, pad_edge=False)
        legend.add_column(messages("ui.symbol"), style="bold", no_wrap=True)
        legend.add_column(messages("ui.meaning"))
        for entry in block.legend:
            legend.add_row(Text(entry.symbol), self.text(entry.meaning))
        return Group(expression, Text(""), legend)


FORMULA_GAP = re.compile(r" {3,}")
"""The gap between formulas side by side in one expression: "P = k × k × C      MAC = H × W × P"."""


def side_by_side(expression: Text) -> RenderableType:
    """`expression`, centred; formulas side by side in it go one under the other when they do not fit
    together, and one too long for its line breaks as a displayed equation does (`FormulaText`)."""
    gaps = list(FORMULA_GAP.finditer(expression.plain))
    if not gaps:
        formula = FormulaText.of(expression)
        formula.justify = "center"
        return formula
    starts, ends = [0, *(gap.end() for gap in gaps)], [*(gap.start() for gap in gaps), len(expression)]
    formulas = [FormulaText.of(expression[start:end]) for start, end in zip(starts, ends)]
    return Align.center(Columns(formulas, padding=(0, len(gaps[0].group()))))


LIST_MARKS = {"advantages": "good", "pitfalls": "bad", "tips": "tip", "summary": "completed"}
LIST_STYLES = {"advantages": "green", "pitfalls": "red", "tips": "yellow", "summary": "green"}


class ItemList(BlockView[m.ListBlock]):
    """A titled list whose marks tell advantages (✓), pitfalls (✗), tips (›) and steps apart."""

    def draw(self) -> Group:
        block = self.block
        style = LIST_STYLES.get(block.style, "")
        items = hanging_rows(
            (Text(self._mark(number), style), self.text(item)) for number, item in enumerate(block.items, 1)
        )
        parts: list[RenderableType] = [items]
        if block.title:
            parts.insert(0, self.text(block.title, "bold underline"))
        return Group(*parts)

    def _mark(self, number: int) -> str:
        if self.block.style == "steps":
            return f"{number}."
        return getattr(self.glyphs, LIST_MARKS.get(self.block.style, "bullet"))


class CalloutView(Localised, Vertical):
    """A framed remark whose label (Note, Tip, Watch out, Correction) is always written out.

    Its title goes in the frame after the label when the two fit there, else under the label, in
    the box: a frame's title is one line, and a long one was cut short.
    """

    DEFAULT_CSS = """
    CalloutView { height: auto; }
    CalloutView > .callout-title { text-style: bold; display: none; }
    CalloutView > .callout-title.-shown { display: block; }
    """

    def __init__(self, block: m.CalloutBlock, glyphs: Glyphs, **kwargs) -> None:
        super().__init__(classes=f"-{block.style}", **kwargs)
        self.block = block
        self.glyphs = glyphs
        # Held, not queried: a lesson left while it mounts takes the box's children away first.
        self._title = Static(classes="callout-title", markup=False) if block.title else None

    def compose(self) -> ComposeResult:
        if self._title is not None:
            yield self._title
        yield LessonText(self.block.body, self.glyphs, self.block.parsed)

    def on_mount(self) -> None:
        self.language_changed()

    def on_resize(self) -> None:
        self.language_changed()

    def language_changed(self) -> None:
        messages = self.messages
        label = messages(f"ui.callout_{self.block.style}")
        if not self.block.title or self._title is None:
            self.border_title = Text(label)
            return
        title = self.block.title.get(self.lang)
        labelled = messages("ui.labelled", label=label, text=title)
        # The frame draws its title between "╭─ " and " ─╮"; before the first layout, the width is unknown.
        inside = not self.size.width or cell_len(labelled) > self.size.width - 6
        self.border_title = Text(label if inside else labelled)
        self._title.update(inline_text(title, self.glyphs.ascii))
        self._title.set_class(inside, "-shown")


TONE_MARKS = {"good": "good", "bad": "bad", "neutral": "bullet"}
TONE_STYLES = {"good": "green", "bad": "red", "neutral": ""}


class CompareColumnView(BlockView[m.CompareColumn]):
    """One column of a comparison; its items marked ✓ or ✗ by tone, not only by colour."""

    def __init__(self, column: m.CompareColumn, glyphs: Glyphs, **kwargs) -> None:
        super().__init__(column, glyphs, classes=f"-{column.tone}", **kwargs)

    def language_changed(self) -> None:
        super().language_changed()
        self._label()

    def on_mount(self) -> None:
        self._label()

    def _label(self) -> None:
        self.border_title = self.text(self.block.title)

    def draw(self) -> Table:
        column = self.block
        mark = Text(getattr(self.glyphs, TONE_MARKS[column.tone]), TONE_STYLES[column.tone])
        return hanging_rows((mark, self.text(item)) for item in column.items)


class CompareView(Localised, Vertical):
    """Two columns side by side on a wide screen, one above the other on a narrow one."""

    DEFAULT_CSS = """
    CompareView { height: auto; }
    CompareView > Horizontal { height: auto; }
    """

    def __init__(self, block: m.CompareBlock, glyphs: Glyphs, **kwargs) -> None:
        super().__init__(**kwargs)
        self.block = block
        self.glyphs = glyphs
        # Held, not queried, as CalloutView's title: a box being removed may have lost its children.
        self._title_view = Static(classes="compare-title", markup=False) if block.title else None

    def compose(self) -> ComposeResult:
        if self._title_view is not None:
            self._title_view.update(self._title())
            yield self._title_view
        with Horizontal(classes="compare-columns"):
            yield CompareColumnView(self.block.left, self.glyphs)
            yield CompareColumnView(self.block.right, self.glyphs)

    def language_changed(self) -> None:
        if self._title_view is not None:
            self._title_view.update(self._title())

    def _title(self) -> Text:
        title = self.block.title.get(self.lang) if self.block.title else ""
        return inline_text(title, self.glyphs.ascii, "bold underline")
