"""The lesson's page: it moves once for every key, typed ahead or not."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.containers import VerticalScroll


class LessonBody(VerticalScroll):
    """The scrolling page of a lesson, where `down`, `up`, `pagedown` and `pageup` move it at once.

    Textual scrolls after the next refresh, from where the page is: the keys that arrive within
    one frame (a burst over SSH, keys typed while the lesson was being drawn) all moved it from
    the same place, so ten `down` moved it one line and two `pagedown` one page. The lesson screen
    runs a key only once the lesson is whole (`LessonScreen.until_ready`): the page it moves is
    laid out, and moving it at once is safe.
    """

    def move(self, rows: int) -> None:
        """Move the page `rows` down (up if negative), now: the next key starts from there."""
        self.scroll_to(y=self.scroll_y + rows, animate=False, immediate=True)

    def move_pages(self, pages: int) -> None:
        self.move(pages * self._page)

    @property
    def _page(self) -> int:
        return self.scrollable_content_region.height

    def _key_moves(self, rows: int) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()  # the key is for the screen's next binding, as in Textual
        self.move(rows)

    def action_scroll_down(self) -> None:
        self._key_moves(1)

    def action_scroll_up(self) -> None:
        self._key_moves(-1)

    def action_page_down(self) -> None:
        self._key_moves(self._page)

    def action_page_up(self) -> None:
        self._key_moves(-self._page)
