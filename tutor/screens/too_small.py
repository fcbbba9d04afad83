"""Shown instead of a broken layout when the terminal is smaller than the tutor can use."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tutor.screens.base import TutorModalScreen

MIN_WIDTH = 60
MIN_HEIGHT = 20


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(TutorModalScreen[None]):
    """Asks for a larger terminal; the app removes it as soon as the terminal is large enough."""

    CSS_PATH = None  # may show in the first frame: its layout is the app's (tutor.tcss)

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text", markup=False)

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def language_changed(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        text = self.messages("ui.too_small", min_width=MIN_WIDTH, min_height=MIN_HEIGHT, width=width, height=height)
        self.query_one(Static).update(Text(text, justify="center"))
