"""`Dialog`: a modal screen that closes once, however many closing keys were typed ahead."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.widgets import Input, OptionList

from tutor.screens.base import TutorModalScreen

ResultType = TypeVar("ResultType")


class Dialog(TutorModalScreen[ResultType]):
    """A modal screen in the app's language (`TutorModalScreen`) whose `dismiss` acts only while it is the screen shown.

    Enter typed twice (or Enter then Escape) before the first closed it would otherwise hand its
    result over twice and pop the screen below it too: the lesson, or the last screen (a crash).
    """

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_current:
            return AwaitComplete.nothing()
        return super().dismiss(result)


class ListDialog(Dialog[ResultType]):
    """A dialogue with a field above a list (search, glossary): the list follows what is typed, the
    arrows and page keys move in it while the field keeps the focus, Enter or a click chooses
    the option highlighted, and Escape closes it with None."""

    BINDINGS = [
        Binding("escape", "close", "keys.close"),
        Binding("down", "cursor(1)", "keys.next_result", key_display="↓", show=False),
        Binding("up", "cursor(-1)", "keys.previous_result", key_display="↑", show=False),
        Binding("pagedown", "page(1)", "keys.page_down", show=False),
        Binding("pageup", "page(-1)", "keys.page_up", show=False),
    ]

    LIST_ID = ""
    """The id of the list (an `OptionList`)."""
    typed = ""
    """What the field holds when the dialogue opens."""

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.show(self.typed)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, query: str) -> None:
        """Fill the list for what is typed."""
        raise NotImplementedError

    def _list(self) -> OptionList:
        return self.query_one(f"#{self.LIST_ID}", OptionList)

    def action_cursor(self, step: int) -> None:
        options = self._list()
        if options.option_count:
            options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_page(self, step: int) -> None:
        options = self._list()
        if options.option_count:
            options.action_page_down() if step > 0 else options.action_page_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self._list()
        if options.highlighted is not None:
            self.choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id)

    def choose(self, option_id: str | None) -> None:
        """Act on the option chosen (its id)."""
        raise NotImplementedError

    def action_close(self) -> None:
        self.dismiss(None)
