"""The quiz block: choosing, checking, the three score bands, retake, language and ASCII."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import random

import pytest
from rich.console import Console
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Static

from tests.conftest import FIXTURE_COURSE
from tests.support.fakes import MemoryProgress
from tests.support.helpers import READ_AS_SPACE, assert_ascii, until
from tutor.app.app import TutorApp
from tutor.screens.lesson import LessonScreen
from tutor.content import model as m
from tutor.content.loader import load_course
from tutor.text.glyphs import UNICODE
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.chrome.language import LocalisedApp
from tutor.widgets.quiz.question import QuestionView
from tutor.widgets.quiz.quiz import QuizView, band_of, percent_of, shuffled

SIZE = (80, 24)
COURSE = load_course(FIXTURE_COURSE)
RIGHT = {"q-third-1": 0, "q-third-2": 1, "q-third-3": 2, "q-third-4": 3, "q-third-5": 0}
"""The right option of each question of the fixture's 5-question quiz (lesson basics/third)."""


def make_app(progress: MemoryProgress | None = None, lang: str = "en", ascii_only: bool = False) -> TutorApp:
    return TutorApp(COURSE, lang, progress or MemoryProgress(), ascii_only=ascii_only)


async def open_quiz(pilot: Pilot) -> QuizView:
    pilot.app.open_lesson("basics/third")
    await pilot.pause()
    return pilot.app.screen.query_one(QuizView)


async def answer(pilot: Pilot, keys: list[str | None]) -> None:
    """Tab to each question in turn and press its key (None leaves it unanswered)."""
    for key in keys:
        await pilot.press("tab")
        if key is not None:
            await pilot.press(key)
    await pilot.pause()


def drawn(view: QuestionView) -> str:
    """Every line the question draws, on the screen or not; once revealed, the verdict comes after a blank line."""
    return "\n".join(view.render_line(y).text.rstrip() for y in range(view.content_size.height))


def verdicts(quiz: QuizView) -> list[str]:
    return [drawn(view).split("\n\n")[1].splitlines()[0] for view in quiz.questions]


def feedback(quiz: QuizView, number: int) -> str:
    return "\n".join(drawn(quiz.questions[number - 1]).split("\n\n")[1].splitlines()[1:])


def summary(quiz: QuizView) -> str:
    return str(quiz.query_one(".quiz-summary", Static).render()).translate(READ_AS_SPACE)


def places(quiz: QuizView) -> list[str]:
    """The links to the places to revisit, as listed under the summary."""
    revisit = quiz.query_one(".quiz-revisit", OptionList)
    if not revisit.display:
        return []
    console = Console(width=500, color_system=None)  # wide enough for a place not to wrap

    def drawn(prompt) -> str:
        with console.capture() as capture:
            console.print(prompt)
        return capture.get().strip().translate(READ_AS_SPACE)

    return [drawn(revisit.get_option_at_index(index).prompt) for index in range(revisit.option_count)]


MISTAKES = "w: go to the first question missed, then to the next"
REVISIT = "Lessons to revisit, each at its section (enter or a click):"


def summary_shown(quiz: QuizView) -> bool:
    return quiz.query_one(".quiz-summary").display


def key_bar(pilot: Pilot) -> str:
    return pilot.app.screen.query_one(KeyBar).render().plain


def screen_text(pilot: Pilot, where: Widget | Region) -> str:
    """What the screen shows in the visible part of a widget or region."""
    region = (where if isinstance(where, Region) else where.region).intersection(pilot.app.screen.region)
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]).translate(
        READ_AS_SPACE
    )


def test_percent_is_rounded_half_up_like_the_page() -> None:
    assert [percent_of(1, 8), percent_of(5, 8), percent_of(2, 3), percent_of(0, 5), percent_of(5, 5)] == [
        13,
        63,
        67,
        0,
        100,
    ]


def test_bands_use_the_rounded_percentage() -> None:
    assert [band_of(100), band_of(80), band_of(79), band_of(60), band_of(59), band_of(0)] == [
        "excellent",
        "excellent",
        "good",
        "good",
        "review",
        "review",
    ]
    assert band_of(percent_of(795, 1000)) == "excellent"  # 79.5 % rounds to 80 %


