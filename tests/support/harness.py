"""A minimal app that shows one simulation widget, for Pilot and snapshot tests of widgets.

The widget sits where a lesson puts it: in a scrolling body with a scrollbar always there, inside
a bordered frame with its caption, so a terminal of 60 or 80 columns gives it the width the tutor
gives it (52 or 72 columns).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from tutor.content.simulations import widget_class
from tutor.text.glyphs import glyphs_for
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.chrome.language import LocalisedApp

CONTENT_WIDTH = {60: 52, 80: 72}
"""The simulation's width in a lesson, by terminal width: body padding, scrollbar, frame border and padding."""


class SimulationApp(LocalisedApp):
    """Shows the widget registered as `name` with `params`, focused (unless not `focused`), in a lesson's
    frame, above a key bar."""

    CSS = """
    #body { height: 1fr; padding: 0 1; overflow-y: scroll; }
    #frame { height: auto; border: round $primary; padding: 0 1; margin: 1 0; }
    #frame > .caption { color: $text-muted; }
    #frame.-ascii { border: ascii $primary; }
    """

    def __init__(
        self,
        name: str,
        params: Mapping | None = None,
        lang: str = "en",
        ascii_only: bool = False,
        caption: str = "",
        focused: bool = True,
    ) -> None:
        super().__init__(lang, glyphs_for(ascii_only))
        self.widget_name = name
        self.params = dict(params or {})
        self.caption = caption
        self.focus_simulation = focused

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="body"), Vertical(id="frame", classes="-ascii" if self.glyphs.ascii else ""):
            if self.caption:
                yield Static(self.caption, classes="caption")
            yield widget_class(self.widget_name)(self.params, glyphs=self.glyphs, id="simulation")
        yield KeyBar(self.glyphs.ascii)

    def on_mount(self) -> None:
        if self.focus_simulation:
            self.query_one("#simulation").focus()

    def get_line_filters(self):
        """In ASCII mode, the tutor's filter: the scrollbar's blocks become ASCII, as in a lesson."""
        filters = super().get_line_filters()
        if not self.glyphs.ascii:
            return filters
        from tutor.text.ascii_filter import AsciiFilter

        self._ascii_filter = getattr(self, "_ascii_filter", None) or AsciiFilter()
        return [*filters, self._ascii_filter]

    @property
    def simulation(self):
        return self.query_one("#simulation")

    def switch_language(self, lang: str) -> None:
        """Show the widget and the key bar in `lang`, as the tutor's language key does."""
        self.lang = lang


def drawn_texts(widget: Widget) -> Iterator[tuple[Widget, Text]]:
    """The text each part of a simulation draws (itself, then its Static children), chart excepted."""
    for part in [widget, *widget.query("*")]:
        if type(part).__name__ in ("Chart", "Horizontal", "Vertical") or not part.display:
            continue
        rendered = part.render()
        if isinstance(rendered, Text):
            yield part, rendered
        elif isinstance(rendered, str):
            yield part, Text(rendered)
        elif hasattr(rendered, "plain"):  # Textual's Content
            yield part, Text(rendered.plain)


def overflowing_lines(widget: Widget) -> list[str]:
    """The lines of a simulation wider than the part that draws them: each would wrap or be cut.

    Sentences are wrapped by the simulations themselves (`words.wrap`); a part of class `prose`
    is drawn by Textual, which wraps its sentences at spaces, and is left out.
    """
    found = []
    for part, text in drawn_texts(widget):
        if part.has_class("prose"):
            continue
        width = part.content_size.width
        found += [f"{type(part).__name__}: {line!r}" for line in text.plain.split("\n") if cell_len(line) > width]
    return found


def frame_lines(text: str) -> list[str]:
    """The screen's lines with the frame's border and the spaces around them taken off."""
    return [
        line.strip().strip("│|").strip() if line.strip()[:1] in "│|" else line.strip() for line in text.splitlines()
    ]


def flat(text: str) -> str:
    """The screen inside the frame, every run of spaces made one: column alignment does not matter."""
    return "\n".join(" ".join(line.split()) for line in frame_lines(text))


def said(text: str) -> str:
    """The screen inside the frame as one line of words: sentences wrap at the frame's width."""
    return " ".join(flat(text).split())
