"""The course map: the module, its objective, and its lessons with their completion marks."""

from __future__ import annotations

import sys

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.content.model import Module
from tutor.text.i18n import Messages
from tutor.text.nobreak import NoBreakText
from tutor.review.deck import cards_of, due_now, first_due
from tutor.review.wording import next_due_text
from tutor.screens.desks import exercise_counts
from tutor.screens.base import TutorScreen
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.chrome.warning_bar import WarningBar
from tutor.widgets.chrome.lesson_list import LessonList, LessonRow
from tutor.text.sanitise import visible
from tutor.widgets.chrome.title_bar import cut


class ModuleSummary(Widget):
    """The module's header, fitted to the width in at most five lines, each cut with an ellipsis.

    The course and module title on one line, the facts on two at most, then the previous and
    the next module on a line each: no line is lost to a maximum height.
    """

    DEFAULT_CSS = "ModuleSummary { height: auto; }"

    def __init__(self, ellipsis: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ellipsis = ellipsis
        """Where a line is cut (the glyphs' `ellipsis`)."""
        self.modules: list[tuple[str, str, list[str]]] = []
        """(title, facts, links) of each module."""

    def show(self, modules: list[tuple[str, str, list[str]]]) -> None:
        self.modules = modules
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(self.content_size.width or self.app.size.width, 10)
        ellipsis = self.ellipsis
        text = Text()
        for title, facts, links in self.modules:
            if text.plain:
                text.append("\n")
            text.append(cut(title, width, ellipsis) + "\n", "bold")
            # French no-break spaces: never a line starting with « : »
            lines = [line.plain.rstrip() for line in NoBreakText(facts).wrap(self.app.console, width)]
            if len(lines) > 2:
                lines = [lines[0], cut(" ".join(lines[1:]), width, ellipsis)]
            text.append("\n".join(lines))
            for link in links:
                text.append("\n" + cut(link, width, ellipsis), "dim")
        return text


class StartScreen(TutorScreen):
    """The first screen: what the module is about and where the student stands."""

    CSS_PATH = None  # the first frame's: its layout is the app's (tutor.tcss), read before it

    lists_find_keys = True
    """The footer lists the search and glossary keys (see `TutorApp.check_action`)."""

    BINDINGS = [
        Binding("v", "review", "keys.review"),
        Binding("s", "statistics", "keys.statistics"),
        # The list's keys are taken here, in the app's order of keys: forwarded to the list they
        # would be handled in its own queue, after keys typed later (enter n n: the n's went to
        # this screen, not to the lesson; down enter: enter opened the lesson above).
        *(
            Binding(key, f"list('{action}')", show=False, priority=True)
            for key, action in (
                ("down", "cursor_down"),
                ("up", "cursor_up"),
                ("home", "first"),
                ("end", "last"),
                ("pagedown", "page_down"),
                ("pageup", "page_up"),
            )
        ),
        Binding("enter", "open_highlighted", "keys.open", key_display="⏎", priority=True),
        Binding("x,delete", "remove_bookmark", "keys.remove_bookmark", key_display="x"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="map"):
            yield ModuleSummary(self.tutor.glyphs.ellipsis, id="module-summary")
            yield LessonList(self.tutor.course, self.tutor.glyphs, id="lessons")
            yield Static(id="map-status", markup=False)
            yield Static(id="review-status", markup=False)
        yield KeyBar(self.tutor.glyphs.ascii)
        yield WarningBar()

    def language_changed(self) -> None:
        self.refresh_map()

    def on_screen_resume(self) -> None:
        # Also fills the map when it is first shown: filling it on mount as well drew the first
        # frame without the texts, and a second frame with them.
        self.refresh_map()

    def refresh_map(self) -> None:
        tutor, messages = self.tutor, self.messages
        self.query_one(ModuleSummary).show([self._summary(module, messages) for module in tutor.course.modules])
        current = tutor.progress.last_position()
        chosen = f"{current[0]}/{current[1]}" if current and tutor.lesson_exists(current[0], current[1]) else None
        lessons = self.query_one(LessonList)
        self._bookmarks = {mark["id"]: mark for mark in tutor.progress.bookmarks()}
        lessons.show(
            messages, tutor.progress.lesson_state, chosen, self._bookmark_rows, exercises_of=exercise_counts(tutor)
        )
        lessons.focus()
        self.refresh_bindings()
        self.query_one("#map-status", Static).update(self._status(messages))
        if "babel" in sys.modules or not cards_of(tutor.course.questions(), tutor.progress.card):
            self._show_review_status(messages)
        else:  # the counts and times need Babel (~60 ms to load): after the map's first frame
            self.call_after_refresh(self._show_review_status, messages)

    def _summary(self, module: Module, messages: Messages) -> tuple[str, str, list[str]]:
        """The module's title line, its facts, and its links to the previous and next modules."""
        lang, course = messages.lang, self.tutor.course
        header = messages("ui.module_of", number=module.number, total=course.total_modules)
        module_title = messages("ui.labelled", label=header, text=module.title.get(lang))
        title = f"{course.title.get(lang)} {self.tutor.glyphs.separator} {module_title}"
        facts = messages(
            "ui.module_facts",
            level=module.level.get(lang),
            duration=module.duration.get(lang),
            objective=module.objective.get(lang),
        )
        links = [
            messages(key, title=title.get(lang))
            for key, title in (("ui.previous_module", module.previous), ("ui.next_module", module.next))
            if title
        ]
        return title, facts, links

    def _show_review_status(self, messages: Messages) -> None:
        self.query_one("#review-status", Static).update(Text(self._review_status(messages)))

    def _status(self, messages: Messages) -> Text:
        tutor = self.tutor
        done = sum(
            tutor.progress.lesson_state(module.id, lesson.id) == "completed" for module, lesson in tutor.sequence
        )
        return Text(messages("ui.completed_count", done=done, total=len(tutor.sequence)))

    def _review_status(self, messages: Messages) -> str:
        """How many questions are due for review, or when the next one is."""
        now = self.tutor.clock()
        cards = cards_of(self.tutor.course.questions(), self.tutor.progress.card)
        due = len(due_now(cards, now))
        if due:
            return messages.plural("review.due", due)
        if cards:
            return messages("review.none_due", when=next_due_text(first_due(cards), now, messages))
        return messages("review.no_cards_yet")

    def action_review(self) -> None:
        self.tutor.open_review()

    def action_statistics(self) -> None:
        from tutor.screens.review_stats import ReviewStatsScreen  # plotext: loaded only when asked for

        self.app.push_screen(ReviewStatsScreen())

    # Bookmarks: listed under their lesson, in the order of their places

    _bookmarks: dict[str, dict] = {}

    def _bookmark_rows(self, module_id: str, lesson_id: str) -> list[Option]:
        marks = [
            mark for mark in self._bookmarks.values() if (mark["module"], mark["lesson"]) == (module_id, lesson_id)
        ]
        marks.sort(key=lambda mark: (mark["block"], mark["fraction"]))
        glyphs = self.tutor.glyphs
        rows = []
        for mark in marks:
            label = Text(f"      {glyphs.bookmark} ", "bold")
            rows.append(
                Option(LessonRow(label, Text(self._bookmark_label(mark), "italic")), id=f"bookmark:{mark['id']}")
            )
        return rows

    def _bookmark_label(self, mark: dict) -> str:
        """The note of a bookmark, or the first words of the text where it is."""
        if mark["note"]:
            return self.messages.spell(visible(mark["note"]))
        found = self.tutor.course.find_lesson(mark["lesson"])
        lang = self.lang
        excerpt = ""
        if found is not None:
            from tutor.content.search import block_texts

            lesson = found[1]
            if 0 <= mark["block"] < len(lesson.blocks):
                texts = block_texts(lesson.blocks[mark["block"]], lang)
                excerpt = texts[0] if texts else ""
            excerpt = excerpt or lesson.title.get(lang)
        excerpt = " ".join(excerpt.split())
        if len(excerpt) > 60:
            excerpt = excerpt[:59].rsplit(" ", 1)[0] + "…"  # "..." in ASCII, by `messages`
        return self.messages("find.bookmark_untitled", excerpt=visible(excerpt))

    def _highlighted_bookmark(self) -> dict | None:
        lessons = self.query_one(LessonList)
        if lessons.highlighted is None:
            return None
        option_id = lessons.get_option_at_index(lessons.highlighted).id or ""
        return self._bookmarks.get(option_id.removeprefix("bookmark:")) if option_id.startswith("bookmark:") else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_bookmark":
            return self.is_mounted and self._highlighted_bookmark() is not None
        return True

    @on(OptionList.OptionHighlighted, "#lessons")
    def _highlight_moved(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()  # x removes the bookmark highlighted, and only a bookmark

    def action_remove_bookmark(self) -> None:
        mark = self._highlighted_bookmark()
        if mark is None:
            return
        self.tutor.progress.remove_bookmark(mark["module"], mark["lesson"], mark["id"])
        lessons = self.query_one(LessonList)
        position = lessons.highlighted
        self.refresh_map()
        lessons.highlighted = min(position or 0, lessons.option_count - 1)  # stays where the student was
        self.tutor.tell(self.messages("find.bookmark_removed", where=self._bookmark_label(mark)), timeout=4)

    def action_list(self, action: str) -> None:
        lessons = self.query_one("#lessons", LessonList)
        if action in ("page_down", "page_up") and lessons.option_count:
            # OptionList's own page moves read a line map it rebuilds only when it is laid out
            # again: right after the map's rows changed, they raised KeyError. A page of rows instead.
            step = max(1, lessons.scrollable_content_region.height - 1) * (1 if action == "page_down" else -1)
            lessons.highlighted = min(max((lessons.highlighted or 0) + step, 0), lessons.option_count - 1)
            return
        getattr(lessons, f"action_{action}")()

    def action_open_highlighted(self) -> None:
        lessons = self.query_one("#lessons", LessonList)
        if lessons.highlighted is not None:
            self._open(lessons.get_option_at_index(lessons.highlighted).id or "")

    @on(OptionList.OptionSelected, "#lessons")
    def _lesson_chosen(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id or "")

    def _open(self, option_id: str) -> None:
        """Open the lesson of a row: a lesson at its top (or where it was left), a bookmark at its place."""
        if option_id.startswith("bookmark:"):
            mark = self._bookmarks.get(option_id.removeprefix("bookmark:"))
            if mark is not None:
                self.tutor.open_bookmark(mark)
            return
        self.tutor.open_lesson(option_id)
