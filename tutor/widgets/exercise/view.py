"""An exercise at the end of its lesson: the statement, its status, what the last check said, hints.

The view only shows and asks: its keys (when it has the focus) post `Edit`, `Check` and `Hint`,
and the screen that owns it opens the student's file in $EDITOR, runs the check in a worker, and
records what happened, then calls `show_result`, `show_hint` or `set_status`. The view never
reads the student's file nor runs anything.
"""

from __future__ import annotations

import re
from contextlib import suppress

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.dom import NoScreen
from textual.message import Message
from textual.reactive import reactive

from tutor.content.model import Exercise
from tutor.text.nobreak import NoBreakText
from tutor.widgets.blocks.inline import inline_text
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.chrome.language import Localised

STATUS_STYLES = {
    "passed": "bold green",
    "failed": "bold red",
    "changed": "bold yellow",
    "new": "dim",
    "checking": "italic",
}
MARKS = {"passed": "✓", "failed": "✗", "changed": "~", "new": "·", "checking": "…"}


class ExerciseView(Localised, Contained, can_focus=True):
    """One exercise: its title and level, statement, file, status, last feedback and the hints read."""

    DEFAULT_CSS = """
    ExerciseView { height: auto; padding: 1 2; border: round $accent; margin: 1 0; }
    ExerciseView:focus { border: round $primary; }
    """

    BINDINGS = [
        Binding("e", "edit", "exercises.keys_edit"),
        Binding("c", "check", "exercises.keys_check"),
        Binding("h", "hint", "exercises.keys_hint"),
    ]

    status = reactive("new")
    """"new", "changed", "failed", "passed", or "checking" while a check runs."""

    class Edit(Message):
        """The student asks to open their file in their editor."""

        def __init__(self, exercise: Exercise) -> None:
            super().__init__()
            self.exercise = exercise

    class Check(Message):
        """The student asks for a check of their file."""

        def __init__(self, exercise: Exercise) -> None:
            super().__init__()
            self.exercise = exercise

    class Hint(Message):
        """The student asks for the next hint."""

        def __init__(self, exercise: Exercise) -> None:
            super().__init__()
            self.exercise = exercise

    def __init__(self, exercise: Exercise, path: str, *, status: str = "new", hints: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.exercise = exercise
        self.path = path
        self.feedback: list[str] = []
        self.hints = hints
        self.set_reactive(ExerciseView.status, status)

    def on_mount(self) -> None:
        self.screen.refresh_bindings()  # the screen's exercise keys apply now: the key bar shows them

    def on_unmount(self) -> None:
        with suppress(NoScreen):
            self.screen.refresh_bindings()

    def action_edit(self) -> None:
        self.post_message(self.Edit(self.exercise))

    def action_check(self) -> None:
        if self.status != "checking":
            self.status = "checking"
            self.post_message(self.Check(self.exercise))

    def action_hint(self) -> None:
        self.post_message(self.Hint(self.exercise))

    def show_result(self, status: str, lines: list[str]) -> None:
        """What a check found: the status it leaves and the feedback's lines."""
        self.feedback = list(lines)
        self.status = status
        self.refresh(layout=True)

    def show_hint(self, level: int) -> None:
        """Show the hints up to `level` (from 1)."""
        self.hints = max(self.hints, min(level, len(self.exercise.hints)))
        self.refresh(layout=True)

    def set_status(self, status: str) -> None:
        self.status = status

    def render(self) -> Group:
        # The exercise is as the course wrote it (also in the student's file): spelled out here under --ascii.
        say, lang = self.messages, self.lang
        exercise = self.exercise
        title = NoBreakText(say.spell(exercise.title.get(lang)), style="bold")
        title.append(f"  ({say(f'exercises.level_{exercise.level}')})", style="dim")
        status = NoBreakText(f"{say.spell(MARKS[self.status])} ", style=STATUS_STYLES[self.status])
        status.append(say(f"exercises.status_{self.status}"), style=STATUS_STYLES[self.status])
        parts = [
            Text(say("exercises.view_heading"), style="bold reverse"),
            title,
            Text(""),
            *(
                inline_text(say.spell(_joined(paragraph)), say.ascii)
                for paragraph in exercise.statement.get(lang).strip().split("\n\n")
            ),
            Text(""),
            NoBreakText(say("exercises.file", path=self.path), style="dim"),
            status,
            NoBreakText(say("exercises.view_keys"), style="dim"),
        ]
        if self.feedback:
            parts.append(Text(""))
            parts.extend(
                Text(say.spell(line), no_wrap=True) if line.startswith(" ") else NoBreakText(say.spell(line))
                for line in self.feedback
            )
        for level in range(1, self.hints + 1):
            parts.append(Text(""))
            hint = say(
                "exercises.hint", level=level, total=len(exercise.hints), text=exercise.hints[level - 1].get(lang)
            )
            parts.append(inline_text(hint, say.ascii, "italic"))
        return Group(*parts)


def _joined(paragraph: str) -> str:
    """A paragraph of the YAML on one line: its ordinary line breaks and spaces become one space (its
    no-break spaces stay: French typography, formulas)."""
    return re.sub(r"[ \t\r\n]+", " ", paragraph).strip()
