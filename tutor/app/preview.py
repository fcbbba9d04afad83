"""`cnn-tutor preview FILE`: one lesson as the tutor draws it, drawn again each time a course file is saved.

The whole course is loaded (not the file alone), so that what `validate` would say is said here
too: while the course has problems, they are listed, with their file:line:col, in place of the
lesson, until they are fixed. The course directory is watched with `watchfiles`, in this app's
event loop; nothing is written anywhere (no progress is kept in a preview).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.content.ascii import asciify_course
from tutor.content.errors import LoadError
from tutor.content.loader import load_course
from tutor.content.model import Course, Lesson, Module
from tutor.screens.base import SCREENS_CSS
from tutor.text.glyphs import glyphs_for
from tutor.text.sanitise import visible
from tutor.widgets.chrome.language import LocalisedApp
from tutor.widgets.blocks.lesson_text import ProsePalette
from tutor.widgets.factory import block_widget

MAX_PROBLEMS_SHOWN = 40


class PreviewApp(LocalisedApp):
    """The lesson in `path` of the course in `root`, reloaded on every change under `root`."""

    CSS_PATH = ["tutor.tcss", SCREENS_CSS]  # the lesson screen's blocks are laid out by the second
    DEFAULT_CSS = """
    #preview-status { height: auto; background: $primary-background; text-style: bold; padding: 0 1; }
    #preview-body { height: 1fr; }
    """
    BINDINGS = [Binding("q", "quit", show=False), Binding("r", "reload", show=False)]

    def __init__(self, root: Path, path: Path, lang: str, *, ascii_only: bool = False, watch: bool = True) -> None:
        super().__init__(lang, glyphs_for(ascii_only))
        self.root, self.path = root.resolve(), path.resolve()
        self.watch_files = watch
        self._drawing = asyncio.Lock()
        """One drawing at a time: a save during `r`'s reload waits for it, then draws again."""
        self._stop = threading.Event()
        """Set on the way out: the watcher's thread sees it within 50 ms."""
        self.reloads = 0
        """How many times the lesson (or its problems) was drawn: tests wait on it."""

    def compose(self) -> ComposeResult:
        yield Static(id="preview-status")
        yield ProsePalette()
        yield VerticalScroll(id="preview-body")

    async def on_mount(self) -> None:
        await self.action_reload()
        if self.watch_files:
            self.run_worker(self._watch(), exit_on_error=False)

    async def _watch(self) -> None:
        from watchfiles import awatch

        # watchfiles polls its stop event with is_set(), which a threading.Event (set from another thread) has.
        async for _ in awatch(self.root, debounce=200, step=50, stop_event=self._stop):  # type: ignore[arg-type]
            await self.action_reload()

    async def action_quit(self) -> None:
        self._stop.set()
        self.exit()

    def on_unmount(self) -> None:
        self._stop.set()

    async def action_reload(self) -> None:
        """Load the course again and show the lesson, or the course's problems."""
        async with self._drawing:
            await self._draw()

    async def _draw(self) -> None:
        shown = self._load()
        body = self.query_one("#preview-body", VerticalScroll)
        await body.remove_children()
        status = self.query_one("#preview-status", Static)
        now = datetime.now().strftime("%H:%M:%S")
        if isinstance(shown, tuple):
            _, lesson = shown
            title = lesson.title.get(self.lang)
            status.update(self.messages("preview.showing", title=title, path=self._relative(self.path), time=now))
            await body.mount_all(block_widget(block, self.glyphs) for block in lesson.blocks)
        else:
            status.update(self.messages("preview.problems", path=self._relative(self.path), time=now))
            await body.mount(Static(visible(shown, multiline=True), id="preview-problems", markup=False))
        body.scroll_home(animate=False)
        self.reloads += 1

    def _load(self) -> tuple[Module, Lesson] | str:
        try:
            course = load_course(self.root)
            if self.glyphs.ascii:
                course = asciify_course(course)  # spelled out once, as the tutor does at start-up
        except LoadError as error:
            mine = [problem for problem in error.problems if problem.path.resolve() == self.path]
            others = [problem for problem in error.problems if problem.path.resolve() != self.path]
            lines = [self._problem_line(problem) for problem in (mine + others)[:MAX_PROBLEMS_SHOWN]]
            return "\n".join(lines + [self.messages.plural("preview.count", len(error.problems))])
        found = _lesson_at(course, self.path)
        if found is None:
            return self.messages("preview.not_listed", path=self._relative(self.path))
        return found

    def _relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def _problem_line(self, problem: object) -> str:
        text = str(problem)
        root = str(self.root.resolve())
        return text.replace(root + "/", "", 1) if text.startswith(root) else text


def _lesson_at(course: Course, path: Path) -> tuple[Module, Lesson] | None:
    for module in course.modules:
        for lesson in module.lessons:
            if lesson.source is not None and lesson.source.resolve() == path:
                return module, lesson
    return None
