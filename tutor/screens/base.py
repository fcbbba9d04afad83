"""What every screen of the tutor shares: the app's services, typed, and the language shown.

Screens reach the course, the progress store and the tutor's actions through `self.tutor`, which
the type checker sees as `Tutor` (the app, `tutor.app.app.TutorApp`, provides it; screens may not
import the app, which imports them). `self.app` stays Textual's `App`, for what Textual does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, cast

from textual.screen import ModalScreen, Screen

from tutor.content.model import Course, Lesson, Module
from tutor.content.place import Place
from tutor.progress.api import ProgressTracker
from tutor.review.deck import Clock
from tutor.text.glyphs import Glyphs
from tutor.text.i18n import Messages
from tutor.widgets.chrome.language import Localised

if TYPE_CHECKING:
    from tutor.exercises.desk import Desk


class Tutor(Protocol):
    """The services the screens use, as the app provides them."""

    course: Course
    """The course taught (in ASCII under `--ascii`)."""
    progress: ProgressTracker
    """Where progress is kept: screens are its only callers."""
    glyphs: Glyphs
    """The characters to draw symbols with."""
    sequence: Sequence[tuple[Module, Lesson]]
    """Every lesson of the course, in order."""
    review_limit: int
    clock: Clock
    """The current time, timezone-aware (tests freeze it)."""
    exercise_desk: Desk | None
    """The course's exercises, made at their first use (`screens/desks.py`)."""

    @property
    def lang(self) -> str: ...

    @property
    def messages(self) -> Messages: ...

    def tell(self, message: str, **options: Any) -> None: ...

    def lesson_exists(self, module_id: str, lesson_id: str) -> bool: ...

    def lesson_position(self, option_id: str) -> int: ...

    def open_lesson(self, option_id: str, place: Place | None = None) -> None: ...

    def open_bookmark(self, bookmark: dict) -> None: ...

    def open_review(self) -> None: ...

    def review_answer(
        self,
        question_id: str,
        *,
        correct: bool,
        seconds: float | None,
        helped: bool = False,
        now: datetime | None = None,
    ) -> tuple[int, datetime]: ...

    def rerate_answer(
        self, question_id: str, before: dict | None, rating: int, *, answered_at: datetime, seconds: float | None
    ) -> datetime: ...


SCREENS_CSS = Path(__file__).with_name("screens.tcss")
"""The layout of every screen but those of the first frame (the app's `tutor.tcss`): Textual reads it
when the first screen that names it is shown, and the app while the student reads the course map."""


class TutorScreen(Localised, Screen[Any]):
    """A screen of the tutor: `self.tutor` for the app's services, `self.lang`/`self.messages` for its words."""

    CSS_PATH: ClassVar[Path | None] = SCREENS_CSS

    @property
    def tutor(self) -> Tutor:
        return cast(Tutor, self.app)


ResultType = TypeVar("ResultType")


class TutorModalScreen(Localised, ModalScreen[ResultType], Generic[ResultType]):
    """A screen shown over another (help, a dialogue, a too-small terminal), in the app's language."""

    CSS_PATH: ClassVar[Path | None] = SCREENS_CSS

    @property
    def tutor(self) -> Tutor:
        return cast(Tutor, self.app)


class ReadyWhenShown:
    """Mixed into a screen whose keys act on what it shows: the app awaits `until_ready` before each
    action, and the screen sets `_ready` once what it shows is whole (clearing it while replacing it)."""

    READY_WAIT = 3.0
    """Seconds a key waits at most (then it acts anyway)."""
    _ready: asyncio.Event

    async def until_ready(self, action: str) -> None:
        """Return once what the action acts on is shown, or after `READY_WAIT` seconds."""
        try:
            async with asyncio.timeout(self.READY_WAIT):
                await self._ready.wait()
        except TimeoutError:
            pass
