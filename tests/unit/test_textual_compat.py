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
from tutor.terminal.driver import TutorDriver, driver_class


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
