"""What start-up does for speed leaves the program as it was (garbage collection back on), or as asked."""

from __future__ import annotations

import gc
import os
from argparse import Namespace

import pytest

from tests.conftest import FIXTURE_COURSE
from tests.support.fakes import MemoryProgress
from tutor.app.app import TutorApp
from tutor.cli.main import main
from tutor.content.loader import load_course
from tutor.cli.launch import run_tutor


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


@pytest.mark.parametrize(("given", "used"), [(None, "1"), ("4", "4")])
def test_the_tutor_runs_blas_on_one_thread_unless_told_otherwise(given, used, monkeypatch, tmp_path) -> None:
    environment = {name: value for name, value in os.environ.items() if name != "OPENBLAS_NUM_THREADS"}
    if given:
        environment["OPENBLAS_NUM_THREADS"] = given
    monkeypatch.setattr(os, "environ", environment)
    monkeypatch.setattr(TutorApp, "run", lambda app, **options: None)
    options = Namespace(ascii=False, no_mouse=False, progress=str(tmp_path / "progress.json"))
    assert run_tutor(load_course(FIXTURE_COURSE), "en", options) == 0
    assert environment["OPENBLAS_NUM_THREADS"] == used
