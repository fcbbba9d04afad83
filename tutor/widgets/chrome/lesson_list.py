"""The lessons of the course with their completion marks, for the course map and the contents."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.content.model import Course
from tutor.text.glyphs import Glyphs
from tutor.text.i18n import Messages
from tutor.widgets.chrome.hanging import hanging_lines

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

    def show(
        self,
        messages: Messages,
        state_of: Callable[[str, str], str],
        current: str | None = None,
        below: Callable[[str, str], list[Option]] | None = None,
        exercises_of: Callable[[str], tuple[int, int] | None] | None = None,
    ) -> None:
        """Fill the list in the language of `messages`, with each lesson's state; highlight `current` (an option id).

        `below(module_id, lesson_id)` gives rows to list under a lesson (the course map's bookmarks);
        `exercises_of(lesson_id)` gives (exercises done, exercises) of a lesson that has some.
        """
        lang = messages.lang
        options: list[Option] = []
        several = len(self.course.modules) > 1
        for module in self.course.modules:
            if several:
                options.append(Option(Text(f"{module.number}. {module.title.get(lang)}", "bold"), disabled=True))
            digits = len(str(len(module.lessons)))
            for number, lesson in enumerate(module.lessons, 1):
                state = state_of(module.id, lesson.id)
                mark = getattr(self.glyphs, state)
                title = Text(lesson.title.get(lang))
                if state == "completed":
                    title.append((f"  ({messages('ui.state_completed')})"), "dim")
                counts = exercises_of(lesson.id) if exercises_of else None
                if counts is not None:
                    done, total = counts
                    tick = f"{self.glyphs.completed} " if done == total else ""
                    label = messages("exercises.map_count", done=done, total=total)
                    title.append((f"  {tick}{label}"), "green" if done == total else "dim")
                marks = Text.assemble((mark, STATE_STYLES[state]), f" {number:>{digits}}. ")
                options.append(Option(LessonRow(marks, title), id=f"{module.id}/{lesson.id}"))
                if below is not None:
                    options += below(module.id, lesson.id)
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        if current is not None:
            self.highlighted = self.get_option_index(current)
        else:
            first = next(index for index, option in enumerate(options) if not option.disabled)
            self.highlighted = highlighted if highlighted is not None else first


class LessonRow:
    """A lesson's mark and number, then its title, which wraps under itself.

    Drawn cheaply: the course map renders every row several times before its first frame.
    """

    def __init__(self, marks: Text, title: Text) -> None:
        self.marks = marks
        self.title = title

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = self.marks.cell_len
        return Measurement(indent + 1, indent + self.title.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in hanging_lines(self.marks, self.title, options.max_width, console):
            yield from line.render(console)
            yield Segment.line()
