"""Every private member of Textual the tutor still uses, in one place, each with a test.

Textual's public API has no way to do these few things. Each is named here with what it is for,
and `tests/unit/test_textual_compat.py` checks each against the installed Textual, so a Textual
release that renames or reshapes one fails that test rather than the tutor at run time.

Used through this module:
- `textual._xterm_parser.XTermParser`: the parser of terminal input, run by the tutor's own
  input loop (`tutor.terminal.input`), which decodes bytes leniently and survives its errors.
- `Driver._app`: the app a driver draws, for the terminal's size when a frame is compressed.
- `Driver._mouse`: whether the app runs with the mouse (`run(mouse=False)`, `--no-mouse`).
- `App._driver`: the running app's driver, for mouse motion once used and for `ctrl+l`.

- `App._exit_renderables`: what Textual prints after the app ends (a traceback), cleared by
  `tutor.app.app` once the error is logged (`clear_exit_renderables`).

Overridden by name (the override is the use; the test checks the name still exists):
- `LinuxDriver._enable_mouse_support` (in `tutor.terminal.driver`): asks for clicks and the
  wheel only, not every mouse movement.
- `LinuxDriver.run_input_thread` (public name, called by the private `_run_input_thread`): replaced by
  `tutor.terminal.input.InputReader`.
- `App._handle_exception` (in `tutor.app.app`): an internal error logged, with one line printed
  instead of a traceback.

Used elsewhere, directly, and tested here all the same:
- `Widget._bindings.key_to_bindings` (`tutor.widgets.quiz.question`): the `1` binding shown as
  "1-4" for every number key.
- `Screen._compositor.render_strips()` and `App._notifications` (`tests/support/helpers.py`): the
  text on screen and the notifications shown, read by the Pilot tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual._xterm_parser import XTermParser

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver

__all__ = ["XTermParser", "app_size", "clear_exit_renderables", "driver_of", "mouse_enabled", "new_parser"]

OVERRIDDEN = {
    "textual.drivers.linux_driver:LinuxDriver": ("_enable_mouse_support", "run_input_thread", "disable_input"),
    "textual.app:App": ("_handle_exception", "get_driver_class"),
}
"""Methods the tutor overrides, by the class that defines them (checked by the tests)."""
ATTRIBUTES = {
    "textual.app:App": ("_driver", "_exit_renderables", "_notifications"),
    "textual.driver:Driver": ("_app", "_mouse"),
    "textual.widget:Widget": ("_bindings",),
    "textual.screen:Screen": ("_compositor",),
}
"""Private attributes the tutor reads, by the class whose instances have them (checked by the tests)."""


def new_parser() -> XTermParser:
    """A parser of terminal input, as Textual's input thread makes one."""
    return XTermParser()


def app_size(driver: Driver) -> tuple[int, int]:
    """(width, height) of the app a driver draws."""
    return tuple(driver._app.size)  # type: ignore[return-value]


def mouse_enabled(driver: Driver) -> bool:
    """Whether the app was started with the mouse."""
    return bool(driver._mouse)


def driver_of(app: App) -> Driver | None:
    """The running app's driver (None before it runs, or headless in tests)."""
    return getattr(app, "_driver", None)


def clear_exit_renderables(app: App) -> None:
    """Print nothing when the app ends (Textual would print the traceback it keeps)."""
    app._exit_renderables.clear()
