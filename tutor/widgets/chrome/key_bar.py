"""The footer: the keys that work right now, described in the student's language."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tutor.text.asciify import to_ascii
from tutor.text.i18n import Messages


class KeyBar(Widget):
    """One line of `key description` pairs for the active bindings that are shown.

    A binding's description is a message key (`keys.next`, `dropout.keys_reset`), translated
    when drawn, so the footer follows a live language switch.
    """

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    lang = reactive("en")
    """The language of the descriptions."""

    def __init__(self, lang: str, ascii_only: bool = False) -> None:
        super().__init__()
        self.ascii_only = ascii_only
        self.set_reactive(KeyBar.lang, lang)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def render(self) -> Text:
        messages = Messages(self.lang)
        text = Text(no_wrap=True, overflow="crop" if self.ascii_only else "ellipsis")
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            label = messages.describe(binding.description)
            display = binding.key_display or self.app.get_key_display(binding)
            if self.ascii_only:
                display, label = to_ascii(display), to_ascii(label)
            text.append(f" {display} ", "reverse bold")
            text.append(f" {label} ")
        return text
