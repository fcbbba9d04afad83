"""The `?` screen: every key that works where the student was, and how the tutor is used."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tutor.screens.dialog import Dialog
from tutor.text.i18n import Messages, is_message_key


class HelpScreen(Dialog[None]):
    """Keys of the screen below (including its focused widget's), then general guidance."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "keys.close")]

    def __init__(self, beneath: Screen) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        messages = self.messages
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = Text(messages("ui.help_title"))
            yield Static(self._keys(messages), markup=False)
            yield Static(Text(messages("ui.help_text")), markup=False)

    def language_changed(self) -> None:
        self.refresh(recompose=True)

    def _keys(self, messages: Messages) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        shown: set[tuple[str, str]] = set()
        for active in self.beneath.active_bindings.values():
            binding = active.binding
            if not is_message_key(binding.description) or (binding.action, binding.key) in shown:
                continue
            shown.add((binding.action, binding.key))
            display = messages.spell(binding.key_display) if binding.key_display else self.app.get_key_display(binding)
            table.add_row(display, messages(binding.description))
        rows = [("ctrl+p", "keys.palette"), ("tab", "keys.focus")]
        if self.beneath.query("#body"):  # lessons scroll; the course map's arrows are its own keys above
            rows.append(("↑ ↓", "keys.scroll"))
        for key, description in rows:
            table.add_row(messages.spell(key), messages(description))
        return table
