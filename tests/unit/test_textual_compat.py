"""Each private member of Textual the tutor uses (tutor/terminal/textual_compat.py) is still there, as used."""

from __future__ import annotations

import importlib
import inspect

import pytest
from textual import events
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from tutor.terminal import textual_compat
from tutor.terminal import driver_class
from tutor.terminal.driver import TutorDriver


def _class(path: str) -> type:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(
    ("owner", "name"), [(owner, name) for owner, names in textual_compat.OVERRIDDEN.items() for name in names]
)
def test_every_overridden_method_is_still_defined_by_textual(owner: str, name: str) -> None:
    assert callable(getattr(_class(owner), name, None)), f"{owner} no longer has {name}"


def test_the_parser_reads_keys_and_ticks() -> None:
    parser = textual_compat.new_parser()
    keys = [event for event in parser.feed("q\x1b[A") if isinstance(event, events.Key)]
    assert [key.key for key in keys] == ["q", "up"]
    assert list(parser.tick()) == []


async def test_the_app_driver_and_the_drivers_app_mouse_and_exit_renderables() -> None:
    app = App()
    assert textual_compat.driver_of(app) is None and app._exit_renderables == []
    async with app.run_test():
        driver = textual_compat.driver_of(app)
        assert isinstance(driver, Driver)
        assert textual_compat.app_size(driver) == tuple(app.size)
        assert textual_compat.mouse_enabled(driver) is True
    app._exit_renderables.append("a traceback")
    textual_compat.clear_exit_renderables(app)
    assert app._exit_renderables == []


@pytest.mark.parametrize(
    ("owner", "name"), [(owner, name) for owner, names in textual_compat.ATTRIBUTES.items() for name in names]
)
async def test_every_private_attribute_read_is_still_there(owner: str, name: str) -> None:
    from textual.screen import Screen
    from textual.widget import Widget

    app = App()
    async with app.run_test():
        instances = {App: app, Driver: textual_compat.driver_of(app), Widget: app.screen, Screen: app.screen}
        assert hasattr(instances[_class(owner)], name), f"{owner} instances no longer have {name}"


async def test_the_bindings_map_the_compositor_and_the_notifications_are_used_as_before() -> None:
    from textual.binding import Binding
    from textual.widget import Widget

    class Numbered(Widget):
        BINDINGS = [Binding("1", "choose", "Choose")]

    app = App()
    async with app.run_test() as pilot:
        widget = Numbered()
        await app.screen.mount(widget)
        assert [binding.key for binding in widget._bindings.key_to_bindings["1"]] == ["1"]
        app.notify("hello")
        await pilot.pause()
        assert [notification.message for notification in app._notifications] == ["hello"]
        assert len(app.screen._compositor.render_strips()) == app.size.height


def test_the_exception_hook_takes_the_error() -> None:
    assert list(inspect.signature(App._handle_exception).parameters) == ["self", "error"]


def test_the_linux_driver_still_enables_the_mouse_through_the_overridden_hook() -> None:
    source = inspect.getsource(LinuxDriver.start_application_mode)
    assert "self._enable_mouse_support()" in source


def test_the_input_thread_runs_the_overridden_loop() -> None:
    assert "self.run_input_thread()" in inspect.getsource(LinuxDriver._run_input_thread)
    assert "disable_input" in inspect.getsource(LinuxDriver.stop_application_mode)


def test_the_tutor_driver_replaces_only_textuals_linux_driver() -> None:
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.drivers.web_driver import WebDriver

    assert driver_class(LinuxDriver) is TutorDriver
    assert driver_class(WebDriver) is WebDriver and driver_class(HeadlessDriver) is HeadlessDriver


def test_choosing_the_driver_imports_nothing_posix_only() -> None:
    # On Windows, Textual chooses its Windows driver and termios cannot be imported.
    import subprocess
    import sys

    from tests.conftest import ROOT

    probe = (
        "import sys; sys.modules['termios'] = None; sys.modules['tty'] = None\n"
        "from tutor.terminal import driver_class\n"
        "class WindowsDriver: pass\n"
        "WindowsDriver.__module__ = 'textual.drivers.windows_driver'\n"
        "assert driver_class(WindowsDriver) is WindowsDriver\n"
        "import tutor.app.app\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
