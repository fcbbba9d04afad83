"""Issue 21's aids to quiz and review, as a student uses them: hints, honest ratings, review ahead, the
statistics screen, and the ways back to the section a missed question is about (Pilot, fixture course)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.conftest import FIXTURE_COURSE
from tests.support.clocks import Clock, Timer
from tests.support.fakes import MemoryProgress
from tests.support.helpers import assert_ascii, screen_text, until
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.review.scheduler import make_scheduler, record_review
from tutor.screens.lesson import LessonScreen
from tutor.screens.review import ReviewScreen
from tutor.screens.review_stats import ReviewStatsScreen
from tutor.screens.start import StartScreen
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.quiz.question import QuestionView
from tutor.widgets.quiz.quiz import QuizView

COURSE = load_course(FIXTURE_COURSE)
START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RIGHT = {"q-third-1": 0, "q-third-2": 1, "q-third-3": 2, "q-third-4": 3, "q-third-5": 0}


def make_app(progress: MemoryProgress | None = None, now: datetime = START, **options) -> TutorApp:
    options.setdefault("lang", "en")
    clock = options.pop("clock", None) or Clock(now)
    return TutorApp(
        COURSE, options.pop("lang"), progress or MemoryProgress(), clock=clock, enable_fuzzing=False, **options
    )


def answered(*answers: tuple[str, bool, datetime]) -> MemoryProgress:
    progress = MemoryProgress()
    scheduler = make_scheduler(enable_fuzzing=False)
    for question_id, correct, when in answers:
        record_review(progress, question_id, correct=correct, seconds=30.0, helped=False, now=when, scheduler=scheduler)
    return progress


def ratings(progress: MemoryProgress, question_id: str) -> list[int]:
    return [entry["rating"] for entry in progress.cards[question_id]["log"]]


def key_bar(pilot: Pilot) -> str:
    """The footer's keys and labels, one space apart (the bar spaces them more when it has room)."""
    return " ".join(pilot.app.screen.query_one(KeyBar).render().plain.split())


def body_top(pilot: Pilot) -> str:
    """The first row of the lesson body as the student sees it."""
    body = pilot.app.screen.query_one("#body")
    return screen_text(pilot.app).splitlines()[body.region.y].strip()


def at_top(pilot: Pilot, heading: str) -> bool:
    """Whether `heading` is where a place is shown (find-aids' `show_place`): on a row of the lesson body's
    top third (the line is brought a third of the way down), or as near as the lesson's end lets it be:
    scrolled as far as it goes (not opened at its top), with the heading on screen."""
    if not pilot.app.screen.query("#body"):
        return False
    body = pilot.app.screen.query_one("#body")
    rows = [row.strip() for row in screen_text(pilot.app).splitlines()[body.region.y : body.region.bottom]]
    if heading not in rows:
        return False
    return rows.index(heading) <= max(body.region.height // 3, 1) or 0 < body.scroll_y == body.max_scroll_y


async def open_quiz(pilot: Pilot) -> QuizView:
    await pilot.pause()
    pilot.app.open_lesson("basics/third")
    await until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen) and pilot.app.screen.query(QuizView))
    quiz = pilot.app.screen.query_one(QuizView)
    await until(pilot, lambda: len(quiz.questions) == 5)
    return quiz


def key_for(view: QuestionView, right: bool) -> str:
    answer = view.question.answer
    option = answer if right else next(index for index in view.order if index != answer)
    return str(view.order.index(option) + 1)


# Hints


