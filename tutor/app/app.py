"""The Textual application: composes the screens and holds what they share. Opens no files."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.driver import Driver
from textual.events import Event, Key, MouseDown, Resize
from textual.filter import LineFilter
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from tutor.content.ascii import asciify_course
from tutor.content.model import Course, Lesson, Module
from tutor.text.glyphs import glyphs_for
from tutor.progress.api import ProgressTracker
from tutor.review import SESSION_LIMIT
from tutor.review.deck import Clock, utc_now
from tutor.screens.base import SCREENS_CSS
from tutor.screens.start import StartScreen
from tutor.screens.too_small import TooSmallScreen, too_small
from tutor.widgets.chrome.language import LocalisedApp
from tutor.terminal import driver_class
from tutor.terminal.textual_compat import clear_exit_renderables, driver_of

if TYPE_CHECKING:
    from tutor.content.place import Place
    from tutor.exercises.desk import Desk
    from tutor.screens.search import Chosen
    from fsrs import Scheduler

PREPARE_DELAY = 0.1
"""Seconds after start-up (its first frames drawn) before the lesson screen is imported."""


def _tutor_commands() -> type[Provider]:
    """The palette's commands (TutorCommands), imported when the palette first opens."""
    from tutor.app.palette import TutorCommands

    return TutorCommands


class ProgressNews(Message):
    """The progress store has a notice, or its warning changed (posted from whichever thread saw it)."""


