"""Crash containment: a widget that fails is replaced by an error panel; the app goes on.

`Contained` wraps a widget class's handlers (`on_*`, `action_*`, `watch_*`, `compose`,
`render`, `render_line`, `get_content_height`, `language_changed`) so that an exception is logged to the error
log and reported with a `Contained.Crashed` message instead of reaching Textual, which would
end the whole app. The screen answers the message by swapping the widget for an `ErrorPanel`.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any
from collections.abc import Callable

from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import WorkerState

from tutor.text.i18n import Messages

_GUARDED_PREFIXES = ("on_", "action_", "watch_")
_GUARDED_NAMES = {"compose", "render", "render_line", "render_lines", "get_content_height", "language_changed"}


def _fallback(name: str, widget: Widget) -> Any:
    if name == "render_line":
        return Strip.blank(widget.size.width)
    if name == "render_lines":
        return [Strip.blank(widget.size.width)] * widget.size.height
    if name == "render":
        return ""
    if name == "compose":
        return iter(())
    if name == "get_content_height":
        return 0
    return None


def _guard(name: str, method: Callable) -> Callable:
    if inspect.isgeneratorfunction(method):  # compose(): the error comes while it is iterated

        @functools.wraps(method)
        def guarded_generator(self: Contained, *args: Any, **kwargs: Any) -> Any:
            try:
                yield from method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 — contained and logged
                self.crash(error)

        return guarded_generator

    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def guarded_async(self: Contained, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 — contained and logged
                self.crash(error)
                return _fallback(name, self)

        return guarded_async

    @functools.wraps(method)
    def guarded(self: Contained, *args: Any, **kwargs: Any) -> Any:
        if self._crashed and (name.startswith("render") or name == "get_content_height"):
            return _fallback(name, self)
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 — contained and logged
            self.crash(error)
            return _fallback(name, self)

    return guarded


class Contained(Widget):
    """A widget whose failures stay inside it. Workers must use `exit_on_error=False`."""

    _crashed = False

    class Crashed(Message):
        """A contained widget failed; the screen replaces it with an error panel."""

        def __init__(self, widget: Widget, error: BaseException, log: str) -> None:
            super().__init__()
            self.widget = widget
            self.error = error
            self.log = log

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if inspect.isfunction(value) and (name in _GUARDED_NAMES or name.startswith(_GUARDED_PREFIXES)):
                setattr(cls, name, _guard(name, value))

    @property
    def display_name(self) -> str:
        """How the error panel names this widget."""
        return self.name or type(self).__name__

    def crash(self, error: BaseException) -> None:
        """Log `error` and ask the screen to replace this widget (once)."""
        if self._crashed:
            return
        self._crashed = True
        from tutor.system.errorlog import log_exception

        where = log_exception(error, context=f"in widget {type(self).__name__}")
        self.post_message(self.Crashed(self, error, where))

    def on_worker_state_changed(self, event: Any) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.crash(event.worker.error)


class ErrorPanel(Static):
    """Shown in place of a widget that failed; says what happened and where the details are."""

    DEFAULT_CSS = """
    ErrorPanel { height: auto; border: heavy $error; padding: 0 1; margin: 1 0; }
    """

    def __init__(self, widget_name: str, error: BaseException, log: str, messages: Messages) -> None:
        text = messages("ui.widget_crashed", widget=widget_name, error=type(error).__name__, log=log)
        super().__init__(Text(text), markup=False)
        self.border_title = messages("ui.widget_crashed_title")