async def test_h_shows_the_hint_and_a_right_answer_after_it_is_hard(timer: Timer) -> None:
    progress = MemoryProgress()
    async with make_app(progress).run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot)
        first, second, third = quiz.questions[:3]
        await pilot.press("tab")
        assert pilot.app.focused is first and "h Hint" in key_bar(pilot)
        await pilot.press("h")
        await until(
            pilot, lambda: "Hint: Think of what is subtracted, then of what it is divided by." in screen_text(pilot.app)
        )
        assert first.hinted and "h Hint" not in key_bar(pilot)  # shown once: nothing more to ask
        assert progress.draft_hints("basics", "third-quiz") == ["q-third-1"]
        timer.now += 2
        await pilot.press("1", "tab")  # right, fast: Easy without the hint
        await pilot.press("tab")
        assert pilot.app.focused is third and third.question.hint is None and "Hint" not in key_bar(pilot)
        await pilot.press("h")  # no hint: nothing happens
        assert not third.hinted
        await pilot.press("shift+tab")
        timer.now += 2
        await pilot.press("2", "c")  # right, fast, no hint
        await pilot.pause()
        assert progress.attempts[-1]["hints"] == ["q-third-1"]
        assert ratings(progress, "q-third-1") == [HARD] and ratings(progress, "q-third-2") == [EASY]


async def test_a_hint_shown_before_leaving_is_still_counted_when_the_quiz_is_checked(timer: Timer) -> None:
    progress = MemoryProgress()
    async with make_app(progress).run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot)
        await pilot.press("tab", "tab", "h")  # question 2's hint, then leave without answering
        await until(pilot, lambda: quiz.questions[1].hinted)
        assert (
            progress.draft_hints("basics", "third-quiz") == ["q-third-2"]
            and progress.draft("basics", "third-quiz") == {}
        )
    async with make_app(progress).run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot)
        second = quiz.questions[1]
        assert second.hinted and "Hint: The name says what drops out." in "\n".join(
            second.render_line(y).text for y in range(second.content_size.height)
        )
        await pilot.press("tab", "tab")
        timer.now += 2
        await pilot.press("2", "c")
        await pilot.pause()
    assert ratings(progress, "q-third-2") == [HARD]


async def test_h_in_review_shows_the_hint_and_a_right_answer_is_hard(timer: Timer) -> None:
    progress = answered(("q-third-1", False, START))
    async with make_app(progress, START + timedelta(hours=1)).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.query(QuestionView))
        view = pilot.app.screen.query_one(QuestionView)
        assert "h Hint" in key_bar(pilot)
        await pilot.press("h")
        await until(pilot, lambda: "Hint shown: a right answer now counts as Hard." in screen_text(pilot.app))
        assert "Hint: Think of what is subtracted" in screen_text(pilot.app)
        timer.now += 2
        await pilot.press(key_for(view, right=True))
        await until(pilot, lambda: "Rated “Hard”" in screen_text(pilot.app))
    assert ratings(progress, "q-third-1") == [AGAIN, HARD]
    assert progress.answers[-1]["hint"] is True


# Honest ratings in review


