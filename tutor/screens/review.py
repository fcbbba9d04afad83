"""The review screen: the due cards one at a time, the longest overdue first, then a summary.

Each answer is shown with the quiz's feedback and rated at once (see `tutor.review.scheduler`):
the screen records it in the question's history and stores the rescheduled card. `h` shows the
question's hint and `g` opens its lesson over the review, at the section the question is about;
a right answer after either counts as Hard. After a right answer the student may say how it
went, as Anki lets them: `a` "I guessed" (Again), `e` "it took effort" (Hard). When nothing is due,
`r` reviews ahead: the cards due soonest. `s` shows the review statistics.
"""

from __future__ import annotations

import asyncio
import random
from typing import cast
from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.content.model import Lesson, Module, Section
from tutor.text.i18n import Messages
from tutor.review.deck import cards_of, due_now, due_soonest, due_time, first_due, next_due
from tutor.review.wording import next_due_text
from tutor.text.formats import duration, relative
from tutor.content.place import Place
from tutor.screens.lesson import LessonScreen
from tutor.screens.base import ReadyWhenShown, TutorScreen
from tutor.screens.repaint import Repainting
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.quiz.question import QuestionView
from tutor.widgets.chrome.warning_bar import WarningBar


class ReviewScreen(Repainting, ReadyWhenShown, TutorScreen):
    """One review session of at most `limit` due cards.

    A card is replaced by the next one as a whole; a key waits until the card it acts on is
    mounted (see `until_ready`, which the app awaits before every action).
    """

    BINDINGS = [
        Binding("enter,n", "next_card", "keys.next_card"),
        Binding("g", "open_lesson", "keys.open_lesson"),
        Binding("a", "rerate(1)", "keys.guessed"),
        Binding("e", "rerate(2)", "keys.was_hard"),
        Binding("r", "review_ahead", "keys.review_ahead"),
        Binding("s", "statistics", "keys.statistics", show=False),  # on the map's bar; listed by ?
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
        self.hinted = False
        """Whether the hint of the card shown was shown before it was answered."""
        self.result: tuple[int, datetime] | None = None
        """The rating of the card shown and when it comes back, once it is answered."""
        self.rerated = False
        """Whether the student rated the answer shown themselves (`a`, `e`)."""
        self.ahead = False
        """Whether the session reviews ahead: cards not due yet, the soonest first."""
        self._answer: tuple[dict | None, datetime, float | None] | None = None
        """The card shown as stored before its answer, when it was answered, and in how many seconds."""
        self._dues: dict[str, datetime] = {}
        self._message: Callable[[Messages], str] | None = None
        """What is shown instead of a card (nothing due, or the summary), in a given language."""
        self._still_due = 0
        """After the summary: how many cards are due again (the session's limit left them out)."""
        self._random = random.Random()
        self._ready = asyncio.Event()
        """Set while a card (or a message) is shown whole; cleared while it is being replaced."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-header", markup=False)
        yield VerticalScroll(id="review-body")
        yield KeyBar(self.tutor.glyphs.ascii)
        yield WarningBar()

    async def on_mount(self) -> None:
        self._questions = self.tutor.course.questions()
        await self._start()

    def _cards(self) -> dict[str, dict]:
        return cards_of(self._questions, self.tutor.progress.card)

    async def _start(self, ahead: bool = False) -> None:
        now = self.tutor.clock()
        cards = self._cards()
        self.ahead = ahead and not due_now(cards, now)
        self.queue = due_soonest(cards, self.limit) if self.ahead else due_now(cards, now, self.limit)
        self._dues = {question_id: due_time(cards[question_id]) for question_id in self.queue}
        self.position = self.right = self._still_due = 0
        # Seeded by the session's start: the same under a frozen clock, different every session in use.
        self._random = random.Random(int(now.timestamp() * 1_000_000))
        if self.queue:
            await self._show_card()
        else:
            await self._show_message(self._nothing_due(cards, now))

    async def _show_card(self) -> None:
        question = self._questions[self.queue[self.position]][2]
        view = QuestionView(question, self.position + 1, self.tutor.glyphs)
        view.order = tuple(self._random.sample(range(len(question.options)), len(question.options)))
        self.helped = self.hinted = self.rerated = False
        self.result, self._message, self._answer = None, None, None
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
            due = first_due(cards)
            ahead = len(due_soonest(cards, self.limit))

            def nothing_due(messages: Messages) -> str:
                lines = [messages("review.nothing_due", when=next_due_text(due, now, messages))]
                if ahead:
                    lines.append(messages.plural("review.ahead_offer", ahead))
                return "\n".join(lines)

            return nothing_due
        with_quiz = [(module, lesson) for module, lesson in self.tutor.sequence if lesson.quizzes]
        if not with_quiz:
            return lambda messages: messages("review.no_questions")
        module, lesson = with_quiz[0]
        number = module.lesson_index(lesson.id) + 1
        return lambda messages: messages("review.no_cards", number=number, title=lesson.title.get(messages.lang))

    async def _finish(self) -> None:
        now = self.tutor.clock()
        cards = self._cards()
        self._still_due = still_due = len(due_now(cards, now))
        right, count, due = self.right, len(self.queue), next_due(cards)

        ahead = len(due_soonest(cards, self.limit))

        def summary(messages: Messages) -> str:
            lines = [messages.plural("review.summary", right, total=count)]
            if still_due:
                lines.append(messages.plural("review.still_due", still_due))
            elif due is not None:
                lines.append(messages("review.next_due", when=next_due_text(due, now, messages)))
                if ahead:
                    lines.append(messages.plural("review.ahead_offer", ahead))
            return "\n".join(lines)

        self.queue = []
        await self._show_message(summary)

    def _draw(self) -> None:
        messages = self.messages
        self.query_one("#review-header", Static).update(Text(self._header(messages), no_wrap=True))
        if self._message is not None:
            lines = [self._message(messages), messages("review.back")]
            self.query_one(".review-message", Static).update(Text("\n\n".join(lines)))
        else:
            self.query_one(".review-lesson", Static).update(Text(self._lesson_line(messages)))
            self.query_one(".review-after", Static).update(Text(self._after_line(messages)))
        self.refresh_bindings()

    def _header(self, messages: Messages) -> str:
        if self._message is not None:
            return messages("review.title")
        now, due = self.tutor.clock(), self._dues[self.queue[self.position]]
        if self.ahead:
            key, when = "review.header_ahead", relative(due, now, messages.lang)
            return messages(key, position=self.position + 1, count=len(self.queue), when=when)
        waiting = duration(now - due, messages.lang)
        return messages("review.header", position=self.position + 1, count=len(self.queue), waiting=waiting)

    def _lesson_line(self, messages: Messages) -> str:
        module, lesson, section = self._lesson()
        title = lesson.title.get(self.lang)
        if section is not None:
            title = messages("quiz.revisit_section", lesson=title, section=section.title.get(self.lang))
        line = messages("review.lesson", title=title)
        if self.result is None and (self.helped or self.hinted):
            line += "\n" + messages("review.helped" if self.helped else "review.hinted")
        return line

    def _after_line(self, messages: Messages) -> str:
        if self.result is None:
            return ""
        rating, due = self.result
        when = next_due_text(due, self.tutor.clock(), messages)
        key = f"review.rated_yourself_{int(rating)}" if self.rerated else "review.rated"
        rated = messages(key, rating=messages(f"review.rating_{int(rating)}"), when=when)
        lines = [rated]
        choices = [
            key for key, rating in (("review.guessed_key", 1), ("review.hard_key", 2)) if self._may_rerate(rating)
        ]
        if choices:
            lines.append(
                messages("review.rerate", choices=messages("review.or").join(messages(key) for key in choices))
            )
        more = self.position + 1 < len(self.queue)
        lines.append(messages("review.next" if more else "review.last"))
        return "\n".join(lines)

    def _lesson(self) -> tuple[Module, Lesson, Section | None]:
        """The lesson linked to the card shown: the one to revisit (at its section, if the question names
        one), else the one its quiz is in."""
        module, lesson, question = self._questions[self.queue[self.position]]
        found = question.lesson and self.tutor.course.find_lesson(question.lesson)
        if not found:
            return module, lesson, None
        return (*found, found[1].section(question.section) if question.section else None)

    def _may_rerate(self, rating: int) -> bool:
        """Whether the answer shown was right and may be rated `rating` by the student (not rated so already)."""
        if self.result is None or self._answer is None:
            return False
        view = self.query_one(QuestionView)
        return view.is_correct and int(self.result[0]) != rating

    def language_changed(self) -> None:
        if self._ready.is_set():  # else the card being shown is drawn in the new language
            self._draw()

    def on_question_view_hinted(self, event: QuestionView.Hinted) -> None:
        event.stop()
        self.hinted = True
        self._draw()

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        event.stop()
        view = event.question_view
        if view.revealed:
            return
        view.revealed = True
        question_id, correct, now = view.question.id, view.is_correct, self.tutor.clock()
        self.tutor.progress.record_answer(question_id, event.option, correct, when=now, hint=self.hinted)
        self._answer = (self.tutor.progress.card(question_id), now, view.answer_seconds)
        self.result = self.tutor.review_answer(
            question_id, correct=correct, seconds=view.answer_seconds, helped=self.helped or self.hinted, now=now
        )
        self.right += correct
        self._draw()
        self._show_after()

    def _show_after(self) -> None:
        after = self.query_one(".review-after", Static)
        self.call_after_refresh(lambda: after.scroll_visible(animate=False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_card":
            return self.result is not None or self._still_due > 0
        if action == "open_lesson":
            return self._message is None
        if action == "rerate":
            return self._may_rerate(int(cast(int, parameters[0])))
        if action == "review_ahead":
            return self._message is not None and self._still_due == 0 and bool(self._cards()) and self._ahead_possible()
        return True

    def _ahead_possible(self) -> bool:
        cards = self._cards()
        return not due_now(cards, self.tutor.clock()) and bool(due_soonest(cards, 1))

    def action_rerate(self, rating: int) -> None:
        """Rate the right answer shown as the student says it went: 1 "I guessed" (Again), 2 "it took effort" (Hard)."""
        if self._answer is None:  # not answered (the key is offered only once it is: `check_action`)
            return
        before, answered_at, seconds = self._answer
        question_id = self.queue[self.position]
        due = self.tutor.rerate_answer(question_id, before, rating, answered_at=answered_at, seconds=seconds)
        self.result, self.rerated = (rating, due), True
        self._draw()
        self._show_after()

    async def action_review_ahead(self) -> None:
        await self._start(ahead=True)

    def action_statistics(self) -> None:
        from tutor.screens.review_stats import ReviewStatsScreen

        self.app.push_screen(ReviewStatsScreen())

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
        module, lesson, section = self._lesson()
        place = Place(section.block, section.title.get(self.lang)) if section is not None else None
        self.app.push_screen(LessonScreen(self.tutor.lesson_position(f"{module.id}/{lesson.id}"), place=place))

    def action_course_map(self) -> None:
        self.app.pop_screen()