def test_shuffled_always_changes_the_order() -> None:
    rng = random.Random(3)
    for order in [(0, 1), (0, 1, 2, 3), (3, 1, 0, 2)]:
        for _ in range(50):
            new = shuffled(order, rng)
            assert new != order and sorted(new) == sorted(order)
    assert shuffled((0,), rng) == (0,)


async def test_number_keys_choose_and_c_checks_with_feedback() -> None:
    progress = MemoryProgress()
    async with make_app(progress).run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        await answer(pilot, ["1", "2", "3", "1", None])
        assert [view.chosen for view in quiz.questions] == [0, 1, 2, 0, None]
        assert "4/5 answered" in str(quiz.query_one(".quiz-progress", Static).render())
        assert progress.lesson_state("basics", "third") == "visited"
        await pilot.press("c")
        await pilot.pause()
        assert verdicts(quiz) == ["✓ Correct"] * 3 + ["✗ Incorrect", "? Unanswered"]
        fourth = quiz.questions[3]
        assert ["question--right" in fourth.option_classes(position) for position in range(4)] == [
            False,
            False,
            False,
            True,
        ]
        assert ["question--wrong" in fourth.option_classes(position) for position in range(4)] == [
            True,
            False,
            False,
            False,
        ]
        assert feedback(quiz, 4) == "Your answer (1): L2 acts on the weights.\nRight answer (4): The squared weights."
        assert feedback(quiz, 1) == "Right answer (1): The mean and standard deviation of the batch."
        assert summary(quiz).splitlines() == [
            "Good! 3/5 (60%) - Keep deepening your knowledge.",
            "Unanswered: question 5",
            MISTAKES,
            REVISIT,
        ]
        assert places(quiz) == ["• Third lesson (question 4)"]  # question 5 names no lesson
        (attempt,) = progress.attempts
        assert attempt["module"] == "basics" and attempt["quiz"] == "third-quiz"
        assert attempt["answers"] == {"q-third-1": 0, "q-third-2": 1, "q-third-3": 2, "q-third-4": 0}
        assert (attempt["score"], attempt["total"]) == (3, 5) and attempt["duration"] >= 0
        assert progress.lesson_state("basics", "third") == "completed"


@pytest.mark.parametrize(
    ("keys", "lines", "links"),
    [
        (
            ["2", "2", "3", "4", "1"],
            ["Excellent! 4/5 (80%) - You have mastered the basics!", MISTAKES, REVISIT],
            ["• First lesson › During training (question 1)"],
        ),
        (
            ["1", "2", "3", "1", "2"],
            ["Good! 3/5 (60%) - Keep deepening your knowledge.", MISTAKES, REVISIT],
            ["• Third lesson (question 4)"],
        ),
        (
            ["1", "2", "1", None, None],
            [
                "Needs review! 2/5 (40%) - Go back over the important sections.",
                "Unanswered: questions 4, 5",
                MISTAKES,
                REVISIT,
            ],
            ["• Third lesson (questions 3, 4)"],
        ),
        (
            ["4", "4", "4", "4", "4"],
            ["Needs review! 1/5 (20%) - Go back over the important sections.", MISTAKES, REVISIT],
            [
                "• First lesson › During training (question 1)",
                "• First lesson › At inference (question 2)",
                "• Third lesson (question 3)",
            ],
        ),
        (["1", "2", "3", "4", "1"], ["Excellent! 5/5 (100%) - You have mastered the basics!"], []),
    ],
    ids=["80-excellent", "60-good", "40-review", "20-review", "100"],
)
async def test_score_bands_and_places_to_revisit(keys: list[str | None], lines: list[str], links: list[str]) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        await answer(pilot, keys)
        await pilot.press("c")
        await pilot.pause()
        assert summary(quiz).splitlines() == lines
        assert places(quiz) == links
        band = {"Excellent!": "-excellent", "Good!": "-good", "Needs": "-review"}[lines[0].split()[0]]
        assert quiz.query_one(".quiz-summary").has_class(band)


async def test_arrows_move_between_options_and_questions_and_enter_chooses() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        first, second = quiz.questions[:2]
        await pilot.press("tab", "down", "enter")
        assert (first.cursor, first.chosen) == (1, 1)
        await pilot.press("down", "down", "down")
        assert pilot.app.focused is second and second.cursor == 0
        await pilot.press("down", "enter")
        assert second.chosen == 1
        await pilot.press("up", "up")
        assert pilot.app.focused is first and first.cursor == 3
        await pilot.press("enter")
        await pilot.pause()
        assert first.chosen == 3 and second.chosen == 1
        assert first.region.y >= quiz.screen.query_one("#body").region.y  # scrolled into view
        assert "▸" in screen_text(pilot, first.option_region(3))


