"""Shown instead of a broken layout when the terminal is smaller than the tutor can use."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.text.asciify import to_ascii
from tutor.text.i18n import Messages

MIN_WIDTH = 60
MIN_HEIGHT = 20


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """Asks for a larger terminal; the app removes it as soon as the terminal is large enough."""

    def __init__(self, lang: str, ascii_only: bool) -> None:
        super().__init__()
        self.lang = lang
        self.ascii_only = ascii_only

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text", markup=False)

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        text = Messages(self.lang)("ui.too_small", min_width=MIN_WIDTH, min_height=MIN_HEIGHT, width=width, height=height)
        self.query_one(Static).update(Text(to_ascii(text) if self.ascii_only else text, justify="center"))
