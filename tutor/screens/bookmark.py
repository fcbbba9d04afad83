"""The `b` dialogue: a one-line note for the bookmark made at the top of the lesson's screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from textual.widgets import Input, Static

from tutor.screens.dialog import Dialog
from tutor.progress.store import MAX_NOTE


class BookmarkScreen(Dialog[str | None]):
    """Asks for the note of a bookmark (the note already there, for one at the same place).

    Dismissed with the note (possibly empty) on Enter, with None on Escape.
    """

    BINDINGS = [Binding("escape", "cancel", "keys.cancel")]

    def __init__(self, note: str | None = None) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        messages = self.messages
        title = messages("find.bookmark_edit_title" if self.note is not None else "find.bookmark_title")
        with Vertical(id="bookmark-dialog") as dialog:
            dialog.border_title = Text(title)
            yield Input(
                self.note or "",
                placeholder=messages("find.bookmark_placeholder"),
                max_length=MAX_NOTE,
                id="bookmark-note",
            )
            yield Static(Text(messages("find.bookmark_prompt")), classes="dialog-help", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