async def test_up_at_the_first_option_scrolls_the_lesson_instead() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        await pilot.press("tab")
        body = pilot.app.screen.query_one("#body")
        body.scroll_to(y=3, animate=False)
        await pilot.pause()
        await pilot.press("up")
        await pilot.pause()
        assert pilot.app.focused is quiz.questions[0] and body.scroll_y < 3


async def test_the_option_under_the_cursor_is_scrolled_into_view() -> None:
    async with make_app().run_test(size=(80, 9)) as pilot:
        quiz = await open_quiz(pilot)
        await pilot.press("tab")
        first, body = quiz.questions[0], pilot.app.screen.query_one("#body")
        body.scroll_to(y=first.virtual_region.y, animate=False)
        await pilot.pause()
        assert not body.region.contains_region(first.option_region(3))
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert body.region.contains_region(first.option_region(3)) and "▸" in screen_text(pilot, first.option_region(3))


async def test_a_click_chooses_an_option_and_the_button_checks() -> None:
    progress = MemoryProgress()
    async with make_app(progress).run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        second = quiz.questions[1]
        second.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(offset=second.content_region.offset + (8, 0))  # the prompt: nothing chosen
        await pilot.pause()
        assert second.chosen is None
        await pilot.click(offset=second.option_region(2).offset + (8, 0))
        await pilot.pause()
        assert quiz.questions[1].chosen == 2 and pilot.app.focused is quiz.questions[1]
        button = quiz.query_one(".quiz-button")
        assert str(button.label) == "Check answers"
        button.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(button)
        await pilot.pause()
        assert quiz.checked and progress.attempts[0]["answers"] == {"q-third-2": 2}
        assert str(button.label) == "Retake (options shuffled)"
        assert feedback(quiz, 2).startswith("Your answer (3): That is normalisation.")


async def test_footer_shows_the_quiz_keys_for_the_state() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await open_quiz(pilot)
        await pilot.press("tab")
        bar = key_bar(pilot)
        # Every key that works fits at 80 columns: short labels, close spacing.
        assert "1-4 Pick " in bar and "h Hint " in bar and "c Check " in bar and "Retake" not in bar
        assert "n Next" in bar and "? Help" in bar and bar.rstrip().endswith("q Quit")
        assert pilot.app.screen.active_bindings["n"].binding.action == "next"  # the lesson keys still work
        await pilot.press("c")
        await pilot.pause()
        bar = key_bar(pilot)
        assert re.search(r"r +Retake ", bar) and "Choose" not in bar and "Check" not in bar
        assert re.search(r"w +Mistake ", bar)


async def test_retake_clears_and_shuffles_and_records_original_indices() -> None:
    progress = MemoryProgress()
    async with make_app(progress).run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        await answer(pilot, ["1", "1", "1", "1", "1"])
        await pilot.press("c", "r")
        await pilot.pause()
        assert not quiz.checked and not summary_shown(quiz)
        for view in quiz.questions:
            assert view.chosen is None and not view.revealed
            assert view.order != (0, 1, 2, 3) and sorted(view.order) == [0, 1, 2, 3]
        assert pilot.app.focused is quiz.questions[0]
        # Answer right everywhere but question 2, by the positions the options are now shown at.
        wanted = dict(RIGHT, **{"q-third-2": 3})
        keys = [str(view.order.index(wanted[view.question.id]) + 1) for view in quiz.questions]
        await pilot.press(keys[0])
        await answer(pilot, keys[1:])
        await pilot.press("c")
        await pilot.pause()
        assert progress.attempts[-1]["answers"] == wanted and progress.attempts[-1]["score"] == 4
        shown = quiz.questions[1].order.index(3) + 1
        assert feedback(quiz, 2).startswith(f"Your answer ({shown}): That is the optimiser.")
        assert progress.best_score("basics", "third-quiz") == (4, 5)
        assert "Best score so far: 4/5 (80%)" in str(quiz.query_one(".quiz-intro", Static).render())


