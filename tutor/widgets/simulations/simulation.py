"""The base of every interactive simulation a lesson names in a `widget:` block."""

from __future__ import annotations

from typing import Any
from collections.abc import Hashable, Mapping

from rich.text import Text
from textual.geometry import Size
from textual.message import Message

from tutor.content.model import ParamValue
from tutor.content.simulations import spec_of
from tutor.text.glyphs import Glyphs
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.chrome.language import Localised


class Simulation(Localised, Contained, can_focus=True):
    """An interactive simulation: numbers come from `tutor.sim`, keys come from BINDINGS.

    Subclasses read their YAML parameters from `self.params`: validated by the loader and
    completed with the defaults declared in `content/simulations.py` (`self.given`: only those
    the lesson gives), draw with `self.glyphs` (Unicode or ASCII), and take their words from
    `self.messages` (in the app's language, see `Localised`). They redraw their labels in
    `language_changed`. Failures are contained (see
    `Contained`); a background worker must be started with `exit_on_error=False`.
    """

    DEFAULT_CSS = """
    Simulation { height: auto; }
    """

    def __init__(
        self,
        params: Mapping[str, ParamValue] | None = None,
        *,
        glyphs: Glyphs,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.given: dict[str, Any] = dict(params or {})
        spec = spec_of(type(self))
        self.params: dict[str, Any] = spec.complete(self.given) if spec else self.given
        self.glyphs = glyphs

    class Drawn(Message):
        """A simulation has its first whole drawing at its width: it will not grow by itself any more."""

        def __init__(self, simulation: Simulation) -> None:
            super().__init__()
            self.simulation = simulation

    _told_drawn = False

    def is_drawn(self) -> bool:
        """Whether the simulation has its first whole drawing at its width (its size no longer depends
        on a computation or a first layout). A lesson is whole only once all its simulations are."""
        return True

    def tell_drawn(self) -> None:
        """Post `Drawn` once, when `is_drawn()` first becomes true (simulations drawn later call it)."""
        if not self._told_drawn and self.is_drawn():
            self._told_drawn = True
            self.post_message(self.Drawn(self))


class TextSimulation(Simulation):
    """A simulation drawn as whole lines of text, rebuilt only when what they show changes.

    Subclasses compute their numbers when their state changes (never in `render`) and implement
    `lines(width)`: every line at most `width` cells (sentences wrapped with `words.wrap`, keys
    with `words.key_lines`), so that no grid or table row is ever wrapped by Textual. The text is
    kept for the last (`drawn_key()`, width, language) and reused by every repaint.
    """

    _drawn: tuple[object, Text] | None = None
    _tallest: dict[int, int] | None = None
    """The most lines drawn so far at each width."""

    def drawn_key(self) -> Hashable:
        """What the lines depend on besides the width and the language (the state, the result)."""
        raise NotImplementedError

    def lines(self, width: int) -> list[Text]:
        """Every line of the simulation, each at most `width` cells wide."""
        raise NotImplementedError

    def text(self, width: int) -> Text:
        """The lines for `width`, joined; rebuilt only when the width, language or `drawn_key()` change."""
        width = max(width, 1)
        key = (self.drawn_key(), width, self.lang)
        if self._drawn is None or self._drawn[0] != key:
            lines = self.lines(width)
            # Never shorter than before at this width: a simulation that shrank when its sentences got
            # shorter would move the rest of the lesson at every key, and cost the lesson a second layout.
            self._tallest = self._tallest or {}
            tallest = self._tallest[width] = max(self._tallest.get(width, 0), len(lines))
            lines += [Text()] * (tallest - len(lines))
            self._drawn = (key, Text("\n").join(lines))
        return self._drawn[1]

    def render(self) -> Text:
        return self.text(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.text(width).split("\n", allow_blank=True))

    def language_changed(self) -> None:
        self._tallest = None  # another language, other sentences
        self.refresh(layout=True)
