"""The lesson screen: one lesson's blocks in a scrollable body, with the lessons beside it."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from time import monotonic
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.containers import Horizontal, VerticalScroll
from textual.filter import LineFilter
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static

from tutor.system.collector import collect_and_freeze
from tutor.content.model import Block, Lesson, Module, QuizBlock, WidgetBlock
from tutor.content.simulations import import_modules, unimported_widgets
from tutor.content.anchors import section_place
from tutor.content.place import TITLE as TITLE_BLOCK, Place
from tutor.content.plain import block_lines
from tutor.screens.exercises import ExercisesAtEnd
from tutor.screens.base import TutorScreen
from tutor.screens.repaint import Repainting
from tutor.widgets.chrome.containment import Contained, ErrorPanel
from tutor.widgets.chrome.hanging import hanging_rows
from tutor.widgets.factory import block_widget
from tutor.widgets.blocks.lesson_text import ProsePalette
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.chrome.warning_bar import WarningBar
from tutor.widgets.chrome.lesson_list import LessonList
from tutor.widgets.chrome.lesson_body import LessonBody
from tutor.widgets.chrome.title_bar import TITLE, TitleBar
from tutor.widgets.quiz.quiz import QuizView
from tutor.widgets.quiz.screenful import first_screenful
from tutor.widgets.simulations.simulation import Simulation

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tutor.screens.find_in_view import ViewMatch

WIDE = 100
"""From this many columns, the contents panel is shown by default."""
TITLE_ROWS = 2
"""Rows of the lesson's title, with its margin."""
SAVE_DELAY = 1.0
"""Seconds of scrolling calm before the reading position is saved."""
SETTLE_TIME = 0.5
"""Seconds during which a restored place is kept while the lesson lays itself out."""
WAIT_LIMIT = 10.0
"""Seconds a key waits at most for the lesson it acts on to be whole (then it acts anyway).

Only a lesson that failed while being made should ever reach it: the quiz lesson (44 questions)
takes several seconds to mount on a loaded lab machine, and a key must not act on half of it."""
MOVING_ACTIONS = frozenset(
    {
        "next",
        "previous",
        "switch_language",
        "quit",
        "help",
        "command_palette",
        "search",
        "glossary",
        "search_unlisted",
        "glossary_unlisted",
    }
)
"""Actions that do not read the lesson shown: they act at once (n and p move the lesson to show, `l`
changes the language it is shown in, applied once it is whole)."""