class QuizApp(LocalisedApp):
    """The quiz block alone, as another screen (e.g. a review) would host it."""

    def __init__(self, block: m.QuizBlock, **options) -> None:
        super().__init__()
        self.block = block
        self.options = options

    def compose(self) -> ComposeResult:
        yield VerticalScroll(QuizView(self.block, UNICODE, **self.options))


def test_questions_with_as_many_options_share_their_bindings() -> None:
    """The `1` key shown as "1-3" for three options: one bindings map per number of options, not per question."""
    question = COURSE.modules[0].lessons[1].blocks[-1].questions[0]
    fewer = m.Question(**{**vars_of(question), "options": question.options[:2]})
    views = [QuestionView(question, 1, UNICODE), QuestionView(question, 2, UNICODE), QuestionView(fewer, 3, UNICODE)]
    shown = [view._bindings.key_to_bindings["1"][0].key_display for view in views]
    assert shown == [f"1-{len(question.options)}"] * 2 + ["1-2"]
    assert views[0]._bindings is views[1]._bindings and views[2]._bindings is not views[0]._bindings


def vars_of(record: object) -> dict:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}  # type: ignore[attr-defined]


async def test_quiz_alone_with_three_options_and_lesson_titles_given() -> None:
    block = COURSE.modules[0].lessons[1].blocks[-1]
    titles = {"first": m.Localized((("fr", "Première leçon"), ("en", "Lesson one")))}
    async with QuizApp(block, lesson_titles=titles).run_test(size=SIZE) as pilot:
        quiz = pilot.app.query_one(QuizView)
        await pilot.press("tab")
        assert pilot.app.screen.active_bindings["1"].binding.key_display == "1-3"
        await pilot.press("4")
        assert quiz.questions[0].chosen is None
        await pilot.press("3", "c")
        await pilot.pause()
        assert verdicts(quiz) == ["✗ Incorrect"]
        assert summary(quiz).splitlines() == [
            "Needs review! 0/1 (0%) - Go back over the important sections.",
            MISTAKES,
            REVISIT,
        ]
        assert places(quiz) == ["• Lesson one (question 1)"]


async def test_a_seed_makes_the_retake_shuffles_reproducible() -> None:
    block = COURSE.modules[0].lessons[2].blocks[-1]
    orders = []
    for _ in range(2):
        async with QuizApp(block, seed=7).run_test(size=SIZE) as pilot:
            quiz = pilot.app.query_one(QuizView)
            await pilot.press("tab", "c", "r")
            await pilot.pause()
            orders.append([view.order for view in quiz.questions])
    rng = random.Random(7)
    assert orders[0] == orders[1] == [shuffled((0, 1, 2, 3), rng) for _ in range(5)]


async def test_best_score_of_earlier_attempts_is_shown_on_opening() -> None:
    progress = MemoryProgress()
    progress.record_attempt("basics", "third-quiz", {"q-third-1": 0}, 1, 5, duration=12.0)
    async with make_app(progress).run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        await pilot.pause()
        assert "Best score so far: 1/5 (20%)" in str(quiz.query_one(".quiz-intro", Static).render())


async def test_language_switch_keeps_answers_and_translates_feedback() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        quiz = await open_quiz(pilot)
        await answer(pilot, ["1", "2"])
        await pilot.press("l")
        await pilot.pause()
        assert [view.chosen for view in quiz.questions[:2]] == [0, 1]
        assert str(quiz.query_one(".quiz-button").label) == "Vérifier les réponses"
        await answer(pilot, ["3", "1"])
        await pilot.press("c")
        await pilot.pause()
        assert verdicts(quiz)[3:] == ["✗ Incorrect", "? Sans réponse"]
        assert summary(quiz).splitlines()[0] == "Bien ! 3/5 (60 %) — Continuez à approfondir vos connaissances."
        await pilot.press("l")
        await pilot.pause()
        assert [view.chosen for view in quiz.questions] == [0, 1, 2, 0, None]
        assert verdicts(quiz)[3:] == ["✗ Incorrect", "? Unanswered"]
        assert feedback(quiz, 4).startswith("Your answer (1): L2 acts on the weights.")
        assert summary(quiz).splitlines()[0] == "Good! 3/5 (60%) - Keep deepening your knowledge."
        await pilot.press("l")
        await pilot.pause()
        assert summary(quiz).splitlines()[1:] == [
            "Sans réponse : question 5",
            "w : aller à la première question manquée, puis à la suivante",
            "Leçons à revoir, chacune à sa section (Entrée ou un clic) :",
        ]
        assert places(quiz) == ["• Troisième leçon (question 4)"]


