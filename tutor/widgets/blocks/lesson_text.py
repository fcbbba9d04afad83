"""A lesson's Markdown prose, drawn by one widget in the looks of Textual's Markdown widget."""

from __future__ import annotations

import re

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.style import Style as VisualStyle
from textual.widget import Widget

from tutor.content import model as m
from tutor.content.markdown import tree
from tutor.text.glyphs import Glyphs
from tutor.widgets.blocks.drawn import DrawnOnce
from tutor.widgets.blocks.prose import PARTS, prose
from tutor.widgets.chrome.language import Localised

_EMPHASIS = re.compile(r"\*\*|__")
_HEADING_MARKS = re.compile(r"^#{1,6}[ \t]+")
_SPACES = re.compile(r"\s+")  # no-break spaces too: a text is found however it is spaced
_PART_STYLES: dict[tuple[str, VisualStyle], dict[str, Style]] = {}
"""The parts' styles by theme and widget style: the same for every text block of a lesson."""


class ProsePalette(Widget):
    """The style of each part of lesson prose under the app's theme, for the `LessonText`s of its screen.

    Never shown: a screen that shows lesson prose holds one. The parts are its component classes,
    not those of every `LessonText`: Textual resolves a widget's component classes each time it
    styles it, and sixteen for every text block took a sixth of the time to show a lesson.
    """

    COMPONENT_CLASSES = {f"lesson-text--{part}" for part in PARTS}

    DEFAULT_CSS = """
    ProsePalette {
        display: none;
        & > .lesson-text--h1 {
            color: $markdown-h1-color; background: $markdown-h1-background; text-style: $markdown-h1-text-style;
        }
        & > .lesson-text--h2 {
            color: $markdown-h2-color; background: $markdown-h2-background; text-style: $markdown-h2-text-style;
        }
        & > .lesson-text--h3 {
            color: $markdown-h3-color; background: $markdown-h3-background; text-style: $markdown-h3-text-style;
        }
        & > .lesson-text--h4 {
            color: $markdown-h4-color; background: $markdown-h4-background; text-style: $markdown-h4-text-style;
        }
        & > .lesson-text--h5 {
            color: $markdown-h5-color; background: $markdown-h5-background; text-style: $markdown-h5-text-style;
        }
        & > .lesson-text--h6 {
            color: $markdown-h6-color; background: $markdown-h6-background; text-style: $markdown-h6-text-style;
        }
        & > .lesson-text--code { background: $warning 10%; color: $text-warning 95%; }
        & > .lesson-text--link { text-style: underline; }
        & > .lesson-text--bullet { color: $text-primary; }
        & > .lesson-text--quote { background: $boost; }
        & > .lesson-text--quote-bar { color: $text-primary 50%; }
        & > .lesson-text--fence { color: rgb(210,210,210); background: black 10%; }
        & > .lesson-text--rule { color: $secondary; }
        & > .lesson-text--table-header { color: $primary; }
        & > .lesson-text--table-lines { color: $foreground 20%; }
        &:light {
            & > .lesson-text--code { background: $error 5%; color: $text-error 95%; }
            & > .lesson-text--bullet, & > .lesson-text--quote-bar { color: $text-secondary; }
            & > .lesson-text--fence { background: white 30%; }
        }
    }
    """

    def prose_part_styles(self) -> dict[str, VisualStyle]:
        """The style of each part of the prose, to lay over a text's own style."""
        return {part: self.get_visual_style(f"lesson-text--{part}", partial=True) for part in PARTS}


class LessonText(Localised, Widget):
    """Markdown prose as one renderable; in ASCII mode, the Markdown source itself (the course is ASCII then).

    One widget, where Textual's Markdown mounts one per paragraph, list item and table cell:
    a lesson appears in half the time. Each part of the prose has the style Textual's Markdown
    gives it under the app's theme, taken from the screen's `ProsePalette`.
    """

    DEFAULT_CSS = """
    LessonText { height: auto; margin: 0 0 1 0; }
    """

    def __init__(self, text: m.Localized, glyphs: Glyphs, parsed: tuple[tuple[str, str], ...] = (), **kwargs) -> None:
        """Args:
        text: The Markdown shown.
        glyphs: The characters to draw with.
        parsed: `text` parsed at load, per language (`m.TextBlock.parsed`); empty: parsed here.
        """
        super().__init__(**kwargs)
        self.text = text
        self.glyphs = glyphs
        self.parsed = parsed
        self._drawn: tuple[str, DrawnOnce] | None = None
        """The renderable last built and its language: layout and painting both ask for it."""

    def notify_style_update(self) -> None:
        self._drawn = None
        super().notify_style_update()

    def render(self) -> RenderableType:
        lang = self.lang
        if self._drawn is None or self._drawn[0] != lang:
            drawn = self._plain() if self.glyphs.ascii else prose(tree(self.text, self.parsed, lang), self._styles())
            self._drawn = (lang, DrawnOnce(drawn))
        return self._drawn[1]

    def row_of(self, text: str, occurrence: int = 0) -> int | None:
        """The row of this text, as drawn now, that shows `text` (a heading's words), or None; with
        `occurrence`, the row of its later appearance (0: the first).

        A line matches when it is `text`, or its start when `text` wraps; a heading's `#` marks
        (shown in ASCII mode) are not part of it. Spaces of any kind count as one.
        """
        wanted = _words(self.messages.spell(text))  # a place's text may come from elsewhere than the course
        width = self.content_size.width or self.size.width
        if not wanted or width <= 0:
            return None
        options = self.app.console.options.update_width(width)
        lines = self.app.console.render_lines(self.render(), options, pad=False)
        found = 0
        for row, line in enumerate(lines):
            shown = _words(_HEADING_MARKS.sub("", "".join(segment.text for segment in line).strip()))
            if shown and (shown == wanted or (wanted.startswith(shown + " ") and len(shown) >= len(wanted) // 3)):
                if found == occurrence:
                    return row
                found += 1
        return None

    def action_link(self, href: str) -> None:
        """Open a link of the text (clicked) in the browser."""
        self.app.open_url(href)

    def _styles(self) -> dict[str, Style]:
        base = self.get_visual_style()
        key = (self.app.theme, base)
        if key not in _PART_STYLES:
            palettes = self.screen.query_children(ProsePalette)
            if not palettes:
                return dict.fromkeys(PARTS, base.rich_style)  # not expected: plain text, then
            # Each part laid over the widget's style as Textual lays a component class over its text.
            parts = palettes.first().prose_part_styles()
            _PART_STYLES[key] = {part: (base + style).rich_style for part, style in parts.items()}
        return _PART_STYLES[key]

    def _plain(self) -> Text:
        return Text(_EMPHASIS.sub("", self.text.get(self.lang).rstrip()))


def _words(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
