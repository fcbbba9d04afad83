"""The lessons of the course with their completion marks, for the course map and the contents."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.asciify import to_ascii
from tutor.content.model import Course
from tutor.glyphs import Glyphs
from tutor.i18n import Messages

STATE_STYLES = {"completed": "green", "visited": "yellow", "new": "dim"}


class LessonList(OptionList):
    """Every lesson, grouped by module, marked ✓ completed, • visited or · new.

    Option ids are `module_id/lesson_id`; choosing one posts `OptionList.OptionSelected`.
    """

    BINDINGS = [Binding("enter", "select", "keys.open", key_display="⏎")]

    def __init__(self, course: Course, glyphs: Glyphs, **kwargs) -> None:
        super().__init__(**kwargs)
        self.course = course
        self.glyphs = glyphs

    def show(self, lang: str, state_of: Callable[[str, str], str], current: str | None = None) -> None:
        """Fill the list in `lang`, with each lesson's state; highlight `current` (an option id)."""
        messages = Messages(lang)
        options: list[Option] = []
        several = len(self.course.modules) > 1
        for module in self.course.modules:
            if several:
                options.append(Option(Text(self._text(f"{module.number}. {module.title.get(lang)}"), "bold"), disabled=True))
            for number, lesson in enumerate(module.lessons, 1):
                state = state_of(module.id, lesson.id)
                mark = getattr(self.glyphs, state)
                title = Text(self._text(lesson.title.get(lang)))
                if state == "completed":
                    title.append(self._text(f"  ({messages('ui.state_completed')})"), "dim")
                prompt = Table.grid(padding=(0, 1))
                prompt.add_column(no_wrap=True)
                prompt.add_column(no_wrap=True, justify="right", min_width=len(f"{len(module.lessons)}."))
                prompt.add_column()
                prompt.add_row(Text(mark, STATE_STYLES[state]), f"{number}.", title)
                options.append(Option(prompt, id=f"{module.id}/{lesson.id}"))
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        if current is not None:
            self.highlighted = self.get_option_index(current)
        else:
            first = next(index for index, option in enumerate(options) if not option.disabled)
            self.highlighted = highlighted if highlighted is not None else first

    def _text(self, text: str) -> str:
        return to_ascii(text) if self.glyphs.ascii else text
