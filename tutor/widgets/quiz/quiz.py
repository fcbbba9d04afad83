"""A quiz block: every question of the quiz in the lesson, checked together, then retaken.

`h` on a question shows its hint. `c` (or the button) checks: each question shows its verdict
and explanations, and a summary gives the score with the course page's three bands and the
places to revisit, one link per lesson section of the missed questions (`RevisitChosen`); `w`
goes to the first question missed, then to the next. `r` (or the same button) retakes with the
options shuffled. The quiz posts `QuizView.Checked`; the screen records the attempt. It asks the screen to
scroll (`QuizView.ScrollTo`), which keeps the place while the revealed questions change height.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tutor.content import model as m
from tutor.text.glyphs import Glyphs
from tutor.text.i18n import Messages
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.chrome.hanging import hanging_rows
from tutor.widgets.chrome.language import Localised
from tutor.widgets.quiz.question import QuestionView
from tutor.widgets.quiz.screenful import first_screenful


def percent_of(score: int, total: int) -> int:
    """`score` out of `total` in percent, rounded half up as the course page did (Math.round)."""
    return (200 * score + total) // (2 * total)


def band_of(percent: int) -> str:
    """The page's band for a rounded percentage: "excellent" (≥ 80), "good" (≥ 60) or "review"."""
    if percent >= 80:
        return "excellent"
    return "good" if percent >= 60 else "review"


def shuffled(order: tuple[int, ...], rng: random.Random) -> tuple[int, ...]:
    """A permutation of `order` that differs from it (when it has two items or more)."""
    if len(order) < 2:
        return order
    while True:
        candidate = list(order)
        rng.shuffle(candidate)
        if tuple(candidate) != order:
            return tuple(candidate)


