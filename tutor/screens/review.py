"""The review screen: the due cards one at a time, the longest overdue first, then a summary.

Each answer is shown with the quiz's feedback and rated at once (see `tutor.review.scheduler`):
the screen records it in the question's history and stores the rescheduled card. `g` opens the
question's lesson over the review; a right answer after that counts as Hard.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tutor.text.asciify import to_ascii
from tutor.content.model import Lesson, Module
from tutor.text.i18n import Messages
from tutor.review.deck import cards_of, due_now, due_of, next_due
from tutor.review.wording import next_due_text
from tutor.text.formats import duration
from tutor.screens.lesson import LessonScreen
from tutor.screens.repaint import Repainting
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.quiz.question import QuestionView
from tutor.widgets.chrome.warning_bar import WarningBar


class ReviewScreen(Repainting, Screen):
    """One review session of at most `limit` due cards.

    A card is replaced by the next one as a whole; a key waits until the card it acts on is
    mounted (see `until_ready`, which the app awaits before every action).
    """

    BINDINGS = [
        Binding("enter,n", "next_card", "keys.next_card"),
        Binding("g", "open_lesson", "keys.open_lesson"),
        Binding("escape", "course_map", "keys.course_map"),
    ]

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.queue: list[str] = []
        """The session's questions, by id, in the order they are asked."""
        self.position = 0
        self.right = 0
        self.helped = False
        """Whether the lesson of the card shown was opened before it was answered."""
        self.result: tuple[int, datetime] | None = None
        """The rating of the card shown and when it comes back, once it is answered."""
        self._dues: dict[str, datetime] = {}
        self._message: Callable[[Messages], str] | None = None
        """What is shown instead of a card (nothing due, or the summary), in a given language."""
        self._still_due = 0
        """After the summary: how many cards are due again (the session's limit left them out)."""
        self._random = random.Random()
        self._ready = asyncio.Event()
        """Set while a card (or a message) is shown whole; cleared while it is being replaced."""

    async def until_ready(self, action: str) -> None:
        """Return once the card or message the action acts on is shown (at most a few seconds)."""
        try:
            async with asyncio.timeout(3.0):
                await self._ready.wait()
        except TimeoutError:
            pass

    def compose(self) -> ComposeResult:
        yield Static(id="review-header", markup=False)
        yield VerticalScroll(id="review-body")
        yield KeyBar(self.app.lang, self.app.glyphs.ascii)
        yield WarningBar(self.app.glyphs.ascii)

    async def on_mount(self) -> None:
        self._questions = self.app.course.questions()
        self.watch(self.app, "lang", self._language_changed, init=False)
        await self._start()

    def _cards(self) -> dict[str, dict]:
        return cards_of(self._questions, self.app.progress.card)

    async def _start(self) -> None:
        now = self.app.clock()
        cards = self._cards()
        self.queue = due_now(cards, now, self.limit)
        self._dues = {question_id: due_of(cards[question_id]) for question_id in self.queue}
        self.position = self.right = self._still_due = 0
        # Seeded by the session's start: the same under a frozen clock, different every session in use.
        self._random = random.Random(int(now.timestamp() * 1_000_000))
        if self.queue:
            await self._show_card()
        else:
            await self._show_message(self._nothing_due(cards, now))

    async def _show_card(self) -> None:
        question = self._questions[self.queue[self.position]][2]
        view = QuestionView(question, self.position + 1, self.app.glyphs, self.app.lang)
        view.order = tuple(self._random.sample(range(len(question.options)), len(question.options)))
        self.helped, self.result, self._message = False, None, None
        notes = [Static(classes=name, markup=False) for name in ("review-lesson", "review-after")]
        await self._replace_body([view, *notes])
        view.focus()
        self._draw()
        self._ready.set()

    async def _show_message(self, message: Callable[[Messages], str]) -> None:
        self._message, self.result = message, None
        await self._replace_body([Static(classes="review-message", markup=False)])
        self.query_one("#review-body").focus()
        self._draw()
        self._ready.set()

    async def _replace_body(self, widgets: list) -> None:
        self._ready.clear()
        body = self.query_one("#review-body", VerticalScroll)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(widgets)

    def _nothing_due(self, cards: dict[str, dict], now: datetime) -> Callable[[Messages], str]:
        if cards:
            due = next_due(cards)
            return lambda messages: messages("review.nothing_due", when=next_due_text(due, now, messages))
        with_quiz = [(module, lesson) for module, lesson in self.app.sequence if lesson.quizzes]
        if not with_quiz:
            return lambda messages: messages("review.no_questions")
        module, lesson = with_quiz[0]
        number = module.lesson_index(lesson.id) + 1
        return lambda messages: messages("review.no_cards", number=number, title=lesson.title.get(messages.lang))

    async def _finish(self) -> None:
        now = self.app.clock()
        cards = self._cards()
        self._still_due = still_due = len(due_now(cards, now))
        right, count, due = self.right, len(self.queue), next_due(cards)

        def summary(messages: Messages) -> str:
            lines = [messages.plural("review.summary", right, total=count)]
            if still_due:
                lines.append(messages.plural("review.still_due", still_due))
            else:
                lines.append(messages("review.next_due", when=next_due_text(due, now, messages)))
            return "\n".join(lines)

        self.queue = []
        await self._show_message(summary)

    def _draw(self) -> None:
        messages = Messages(self.app.lang)
        self.query_one("#review-header", Static).update(Text(self._t(self._header(messages)), no_wrap=True))
        if self._message is not None:
            lines = [self._message(messages), messages("review.back")]
            self.query_one(".review-message", Static).update(Text(self._t("\n\n".join(lines))))
        else:
            self.query_one(".review-lesson", Static).update(Text(self._t(self._lesson_line(messages))))
            self.query_one(".review-after", Static).update(Text(self._t(self._after_line(messages))))
        self.query_one(KeyBar).lang = self.app.lang
        self.refresh_bindings()

    def _header(self, messages: Messages) -> str:
        if self._message is not None:
            return messages("review.title")
        waiting = duration(self.app.clock() - self._dues[self.queue[self.position]], messages.lang)
        return messages("review.header", position=self.position + 1, count=len(self.queue), waiting=waiting)

    def _lesson_line(self, messages: Messages) -> str:
        line = messages("review.lesson", title=self._lesson()[1].title.get(self.app.lang))
        if self.helped and self.result is None:
            line += "\n" + messages("review.helped")
        return line

    def _after_line(self, messages: Messages) -> str:
        if self.result is None:
            return ""
        rating, due = self.result
        when = next_due_text(due, self.app.clock(), messages)
        rated = messages("review.rated", rating=messages(f"review.rating_{int(rating)}"), when=when)
        more = self.position + 1 < len(self.queue)
        return f"{rated}\n{messages('review.next' if more else 'review.last')}"

    def _lesson(self) -> tuple[Module, Lesson]:
        """The lesson linked to the card shown: the one to revisit, else the one its quiz is in."""
        module, lesson, question = self._questions[self.queue[self.position]]
        return (question.lesson and self.app.course.find_lesson(question.lesson)) or (module, lesson)

    def _t(self, text: str) -> str:
        return to_ascii(text) if self.app.glyphs.ascii else text

    def _language_changed(self, lang: str) -> None:
        for view in self.query(QuestionView):
            view.lang = lang
        if self._ready.is_set():  # else the card being shown is drawn in the new language
            self._draw()

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        event.stop()
        view = event.question_view
        if view.revealed:
            return
        view.revealed = True
        question_id, correct = view.question.id, view.is_correct
        self.app.progress.record_answer(question_id, event.option, correct, when=self.app.clock())
        self.result = self.app.review_answer(
            question_id, correct=correct, seconds=view.answer_seconds, helped=self.helped
        )
        self.right += correct
        self._draw()
        after = self.query_one(".review-after", Static)
        self.call_after_refresh(lambda: after.scroll_visible(animate=False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_card":
            return self.result is not None or self._still_due > 0
        if action == "open_lesson":
            return self._message is None
        return True

    async def action_next_card(self) -> None:
        if self._message is not None:
            await self._start()
        elif self.position + 1 < len(self.queue):
            self.position += 1
            await self._show_card()
        else:
            await self._finish()

    def action_open_lesson(self) -> None:
        if self.result is None:
            self.helped = True
            self._draw()
        module, lesson = self._lesson()
        self.app.push_screen(LessonScreen(self.app.lesson_position(f"{module.id}/{lesson.id}")))

    def action_course_map(self) -> None:
        self.app.pop_screen()
