"""The course map: the module, its objective, and its lessons with their completion marks."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static

from tutor.text.asciify import to_ascii
from tutor.text.i18n import Messages
from tutor.text.nobreak import NoBreakText
from tutor.review.deck import cards_of, due_now, next_due
from tutor.review.wording import next_due_text
from tutor.screens.exercises import exercise_counts
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.chrome.warning_bar import WarningBar
from tutor.widgets.chrome.lesson_list import LessonList


class StartScreen(Screen):
    """The first screen: what the module is about and where the student stands."""

    BINDINGS = [Binding("v", "review", "keys.review")]

    def compose(self) -> ComposeResult:
        with Vertical(id="map"):
            yield Static(id="module-summary", markup=False)
            yield LessonList(self.app.course, self.app.glyphs, id="lessons")
            yield Static(id="map-status", markup=False)
            yield Static(id="review-status", markup=False)
        yield KeyBar(self.app.lang, self.app.glyphs.ascii)
        yield WarningBar(self.app.glyphs.ascii)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", lambda _lang: self.refresh_map(), init=False)

    def on_screen_resume(self) -> None:
        # Also fills the map when it is first shown: filling it on mount as well drew the first
        # frame without the texts, and a second frame with them.
        self.refresh_map()

    def refresh_map(self) -> None:
        lang = self.app.lang
        self.query_one("#module-summary", Static).update(Group(self._summary(lang)))  # wrapped by Rich
        current = self.app.progress.last_position()
        chosen = f"{current[0]}/{current[1]}" if current and self.app.lesson_exists(current[0], current[1]) else None
        lessons = self.query_one(LessonList)
        lessons.show(lang, self.app.progress.lesson_state, chosen, exercises_of=exercise_counts(self.app))
        lessons.focus()
        self.query_one("#map-status", Static).update(self._status(lang))
        self.query_one("#review-status", Static).update(Text(self._t(self._review_status(Messages(lang)))))
        self.query_one(KeyBar).lang = lang

    def _summary(self, lang: str) -> Text:
        messages = Messages(lang)
        course = self.app.course
        text = NoBreakText(no_wrap=False)  # French no-break spaces: never a line starting with « : »
        for module in course.modules:
            header = messages("ui.module_of", number=module.number, total=course.total_modules)
            heading = messages("ui.labelled", label=header, text=module.title.get(lang))
            text.append(self._t(f"{course.title.get(lang)} · {heading}") + "\n", "bold")
            facts = messages(
                "ui.module_facts",
                level=module.level.get(lang),
                duration=module.duration.get(lang),
                objective=module.objective.get(lang),
            )
            text.append(self._t(facts) + "\n")
            links = [
                messages(key, title=title.get(lang))
                for key, title in (("ui.previous_module", module.previous), ("ui.next_module", module.next))
                if title
            ]
            if links:
                text.append(self._t(" · ".join(links)) + "\n", "dim")
        text.rstrip()
        return text

    def _status(self, lang: str) -> Text:
        messages = Messages(lang)
        done = sum(
            self.app.progress.lesson_state(module.id, lesson.id) == "completed"
            for module, lesson in self.app.sequence
        )
        return Text(self._t(messages("ui.completed_count", done=done, total=len(self.app.sequence))))

    def _review_status(self, messages: Messages) -> str:
        """How many questions are due for review, or when the next one is."""
        now = self.app.clock()
        cards = cards_of(self.app.course.questions(), self.app.progress.card)
        due = len(due_now(cards, now))
        if due:
            return messages("review.due_one" if due == 1 else "review.due_many", count=due)
        if cards:
            return messages("review.none_due", when=next_due_text(next_due(cards), now, messages))
        return messages("review.no_cards_yet")

    def _t(self, text: str) -> str:
        return to_ascii(text) if self.app.glyphs.ascii else text

    def action_review(self) -> None:
        self.app.open_review()

    @on(OptionList.OptionSelected, "#lessons")
    def _lesson_chosen(self, event: OptionList.OptionSelected) -> None:
        self.app.open_lesson(event.option.id)