class QuizView(Localised, Contained, Vertical):
    """The questions of a quiz block, a check/retake button, and the score once checked.

    The questions that fit on the screen are mounted with the quiz, the others (and the button,
    score and links after them) just after its first paint: a quiz has many, and mounting them
    all at once made the lesson slow to open.
    """

    BINDINGS = [
        Binding("c", "check", "keys.check"),
        Binding("r", "retake", "keys.retake"),
        Binding("w", "next_mistake", "keys.next_mistake"),
    ]

    DEFAULT_CSS = """
    QuizView { height: auto; border: round $accent; border-title-style: bold; padding: 0 1; margin: 1 0; }
    QuizView > .quiz-intro { color: $text-muted; margin: 0 0 1 0; }
    QuizView > .quiz-actions { height: auto; }
    QuizView .quiz-progress { width: 1fr; padding: 0 2; color: $text-muted; }
    QuizView > .quiz-summary { margin: 1 0 0 0; padding: 0 1; }
    QuizView > .quiz-summary.-excellent { background: $success-muted; }
    QuizView > .quiz-summary.-good { background: $warning-muted; }
    QuizView > .quiz-summary.-review { background: $error-muted; }
    /* The places to revisit are part of the page: not boxed to the screen's height, as an OptionList is. */
    QuizView > .quiz-revisit { height: auto; max-height: initial; margin: 0 0 0 0; border: none; padding: 0 1; }
    QuizView > .quiz-revisit:focus { border-left: thick $accent; padding: 0 1 0 0; }
    """

    checked = reactive(False, init=False, bindings=True)
    """Whether the answers are checked (the feedback and the score are shown)."""
    best: reactive[int | None] = reactive(None, init=False)
    """The best score recorded for this quiz (the screen sets it, also after a check), if any."""

    class Opened(Message):
        """The quiz is shown; the screen may set its `lesson_titles` and `best`."""

        def __init__(self, quiz_view: QuizView) -> None:
            super().__init__()
            self.quiz_view = quiz_view
            self.quiz_id = quiz_view.block.id

        @property
        def control(self) -> QuizView:
            return self.quiz_view

    class AnswersChanged(Message):
        """An option was chosen, or a hint shown, before checking; `answers` are all the choices so far,
        `hints` the questions whose hint was shown."""

        def __init__(self, quiz_view: QuizView, answers: dict[str, int], hints: list[str] | None = None) -> None:
            super().__init__()
            self.quiz_view = quiz_view
            self.quiz_id = quiz_view.block.id
            self.answers = answers
            self.hints = hints or []

        @property
        def control(self) -> QuizView:
            return self.quiz_view

    class Checked(Message):
        """The student checked the answers.

        Attributes:
            quiz_id: The quiz block's id.
            answers: Chosen option (index of the original option order) by question id;
                unanswered questions are absent.
            score: Number of right answers.
            total: Number of questions.
            duration: Seconds from the first focus on the quiz (or the retake) to the check.
            seconds: By question id, seconds from the question's first focus to its answer,
                where that was measured.
            hints: The questions whose hint was shown before the check, in the quiz's order.
        """

        def __init__(self, quiz_view: QuizView, answers: dict[str, int], score: int, duration: float) -> None:
            super().__init__()
            self.quiz_view = quiz_view
            self.quiz_id = quiz_view.block.id
            self.answers = answers
            self.score = score
            self.total = len(quiz_view.block.questions)
            self.duration = duration
            self.seconds = {
                view.question.id: view.answer_seconds
                for view in quiz_view.questions
                if view.chosen is not None and view.answer_seconds is not None
            }
            self.hints = quiz_view.hints

        @property
        def control(self) -> QuizView:
            return self.quiz_view

    class ScrollTo(Message):
        """Bring the parts of the quiz from `first` to `last` into view, as much as fits but always the top of
        `first` (without `last`: `first` at the top of the view), and keep them there while the questions above
        change height (a check reveals their corrections over several frames)."""

        def __init__(self, quiz_view: QuizView, first: Widget, last: Widget | None = None) -> None:
            super().__init__()
            self.quiz_view = quiz_view
            self.first = first
            self.last = last

        @property
        def control(self) -> QuizView:
            return self.quiz_view

    class RevisitChosen(Message):
        """The student chose a place to revisit: `lesson_id`, at its heading `section_id` (None: its top)."""

        def __init__(self, quiz_view: QuizView, lesson_id: str, section_id: str | None) -> None:
            super().__init__()
            self.quiz_view = quiz_view
            self.lesson_id = lesson_id
            self.section_id = section_id

        @property
        def control(self) -> QuizView:
            return self.quiz_view

    def __init__(
        self,
        block: m.QuizBlock,
        glyphs: Glyphs,
        *,
        lesson_titles: Mapping[str, m.Localized] | None = None,
        section_titles: Mapping[tuple[str, str], m.Localized] | None = None,
        seed: int | None = None,
        rows: int | None = None,
    ) -> None:
        """Args:
        block: The quiz shown.
        glyphs: The characters to draw with.
        lesson_titles: Title by lesson id, to name the lessons to revisit (else their ids).
        section_titles: Title by (lesson id, section id), to name the sections to revisit (else their ids).
        seed: Seed of the shuffles of a retake (None: unpredictable).
        rows: Rows of the first screen left where the quiz starts, if known (else the screen's height):
            the questions that start within them are mounted with the quiz.
        """
        super().__init__()
        self.block = block
        self._rows = rows
        self.glyphs = glyphs
        self.lesson_titles: Mapping[str, m.Localized] = dict(lesson_titles or {})
        self.section_titles: Mapping[tuple[str, str], m.Localized] = dict(section_titles or {})
        self._random = random.Random(seed)
        self._started: float | None = None
        self._draft: dict[str, int] = {}
        """The choices of an unfinished attempt being restored, for the questions not yet mounted."""
        self._mistake = -1
        """Which of the questions missed `w` went to last (-1: none since the check)."""
        self._draft_hints: set[str] = set()
        """The hints shown in an unfinished attempt being restored, for the questions not yet mounted."""
        self._later = list(enumerate(block.questions, 1))
        """The questions (with their numbers) that are not mounted yet."""
        self._mounting: AwaitMount | None = None
        self._tail_made = False
        """Whether the parts after the questions are made: with the first questions when all fit on the
        first screen, else with the rest of them, after the first paint."""

    def compose(self) -> ComposeResult:
        yield Static(classes="quiz-intro", markup=False)
        yield from self._question_views(self._first_screenful())
        if not self._later:
            yield from self._tail()

    def _tail(self) -> list[Widget]:
        """What follows the questions: the check button and the progress, the score, the places to revisit."""
        self._tail_made = True
        return [
            Horizontal(
                Button("", classes="quiz-button", variant="primary", compact=True),
                Static(classes="quiz-progress", markup=False),
                classes="quiz-actions",
            ),
            Static(classes="quiz-summary", markup=False),
            OptionList(classes="quiz-revisit", compact=True),
        ]

    def on_mount(self) -> None:
        self._draw()
        self.post_message(self.Opened(self))
        self.call_after_refresh(self.mount_all_questions)

    def _first_screenful(self) -> int:
        """How many questions start on the first screen, below the intro, by an estimate that errs towards
        too many: a line of text counts the rows it would take as wide as the screen, and no more."""
        width = max(self.app.size.width, 20)

        def rows(text: str) -> int:
            return sum(max(1, -(-len(line) // width)) for line in text.splitlines() or [""])

        lang = self.lang
        intro = rows(self._intro(self.messages)) + 1  # and its margin
        heights = (
            1 + rows(question.prompt.get(lang)) + sum(rows(option.text.get(lang)) for option in question.options)
            for _, question in self._later
        )
        return first_screenful(heights, (self.app.size.height if self._rows is None else self._rows) - intro)

    def _question_views(self, count: int) -> list[QuestionView]:
        """Views of the next `count` questions not yet mounted, with the choices being restored."""
        shown, self._later = self._later[:count], self._later[count:]
        views = []
        for number, question in shown:
            view = QuestionView(question, number, self.glyphs)
            option = self._draft.pop(question.id, None)
            if option is not None:
                view.set_reactive(QuestionView.cursor, view.order.index(option))
                view.set_reactive(QuestionView.chosen, option)
            if question.id in self._draft_hints and question.hint is not None:
                self._draft_hints.discard(question.id)
                view.set_reactive(QuestionView.hinted, True)
            views.append(view)
        return views

    async def mount_all_questions(self) -> None:
        """Mount the questions not mounted yet, and what follows them; returns once they all are
        (also when called again)."""
        if not self._tail_made and self.is_attached:
            self._mounting = self.mount_all([*self._question_views(len(self._later)), *self._tail()])
        if self._mounting is not None:
            await self._mounting
            self._show()

    def language_changed(self) -> None:
        self._show()

    def watch_checked(self) -> None:
        self._show()

    def watch_best(self) -> None:
        self._show()

    def on_descendant_focus(self) -> None:
        if self._started is None:
            self._started = time.monotonic()

    def on_question_view_answered(self) -> None:
        self._show()
        self.post_message(self.AnswersChanged(self, self.answers, self.hints))

    def on_question_view_hinted(self) -> None:
        self.post_message(self.AnswersChanged(self, self.answers, self.hints))

    @property
    def answers(self) -> dict[str, int]:
        """The chosen option (original index) of each answered question, by question id."""
        chosen = {view.question.id: view.chosen for view in self.questions if view.chosen is not None}
        return {**self._draft, **chosen}

    @property
    def hints(self) -> list[str]:
        """The questions whose hint is shown, in the quiz's order (those being restored included)."""
        shown = {view.question.id for view in self.questions if view.hinted} | self._draft_hints
        return [question.id for question in self.block.questions if question.id in shown]

    def restore(self, answers: dict[str, int], hints: list[str] | tuple[str, ...] = ()) -> None:
        """Choose again the options of an unfinished attempt, and show again the hints it showed (ids or
        options no longer valid are skipped)."""
        if self.checked:
            return
        later = {question.id: question for _, question in self._later}
        self._draft = {
            question_id: option
            for question_id, option in answers.items()
            if question_id in later and 0 <= option < len(later[question_id].options)
        }
        self._draft_hints = {question_id for question_id in hints if question_id in later and later[question_id].hint}
        for view in self.questions:
            option = answers.get(view.question.id)
            if option is not None and 0 <= option < len(view.order):
                view.cursor = view.order.index(option)
                view.chosen = option
            if view.question.id in hints and view.question.hint is not None:
                view.hinted = True
        self._show()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.checked:
            self.action_retake()
        else:
            await self.action_check()

    @property
    def questions(self) -> list[QuestionView]:
        """The question widgets, in the quiz's order."""
        return list(self.query_children(QuestionView))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check":
            return not self.checked
        if action == "retake":
            return self.checked
        if action == "next_mistake":
            return self.checked and any(not view.is_correct for view in self.questions)
        return True

    async def action_check(self) -> None:
        await self.mount_all_questions()
        questions = self.questions
        answers = self.answers
        score = sum(view.is_correct for view in questions)
        for view in questions:
            view.revealed = True
        self._mistake = -1
        self.checked = True
        now = time.monotonic()
        self.post_message(self.Checked(self, answers, score, now - (self._started or now)))
        # The summary, and the places to revisit under it when there are any.
        summary = self.query_one(".quiz-summary")
        self.post_message(
            self.ScrollTo(self, summary, self.query_one(".quiz-revisit") if self.places_to_revisit() else summary)
        )

    def action_next_mistake(self) -> None:
        """Go to the first question missed (wrong or unanswered) since the check, then to the next, round again."""
        missed = [view for view in self.questions if not view.is_correct]
        self._mistake = (self._mistake + 1) % len(missed)
        target = missed[self._mistake]
        target.focus(scroll_visible=False)
        self.post_message(self.ScrollTo(self, target))

    def action_retake(self) -> None:
        questions = self.questions
        for view in questions:
            view.reset(shuffled(view.order, self._random))
        self._draft_hints.clear()
        self.checked = False
        self._started = time.monotonic()
        questions[0].focus()

    def _show(self) -> None:
        # Not before its parts are composed, nor once it is being removed (a lesson left quickly).
        if self.is_mounted and self.is_attached and not self._closing and self.query_children(".quiz-intro"):
            self._draw()

    def _draw(self) -> None:
        messages = self.messages
        title = self.block.title.get(self.lang) if self.block.title else messages("quiz.title")
        self.border_title = Text(title)
        self.query_one(".quiz-intro", Static).update(Text(self._intro(messages)))
        if not self.query_children(".quiz-actions"):
            return  # mounted with the rest of the questions, then drawn
        label = messages("quiz.retake" if self.checked else "quiz.check")
        button = self.query_one(".quiz-button", Button)
        button.label = Content(label)
        button.refresh(layout=True)  # Button's label does not re-measure its `width: auto`
        self.query_one(".quiz-progress", Static).update(Text(self._progress(messages)))
        summary = self.query_one(".quiz-summary", Static)
        summary.display = self.checked
        revisit = self.query_one(".quiz-revisit", OptionList)
        if self.checked:
            self._show_summary(summary, messages)
            self._show_revisit(revisit, messages)
        revisit.display = self.checked and revisit.option_count > 0

    def _intro(self, messages: Messages) -> str:
        total = len(self.block.questions)
        questions = messages.plural("quiz.questions", total)
        key = "quiz.intro_hints" if any(question.hint for question in self.block.questions) else "quiz.intro"
        intro = messages(key, questions=questions, last=max(len(question.options) for question in self.block.questions))
        if self.best is None:
            return intro
        best = messages("quiz.best", score=self.best, total=total, percent=percent_of(self.best, total))
        return f"{intro}\n{best}"

    def _progress(self, messages: Messages) -> str:
        if self.checked:
            return ""
        answered = len(self.answers)
        return messages.plural("quiz.answered", answered, total=len(self.block.questions))

    def _show_summary(self, summary: Static, messages: Messages) -> None:
        questions = self.questions
        score, total = sum(view.is_correct for view in questions), len(questions)
        percent = percent_of(score, total)
        band = band_of(percent)
        for name in ("excellent", "good", "review"):
            summary.set_class(name == band, f"-{name}")
        given = getattr(self.block.verdicts, band, None)  # the course's own words, else the general ones
        verdict = given.get(messages.lang) if given is not None else messages(f"quiz.verdict_{band}")
        lines = [messages(f"quiz.band_{band}", score=score, total=total, percent=percent, verdict=verdict)]
        unanswered = [str(view.number) for view in questions if view.chosen is None]
        if unanswered:
            lines.append(messages.plural("quiz.unanswered", len(unanswered), numbers=", ".join(unanswered)))
        if any(not view.is_correct for view in questions):
            lines.append(messages("quiz.mistakes_key"))
        if self.places_to_revisit():
            lines.append(messages("quiz.revisit_links"))
        text = Text("\n".join(lines))
        text.stylize("bold", 0, len(lines[0]))
        summary.update(text)

    def places_to_revisit(self) -> list[tuple[str, str | None, list[int]]]:
        """(lesson id, section id or None, numbers of the questions missed there) of the missed questions
        that name a lesson, in quiz order, each place once."""
        places: dict[tuple[str, str | None], list[int]] = {}
        for view in self.questions:
            lesson = view.question.lesson
            if view.is_correct or lesson is None:
                continue
            places.setdefault((lesson, view.question.section), []).append(view.number)
        return [(lesson, section, numbers) for (lesson, section), numbers in places.items()]

    def _show_revisit(self, revisit: OptionList, messages: Messages) -> None:
        """One link per place to revisit: "Batch normalisation › Training and inference (questions 2, 5)"."""
        highlighted = revisit.highlighted
        revisit.clear_options()
        for lesson, section, numbers in self.places_to_revisit():
            title = self.lesson_titles[lesson].get(self.lang) if lesson in self.lesson_titles else lesson
            if section is not None:
                heading = self.section_titles.get((lesson, section))
                title = messages(
                    "quiz.revisit_section", lesson=title, section=heading.get(self.lang) if heading else section
                )
            where = messages.plural("quiz.revisit_questions", len(numbers), numbers=", ".join(map(str, numbers)))
            prompt = hanging_rows([(self.glyphs.bullet, f"{title} {where}")])  # a long place wraps beside its bullet
            revisit.add_option(Option(prompt, id=f"{lesson}#{section or ''}"))
        if revisit.option_count:
            revisit.highlighted = highlighted if highlighted is not None and highlighted < revisit.option_count else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        lesson, _, section = (event.option.id or "").partition("#")
        self.post_message(self.RevisitChosen(self, lesson, section or None))
