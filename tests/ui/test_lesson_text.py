"""A lesson's prose widget: every Markdown construct in the app's theme, languages, ASCII, links."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.pilot import Pilot

from tests.support.helpers import assert_ascii, screen_text
from tutor.content.ascii import asciify
from tutor.content.model import Localized
from tutor.text.glyphs import glyphs_for
from tutor.widgets.blocks.lesson_text import LessonText, ProsePalette
from tutor.widgets.chrome.language import LocalisedApp

EVERY_CONSTRUCT = """\
### A heading

A paragraph with **bold**, *italic*, `code` and a [link](https://example.org/paper).

- a bullet item long enough to wrap onto a second line, hanging under its first word
  - a nested item
1. first step
2. second step

> A block quote.

| Method | Axes    | Count |
| ------ | ------- | ----: |
| Batch  | N, H, W |    32 |

```python
def normalise(x):
    return (x - x.mean()) / x.std()
```
"""


class TextApp(LocalisedApp):
    """One LessonText, padded as the lesson body pads it."""

    CSS = "VerticalScroll { padding: 0 1; }"

    def __init__(self, text: Localized, lang: str = "en", ascii_only: bool = False) -> None:
        super().__init__(lang, glyphs_for(ascii_only))
        self.text = text
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield ProsePalette()  # as every screen that shows prose holds one
        with VerticalScroll():
            yield LessonText(self.text, self.glyphs)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)


async def test_every_construct_is_shown() -> None:
    app = TextApp(Localized.neutral(EVERY_CONSTRUCT))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "A paragraph with bold, italic, code and a link." in text
        assert "• a bullet item" in text and "  ▪ a nested item" in text and " 1. first step" in text
        assert "▌ A block quote." in text and "│ Batch" in text and "    return (x - x.mean()) / x.std()" in text


async def test_switching_language_shows_the_other_text_and_its_height() -> None:
    text = Localized((("en", "One line."), ("fr", "Une ligne.\n\nPuis une autre.")))
    app = TextApp(text)
    async with app.run_test(size=(80, 10)) as pilot:
        widget = app.query_one(LessonText)
        await pilot.pause()
        assert widget.size.height == 1
        app.lang = "fr"
        await pilot.pause()
        assert widget.size.height == 3
        assert "Une ligne." in screen_text(app) and "Puis une autre." in screen_text(app)
        app.lang = "en"
        await pilot.pause()
        assert widget.size.height == 1 and "One line." in screen_text(app)


async def test_ascii_mode_shows_the_source_without_emphasis_marks() -> None:
    # The tutor spells its course out in ASCII at start-up (asciify_course); the widget shows it.
    app = TextApp(asciify(Localized.neutral("**Batch** norm: μ and σ²\n\n- one item")), ascii_only=True)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Batch norm: mu and sigma^2" in text and "- one item" in text
        assert_ascii(text)


async def test_clicking_a_link_opens_it() -> None:
    app = TextApp(Localized.neutral("[the paper](https://arxiv.org/abs/1502.03167) and more"))
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        await pilot.click(LessonText, offset=(2, 0))
        await pilot.click(LessonText, offset=(14, 0))  # "and more": no link
        assert app.opened == ["https://arxiv.org/abs/1502.03167"]


def test_snapshot_of_every_construct(snap_compare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "A heading" in text and "│ Method" in text and "▌ A block quote." in text

    assert snap_compare(TextApp(Localized.neutral(EVERY_CONSTRUCT)), terminal_size=(80, 30), run_before=run_before)