async def test_a_right_answer_can_be_rated_again_as_a_guess_or_as_hard(timer: Timer) -> None:
    progress = answered(("q-third-1", False, START), ("q-third-3", False, START))
    now = START + timedelta(hours=1)
    async with make_app(progress, now).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.query(QuestionView))
        screen = pilot.app.screen
        view = screen.query_one(QuestionView)
        question_id = view.question.id
        timer.now += 3
        await pilot.press(key_for(view, right=True))
        await until(  # the verdict, the offer under it and the key bar's keys may come in different frames
            pilot,
            lambda: (
                "Rated “Easy”" in (text := screen_text(pilot.app))
                and "Right, but not sure? a: I guessed · e: it took effort (rates it again)" in text
                and ("a I guessed" in key_bar(pilot) or "a Guessed" in key_bar(pilot))
            ),
            what="the rating and the offer to rate it again",
        )
        await pilot.press("a")
        await until(
            pilot,
            lambda: (
                "Rated “Again”, as you said you guessed · back today at" in (text := screen_text(pilot.app))
                and "(in 10 minutes)" in text
                and "a: I guessed" not in text
            ),
            what="the new rating",
        )
        card = progress.cards[question_id]
        assert datetime.fromisoformat(card["card"]["due"]) == now + timedelta(minutes=10)
        log = card["log"]
        assert [entry["rating"] for entry in log] == [AGAIN, EASY, AGAIN]
        assert log[1]["review_datetime"] == log[2]["review_datetime"] == now.isoformat()
        assert log[2]["rerated"] is True and "rerated" not in log[1]
        await pilot.press("e")  # changed their mind: it took effort after all
        await until(pilot, lambda: "Rated “Hard”, as you said it took effort" in screen_text(pilot.app))
        assert [entry["rating"] for entry in progress.cards[question_id]["log"]][-1] == HARD
        card = progress.cards[question_id]["card"]
        # Rated from the card as it was before the answer (in its learning step): Hard keeps it there, 1.5 steps.
        assert card["state"] == 1 and datetime.fromisoformat(card["due"]) == now + timedelta(minutes=15)
        assert screen.right == 1  # still a right answer in the summary
        await pilot.press("enter")
        await until(pilot, lambda: screen.position == 1 and screen.result is None)
        view = screen.query_one(QuestionView)
        await pilot.press(key_for(view, right=False))
        await until(pilot, lambda: screen.result is not None)
        before = list(progress.cards[view.question.id]["log"])
        await pilot.press("a", "e")  # a wrong answer is rated Again already: nothing to say
        await pilot.pause()
        assert progress.cards[view.question.id]["log"] == before and "I guessed" not in screen_text(pilot.app)


async def test_when_nothing_is_due_r_reviews_the_cards_due_soonest(timer: Timer) -> None:
    progress = answered(
        ("q-first", True, START), ("q-third-4", True, START - timedelta(days=1)), ("q-third-1", False, START)
    )
    now = START + timedelta(hours=1)  # q-third-1 is due since 09:10; reviewed below, nothing is due
    async with make_app(progress, now, review_limit=2).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.query(QuestionView))
        screen = pilot.app.screen
        assert "r Review ahead" not in key_bar(pilot) and "Ahead" not in key_bar(pilot)
        await pilot.press(key_for(screen.query_one(QuestionView), right=False), "enter")
        await until(pilot, lambda: "Review done" in screen_text(pilot.app))
        assert "r: review ahead (the 2 cards due soonest)" in screen_text(pilot.app)
        soonest = sorted(("q-first", "q-third-4"), key=lambda question_id: progress.cards[question_id]["card"]["due"])
        await pilot.press("r")
        await until(pilot, lambda: screen.ahead and screen.query(QuestionView))
        assert screen.queue == soonest
        header = screen_text(pilot.app).splitlines()[0].strip()
        assert header.startswith("Review ahead · card 1/2 · due in ")
        timer.now += 3
        await pilot.press(key_for(screen.query_one(QuestionView), right=True))
        await until(pilot, lambda: screen.result is not None)
        assert len(progress.cards[soonest[0]]["log"]) == 2  # an early review counts, rescheduled by FSRS


async def test_nothing_due_offers_review_ahead_at_once(timer: Timer) -> None:
    progress = answered(("q-first", True, START))
    async with make_app(progress, START + timedelta(hours=1), lang="fr").run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: "Rien à réviser" in screen_text(pilot.app))
        assert "r : réviser en avance (la carte prévue la plus tôt)" in screen_text(pilot.app)
        await pilot.press("r")
        await until(pilot, lambda: pilot.app.screen.query(QuestionView))
        assert pilot.app.screen.queue == ["q-first"]
        assert (
            screen_text(pilot.app).splitlines()[0].strip().startswith("Révision en avance · carte 1/1 · prévue dans ")
        )


# The way back: sections


