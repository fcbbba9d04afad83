"""The one question the tutor asks, the first time: the student's name or id, for the class report.

Offered pre-filled (the login name, on a lab machine the name the instructor knows), kept with
Enter, declined with Escape; either way it is not asked again. Never needed to study.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from textual.widget import Widget
from textual.widgets import Input, Static

from tutor.screens.dialog import Dialog
from tutor.progress.store import STUDENT_LENGTH, student_name
from tutor.widgets.chrome.key_bar import Key, fit_keys
from tutor.widgets.chrome.language import Localised


class StudentKeys(Localised, Widget):
    """The footer while the question is open: its two keys only. The screen below's footer would
    offer keys (l, q, ?…) that here type into the field."""

    DEFAULT_CSS = """
    StudentKeys { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def __init__(self, ascii_only: bool) -> None:
        super().__init__()
        self.ascii_only = ascii_only

    def render(self) -> Text:
        say = self.messages
        keys = [
            Key(say.spell("⏎"), say("student.keys_keep"), say("student.keys_keep"), True, False),
            Key("esc", say("student.keys_skip"), say("student.keys_skip"), True, False),
        ]
        return fit_keys(keys, self.size.width or 80, self.ascii_only)


class StudentScreen(Dialog[str | None]):
    """Asks for the student's name or id; dismissed with the name, or None when declined."""

    CSS_PATH = None  # may show in the first frame: it has its own DEFAULT_CSS

    BINDINGS = [Binding("escape", "decline", "keys.close")]
    DEFAULT_CSS = """
    StudentScreen { align: center middle; }
    StudentScreen > #student {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    StudentScreen #student-name { margin: 1 0 0 0; }
    StudentScreen #student-problem { color: $error; }
    """

    def __init__(self, suggested: str) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        say = self.messages
        with Vertical(id="student"):
            yield Static(Text(say("student.question")), markup=False)
            yield Static(Text(say("student.why"), style="dim"), markup=False)
            yield Input(self.suggested, max_length=STUDENT_LENGTH, id="student-name")
            yield Static(id="student-problem", markup=False)
            yield Static(Text(say("student.keys")), markup=False)
        yield StudentKeys(self.tutor.glyphs.ascii)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#student-name")
    def _given(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.dismiss(None)
            return
        try:
            name = student_name(event.value)
        except ValueError:
            self.query_one("#student-problem", Static).update(Text(self.messages("student.invalid")))
            return
        self.dismiss(name)

    def action_decline(self) -> None:
        self.dismiss(None)
