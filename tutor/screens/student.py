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
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from tutor.progress.store import STUDENT_LENGTH, student_name
from tutor.text.asciify import to_ascii
from tutor.text.i18n import Messages
from tutor.widgets.chrome.key_bar import Key, fit_keys


class StudentKeys(Widget):
    """The footer while the question is open: its two keys only. The screen below's footer would
    offer keys (l, q, ?…) that here type into the field."""

    DEFAULT_CSS = """
    StudentKeys { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def __init__(self, lang: str, ascii_only: bool) -> None:
        super().__init__()
        self.lang = lang
        self.ascii_only = ascii_only

    def render(self) -> Text:
        say = Messages(self.lang)
        keys = [Key("⏎", say("student.keys_keep"), say("student.keys_keep"), True, False),
                Key("esc", say("student.keys_skip"), say("student.keys_skip"), True, False)]
        if self.ascii_only:
            keys = [Key(*(to_ascii(part) if isinstance(part, str) else part for part in key)) for key in keys]
        return fit_keys(keys, self.size.width or 80, self.ascii_only)


class StudentScreen(ModalScreen[str | None]):
    """Asks for the student's name or id; dismissed with the name, or None when declined."""

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

    def __init__(self, suggested: str, lang: str, ascii_only: bool) -> None:
        super().__init__()
        self.suggested = suggested
        self.lang = lang
        self.ascii_only = ascii_only

    def compose(self) -> ComposeResult:
        say = Messages(self.lang)
        with Vertical(id="student"):
            yield Static(Text(self._t(say("student.question"))), markup=False)
            yield Static(Text(self._t(say("student.why")), style="dim"), markup=False)
            yield Input(self.suggested, max_length=STUDENT_LENGTH, id="student-name")
            yield Static(id="student-problem", markup=False)
            yield Static(Text(self._t(say("student.keys"))), markup=False)
        yield StudentKeys(self.lang, self.ascii_only)

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
            self.query_one("#student-problem", Static).update(Text(self._t(Messages(self.lang)("student.invalid"))))
            return
        self.dismiss(name)

    def action_decline(self) -> None:
        self.dismiss(None)

    def _t(self, text: str) -> str:
        return to_ascii(text) if self.ascii_only else text