async def test_ascii_mode_draws_only_ascii_in_the_quiz() -> None:
    async with make_app(lang="fr", ascii_only=True).run_test(size=(80, 80)) as pilot:
        quiz = await open_quiz(pilot)
        await answer(pilot, ["1", "4", None, "4", "1"])
        before = screen_text(pilot, quiz)
        await pilot.press("c")
        await pilot.pause()
        pilot.app.screen.query_one("#body").scroll_to(y=quiz.virtual_region.y, animate=False)
        await pilot.pause()
        after = screen_text(pilot, quiz)
        assert quiz.region.bottom <= 79, "the whole quiz should be on the screen"
        for text in (before, after):
            assert_ascii(text)
        assert "> (*) 1) Un poids par canal" in before  # the cursor of the focused question
        assert "+ Correct" in after and "x Incorrect" in after and "? Sans reponse" in after
        assert "| + (*) 1) Un poids par canal" in after  # the focused question's ASCII border
        assert "Bien ! 3/5 (60 %) -- Continuez a approfondir vos connaissances." in after
        assert "+- Quiz final -" in after


async def run_to_checked_quiz(pilot: Pilot) -> None:
    await open_quiz(pilot)
    await answer(pilot, ["1", "3", "3", None, "1"])
    await pilot.press("c")
    await pilot.pause()


async def test_checked_quiz_state_shown_in_the_snapshot() -> None:
    """The Pilot twin of the snapshot below: the same state, asserted."""
    async with make_app().run_test(size=SIZE) as pilot:
        await run_to_checked_quiz(pilot)
        quiz = pilot.app.screen.query_one(QuizView)
        text = screen_text(pilot, pilot.app.screen)
        assert "Needs review! 3/5 (60%)" not in text
        assert "Good! 3/5 (60%) - Keep deepening your knowledge." in text
        assert re.search(r"\?\s+Help\s+q\s+Quit$", text.splitlines()[-1].rstrip())  # the footer keeps every key
        assert REVISIT in text and "Unanswered: question 4" in text
        assert "• First lesson › At inference (question 2)" in text and "• Third lesson (question 4)" in text
        assert "Retake (options shuffled)" in text
        assert quiz.query_one(".quiz-revisit").region.bottom <= SIZE[1] - 1


def test_checked_quiz_snapshot(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_to_checked_quiz)


async def test_answers_chosen_before_checking_are_saved_and_restored() -> None:
    progress = MemoryProgress()
    app = make_app(progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_quiz(pilot)
        await answer(pilot, ["2", "1"])
        draft = progress.draft("basics", "third-quiz")
        assert draft == {"q-third-1": 1, "q-third-2": 0}
    again = make_app(progress)
    async with again.run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot)
        assert quiz.answers == draft
        assert "2/5 answered" in str(quiz.query_one(".quiz-progress").content)
        await pilot.press("tab", "c")
        await pilot.pause()
    assert progress.draft("basics", "third-quiz") == {}
    assert progress.attempts[-1]["answers"] == draft


class DraftQuizApp(QuizApp):
    """Restores `draft` when the quiz opens, then checks it at once if `check` (before its first paint)."""

    def __init__(self, block: m.QuizBlock, draft: dict[str, int], check: bool) -> None:
        super().__init__(block)
        self.draft, self.check = draft, check
        self.mounted_on_opening = 0
        self.answers_on_opening: dict[str, int] = {}
        self.checked: list[QuizView.Checked] = []
        self.changes: list[dict[str, int]] = []

    async def on_quiz_view_opened(self, event: QuizView.Opened) -> None:
        self.mounted_on_opening = len(event.quiz_view.questions)
        event.quiz_view.restore(self.draft)
        self.answers_on_opening = event.quiz_view.answers
        if self.check:
            await event.quiz_view.action_check()

    def on_quiz_view_checked(self, event: QuizView.Checked) -> None:
        self.checked.append(event)

    def on_quiz_view_answers_changed(self, event: QuizView.AnswersChanged) -> None:
        self.changes.append(event.answers)