@pytest.mark.slow
async def test_the_checked_quiz_links_open_each_lesson_at_its_section_over_the_quiz() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot)
        quiz_screen = pilot.app.screen
        for key in ("4", "4", "4", "4", "4"):
            await pilot.press("tab", key)
        await pilot.press("c")
        await until(pilot, lambda: quiz.checked and quiz.query_one(".quiz-revisit", OptionList).display)
        links = quiz.query_one(".quiz-revisit", OptionList)
        assert links.option_count == 3
        await pilot.press("tab", "tab")  # the button, then the links
        assert pilot.app.focused is links
        await pilot.press("down", "enter")  # the second: question 2, First lesson › At inference
        await until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen) and pilot.app.screen is not quiz_screen)
        lesson_screen = pilot.app.screen
        assert lesson_screen.lesson.id == "first"
        await until(pilot, lambda: at_top(pilot, "At inference"), what="the section's heading at the top")
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is quiz_screen)
        assert quiz.checked and pilot.app.focused is links  # the quiz as it was left
        await pilot.click(links, offset=(4, 0))  # a click on the first link
        await until(pilot, lambda: pilot.app.screen is not quiz_screen and isinstance(pilot.app.screen, LessonScreen))
        await until(pilot, lambda: at_top(pilot, "During training"), what="the first section's heading at the top")


async def answer_two_wrong_and_one_blank(pilot: Pilot) -> None:
    for key in ("1", "4", "3", None, "1"):  # 2 wrong, 4 unanswered
        await pilot.press("tab")
        if key:
            await pilot.press(key)


async def until_at_the_top(pilot: Pilot, quiz: QuizView, number: int) -> None:
    """Wait until question `number` has the focus at the top of the lesson body (below the blank margin of
    the question before it), as the terminal shows it."""
    body, view = pilot.app.screen.query_one("#body"), quiz.questions[number - 1]
    await until(
        pilot,
        lambda: pilot.app.focused is view and 0 <= view.region.y - body.region.y <= 1,
        what=f"question {number} at the top",
    )
    top_rows = screen_text(pilot.app).splitlines()[body.region.y : body.region.y + 2]
    assert any(f"{number}. " in row for row in top_rows)


async def test_w_goes_to_each_question_missed_in_turn() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot)
        await answer_two_wrong_and_one_blank(pilot)
        await pilot.press("c")
        await until(pilot, lambda: quiz.checked)
        for number in (2, 4, 2):
            await pilot.press("w")
            await until_at_the_top(pilot, quiz, number)


async def test_w_typed_with_c_goes_to_the_first_question_missed_not_to_the_summary() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot)
        await answer_two_wrong_and_one_blank(pilot)
        for key in ("c", "w"):  # in the queue together, as typed ahead
            pilot.app.post_message(events.Key(key, key))
        await until(pilot, lambda: quiz.checked)
        await pilot.pause()  # the check's own scroll, after its refresh, is over
        await until_at_the_top(pilot, quiz, 2)


async def test_g_in_review_opens_the_lesson_at_the_questions_section(timer: Timer) -> None:
    progress = answered(("q-third-2", False, START))
    async with make_app(progress, START + timedelta(hours=1)).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.query(QuestionView))
        assert "From the lesson “First lesson › At inference” · g: open it" in screen_text(pilot.app)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen))
        await until(pilot, lambda: at_top(pilot, "At inference"), what="the section's heading at the top")


# Statistics


def history() -> MemoryProgress:
    """Three questions: q-first right on day 0 then again on day 2; q-third-1 wrong on day 0, then right
    10 minutes later; q-third-2 right on day 2 then guessed (re-rated Again)."""
    progress = MemoryProgress()
    scheduler = make_scheduler(enable_fuzzing=False)
    day2 = START + timedelta(days=2)
    for question_id, correct, when in (
        ("q-first", True, START),
        ("q-third-1", False, START),
        ("q-third-1", True, START + timedelta(minutes=10)),
        ("q-first", True, day2),
        ("q-third-2", True, day2),
    ):
        record_review(progress, question_id, correct=correct, seconds=30.0, helped=False, now=when, scheduler=scheduler)
    from tutor.review.scheduler import rerate

    rerate(progress, "q-third-2", None, 1, answered_at=day2, seconds=30.0, scheduler=scheduler)
    return progress


