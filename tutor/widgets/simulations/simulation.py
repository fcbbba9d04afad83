"""The base of every interactive simulation a lesson names in a `widget:` block."""

from __future__ import annotations

from collections.abc import Mapping

from textual.reactive import reactive

from tutor.content.model import ParamValue
from tutor.text.glyphs import Glyphs
from tutor.text.i18n import Messages
from tutor.widgets.chrome.containment import Contained


class Simulation(Contained, can_focus=True):
    """An interactive simulation: numbers come from `tutor.sim`, keys come from BINDINGS.

    Subclasses read their YAML parameters from `self.params` (already validated against the
    registry), draw with `self.glyphs` (Unicode or ASCII), and take their words from
    `self.messages`. They redraw their labels in `watch_lang`. Failures are contained (see
    `Contained`); a background worker must be started with `exit_on_error=False`.
    """

    DEFAULT_CSS = """
    Simulation { height: auto; }
    """

    lang = reactive("en")
    """The language of the simulation's labels."""

    def __init__(
        self,
        params: Mapping[str, ParamValue] | None = None,
        *,
        glyphs: Glyphs,
        lang: str = "en",
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.params = dict(params or {})
        self.glyphs = glyphs
        self.set_reactive(Simulation.lang, lang)

    @property
    def messages(self) -> Messages:
        return Messages(self.lang)