class TutorApp(LocalisedApp):
    """cnn-tutor: a course map, lesson screens, help; the progress store records the way."""

    CSS_PATH = "tutor.tcss"
    TITLE = "cnn-tutor"
    BINDINGS = [
        # Each twice: listed in the footer where there is room for them, else working unlisted (? lists them).
        Binding("slash", "search", "keys.search", key_display="/"),
        Binding("slash", "search_unlisted", "keys.search", key_display="/", show=False),
        Binding("d", "glossary", "keys.glossary"),
        Binding("d", "glossary_unlisted", "keys.glossary", show=False),
        Binding("l", "switch_language", "keys.language"),
        Binding("question_mark", "help", "keys.help", key_display="?"),
        Binding("q", "quit", "keys.quit"),
        Binding("ctrl+l", "redraw", "keys.redraw", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = {_tutor_commands}

    progress_warning: reactive[str | None] = reactive(None)
    """Why progress is not being saved, while that lasts (shown on every screen)."""

    crash_message: str | None = None
    """After an internal error: the one line to print instead of a traceback."""

    def __init__(
        self,
        course: Course,
        lang: str,
        progress: ProgressTracker,
        *,
        ascii_only: bool = False,
        console_only: bool = False,
        clock: Clock = utc_now,
        enable_fuzzing: bool = True,
        start_with_review: bool = False,
        review_limit: int = SESSION_LIMIT,
        ask_student: str | None = None,
    ) -> None:
        """Args:
        course: The course taught.
        lang: The language shown first (`l` cycles through the course's languages).
        progress: Where progress is kept.
        ascii_only: Draw only ASCII characters: the course and the interface strings are
            spelled out in ASCII once, here, and symbols drawn from `glyphs.ASCII`.
        console_only: Draw only what the Linux console's fonts have (TERM=linux).
        clock: The current time, timezone-aware, for review scheduling (tests freeze it).
        enable_fuzzing: Let FSRS spread review intervals at random (off in tests).
        start_with_review: Open the review screen over the course map, instead of resuming.
        review_limit: The most cards in one review session.
        ask_student: Ask the student's name for the class report, offering this one (None: do not ask).
        """
        super().__init__(lang, glyphs_for(ascii_only, console_only))
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Smooth scrolling sends a dozen full frames per scroll: heavy on a slow link.
            self.animation_level = "none"
        self._mouse_used = False
        self.course = asciify_course(course) if ascii_only else course
        self.progress = progress
        self.clock = clock
        self.enable_fuzzing = enable_fuzzing
        self.start_with_review = start_with_review
        self.review_limit = review_limit
        self.ask_student = ask_student
        self._scheduler: Scheduler | None = None
        self.exercise_desk: Desk | None = None
        self.sequence: list[tuple[Module, Lesson]] = [
            (module, lesson) for module in self.course.modules for lesson in module.lessons
        ]
        self._ascii_filter: LineFilter | None = None
        if console_only and not ascii_only:
            from tutor.text.console_filter import ConsoleFilter

            self._ascii_filter = ConsoleFilter()
        if "NO_COLOR" in os.environ:
            self.add_class("-no-color")  # selections and focus get a mark that is not a colour
        if ascii_only:
            from tutor.text.ascii_filter import AsciiFilter

            self._ascii_filter = AsciiFilter()
            self.add_class("-ascii")

    def get_driver_class(self) -> type[Driver]:
        # Textual's choice (TEXTUAL_DRIVER, as `textual serve` sets; Windows), with the tutor's
        # driver in place of its Linux/macOS one.
        return driver_class(super().get_driver_class())

    def get_default_screen(self) -> Screen:
        # The course map is the first screen itself, laid out with the app, not pushed over a
        # blank one: pushed, it was laid out again for the terminal's size (~15 ms of start-up).
        return StartScreen()

    def on_mount(self) -> None:
        # What is alive now (modules, the course, the app) lives as long as the app: frozen,
        # Python's full garbage collections no longer walk it; they took 40-100 ms mid key press.
        gc.freeze()
        gc.enable()  # held off by the command line during start-up
        self._poll_progress()
        self.progress.listen(self._tell_progress_news)
        if self.start_with_review:
            self.open_review()
        else:
            self._resume()
        if self.ask_student is not None:
            from tutor.screens.student import StudentScreen

            self.push_screen(StudentScreen(self.ask_student), self._student_given)
        self._check_size(self.size.width, self.size.height)
        self.set_timer(PREPARE_DELAY, self._prepare_lessons)

    def _prepare_lessons(self) -> None:
        # Imported while the student reads the course map: the first lesson opens ~20 ms sooner.
        importlib.import_module("tutor.screens.lesson")
        # And the other screens' layout (parsed before the first frame, it took ~5 ms of start-up).
        # Parsed by the app's stylesheet itself, which keeps what it parsed for its next parses.
        if not self.stylesheet.has_source(str(SCREENS_CSS), ""):
            self.stylesheet.read(SCREENS_CSS)
            self.stylesheet.update(self)

    def _resume(self) -> None:
        position = self.progress.last_position()
        if position is None or not self.lesson_exists(position[0], position[1]):
            return
        from tutor.screens.lesson import LessonScreen  # imported when needed: the course map starts faster

        module_id, lesson_id, scroll = position
        index = self.lesson_position(f"{module_id}/{lesson_id}")
        title = self.sequence[index][1].title.get(self.lang)
        self.push_screen(LessonScreen(index, scroll, notice=self.messages("ui.resumed", title=title)))

    def _student_given(self, name: str | None) -> None:
        self.ask_student = None
        self.progress.remember_student(name)  # None: declined, and not asked again
        if name:
            self.tell(self.messages("student.kept", name=name), timeout=5)

    def on_progress_news(self, message: ProgressNews) -> None:
        self._poll_progress()

    def _poll_progress(self) -> None:
        # The store learns of problems while saving, in its writer thread: it only says there is news.
        for notice in self.progress.take_notices():
            self.tell(notice, severity="warning", timeout=20)
        warning = self.progress.warning
        if warning and warning != self.progress_warning:
            self.tell(warning, severity="error", timeout=20)
        self.progress_warning = warning

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = super().get_line_filters()
        return [*filters, self._ascii_filter] if self._ascii_filter else filters

    def lesson_exists(self, module_id: str, lesson_id: str) -> bool:
        return any(module.id == module_id and lesson.id == lesson_id for module, lesson in self.sequence)

    def lesson_position(self, option_id: str) -> int:
        """Index in `sequence` of the lesson `module_id/lesson_id`."""
        module_id, _, lesson_id = option_id.partition("/")
        for index, (module, lesson) in enumerate(self.sequence):
            if module.id == module_id and lesson.id == lesson_id:
                return index
        raise ValueError(option_id)

    def open_lesson(self, option_id: str, place: Place | None = None) -> None:
        """Show a lesson (`module_id/lesson_id`), at its top or at `place`: in the lesson screen if it is
        the screen shown, else in a new one (escape then comes back here)."""
        from tutor.screens.lesson import LessonScreen

        index = self.lesson_position(option_id)
        if isinstance(self.screen, LessonScreen):
            self.screen.move_to(index, place)
        else:
            self.push_screen(LessonScreen(index, place=place))

    def open_bookmark(self, bookmark: dict) -> None:
        """Show the lesson of a bookmark (from `progress.bookmarks()`) at its place."""
        option_id = f"{bookmark['module']}/{bookmark['lesson']}"
        if not self.lesson_exists(bookmark["module"], bookmark["lesson"]):
            return
        lesson = self.sequence[self.lesson_position(option_id)][1]
        block = bookmark["block"]
        if block > len(lesson.blocks):  # the lesson has changed since: its scroll is the best guess
            from tutor.screens.lesson import LessonScreen

            self.push_screen(LessonScreen(self.lesson_position(option_id), bookmark["scroll"]))
            return
        from tutor.content.place import Place

        self.open_lesson(option_id, Place(block, fraction=bookmark["fraction"]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "glossary", "search_unlisted", "glossary_unlisted"):
            # Not over a dialogue or the help: each opens over the screen the student reads.
            shown_help = sys.modules.get("tutor.screens.help")  # imported when first shown
            if shown_help is not None and isinstance(self.screen, shown_help.HelpScreen):
                return None if not action.endswith("_unlisted") else False  # listed by the help, not run
            if isinstance(self.screen, ModalScreen | TooSmallScreen):
                return False
            # Listed on the course map and in a lesson being read; with a simulation's or a quiz's keys
            # (or in review), the footer keeps its room for those.
            listed = bool(getattr(self.screen, "lists_find_keys", False))
            return listed != action.endswith("_unlisted")
        if action == "switch_language":
            return len(self.course.languages) > 1  # a course in one language offers no `l`
        return True

    def action_search(self) -> None:
        """Search every lesson (`/`); the match chosen opens in its lesson, where n/N go through the others."""
        from tutor.screens.lesson import LessonScreen
        from tutor.screens.search import SearchScreen

        screen = self.screen
        lesson = screen.index if isinstance(screen, LessonScreen) else None
        query = screen.search_query or "" if isinstance(screen, LessonScreen) else ""
        self.push_screen(SearchScreen(query, lesson), self._open_chosen)

    action_search_unlisted = action_search

    def action_glossary(self) -> None:
        """Show the glossary (`d`); a lesson chosen opens where it uses the term."""
        from tutor.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(), self._open_chosen)

    action_glossary_unlisted = action_glossary

    def _open_chosen(self, chosen: Chosen | None) -> None:
        if chosen is not None:
            self.open_lesson(chosen.lesson, chosen.place)

    def open_review(self) -> None:
        """Start a review session of the due cards."""
        from tutor.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.review_limit))

    def review_answer(
        self,
        question_id: str,
        *,
        correct: bool,
        seconds: float | None,
        helped: bool = False,
        now: datetime | None = None,
    ) -> tuple[int, datetime]:
        """Rate an answer, reschedule the question's card with FSRS and store it with its review log.

        Args:
            question_id: The question answered.
            correct: Whether the answer was right.
            seconds: From the question getting the focus to the answer; None when not measured.
            helped: Whether the student opened the question's lesson, or showed its hint, first.
            now: When it was answered (default: the clock's now).

        Returns:
            The rating (1 Again, 2 Hard, 3 Good, 4 Easy) and when the card is due next.
        """
        from tutor.review.scheduler import record_review

        return record_review(
            self.progress,
            question_id,
            correct=correct,
            seconds=seconds,
            helped=helped,
            now=now or self.clock(),
            scheduler=self.scheduler(),
        )

    def rerate_answer(
        self, question_id: str, before: dict | None, rating: int, *, answered_at: datetime, seconds: float | None
    ) -> datetime:
        """Rate again a right answer as the student says it went (see `tutor.review.scheduler.rerate`);
        returns when the card is due next."""
        import fsrs

        from tutor.review.scheduler import rerate

        return rerate(
            self.progress,
            question_id,
            before,
            fsrs.Rating(rating),
            answered_at=answered_at,
            seconds=seconds,
            scheduler=self.scheduler(),
        )

    def scheduler(self):
        """The FSRS scheduler with the tutor's settings (made when first needed: it imports fsrs)."""
        from tutor.review.scheduler import make_scheduler

        if self._scheduler is None:
            self._scheduler = make_scheduler(self.enable_fuzzing)
        return self._scheduler

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Run `action` once the screen shows what it acts on (a key typed ahead waits for it).

        Every key's binding runs here, one at a time in the app's loop: while one waits, the
        keys typed after it wait behind it, in order.
        """
        stack = self.screen_stack
        until_ready = getattr(stack[-1], "until_ready", None) if stack else None
        if until_ready is not None:
            name = action if isinstance(action, str) else ""
            await until_ready(name.rpartition(".")[2].partition("(")[0])
        return await super().run_action(action, default_namespace, namespaces)

    def action_switch_language(self) -> None:
        languages = self.course.languages
        if len(languages) < 2:
            return
        self.lang = languages[(languages.index(self.lang) + 1) % len(languages)]
        self.progress.remember_language(self.lang)

    def action_redraw(self) -> None:
        """Draw the whole screen again (`ctrl+l`), as after something else wrote on the terminal."""
        redraw = getattr(driver_of(self), "redraw", None)
        if redraw is not None:
            redraw()
        self.refresh(repaint=True)

    def action_help(self) -> None:
        from tutor.screens.help import HelpScreen

        if not isinstance(self.screen, (HelpScreen, TooSmallScreen)):
            self.push_screen(HelpScreen(self.screen))

    async def on_event(self, event: Event) -> None:
        if isinstance(event, Key) and not self.screen_stack:
            return  # keys still queued while the app closes: no screen to act on any more
        if isinstance(event, MouseDown) and not self._mouse_used:
            self._mouse_used = True
            enable_motion = getattr(driver_of(self), "enable_motion", None)
            if enable_motion is not None:
                enable_motion()
        await super().on_event(event)

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _tell_progress_news(self) -> None:
        """Called by the progress store from its writer thread: `post_message` is thread-safe."""
        self.post_message(ProgressNews())

    def _check_size(self, width: int, height: int) -> None:
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small(width, height) and not showing:
            self.push_screen(TooSmallScreen())
        elif too_small(width, height):
            cast(TooSmallScreen, self.screen).show_size(width, height)
        elif showing:
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return ()  # the palette offers the tutor's own commands (TutorCommands), in the student's language

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=self.messages("ui.palette_prompt"), id="--command-palette"))

    def tell(self, message: str, **options) -> None:
        """Notify the student; the text is shown as written, never parsed as markup.

        Its words come from `messages` (in ASCII under `--ascii`), or from the store, which says
        them with the app's `messages` too (`tutor.cli.launch`).
        """
        self.notify(message, markup=False, **options)

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an error nothing contained: it ends the app and prints a
        # traceback. Keep the ending, log the traceback, and leave one line to print instead.
        if self.is_headless:
            super()._handle_exception(error)  # tests see the error itself
            return
        from tutor.system.errorlog import log_exception

        where = log_exception(error, context="in the app")
        self.crash_message = self.messages("ui.internal_error", error=type(error).__name__, log=where)
        super()._handle_exception(error)
        clear_exit_renderables(self)
