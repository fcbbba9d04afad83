"""A minimal app that shows one simulation widget, for Pilot and snapshot tests of widgets."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from tutor.text.glyphs import glyphs_for
from tutor.content.simulations import widget_class
from tutor.widgets.chrome.key_bar import KeyBar


class SimulationApp(App[None]):
    """Shows the widget registered as `name` with `params`, focused, above a key bar."""

    CSS = "VerticalScroll { padding: 0 1; }"

    def __init__(self, name: str, params: Mapping | None = None, lang: str = "en", ascii_only: bool = False) -> None:
        super().__init__()
        self.widget_name = name
        self.params = dict(params or {})
        self.lang = lang
        self.glyphs = glyphs_for(ascii_only)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield widget_class(self.widget_name)(self.params, glyphs=self.glyphs, lang=self.lang, id="simulation")
        yield KeyBar(self.lang, self.glyphs.ascii)

    def on_mount(self) -> None:
        self.query_one("#simulation").focus()

    @property
    def simulation(self):
        return self.query_one("#simulation")

    def switch_language(self, lang: str) -> None:
        """Show the widget and the key bar in `lang`, as the tutor's language key does."""
        self.simulation.lang = self.query_one(KeyBar).lang = lang
