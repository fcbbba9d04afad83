"""The `/` screen: words typed are searched in every lesson at once; a match chosen opens its lesson there.

The matches are listed under their lesson, each with the text around it. The index of the
language shown is built when this screen first opens (see `tutor.content.search`): nothing at
start-up. Arrows move through the matches while the typing goes on; Enter opens the one
highlighted, scrolled to it and highlighted, with `n`/`N` then going through the lesson's matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.screens.dialog import ListDialog
from tutor.content.place import TITLE, Place
from tutor.content.search import LISTED, Found, index_for, language_name
from tutor.widgets.chrome.key_bar import KeyBar


@dataclass(frozen=True, slots=True)
class Chosen:
    """A match chosen: its lesson (`module_id/lesson_id`) and where in it."""

    lesson: str
    place: Place | None
    """None: the lesson's top."""


class SearchScreen(ListDialog[Chosen | None]):
    """Search as you type; dismissed with the match chosen, or None."""

    LIST_ID = "search-results"

    def __init__(self, query: str = "", current_lesson: int | None = None) -> None:
        super().__init__()
        self.typed = query
        self.current_lesson = current_lesson
        """The lesson the student is in: its first match is highlighted first."""
        self.found: Found | None = None

    def compose(self) -> ComposeResult:
        messages = self.messages
        with Vertical(id="search-dialog") as dialog:
            dialog.border_title = Text(messages("find.search_title", language=self._language()))
            yield Input(self.typed, placeholder=messages("find.search_placeholder"), id="search-input")
            yield Static(id="search-count", markup=False)
            yield OptionList(id="search-results")
        yield KeyBar(self.tutor.glyphs.ascii)

    def _language(self) -> str:
        return language_name(self.messages, self.lang)

    def show(self, query: str) -> None:
        messages = self.messages
        results = self.query_one("#search-results", OptionList)
        count = self.query_one("#search-count", Static)
        results.clear_options()
        self.typed = query
        if not query.split():
            self.found = None
            count.update(Text(messages("find.search_prompt")))
            return
        found = self.found = index_for(self.tutor.course, self.lang).search(
            self.messages.spell(query), LISTED
        )  # the course is in ASCII under --ascii
        if not found.hits:
            count.update(Text(messages("find.search_none", query=" ".join(query.split()))))
            return
        lessons = messages.plural("find.search_lessons", len(found.lessons))
        summary = messages.plural("find.search_count", found.total, lessons=lessons)
        if found.total > len(found.hits):
            summary += " " + messages("find.search_more", shown=len(found.hits), count=found.total)
        count.update(Text(summary))
        results.add_options(self._options(found))
        first = next(
            (
                index
                for index, option in enumerate(results.options)
                if not option.disabled
                and option.id is not None
                and self.current_lesson is not None
                and found.hits[int(option.id)].lesson == self.current_lesson
            ),
            next((index for index, option in enumerate(results.options) if not option.disabled), None),
        )
        results.highlighted = first

    def _options(self, found: Found) -> list[Option]:
        messages = self.messages
        width = max((self.query_one("#search-results").content_size.width or self.app.size.width - 6) - 4, 20)
        ellipsis = self.tutor.glyphs.ellipsis
        per_lesson: dict[int, int] = {}
        for hit in found.hits:
            per_lesson[hit.lesson] = per_lesson.get(hit.lesson, 0) + 1
        index = index_for(self.tutor.course, self.lang)
        options: list[Option] = []
        for number, hit in enumerate(found.hits):
            if not options or found.hits[number - 1].lesson != hit.lesson:
                module, lesson = index.lessons[hit.lesson]
                heading = messages(
                    "find.lesson_matches",
                    number=module.lesson_index(lesson.id) + 1,
                    title=lesson.title.get(self.lang),
                    matches=messages.plural("find.matches", per_lesson[hit.lesson]),
                )
                options.append(Option(Text(heading, style="bold"), disabled=True))
            where = ""
            if hit.block == TITLE:
                where = messages("find.title_match") + " "
            elif hit.block >= len(index.lessons[hit.lesson][1].blocks):
                where = messages("find.references_match") + " "
            before, words, after = hit.context(width - len(where), ellipsis)
            line = Text("  ")
            line.append(where, "dim")
            line.append(before)
            line.append(words, "reverse bold")
            line.append(after)
            line.no_wrap = True
            line.overflow = "ellipsis"
            options.append(Option(line, id=str(number)))
        return options

    def choose(self, option_id: str | None) -> None:
        if option_id is None or self.found is None:
            return
        hit = self.found.hits[int(option_id)]
        index = index_for(self.tutor.course, self.lang)
        self.dismiss(Chosen(index.lesson_id(hit.lesson), hit.place(self.found.query)))
