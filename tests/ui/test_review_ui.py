"""Review sessions as a student goes through them: Pilot tests on the fixture course, under a frozen clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.pilot import Pilot

from tests.conftest import FIXTURE_COURSE
from tests.support.clocks import Clock, Timer
from tests.support.fakes import MemoryProgress
from tests.support.helpers import assert_ascii, screen_text
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.review.scheduler import make_scheduler, record_review
from tutor.text.formats import moment
from tutor.screens.lesson import LessonScreen
from tutor.screens.review import ReviewScreen
from tutor.screens.start import StartScreen
from tutor.widgets.quiz.question import QuestionView

SIZE = (80, 24)
COURSE = load_course(FIXTURE_COURSE)
QUESTIONS = COURSE.questions()
START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def answered(*answers: tuple[str, bool, datetime]) -> MemoryProgress:
    """A progress with a card for each (question, answered right, when)."""
    progress = MemoryProgress()
    scheduler = make_scheduler(enable_fuzzing=False)
    for question_id, correct, when in answers:
        record_review(progress, question_id, correct=correct, seconds=30.0, helped=False, now=when, scheduler=scheduler)
    return progress


def make_app(progress: MemoryProgress, clock: Clock, **options) -> TutorApp:
    options.setdefault("lang", "en")
    return TutorApp(COURSE, options.pop("lang"), progress, clock=clock, enable_fuzzing=False, **options)


async def start_review(pilot: Pilot) -> ReviewScreen:
    await pilot.pause()
    await pilot.press("v")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


def shown(pilot: Pilot) -> QuestionView:
    return pilot.app.screen.query_one(QuestionView)


def key_for(view: QuestionView, right: bool) -> str:
    """The number key of the right option, or of a wrong one, in the order shown."""
    answer = view.question.answer
    option = answer if right else next(index for index in view.order if index != answer)
    return str(view.order.index(option) + 1)


def ratings(progress: MemoryProgress, question_id: str) -> list[int]:
    return [entry["rating"] for entry in progress.cards[question_id]["log"]]


# Two days after: q-third-2 (wrong at 09:00) is due since 09:10 that day, q-first (right) since later.
TWO_DAYS = START + timedelta(days=2, hours=1)


def two_due() -> MemoryProgress:
    return answered(
        ("q-first", True, START - timedelta(days=1)), ("q-third-2", False, START), ("q-third-5", True, TWO_DAYS)
    )


async def test_a_session_asks_the_due_cards_oldest_first_with_the_quiz_feedback(timer: Timer) -> None:
    progress = two_due()
    clock = Clock(TWO_DAYS)
    async with make_app(progress, clock).run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        assert screen.queue == ["q-third-2", "q-first"]
        assert screen_text(pilot.app).splitlines()[0].strip() == "Review · card 1/2 · due for 2 days"
        view = shown(pilot)
        assert view.question.id == "q-third-2" and pilot.app.focused is view
        wrong = key_for(view, right=False)
        timer.now += 3
        await pilot.press(wrong)
        await pilot.pause()
        text = screen_text(pilot.app)
        chosen = view.question.options[view.order[int(wrong) - 1]].why.get("en")
        assert "✗ Incorrect" in text and f"Your answer ({wrong}): {chosen}" in text
        assert f"Right answer ({view.order.index(1) + 1}): It zeroes random neurons." in text
        back = moment(TWO_DAYS + timedelta(minutes=10), TWO_DAYS, "en")
        assert back.startswith("today at ")
        assert f"Rated “Again” · back {back} (in 10 minutes)" in text and "enter: next card" in text
        assert ratings(progress, "q-third-2") == [AGAIN, AGAIN]
        assert progress.answers == [{"question": "q-third-2", "option": view.chosen, "correct": False, "at": TWO_DAYS}]
        await pilot.press("2")  # answered: choices are locked
        assert view.chosen == view.order[int(wrong) - 1]
        await pilot.press("enter")
        await pilot.pause()
        view = shown(pilot)
        assert view.question.id == "q-first" and "card 2/2" in screen_text(pilot.app)
        timer.now += 3
        await pilot.press(key_for(view, right=True))
        await pilot.pause()
        assert "✓ Correct" in screen_text(pilot.app) and "Rated “Easy”" in screen_text(pilot.app)
        assert ratings(progress, "q-first") == [GOOD, EASY] and "enter: see the summary" in screen_text(pilot.app)


async def test_slow_right_answers_are_good(timer: Timer) -> None:
    progress = two_due()
    async with make_app(progress, Clock(TWO_DAYS)).run_test(size=SIZE) as pilot:
        await start_review(pilot)
        timer.now += 30
        await pilot.press(key_for(shown(pilot), right=True))
        await pilot.pause()
        assert ratings(progress, "q-third-2") == [AGAIN, GOOD] and "Rated “Good”" in screen_text(pilot.app)


async def test_g_opens_the_lesson_returns_to_the_same_card_and_a_right_answer_is_hard(timer: Timer) -> None:
    progress = two_due()
    async with make_app(progress, Clock(TWO_DAYS)).run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        view = shown(pilot)
        order = view.order
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LessonScreen) and pilot.app.screen.lesson.id == "first"
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen and shown(pilot) is view and view.order == order
        assert pilot.app.focused is view
        assert "Lesson opened: a right answer now counts as Hard." in screen_text(pilot.app)
        timer.now += 2
        await pilot.press(key_for(view, right=True))
        await pilot.pause()
        assert ratings(progress, "q-third-2") == [AGAIN, HARD] and "Rated “Hard”" in screen_text(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(key_for(shown(pilot), right=True))  # the next card starts unhelped
        await pilot.pause()
        assert ratings(progress, "q-first")[-1] == EASY


async def test_the_summary_counts_right_answers_and_says_when_the_next_card_is_due(timer: Timer) -> None:
    progress = two_due()
    clock = Clock(TWO_DAYS)
    async with make_app(progress, clock).run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await pilot.press(key_for(shown(pilot), right=False))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(key_for(shown(pilot), right=True), "enter")
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "Review done: 1 right of 2." in text
        assert (
            f"The next card is due {moment(TWO_DAYS + timedelta(minutes=10), TWO_DAYS, 'en')} (in 10 minutes)." in text
        )
        assert "escape: back to the course map" in text and "Next card" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StartScreen)
        next_review = moment(TWO_DAYS + timedelta(minutes=10), TWO_DAYS, "en")
        assert f"Next review: {next_review} (in 10 minutes) · v: review" in screen_text(pilot.app)


async def test_the_limit_leaves_cards_for_another_session(timer: Timer) -> None:
    progress = two_due()
    async with make_app(progress, Clock(TWO_DAYS), review_limit=1).run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        assert screen.queue == ["q-third-2"] and "card 1/1" in screen_text(pilot.app)
        await pilot.press(key_for(shown(pilot), right=True), "enter")
        await pilot.pause()
        assert "1 more question is due now: enter starts another session." in screen_text(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.queue == ["q-first"] and shown(pilot).question.id == "q-first"


async def test_nothing_due_says_when_the_next_card_is(timer: Timer) -> None:
    progress = answered(("q-first", True, START))
    due = datetime.fromisoformat(progress.cards["q-first"]["card"]["due"])
    async with make_app(progress, Clock(START + timedelta(hours=1))).run_test(size=SIZE) as pilot:
        await start_review(pilot)
        text = screen_text(pilot.app)
        days = round((due - START - timedelta(hours=1)) / timedelta(days=1))
        assert (
            f"Nothing to review now. The next card is due {moment(due, START + timedelta(hours=1), 'en')} (in {days} days)."
            in text
        )
        assert not pilot.app.screen.query(QuestionView)
        await pilot.press("g", "enter")  # nothing to open, nothing to go on to
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_without_cards_the_review_points_to_the_first_quiz(timer: Timer) -> None:
    async with make_app(MemoryProgress(), Clock(START), lang="fr").run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Aucune carte de révision" in screen_text(pilot.app)
        await start_review(pilot)
        text = " ".join(screen_text(pilot.app).split())  # the line wraps
        assert "Pas encore de cartes : répondez d'abord au quiz de la leçon 2 (« Deuxième leçon »)." in text


async def test_the_start_screen_counts_the_due_cards_and_refreshes_on_return(timer: Timer) -> None:
    progress = two_due()
    clock = Clock(START)
    async with make_app(progress, clock).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Next review: " in screen_text(pilot.app)
        await start_review(pilot)
        clock.now = TWO_DAYS
        await pilot.press("escape")
        await pilot.pause()
        assert "2 questions due for review · v: review" in screen_text(pilot.app)
        assert " v  Review " in screen_text(pilot.app)


async def test_review_can_open_directly_over_the_course_map(timer: Timer) -> None:
    app = make_app(two_due(), Clock(TWO_DAYS), start_with_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and "card 1/2" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_checking_a_quiz_rates_each_answered_question_by_its_timing(timer: Timer) -> None:
    progress = MemoryProgress()
    async with make_app(progress, Clock(START)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        pilot.app.open_lesson("basics/third")
        await pilot.pause()
        for key, seconds in (("1", 3), ("2", 30), ("1", 3), (None, 0), ("1", 30)):
            await pilot.press("tab")
            timer.now += seconds
            if key is not None:
                await pilot.press(key)
        await pilot.press("c")
        await pilot.pause()
    assert {question: ratings(progress, question) for question in progress.cards} == {
        "q-third-1": [EASY],
        "q-third-2": [GOOD],
        "q-third-3": [AGAIN],
        "q-third-5": [GOOD],
    }
    log = progress.cards["q-third-1"]["log"][0]
    assert log["review_datetime"] == START.isoformat() and log["review_duration"] == 3000
    assert datetime.fromisoformat(progress.cards["q-third-3"]["card"]["due"]) == START + timedelta(minutes=10)


async def test_ascii_mode_draws_only_ascii_in_review(timer: Timer) -> None:
    async with make_app(two_due(), Clock(TWO_DAYS), lang="fr", ascii_only=True).run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await pilot.press(key_for(shown(pilot), right=False))
        await pilot.pause()
        text = screen_text(pilot.app)
        assert_ascii(text)
        assert "Revision | carte 1/2" in text and "x Incorrect" in text and 'Note " A revoir "' in text
        assert " enter  Carte suivante " in text


async def test_a_language_switch_keeps_the_session(timer: Timer) -> None:
    progress = two_due()
    async with make_app(progress, Clock(TWO_DAYS)).run_test(size=SIZE) as pilot:
        screen = await start_review(pilot)
        view = shown(pilot)
        await pilot.press(key_for(view, right=False))
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(pilot.app)
        assert text.splitlines()[0].strip().replace("\u00a0", " ") == "Révision · carte 1/2 · en attente depuis 2 jours"
        text = text.replace("\u00a0", " ")
        assert "✗ Incorrect" in text and "Noté « À revoir »" in text and "entrée : carte suivante" in text
        assert "Que fait le dropout à l'entraînement ?" in text
        assert shown(pilot) is view and view.revealed and screen.position == 0
        await pilot.press("enter")
        await pilot.pause()
        assert "Révision · carte 2/2" in screen_text(pilot.app)


async def test_options_are_shuffled_the_same_way_under_the_same_clock(timer: Timer) -> None:
    orders = []
    for minutes in (0, 0, 1, 2):
        async with make_app(two_due(), Clock(TWO_DAYS + timedelta(minutes=minutes))).run_test(size=SIZE) as pilot:
            await start_review(pilot)
            orders.append(shown(pilot).order)
    assert orders[0] == orders[1] and len(set(orders)) > 1
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
