"""Start-up loads only what the first screen needs: numpy, plotext and fsrs wait until used, and the
lesson screen until the course map is drawn."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import json, sys
import tutor.cli.main, tutor.app.app, tutor.cli.launch
from tutor.content.loader import load_course
from tutor.system.paths import bundled_lessons
load_course(bundled_lessons())
print(json.dumps(sorted(name for name in {names} if name in sys.modules)))
"""


def run_python(code: str) -> str:
    """What `code` prints, run by a new Python from the repository root."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def loaded_after_start_up(*names: str) -> list[str]:
    return json.loads(run_python(PROBE.format(names=list(names))))


def test_heavy_modules_are_not_imported_at_start_up() -> None:
    assert loaded_after_start_up("numpy", "plotext", "textual_plotext", "fsrs", "filelock", "babel") == []


def test_the_lesson_screen_and_markdown_wait_until_a_lesson_is_opened() -> None:
    assert loaded_after_start_up("tutor.screens.lesson", "markdown_it", "tutor.widgets.blocks.static") == []


def test_the_help_screen_waits_for_its_key() -> None:
    assert loaded_after_start_up("tutor.screens.help") == []


def test_search_and_the_glossary_wait_for_their_keys() -> None:
    """The search index is built when / is first pressed: nothing of it at start-up."""
    modules = ("tutor.content.search", "tutor.screens.search", "tutor.screens.glossary", "tutor.screens.find_in_view")
    assert loaded_after_start_up(*modules) == []


PREPARED = """
import asyncio, sys
from tests.support.fakes import MemoryProgress
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.system.paths import bundled_lessons

async def main():
    app = TutorApp(load_course(bundled_lessons()), "en", MemoryProgress())
    async with app.run_test() as pilot:
        await pilot.pause(0.5)
        print(type(app.screen).__name__, "tutor.screens.lesson" in sys.modules)

asyncio.run(main())
"""


def test_the_lesson_screen_is_imported_while_the_course_map_is_read() -> None:
    assert run_python(PREPARED).split() == ["StartScreen", "True"]


CACHED_START = """
import json, sys
import tutor.cli.main, tutor.app.app, tutor.cli.launch
from tutor.content.cached import load_course_cached
from tutor.system.paths import bundled_lessons
from tutor.text.i18n import Messages
Messages("en")("help.description")
load_course_cached(bundled_lessons())
print(json.dumps(sorted(name for name in ("hashlib", "_hashlib") if name in sys.modules)))
"""


def test_a_cached_start_does_not_load_openssl() -> None:
    """The cache's digests are hashlib's BLAKE2b without hashlib, which loads OpenSSL (~3 ms)."""
    run_python(CACHED_START)  # fills the cache, if it was empty
    assert json.loads(run_python(CACHED_START)) == []


def test_the_palette_and_the_exercise_boxes_wait_until_used() -> None:
    """The course map shows the exercises' counts (screens/desks.py), not their boxes."""
    assert loaded_after_start_up("tutor.app.palette", "tutor.screens.exercises", "tutor.widgets.exercise.view") == []


READ_FROM_THE_CACHE = """
import asyncio, sys
from tests.support.fakes import MemoryProgress
from tests.support.helpers import until
from tutor.app.app import TutorApp
from tutor.content import model as m
from tutor.content.cached import load_course_cached
from tutor.system.paths import bundled_lessons
from tutor.widgets.blocks.lesson_text import LessonText

async def main():
    course = load_course_cached(bundled_lessons())
    app = TutorApp(course, "en", MemoryProgress())
    async with app.run_test() as pilot:
        module = course.modules[0]
        for lesson in module.lessons[:3]:  # prose, and callouts
            app.open_lesson(f"{module.id}/{lesson.id}")
            texts = sum(isinstance(block, (m.TextBlock, m.CalloutBlock)) for block in lesson.blocks)
            laid_out = lambda: [text for text in app.screen.query(LessonText) if text.region.height]
            await until(pilot, lambda: len(laid_out()) == texts, what=f"every text of {lesson.id} drawn")
        print("markdown_it" in sys.modules)

asyncio.run(main())
"""


def test_lessons_read_from_the_cached_course_do_not_load_the_markdown_parser() -> None:
    """The prose was parsed when the course was cached (`tutor.content.markdown`): ~1.3 MiB less."""
    run_python(READ_FROM_THE_CACHE)  # fills the cache, if it was empty
    assert run_python(READ_FROM_THE_CACHE).split() == ["False"]


PLURALS_AHEAD = """
import asyncio, sys
from tests.support.fakes import MemoryProgress
from tests.support.helpers import until, workers_done
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.system.paths import bundled_lessons

async def main():
    course = load_course(bundled_lessons())
    app = TutorApp(course, "en", MemoryProgress())
    module = course.modules[0]
    quiz = next(index for index, lesson in enumerate(module.lessons) if lesson.quizzes)
    async with app.run_test() as pilot:
        for lesson in (module.lessons[0], module.lessons[quiz - 1]):
            app.open_lesson(f"{module.id}/{lesson.id}")
            await until(pilot, lambda: getattr(app.screen, "lesson", None) is lesson, what=lesson.id)
            await app.screen.until_ready("page_down")
            await workers_done(app)
            print("babel.plural" in sys.modules)

asyncio.run(main())
"""


def test_the_plural_rules_are_loaded_while_the_lesson_before_the_quiz_is_read() -> None:
    """The quiz counts its questions in words: Babel's plural rules (~15 ms) are not loaded as it opens."""
    assert run_python(PLURALS_AHEAD).split() == ["False", "True"]