async def test_questions_below_the_first_screen_come_after_it_with_their_restored_answers() -> None:
    block = COURSE.modules[0].lessons[2].blocks[-1]
    async with DraftQuizApp(block, {"q-third-1": 0, "q-third-5": 0}, check=False).run_test(size=(80, 10)) as pilot:
        quiz = pilot.app.query_one(QuizView)

        def answered() -> str:  # the progress line comes with the rest of the quiz, after the first screen
            shown = quiz.query(".quiz-progress")
            return str(shown.first(Static).render()) if shown else ""

        await until(pilot, lambda: len(quiz.questions) == 5 and answered(), what="the whole quiz")
        assert pilot.app.mounted_on_opening == 1 and pilot.app.answers_on_opening == {"q-third-1": 0, "q-third-5": 0}
        assert [view.chosen for view in quiz.questions] == [0, None, None, None, 0]
        assert quiz.questions[4].cursor == 0 and "2/5 answered" in answered()
        await pilot.press("tab", "tab", "2")
        assert pilot.app.changes[-1] == {"q-third-1": 0, "q-third-2": 1, "q-third-5": 0}


async def test_a_check_before_the_later_questions_are_mounted_checks_them_all() -> None:
    block = COURSE.modules[0].lessons[2].blocks[-1]
    async with DraftQuizApp(block, {"q-third-1": 0, "q-third-5": 0}, check=True).run_test(size=(80, 10)) as pilot:
        quiz = pilot.app.query_one(QuizView)
        await pilot.pause()
        assert pilot.app.mounted_on_opening == 1
        [checked] = pilot.app.checked
        assert (checked.answers, checked.score, checked.total) == ({"q-third-1": 0, "q-third-5": 0}, 2, 5)
        assert verdicts(quiz) == ["✓ Correct", "? Unanswered", "? Unanswered", "? Unanswered", "✓ Correct"]


class ButtonWatchApp(QuizApp):
    """Records whether the quiz had its check button when it opened."""

    button_on_opening: bool | None = None

    def on_quiz_view_opened(self, event: QuizView.Opened) -> None:
        self.button_on_opening = bool(event.quiz_view.query(".quiz-button"))


@pytest.mark.parametrize(("rows", "at_once"), [(40, True), (10, False)])
async def test_the_check_button_comes_with_the_questions_when_they_all_fit_else_after_the_rest(
    rows: int, at_once: bool
) -> None:
    block = COURSE.modules[0].lessons[2].blocks[-1]
    async with ButtonWatchApp(block).run_test(size=(80, rows)) as pilot:
        quiz = pilot.app.query_one(QuizView)
        await quiz.mount_all_questions()
        await pilot.pause()
        assert pilot.app.button_on_opening is at_once
        # Either way it ends up after the last question, labelled, with the progress beside it.
        assert [type(child).__name__ for child in quiz.children][-4:] == [
            "QuestionView",
            "Horizontal",
            "Static",
            "OptionList",
        ]
        assert "Check" in str(quiz.query_one(".quiz-button").label)
        assert "0/5 answered" in str(quiz.query_one(".quiz-progress", Static).render())


class OpeningQuizApp(TutorApp):
    """Records how many questions the quiz had when it opened, before its first paint."""

    CSS_PATH = str(Path(inspect.getfile(TutorApp)).with_name(TutorApp.CSS_PATH))  # a subclass reads it beside itself
    mounted_on_opening: int | None = None

    def on_quiz_view_opened(self, event: QuizView.Opened) -> None:
        self.mounted_on_opening = len(event.quiz_view.questions)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_the_quiz_lesson_opens_with_the_questions_of_its_first_screen_and_few_more(real_course, size) -> None:
    app = OpeningQuizApp(real_course, "fr", MemoryProgress())
    module, lesson = next((module, lesson) for module, lesson in app.sequence if lesson.quizzes)
    async with app.run_test(size=size) as pilot:
        app.open_lesson(f"{module.id}/{lesson.id}")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.lesson == lesson)
        await app.screen.until_ready("page_down")  # whole: every question mounted and laid out
        await pilot.pause()
        body = app.screen.query_one("#body")
        questions = app.screen.query_one(QuizView).questions
        on_first_screen = sum(question.region.y < body.content_region.bottom for question in questions)
        assert app.mounted_on_opening is not None
        assert on_first_screen <= app.mounted_on_opening <= on_first_screen + 1 < len(questions)
