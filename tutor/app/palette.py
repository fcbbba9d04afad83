"""The command palette (ctrl+p): the course's lessons in course order, help and language, in the student's language.

Textual's own commands (Keys, Maximize, Screenshot, Theme, Quit) are not offered: their texts are
English, the key panel shows message ids, and a screenshot fails where there is no Downloads
folder; the tutor's `?` help and keys do all of that.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tutor.content.model import Course, Lesson, Module
from tutor.text.i18n import Messages


@dataclass
class OrderedHit(DiscoveryHit):
    """A discovery hit shown in the order given (Textual sorts discovery hits by their text)."""

    order: int = field(default=0)

    def __lt__(self, other: object) -> bool:
        if isinstance(other, OrderedHit):
            return other.order < self.order  # the palette sorts in reverse
        return NotImplemented


class Commanded(Protocol):
    """What the palette uses of the app (`TutorApp`)."""

    sequence: Sequence[tuple[Module, Lesson]]
    course: Course

    @property
    def lang(self) -> str: ...

    @property
    def messages(self) -> Messages: ...

    def open_lesson(self, option_id: str) -> None: ...

    def action_help(self) -> None: ...

    def action_switch_language(self) -> None: ...


class TutorCommands(Provider):
    """Go to a lesson, open the help, switch the language."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast(Commanded, self.app)
        messages = app.messages
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for module, lesson in app.sequence:
            title = messages(
                "ui.goto_lesson", number=module.lesson_index(lesson.id) + 1, title=lesson.title.get(app.lang)
            )
            help_text = messages("ui.goto_lesson_help", module=module.title.get(app.lang))
            commands.append((title, help_text, partial(app.open_lesson, f"{module.id}/{lesson.id}")))
        commands.append((messages("ui.palette_help"), messages("keys.help"), app.action_help))
        if len(app.course.languages) > 1:
            commands.append((messages("ui.palette_language"), messages("keys.language"), app.action_switch_language))
        return commands

    async def discover(self) -> Hits:
        for order, (title, help_text, command) in enumerate(self._commands()):
            yield OrderedHit(escape(title), command, text=title, help=escape(help_text), order=order)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=escape(help_text))
