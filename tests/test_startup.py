"""What start-up does for speed leaves the program as it was: garbage collection back on."""

from __future__ import annotations

import gc

import pytest

from tests.conftest import FIXTURE_COURSE
from tests.fakes import MemoryProgress
from tutor.app import TutorApp
from tutor.cli import main
from tutor.content.loader import load_course


@pytest.mark.parametrize("args", [["lessons"], ["show", "no-such-lesson"], ["validate", "/no/such/dir"]])
def test_the_command_line_turns_garbage_collection_back_on(args: list[str], capsys) -> None:
    main(["--lessons", str(FIXTURE_COURSE), *args])  # a success, a user error, an invalid course
    assert gc.isenabled()


async def test_the_app_turns_garbage_collection_back_on_once_mounted() -> None:
    gc.disable()  # as the command line does while starting
    try:
        app = TutorApp(load_course(FIXTURE_COURSE), "en", MemoryProgress())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
