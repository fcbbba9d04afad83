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

Overridden by name (the override is the use; the test checks the name still exists):
- `LinuxDriver._enable_mouse_support` (in `tutor.terminal.driver`): asks for clicks and the
  wheel only, not every mouse movement.
- `LinuxDriver.run_input_thread` (public name, called by the private `_run_input_thread`): replaced by
  `tutor.terminal.input.InputReader`.
- `App._handle_exception` and `App._exit_renderables` (in `tutor.app.app`): an internal error
  logged with one line printed instead of a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual._xterm_parser import XTermParser

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver

__all__ = ["XTermParser", "app_size", "driver_of", "mouse_enabled", "new_parser"]

OVERRIDDEN = {
    "textual.drivers.linux_driver:LinuxDriver": ("_enable_mouse_support", "run_input_thread", "disable_input"),
    "textual.app:App": ("_handle_exception", "get_driver_class"),
}
"""Methods the tutor overrides, by the class that defines them (checked by the tests)."""
ATTRIBUTES = {
    "textual.app:App": ("_driver", "_exit_renderables"),
    "textual.driver:Driver": ("_app", "_mouse"),
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