class LessonScreen(Repainting, ExercisesAtEnd, TutorScreen):
    """Shows `index` of the course's lessons; `n` and `p` move through them in place.

    A lesson is shown in two steps: its first screenful with its header in one frame, then the
    rest of it (with the rest of a quiz's questions) just after that frame. A key acts on what
    the student sees: one that reads or moves in the lesson (space, `end`, tab, `l`, a quiz
    answer…) waits until the lesson is whole and laid out; one that leaves it (`n`, `p`, escape)
    waits only for a lesson change under way to end (see `until_ready`, which the app awaits
    before every action). Until the lesson is whole its scrollbar is hidden: it would be wrong.

    A lesson is completed when its own last line has been on screen (a quiz lesson: when its
    answers are checked). Arriving or leaving never completes it.
    """

    BINDINGS = [
        # While a search is active, n, N and escape move between its matches and end it (see check_action).
        Binding("n", "next", "keys.next"),
        Binding("n", "next_match", "keys.next_match"),
        Binding("N", "previous_match", "keys.previous_match", key_display="N"),
        Binding("p", "previous", "keys.previous"),
        Binding("t", "toggle_contents", "keys.contents"),
        Binding("b", "bookmark", "keys.bookmark"),
        Binding("b", "bookmark_unlisted", "keys.bookmark", show=False),  # a widget's keys have the footer
        Binding("escape", "course_map", "keys.course_map"),
        Binding("escape", "end_search", "keys.end_search"),
        Binding("space,pagedown", "page_down", "keys.page_down", show=False),
        Binding("shift+space,pageup", "page_up", "keys.page_up", show=False),
        Binding("home", "top", "keys.top", show=False),
        Binding("end", "bottom", "keys.bottom", show=False),
    ]

    def __init__(
        self, index: int, scroll: float = 0.0, notice: str | None = None, *, place: Place | None = None
    ) -> None:
        super().__init__()
        self._place = place
        """Where to show the lesson to show from, once it is whole (then None)."""
        self._search: LessonSearch | None = None
        """The search the student is going through in this lesson (n/N move between its matches), if any."""
        self._notice = notice
        self.index = index
        """Position of the lesson shown in the course's sequence of lessons (change it with `go_to`)."""
        self._initial_scroll = scroll
        self._target = index
        """The lesson to show: `n` and `p` move it at once, the screen shows it as soon as it can."""
        self._changing = asyncio.Lock()
        """Held while a lesson is replaced by another: one change at a time."""
        self._whole = asyncio.Event()
        """Set once the lesson shown is whole and laid out."""
        self._opened = asyncio.Event()
        """Set once the first lesson is shown: before, the screen has nothing to act on."""
        self._settled = asyncio.Event()
        """Set while the lesson shown is the one to show, whole and laid out: keys may read it."""
        self._at_end = False
        """Whether the lesson is scrolled to its end (it stays there if a block above grows)."""
        self._top: tuple[Widget, float] | None = None
        """The block at the top of the body when it last scrolled, and how far down it (a share of its
        height): the place a new width keeps, as the lines wrap again."""
        self._body_width = 0
        self._mounted = 0
        """The lesson shown (`_shown`) whose blocks are all mounted."""
        self._drawing = 0
        """The lesson shown (`_shown`) whose simulations are awaited before it is whole."""
        self._anchor_until = 0.0
        """Until when (monotonic) the lesson's blocks may still settle: its end is kept in view meanwhile."""
        self._built_in: set[str] = set()
        """The languages the screen's own parts of the lesson shown (title, hints) were made in."""
        self._fraction = scroll
        self._save_timer: Timer | None = None
        self._contents_chosen = False
        self._settle: Callable[[], float] | None = None
        self._settle_until = 0.0
        """Until when (monotonic) a restored place may be kept at most."""
        self._settle_timer: Timer | None = None
        self._shown = 0
        """Counts the lessons shown, so that the rest of one the student has left is never mounted."""

    @property
    def module(self) -> Module:
        return self.tutor.sequence[self.index][0]

    @property
    def lesson(self) -> Lesson:
        return self.tutor.sequence[self.index][1]

    def compose(self) -> ComposeResult:
        yield TitleBar(self.tutor.glyphs.ellipsis, id="lesson-header")
        with Horizontal(id="lesson-main"):
            yield LessonList(self.tutor.course, self.tutor.glyphs, id="contents")
            yield LessonBody(id="body")
        yield Static(id="search-bar", markup=False)
        yield KeyBar(self.tutor.glyphs.ascii)
        yield WarningBar()
        yield ProsePalette()

    async def on_mount(self) -> None:
        self.on_resize()
        body = self.query_one("#body")
        self.watch(body, "scroll_y", self._scrolled, init=False)
        self.watch(body, "virtual_size", self._resized, init=False)
        async with self._changing:
            await self._show_lesson(self._initial_scroll)
        self._opened.set()
        self._check_settled()
        if self._notice:
            self.tutor.tell(self._notice, timeout=6)

    async def until_ready(self, action: str) -> None:
        """Return once `action` may act on what the student sees (the app awaits it before each action)."""
        if self.check_action(action, ()) is False:
            return  # not this key's action now (n while a search is active): the next binding is tried at once
        try:
            async with asyncio.timeout(WAIT_LIMIT):
                await self._opened.wait()
                if action in MOVING_ACTIONS:
                    return
                await self._settled.wait()
        except TimeoutError:
            pass  # something went wrong while mounting: a late key is better than a frozen tutor

    async def go_to(self, index: int) -> None:
        """Show the lesson at `index` (at its top) instead of the one shown.

        Requests made while a lesson is being shown are merged: only the last is shown, so a
        held `n` goes through the lessons as fast as they can be drawn, not one frame each.
        """
        self._target = index
        if self._changing.locked():
            return  # the change under way shows the latest target when it ends
        async with self._changing:
            while self._opened.is_set() and self.is_attached and self._target != self.index:
                self._save_position(self.index)
                self.index = self._target
                self._fraction = 0.0
                await self._show_lesson(0.0)
        self._check_settled()

    def _check_settled(self) -> None:
        """Let the keys waiting for the lesson act, if it is the one to show, whole, and no change is under way."""
        if (
            self._target == self.index and self._whole.is_set() and not self._changing.locked()
        ) or not self.is_attached:
            self._settled.set()

    async def _show_lesson(self, scroll: float) -> None:
        body = self.query_one("#body", VerticalScroll)
        self._shown += 1
        self._whole.clear()
        self._settled.clear()
        self._at_end = False
        self._top = None
        self._built_in = {self.lang}
        self._end_search()
        # An inline style, not a class: a class change restyles every widget of the body.
        body.styles.scrollbar_visibility = "hidden"
        makers = self._widget_makers()
        # A restored place needs the whole lesson's height; otherwise the first screenful is
        # drawn at once and the rest follows after that paint (a key pressed meanwhile wins).
        count = len(makers) if scroll or self._place is not None else self._first_screenful()
        first, rest = makers[:count], makers[count:]
        self.tutor.progress.mark_visited(self.module.id, self.lesson.id)
        self._save_position(self.index)
        leaving = list(body.children)
        # One repaint of the new lesson's start and its header: none of it half laid out.
        with self.app.batch_update():
            self._refresh_labels()
            # Hidden now, removed after that repaint: a removal waits for every widget to stop.
            for widget in leaving:
                widget.display = False
            await body.mount_all(make() for make in first)
            body.scroll_home(animate=False)
            if scroll:
                self._keep_scrolled_to(lambda: scroll * body.max_scroll_y)
            body.focus()
        self.call_after_refresh(self._mount_rest, self._shown, rest, leaving)

    async def _mount_rest(self, shown: int, makers: list[Callable[[], Widget]], leaving: list[Widget]) -> None:
        if not self.is_attached:
            return
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children([widget for widget in leaving if widget.is_attached])
        if shown != self._shown:
            return  # the student has left this lesson
        self._built_in.add(self.lang)
        if makers:
            with self.app.batch_update():
                await body.mount_all(make() for make in makers)
        for quiz in body.query(QuizView).results(QuizView):
            await quiz.mount_all_questions()
        self._mounted = shown
        self._whole_once_drawn(shown)

    def _whole_once_drawn(self, shown: int) -> None:
        """Make the lesson whole once every simulation in it has drawn itself.

        A chart simulation computes its first summary in a thread and wraps its labels at its first
        resize, and grows each time: a key typed ahead (`end`) that acted before would leave the
        student short of the end. `on_simulation_drawn` calls this again; after WAIT_LIMIT the
        lesson is whole anyway (a computation that never ends must not hold the keys back).
        """
        if shown != self._shown or shown != self._mounted or not self.is_attached or self._whole.is_set():
            return  # not all mounted yet: `_mount_rest` calls this when it is
        if any(not simulation.is_drawn() for simulation in self.query_one("#body").query(Simulation)):
            if self._drawing != shown:
                self._drawing = shown
                self.set_timer(WAIT_LIMIT, partial(self._became_whole, shown))
            return
        self.call_after_refresh(self._became_whole, shown)

    def on_simulation_drawn(self, _event: Simulation.Drawn) -> None:
        self._whole_once_drawn(self._shown)

    def _became_whole(self, shown: int) -> None:
        if shown != self._shown or not self.is_attached or self._whole.is_set():
            return
        self.query_one("#body").styles.scrollbar_visibility = "visible"
        if not self.lesson.quizzes:  # a quiz's blocks grow with the student's answers, not by themselves
            self._anchor_until = monotonic() + SETTLE_TIME * 4
        if self._built_in != {self.lang}:
            self._apply_language(self.lang)  # `l` was pressed while the lesson was being made
        if self._place is not None and self._target == self.index:
            place, self._place = self._place, None
            self.show_place(place)
        self._whole.set()
        self._check_settled()
        self._scrolled(self.query_one("#body").scroll_y)
        # The whole lesson is on screen: collect while the student reads it.
        self.call_after_refresh(collect_and_freeze)
        self._import_neighbours()

    def _import_neighbours(self) -> None:
        """Import the simulations of the lessons before and after this one, in a thread, while the
        student reads: the first one loads numpy and plotext (0.2 s and more), which made the first
        screen of the next lesson wait when it was imported as that lesson was being mounted. Next to
        a quiz, which counts its questions in words, load the language's plural rules (Babel, ~15 ms)."""
        lessons = self.module.lessons
        neighbours = [lessons[index] for index in (self.index - 1, self.index + 1) if 0 <= index < len(lessons)]
        names = [block.name for lesson in neighbours for block in lesson.blocks if isinstance(block, WidgetBlock)]
        modules = unimported_widgets(names)
        if modules:
            # A module that fails to import fails again, contained, where its lesson shows it.
            self.run_worker(partial(import_modules, modules), thread=True, group="imports", exit_on_error=False)
        if any(lesson.quizzes for lesson in neighbours):
            self.run_worker(partial(prepare_plurals, self.lang), thread=True, group="imports", exit_on_error=False)

    def _first_screenful(self) -> int:
        """How many body widgets fill the first screen, by an estimate that errs towards too many.

        A block counts as many rows as its plain text would take if no line wrapped early.
        """
        return 1 + first_screenful(self._estimated_heights(), self.app.size.height - TITLE_ROWS)

    def _estimated_heights(self) -> Iterator[int]:
        """The rows each block takes at least, in order, each estimated when read: those of its plain
        text if no line wrapped early, and a margin."""
        width = max(self.query_one("#body").content_size.width or self.app.size.width, 20)
        for block in self.lesson.blocks:
            yield 1 + sum(max(1, len(line) // width) for line in block_lines(block, self.lang, self.messages))

    def _rows_left(self, block: Block) -> int:
        """The rows of the first screen left where `block` starts, by the estimate of `_first_screenful`."""
        above = islice(self._estimated_heights(), self.lesson.blocks.index(block))
        return self.app.size.height - TITLE_ROWS - sum(above)

    def _widget_makers(self) -> list[Callable[[], Widget]]:
        """What the body shows, in order, each made when it is mounted (in the language of then)."""
        makers: list[Callable[[], Widget]] = [
            lambda: Static(Text(self.lesson.title.get(self.lang)), classes="lesson-title")
        ]
        makers.extend(partial(self._block_widget, block) for block in self.lesson.blocks)
        if self.lesson.references:
            makers.append(lambda: Static(self._references(), classes="references"))
        makers.extend(self.exercise_makers(self.lesson.id))
        makers.append(lambda: Static(self._next_hint(), classes="next-hint"))
        return makers

    def _block_widget(self, block: Block) -> Widget:
        try:
            rows = self._rows_left(block) if isinstance(block, QuizBlock) else None
            return block_widget(block, self.tutor.glyphs, rows)
        except Exception as error:  # noqa: BLE001 — one block failing must not take the lesson down
            from tutor.system.errorlog import log_exception

            return ErrorPanel(block.kind, error, log_exception(error, f"creating a {block.kind} block"), self.messages)

    def _references(self) -> RenderableType:
        """The heading, then one reference a row, wrapped beside its bullet (as the lists of a lesson)."""
        from rich.console import Group

        bullet = self.tutor.glyphs.bullet
        references = hanging_rows((bullet, reference) for reference in self.lesson.references)
        return Group(Text(self.messages("ui.references"), "bold"), references, "")

    def _next_hint(self) -> Text:
        if self.index + 1 < len(self.tutor.sequence):
            following = self.tutor.sequence[self.index + 1][1].title.get(self.lang)
            return Text(self.messages("ui.next_hint", title=following))
        if self.module.next is None:  # nothing named after this module: no dangling "Next:"
            return Text(self.messages("ui.end_of_module"))
        return Text(self.messages("ui.end_of_course", next=self.module.next.get(self.lang)))

    def _refresh_labels(self) -> None:
        lang = self.lang
        header = self.messages(
            "ui.lesson_header",
            number=self.module.number,
            total=self.tutor.course.total_modules,
            title=TITLE,
            position=self.module.lesson_index(self.lesson.id) + 1,
            count=len(self.module.lessons),
            lang=lang.upper(),
        )
        self.query_one("#lesson-header", TitleBar).set_formatted(header, self.lesson.title.get(lang))
        self._refresh_contents()

    def _refresh_contents(self) -> None:
        """Fill the contents panel, if it is shown (else it is filled when it is: see `_show_contents`)."""
        contents = self.query_one(LessonList)
        if contents.display:
            contents.show(self.messages, self.tutor.progress.lesson_state, f"{self.module.id}/{self.lesson.id}")

    def _show_contents(self, shown: bool) -> None:
        for contents in self.query("#contents"):  # none once the screen is being removed
            hidden, contents.display = not contents.display, shown
            if shown and hidden:
                self._refresh_contents()

    def language_changed(self) -> None:
        # Called before the lesson's own widgets (blocks, simulations, the quiz) redraw themselves.
        if not self._opened.is_set():
            return  # the first lesson is being made: in the new language
        if self._search is not None:
            self._end_search(self.messages("find.search_ended_language"))
        self._refresh_labels()
        if self._whole.is_set() and not self._changing.locked():
            self._apply_language(self.lang)
        # else: the lesson being shown is relabelled once it is whole (see `_became_whole`)

    def _apply_language(self, lang: str) -> None:
        """Show the screen's own parts of the lesson in `lang`, keeping the block at the top of the body in place."""
        self._built_in = {lang}
        body = self.query_one("#body", VerticalScroll)
        anchor = next((child for child in body.children if child.region.bottom > body.region.y), None)
        body.query_one(".lesson-title", Static).update(Text(self.lesson.title.get(lang)))
        for hint in body.query(".next-hint").results(Static):
            hint.update(self._next_hint())
        for references in body.query(".references").results(Static):
            references.update(self._references())
        self._refresh_labels()
        if anchor is not None:
            offset = body.scroll_y - anchor.virtual_region.y
            self._keep_scrolled_to(lambda: anchor.virtual_region.y + offset)

    def _keep_scrolled_to(self, target: Callable[[], float]) -> None:
        """Scroll to `target()` now and while the content is still being laid out.

        Blocks may still change height after mounting, so the body's height can settle a little later.
        """
        self._settle = target
        self._settle_until = monotonic() + WAIT_LIMIT
        self._apply_settle()
        self.call_after_refresh(self._apply_settle)
        self._settle_later()

    def _settle_later(self) -> None:
        """Stop keeping the place after SETTLE_TIME without the lesson changing size."""
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(SETTLE_TIME, self._stop_settling)

    def _apply_settle(self) -> None:
        if self._settle is not None:
            self.query_one("#body", VerticalScroll).scroll_to(y=self._settle(), animate=False)

    def _resized(self, _size: object) -> None:
        if self._at_end and self._settle is None and self._whole.is_set() and monotonic() < self._anchor_until:
            # Just after the lesson became whole, a block above grew (a simulation's first chart,
            # computed in a thread): the student who went to the end (`end` typed ahead) stays there.
            self.query_one("#body", VerticalScroll).scroll_end(animate=False, immediate=True)
        if self._settle is not None:
            self._apply_settle()
            if monotonic() < self._settle_until:
                self._settle_later()  # a block laid itself out again (a comparison that stacked its sides)
        if self._whole.is_set():
            self.call_after_refresh(self._check_end_seen)

    def _stop_settling(self) -> None:
        if not self._whole.is_set() and self.is_attached and monotonic() < self._settle_until:
            self._settle_later()  # the lesson is still being made: keep the place
            return
        self._settle = None

    def _scrolled(self, scroll_y: float) -> None:
        if not self._whole.is_set():
            return  # the range is that of the first screenful: nothing to save or see yet
        body = self.query_one("#body", VerticalScroll)
        self._fraction = round(min(scroll_y / body.max_scroll_y, 1.0), 4) if body.max_scroll_y else 0.0
        self._at_end = body.max_scroll_y > 0 and scroll_y >= body.max_scroll_y
        self._top = block_at(body, scroll_y)
        self.call_after_refresh(self._check_end_seen)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, lambda: self._save_position(self.index))

    def _check_end_seen(self) -> None:
        """Complete the lesson if its own last line is on screen (called once a frame is drawn)."""
        if self.lesson.quizzes or not self._whole.is_set() or not self.is_current:
            return
        if self.end_on_screen():
            self._complete()

    def end_on_screen(self) -> bool:
        """Whether the last line of the lesson itself (before the hint to the next one) is on screen."""
        body = self.query_one("#body", VerticalScroll)
        parts = [widget for widget in body.children if not widget.has_class("next-hint")]
        if not parts or not self._whole.is_set():
            return False
        last = parts[-1].content_region
        return body.scrollable_content_region.contains_region(Region(last.x, last.bottom - 1, last.width, 1))

    def _save_position(self, index: int) -> None:
        module, lesson = self.tutor.sequence[index]
        self.tutor.progress.set_position(module.id, lesson.id, self._fraction)

    def _complete(self) -> None:
        if self.tutor.progress.lesson_state(self.module.id, self.lesson.id) != "completed":
            self.tutor.progress.mark_completed(self.module.id, self.lesson.id)
            self._refresh_labels()

    def on_unmount(self) -> None:
        self._save_position(self.index)

    def action_next(self) -> None:
        if self._target + 1 >= len(self.tutor.sequence):
            self.tutor.tell(self.messages("ui.last_lesson"), timeout=3)
            return
        self.move_to(self._target + 1)

    def action_previous(self) -> None:
        if self._target == 0:
            self.tutor.tell(self.messages("ui.first_lesson"), timeout=3)
            return
        self.move_to(self._target - 1)

    def move_to(self, index: int, place: Place | None = None) -> None:
        """Show the lesson at `index` as soon as the screen can (the keys that read it wait for it),
        from `place` if given, else from its top (or where it is, if it is the lesson shown)."""
        self._target = index
        self._place = place
        if index == self.index and not self._changing.locked():
            if place is not None and self._whole.is_set():
                self._place = None
                self.show_place(place)
            self._check_settled()
            return
        self._settled.clear()
        if not self._changing.locked():
            self.call_later(self.go_to, index)
        # else: the change under way goes on to it

    def on_resize(self) -> None:
        if not self._contents_chosen:
            self._show_contents(self.app.size.width >= WIDE)
        self._lines_rewrapped()  # Textual has laid the screen out at its new size
        self.call_after_refresh(self._lines_rewrapped)  # and again if the contents were shown or hidden

    def action_toggle_contents(self) -> None:
        self._contents_chosen = True
        contents = self.query_one("#contents")
        self._show_contents(not contents.display)
        self.call_after_refresh(self._lines_rewrapped)
        (contents if contents.display else self.query_one("#body")).focus()

    def action_course_map(self) -> None:
        self.app.pop_screen()

    # Places, search and bookmarks

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        searching = self._search is not None
        if action in ("next", "course_map"):
            return not searching  # n and escape are the search's while it is active
        if action in ("next_match", "previous_match", "end_search"):
            return searching
        if action in ("bookmark", "bookmark_unlisted"):
            return self.lists_find_keys != (action == "bookmark_unlisted")
        return True

    @property
    def lists_find_keys(self) -> bool:
        """Whether the footer lists the search, glossary and bookmark keys: not while a simulation or a
        quiz question has the focus (their own keys need the room; the keys work all the same)."""
        focused = self.focused
        return focused is None or focused.id in ("body", "contents")

    def _part(self, block: int) -> Widget | None:
        """The body's widget showing `block` (`TITLE_BLOCK`: the title; `len(blocks)`: the references)."""
        children = list(self.query_one("#body", VerticalScroll).children)
        if block >= len(self.lesson.blocks):
            return next((child for child in children if child.has_class("references")), None) or (
                children[len(self.lesson.blocks)] if len(children) > len(self.lesson.blocks) else None
            )
        index = max(block, TITLE_BLOCK) + 1
        return children[index] if index < len(children) else None

    def _y_of(self, widget: Widget) -> float:
        """Where `widget` is in the body's scrolled content, in rows from its top."""
        body = self.query_one("#body", VerticalScroll)
        part = widget
        while part.parent is not body and isinstance(part.parent, Widget):
            part = part.parent
        return part.virtual_region.y + (widget.region.y - part.region.y)

    def show_place(self, place: Place) -> None:
        """Scroll the lesson shown (whole) to `place`; a place with highlighted words starts a search there."""
        body = self.query_one("#body", VerticalScroll)
        part = self._part(place.block)
        if part is None:
            return
        if place.text:
            from tutor.content.search import compile_query
            from tutor.screens.find_in_view import matches_in

            pattern = compile_query(place.text)
            if pattern is not None:
                if place.highlight:
                    self._start_search(place.text, part, place.occurrence)
                    if self._search is not None:
                        return
                found = matches_in(part, pattern)
                if found:
                    match = found[min(place.occurrence, len(found) - 1)]
                    self._scroll_to_line(match.widget, match.parts[0].row)
                    return
        self._keep_scrolled_to(lambda: self._y_of(part) + place.fraction * part.outer_size.height)
        body.focus()

    def _scroll_to_line(self, widget: Widget, row: int) -> None:
        """Bring a line of `widget` into view, a third of the way down the body (where the eye goes first)."""
        body = self.query_one("#body", VerticalScroll)
        self._keep_scrolled_to(lambda: max(self._y_of(widget) + row - max(body.size.height // 3, 1), 0))

    def _start_search(self, query: str, part: Widget | None = None, occurrence: int = 0) -> None:
        """Find `query` in the whole lesson as shown and go to its match number `occurrence` in `part`."""
        from tutor.content.search import compile_query
        from tutor.screens.find_in_view import matches_in

        pattern = compile_query(query)
        body = self.query_one("#body", VerticalScroll)
        if pattern is None:
            return
        found = [
            (child, match)
            for child in body.children
            if not child.has_class("next-hint")  # the next lesson's title, not this lesson's text
            for match in matches_in(child, pattern)
        ]
        if not found:
            self.tutor.tell(self.messages("find.search_not_here", query=query), timeout=4)
            return
        in_part = [index for index, (child, _match) in enumerate(found) if child is part]
        current = in_part[min(occurrence, len(in_part) - 1)] if in_part else 0
        self._search = LessonSearch(query, pattern, found, current)
        self.refresh_bindings()
        self._show_match()

    def _show_match(self) -> None:
        search = self._search
        if search is None:
            return
        _child, match = search.matches[search.current]
        self._highlight(search)
        self._scroll_to_line(match.widget, match.parts[0].row)
        messages = self.messages
        fields = {"query": search.query, "current": search.current + 1, "count": len(search.matches)}
        bar = self.query_one("#search-bar", Static)
        room = self.size.width - 2
        forms = [messages(f"find.searching_bar{size}", **fields) for size in ("", "_medium", "_short", "_tiny")]
        text = next((form for form in forms if len(form) <= room), forms[-1])
        bar.update(Text(text, no_wrap=True, overflow="ellipsis"))
        bar.add_class("-shown")

    def _highlight(self, search: LessonSearch | None) -> None:
        """Mark every match in the body's widgets (and the current one more), or nothing (None)."""
        from tutor.screens.find_in_view import SearchHighlight

        body = self.query_one("#body", VerticalScroll)
        if search is None:
            line_filter = None
        else:
            monochrome = self.app.has_class("-no-color") or self.tutor.glyphs.ascii
            line_filter = SearchHighlight(search.pattern, search.matches[search.current][1], monochrome)
        for widget in body.walk_children(Widget, with_self=False):
            if line_filter is None:
                widget.__dict__.pop("get_line_filters", None)
            else:
                # The widget's own filters, then the highlight: Textual asks each widget for them.
                widget.get_line_filters = partial(_with_filter, widget, line_filter)  # type: ignore[method-assign]  # this widget's own
            widget.refresh()

    def _end_search(self, notice: str | None = None) -> None:
        if self._search is None:
            return
        self._search = None
        self._highlight(None)
        for bar in self.query("#search-bar"):
            bar.remove_class("-shown")
        self.refresh_bindings()
        if notice:
            self.tutor.tell(notice, timeout=4)

    def _lines_rewrapped(self) -> None:
        """After a layout that may have given the body a new width (a resize, the contents shown or
        hidden): keep the search's matches, found again where they now are, or the place being read."""
        width = self.query_one("#body").size.width
        if width == self._body_width:
            return
        self._body_width = width
        if self._search is not None:
            self.call_after_refresh(self._find_again)
        elif self._whole.is_set():
            self._keep_place()

    def _keep_place(self) -> None:
        """Keep the place being read while the lines wrap again at a new width: the end if it was
        on screen, else the block at the top, as far down it; and the part of the lesson that has
        the focus (a simulation, a question: where the keys act) in view."""
        body = self.query_one("#body", VerticalScroll)
        at_end, top = self._at_end, self._top
        if not at_end and top is None:
            return
        focused = self.focused
        if focused is body or (focused is not None and body not in focused.ancestors):
            focused = None

        def target() -> float:
            if at_end or top is None:
                place: float = body.max_scroll_y
            else:
                block, within = top
                place = round(block.virtual_region.y + within * block.virtual_region.height)
            if focused is None:
                return place
            rows = body.scrollable_content_region.height
            return showing(place, self._y_of(focused), focused.outer_size.height, rows)

        self._keep_scrolled_to(target)

    def _find_again(self) -> None:
        search = self._search
        if search is None or not self.is_attached:
            return
        child, _match = search.matches[search.current]
        in_child = sum(1 for other, _ in search.matches[: search.current] if other is child)
        self._search = None
        self._start_search(search.query, child, in_child)

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        search = self._search
        if search is None:
            return
        after = search.current + step
        if not 0 <= after < len(search.matches):
            key = "find.search_wrapped_end" if step > 0 else "find.search_wrapped_start"
            self.tutor.tell(self.messages(key), timeout=3)
        search.current = after % len(search.matches)
        self._show_match()

    def action_end_search(self) -> None:
        self._end_search(self.messages("find.search_ended"))

    @property
    def search_query(self) -> str | None:
        """The words searched in this lesson, while the search is active."""
        return self._search.query if self._search else None

    def here(self) -> tuple[int, float]:
        """The place at the top of the body: (block, fraction of it above the top)."""
        body = self.query_one("#body", VerticalScroll)
        children = list(body.children)
        top = body.scroll_y
        for index, child in enumerate(children):
            y, height = child.virtual_region.y, child.outer_size.height
            if y + height > top:
                block = min(index - 1, len(self.lesson.blocks))
                return block, round(min(max((top - y) / height, 0.0), 1.0), 4) if height else 0.0
        return len(self.lesson.blocks), 1.0

    def action_bookmark(self) -> None:
        """Bookmark the place at the top of the screen, with a note (`b`)."""
        from tutor.screens.bookmark import BookmarkScreen

        block, fraction = self.here()
        module_id, lesson_id = self.module.id, self.lesson.id
        existing = next(
            (
                mark
                for mark in self.tutor.progress.bookmarks()
                if (mark["module"], mark["lesson"], mark["block"]) == (module_id, lesson_id, block)
            ),
            None,
        )

        def save(note: str | None) -> None:
            if note is None:
                return
            where = self.lesson.title.get(self.lang)
            if existing is not None:
                self.tutor.progress.note_bookmark(module_id, lesson_id, existing["id"], note)
                self.tutor.tell(self.messages("find.bookmark_updated"), timeout=4)
            else:
                self.tutor.progress.add_bookmark(module_id, lesson_id, block, fraction, self._fraction, note)
                self.tutor.tell(self.messages("find.bookmark_saved", where=where), timeout=4)
            self._refresh_labels()

        self.app.push_screen(BookmarkScreen(existing["note"] if existing else None), save)

    action_bookmark_unlisted = action_bookmark

    def action_page_down(self) -> None:
        self._settle = None
        self.query_one("#body", LessonBody).move_pages(1)

    def action_page_up(self) -> None:
        self._settle = None
        self.query_one("#body", LessonBody).move_pages(-1)

    def action_top(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_home()

    def action_bottom(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_end()

    @on(OptionList.OptionSelected, "#contents")
    def _lesson_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:  # every lesson's option has an id (a module's title is not selectable)
            self.move_to(self.tutor.lesson_position(event.option.id))

    def on_contained_crashed(self, event: Contained.Crashed) -> None:
        widget = event.widget
        if not isinstance(widget.parent, Widget):
            return  # already gone: the student moved on to another lesson
        panel = ErrorPanel(
            getattr(widget, "display_name", type(widget).__name__), event.error, event.log, self.messages
        )
        widget.parent.mount(panel, after=widget)
        widget.remove()
        self.call_after_refresh(self._whole_once_drawn, self._shown)  # a simulation that failed is not awaited

    def on_quiz_view_opened(self, event: QuizView.Opened) -> None:
        if not event.quiz_view.is_attached:
            return  # already gone: the student moved on to another lesson
        event.quiz_view.lesson_titles = {lesson.id: lesson.title for _, lesson in self.tutor.sequence}
        event.quiz_view.section_titles = {
            (lesson.id, section.id): section.title for _, lesson in self.tutor.sequence for section in lesson.sections
        }
        event.quiz_view.best = self._best_score(event.quiz_id)
        progress = self.tutor.progress
        event.quiz_view.restore(
            progress.draft(self.module.id, event.quiz_id), progress.draft_hints(self.module.id, event.quiz_id)
        )

    def on_quiz_view_scroll_to(self, event: QuizView.ScrollTo) -> None:
        body, first, last = self.query_one("#body", VerticalScroll), event.first, event.last
        if last is None:
            self._keep_scrolled_to(lambda: self._y_of(first))
            return

        def into_view() -> float:
            top, bottom = self._y_of(first), self._y_of(last) + last.outer_size.height
            return min(top, max(body.scroll_y, bottom - body.size.height))

        self._keep_scrolled_to(into_view)

    def on_quiz_view_answers_changed(self, event: QuizView.AnswersChanged) -> None:
        self.tutor.progress.keep_draft(self.module.id, event.quiz_id, event.answers, hints=event.hints)

    def on_quiz_view_checked(self, event: QuizView.Checked) -> None:
        questions = event.quiz_view.block.questions
        correct = [question.id for question in questions if event.answers.get(question.id) == question.answer]
        self.tutor.progress.record_attempt(
            self.module.id,
            event.quiz_id,
            event.answers,
            event.score,
            event.total,
            event.duration,
            correct=correct,
            hints=event.hints,
        )
        for question_id in event.answers:
            self.tutor.review_answer(
                question_id,
                correct=question_id in correct,
                seconds=event.seconds.get(question_id),
                helped=question_id in event.hints,
            )
        event.quiz_view.best = self._best_score(event.quiz_id)
        self._complete()

    def on_quiz_view_revisit_chosen(self, event: QuizView.RevisitChosen) -> None:
        """Open the lesson of a missed question at its section, over the quiz: escape comes back to it."""
        found = self.tutor.course.find_lesson(event.lesson_id)
        if found is None:
            return
        module, lesson = found
        place = section_place(lesson, event.section_id, self.lang)
        self.app.push_screen(LessonScreen(self.tutor.lesson_position(f"{module.id}/{lesson.id}"), place=place))

    def _best_score(self, quiz_id: str) -> int | None:
        best = self.tutor.progress.best_score(self.module.id, quiz_id)
        return None if best is None else best[0]


def _with_filter(widget: Widget, line_filter: LineFilter) -> list[LineFilter]:
    return [*type(widget).get_line_filters(widget), line_filter]


@dataclass
class LessonSearch:
    """A search gone through in a lesson: its matches as drawn, and the one shown."""

    query: str
    pattern: re.Pattern[str]
    matches: list[tuple[Widget, ViewMatch]]
    """(the body's widget it is in, the match), in reading order."""
    current: int


def prepare_plurals(lang: str) -> None:
    """Load the plural rules of `lang` ahead of need (a thread calls it)."""
    from tutor.text.formats import plural_form

    plural_form(lang, 0)


def showing(top: float, y: float, height: int, rows: int) -> float:
    """The scroll offset nearest `top` that shows the part `height` rows tall from row `y` (its top at
    least, when it is taller than the `rows` shown)."""
    if y < top:
        return y
    return max(top, y + min(height, rows) - rows)


def block_at(body: VerticalScroll, y: float) -> tuple[Widget, float] | None:
    """The child of `body` at line `y` of its content, and how far down it `y` is (a share of its height)."""
    for child in body.children:
        region = child.virtual_region
        if region.bottom > y:
            return child, (y - region.y) / region.height if region.height else 0.0
    return None
