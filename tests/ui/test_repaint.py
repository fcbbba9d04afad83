"""A scroll is drawn even when a hidden widget changed in the same frame (Textual's lazy full map)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static

from tests.support.shown import Shown
from tutor.screens.repaint import Repainting


class Page(Screen):
    BINDINGS = [Binding("space", "page_and_relabel")]

    def compose(self) -> ComposeResult:
        yield OptionList("a", "b", id="hidden")
        with VerticalScroll(id="body"):
            for number in range(60):
                yield Static(f"line {number}")
        yield Static("header", id="header")

    def on_mount(self) -> None:
        self.query_one("#hidden").display = False
        body = self.query_one("#body")
        body.focus()
        self.watch(body, "scroll_y", self._scrolled, init=False)

    def action_page_and_relabel(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_page_down(animate=False)

    def _scrolled(self, scroll_y: float) -> None:
        # As the lesson screen did at a lesson's end: once scrolled to the end, before that
        # scroll is drawn, relabel a list that is not shown (it asks where it is, which rebuilds
        # Textual's full map at the new scroll) and a header (which asks for a layout).
        if scroll_y < self.query_one("#body").max_scroll_y:
            return
        self.query_one("#hidden", OptionList).clear_options().add_options(["c", "d"])
        self.query_one("#header", Static).update("header, relabelled")


class RepaintingPage(Repainting, Page):
    pass


class PageApp(App[None]):
    CSS = "#body { height: 1fr; } #header { dock: top; }"

    def __init__(self, screen_class: type[Screen]) -> None:
        super().__init__()
        self.screen_class = screen_class

    def get_default_screen(self) -> Screen:
        return self.screen_class()


@pytest.mark.parametrize(
    "screen_class",
    [RepaintingPage, pytest.param(Page, marks=pytest.mark.xfail(strict=True, reason="Textual's own compositor"))],
)
async def test_a_page_scrolled_with_a_hidden_widget_relabelled_is_drawn(screen_class) -> None:
    app = PageApp(screen_class)
    async with app.run_test(size=(40, 12)) as pilot:
        shown = Shown(app)
        await pilot.pause()
        body = app.screen.query_one("#body")
        while body.scroll_y < body.max_scroll_y:
            await pilot.press("space")
            await pilot.pause()
        assert shown.text().splitlines()[1].strip() == f"line {int(body.scroll_y)}"
        assert shown.text().splitlines()[-1].strip() == "line 59"