async def test_the_statistics_screen_counts_states_answers_and_retention() -> None:
    now = START + timedelta(days=2, hours=1)
    async with make_app(history(), now).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(
            pilot, lambda: isinstance(pilot.app.screen, ReviewStatsScreen) and pilot.app.screen.stats is not None
        )
        stats = pilot.app.screen.stats
        assert stats.states == {"new": 3, "learning": 1, "review": 2, "relearning": 0}
        assert (stats.answers, stats.active_days, stats.repeats, stats.remembered) == (5, 2, 2, 2)
        text = screen_text(pilot.app)
        assert "Questions: 3 new · 1 learning · 2 learned · 0 relearning" in text
        assert "Last 30 days: 5 answers, on 2 days" in text
        assert "Retention: 100% (2 of 2 cards asked again)" in text
        assert "Questions by state" in text and "Answers per day, last 30 days" in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, StartScreen))


async def test_the_statistics_screen_is_ascii_only_in_ascii_mode_and_fits_60_columns() -> None:
    now = START + timedelta(days=2, hours=1)
    async with make_app(history(), now, lang="fr", ascii_only=True).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(
            pilot, lambda: isinstance(pilot.app.screen, ReviewStatsScreen) and pilot.app.screen.stats is not None
        )
        text = screen_text(pilot.app)
        assert_ascii(text)
        assert "Statistiques de revision" in text and "Questions : 3 nouvelles" in text
        body = pilot.app.screen.query_one("#stats-body")
        for _ in range(6):
            await pilot.press("space")
            await pilot.pause()
            assert_ascii(screen_text(pilot.app))
        assert body.scroll_y == body.max_scroll_y > 0
        assert "Retention par jour" in screen_text(pilot.app)


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Weight decay and Adam: AdamW"), ("fr", "Décroissance des poids et Adam : AdamW")]
)
async def test_g_in_review_of_the_real_course_opens_module_3_at_the_section(
    timer: Timer, real_course, lang: str, heading: str
) -> None:
    progress = answered(("q-wd-adamw", False, START))
    app = TutorApp(real_course, lang, progress, clock=Clock(START + timedelta(hours=1)), enable_fuzzing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.query(QuestionView))
        await pilot.press("g")
        await until(
            pilot, lambda: isinstance(pilot.app.screen, LessonScreen) and pilot.app.screen.lesson.id == "weight-decay"
        )
        await until(pilot, lambda: at_top(pilot, heading), what="the AdamW heading at the top")
        assert "{#" not in screen_text(pilot.app)


async def test_a_place_can_be_the_references_or_the_title_as_find_aids_places_are() -> None:
    from tutor.content.place import TITLE, Place

    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lesson = COURSE.modules[0].lessons[0]
        pilot.app.open_lesson("basics/first", place=Place(len(lesson.blocks)))
        await until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen))
        await until(pilot, lambda: at_top(pilot, "References"), what="the references at the top")
        pilot.app.open_lesson("basics/first", place=Place(TITLE))
        await until(pilot, lambda: pilot.app.screen.query_one("#body").scroll_y == 0, what="back to the title")


async def test_s_in_review_shows_the_statistics_and_escape_comes_back_to_the_same_card(timer: Timer) -> None:
    progress = answered(("q-third-1", False, START), ("q-third-3", False, START))
    async with make_app(progress, START + timedelta(hours=1), lang="fr").run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.query(QuestionView))
        review = pilot.app.screen
        card = review.queue[review.position]
        await pilot.press("s")
        await until(
            pilot, lambda: isinstance(pilot.app.screen, ReviewStatsScreen) and pilot.app.screen.stats is not None
        )
        assert "Statistiques de révision" in screen_text(pilot.app)
        assert pilot.app.screen.stats.states["learning"] == 2
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is review)
        assert review.queue[review.position] == card and review.result is None
