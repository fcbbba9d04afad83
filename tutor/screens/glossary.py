"""The glossary screen (`d`, from anywhere): every term, its translation, its definition, and the lessons
that teach it; a lesson chosen opens where it first uses the term, the term highlighted.

Typing narrows the list to the terms whose name (in any language) or one of its words starts
with what is typed, accents optional. Arrows move through the terms and their lessons while the
typing goes on.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.screens.dialog import ListDialog
from tutor.content import model as m
from tutor.content.search import find_terms, first_use, language_name
from tutor.screens.search import Chosen
from tutor.text.nobreak import NoBreakText
from tutor.widgets.chrome.hanging import hanging_lines
from tutor.widgets.chrome.key_bar import KeyBar


class GlossaryScreen(ListDialog[Chosen | None]):
    """The course's glossary, narrowed as the student types; dismissed with a lesson to open, or None."""

    LIST_ID = "glossary-terms"

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.typed = query
        self.glossary = m.Glossary(())
        """The course's glossary (set when composed)."""
        self._targets: dict[str, tuple[str, m.GlossaryTerm]] = {}
        """Option id → (lesson option id, term)."""

    def compose(self) -> ComposeResult:
        messages = self.messages
        self.glossary = self.tutor.course.glossary or m.Glossary(())
        with Vertical(id="glossary-dialog") as dialog:
            dialog.border_title = Text(messages("find.glossary_title", count=len(self.glossary.terms)))
            yield Input(self.typed, placeholder=messages("find.glossary_placeholder"), id="glossary-input")
            yield Static(Text(messages("find.glossary_prompt")), id="glossary-count", markup=False)
            yield OptionList(id="glossary-terms")
        yield KeyBar(self.tutor.glyphs.ascii)

    def show(self, query: str) -> None:
        messages = self.messages
        terms = find_terms(self.glossary, query)
        options = self.query_one("#glossary-terms", OptionList)
        options.clear_options()
        self._targets.clear()
        status = self.query_one("#glossary-count", Static)
        if not terms:
            status.update(Text(messages("find.glossary_none", query=" ".join(query.split()))))
            return
        status.update(Text(messages("find.glossary_prompt")))
        for term in terms:
            options.add_options(self._term_options(term))
        options.highlighted = 0

    def _term_options(self, term: m.GlossaryTerm) -> list[Option]:
        messages, lang = self.messages, self.lang
        translations = "; ".join(
            messages("find.glossary_translation", language=language_name(messages, code), term=text)
            for code, text in term.term.texts
            if code != lang
        )
        name = Text(term.term.get(lang), "bold")
        if translations:
            name.append(f"  ({translations})", "dim")
        definition = NoBreakText(term.definition.get(lang))  # French: no line starts with « : »
        lessons = [
            (f"{module.id}/{lesson.id}", module, lesson)
            for module in self.tutor.course.modules
            for lesson in module.lessons
            if lesson.id in term.lessons
        ]
        first = lessons[0][0] if lessons else None
        options = [Option(_Entry(name, definition), id=f"term:{term.id}" if first else None, disabled=first is None)]
        if first:
            self._targets[f"term:{term.id}"] = (first, term)
        arrow = self.tutor.glyphs.arrow_right
        for lesson_option, module, lesson in lessons:
            option_id = f"lesson:{term.id}:{lesson_option}"
            self._targets[option_id] = (lesson_option, term)
            label = f"{arrow} {module.lesson_index(lesson.id) + 1}. {lesson.title.get(lang)}"
            options.append(Option(Text("    " + label), id=option_id))
        return options

    def choose(self, option_id: str | None) -> None:
        target = self._targets.get(option_id or "")
        if target is None:
            return
        lesson_option, term = target
        found = self.tutor.course.find_lesson(lesson_option.partition("/")[2])
        place = first_use(found[1], term, self.lang) if found else None
        self.dismiss(Chosen(lesson_option, place))


class _Entry:
    """A term's name, then its definition indented under it (wrapped with a hanging indent)."""

    def __init__(self, name: Text, definition: Text) -> None:
        self.name = name
        self.definition = definition

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        yield from console.render(self.name, options)
        for line in hanging_lines(Text("  "), self.definition, options.max_width, console):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(10, max(self.name.cell_len, self.definition.cell_len + 2))
