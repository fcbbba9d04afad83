"""The yardstick: a bare Textual app, a Static and a Footer, started like the tutor (`python -m`).

It shows "Hello". Every key but `q` shows another page of text that fills the whole screen
above the footer, so each key press costs one full-screen repaint: the most a screen of this
size can cost, to compare the tutor's bytes with.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.events import Key
from textual.widgets import Footer, Static

WORDS = "the batch norm layer keeps each channel near zero mean and unit variance during training".split()


def page(number: int, width: int, height: int) -> str:
    """Page `number`: a bold title line, then lines of words that differ from every other page's."""
    lines = [f"[b]Page {number}[/b]"]
    for row in range(1, height):
        words = (WORDS[(number + row + i) % len(WORDS)] for i in range(width))
        lines.append(" ".join(words)[:width])
    return "\n".join(lines)


class BareApp(App[None]):
    """Hello, then a new full page on every key."""

    BINDINGS = [("q", "quit", "Quit")]
    pages = 0

    def compose(self) -> ComposeResult:
        yield Static("Hello", id="page")
        yield Footer()

    def on_key(self, event: Key) -> None:
        if event.key != "q":
            self.pages += 1
            self.query_one("#page", Static).update(page(self.pages, self.size.width, self.size.height - 1))


if __name__ == "__main__":
    BareApp().run()
