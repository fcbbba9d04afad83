"""`Dialog`: a modal screen that closes once, however many closing keys were typed ahead."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A `ModalScreen` whose `dismiss` acts only while it is the screen shown.

    Enter typed twice (or Enter then Escape) before the first closed it would otherwise hand its
    result over twice and pop the screen below it too: the lesson, or the last screen (a crash).
    """

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_current:
            return AwaitComplete.nothing()
        return super().dismiss(result)
