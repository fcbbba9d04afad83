"""A line that stays on screen while progress cannot be saved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class WarningBar(Static):
    """Shows the app's `progress_warning` (said in its language and character set), marked with '!' so it reads without colour."""

    DEFAULT_CSS = """
    WarningBar { dock: bottom; height: auto; max-height: 2; background: $error; color: $text; padding: 0 1; display: none; }
    WarningBar.-shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "progress_warning", self._show)

    def _show(self, warning: str | None) -> None:
        self.set_class(bool(warning), "-shown")
        if warning:
            self.update(Text(f"! {warning}", no_wrap=False))
