"""The exercise view at the end of a lesson: it shows, and its keys ask the screen (Stage B plugs it in)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from tests.conftest import REAL_COURSE
from tutor.content.loader import load_course
from tutor.text.i18n import Messages
from tutor.widgets.chrome.key_bar import KeyBar
from tutor.widgets.chrome.language import LocalisedApp
from tutor.widgets.exercise.view import ExerciseView

EXERCISE = next(e for e in load_course(REAL_COURSE).exercises if e.id == "se-block")


class ExerciseApp(LocalisedApp):
    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.asked: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ExerciseView(EXERCISE, "/home/me/exercises/se_block.py", id="exercise")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ExerciseView).focus()

    def on_exercise_view_edit(self, message: ExerciseView.Edit) -> None:
        self.asked.append(("edit", message.exercise.id))

    def on_exercise_view_check(self, message: ExerciseView.Check) -> None:
        self.asked.append(("check", message.exercise.id))

    def on_exercise_view_hint(self, message: ExerciseView.Hint) -> None:
        self.asked.append(("hint", message.exercise.id))


def screen_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_view_shows_the_statement_and_its_keys_ask_the_screen() -> None:
    app = ExerciseApp()
    async with app.run_test(size=(90, 40)) as pilot:
        text = screen_text(app)
        assert "A Squeeze-and-Excitation block  (easy)" in text and "Write an SE block" in text
        assert "not started" in text and "e edit the file" in text.replace("  ", " ")
        for key in ("e", "c", "c", "h"):
            await pilot.press(key)
        await pilot.pause()
        assert app.asked == [("edit", "se-block"), ("check", "se-block"), ("hint", "se-block")]  # one check at a time
        view = app.query_one(ExerciseView)
        assert view.status == "checking"
        view.show_result("failed", ["Wrong shape: se_block(…) should have shape (2, 4, 3, 3), not (2, 4)."])
        view.show_hint(1)
        await pilot.pause()
        text = screen_text(app)
        assert "✗ not passing yet" in text and "Wrong shape: se_block(…)" in text
        assert "Hint 1 of 2: z = x.mean(axis=(2, 3))" in text.replace("\u00a0", " ")  # code as code: no backticks


async def test_the_view_speaks_french() -> None:
    app = ExerciseApp("fr")
    async with app.run_test(size=(90, 40)):
        text = screen_text(app)
        assert "Un bloc Squeeze-and-Excitation  (facile)" in text and "pas commencé" in text


async def test_french_lines_never_start_with_the_punctuation_a_no_break_space_holds() -> None:
    """The statement, the feedback and the hints keep their no-break spaces (no row starts with « : »),
    at every width."""
    app = ExerciseApp("fr")
    async with app.run_test(size=(60, 80)) as pilot:
        view = app.query_one(ExerciseView)
        say = Messages("fr")
        view.show_result(
            "failed", [say("exercises.wrong_shape", what="se_block(…)", expected="(2, 4, 3, 3)", got="(2, 4)")]
        )
        view.show_hint(1)  # (the second hint's code, `s[:, :, None, None]`, may break before a colon)
        for width in range(30, 61):
            await pilot.resize_terminal(width, 80)
            await pilot.pause()
            rows = [strip.text.strip("│╭╮╰╯─ ") for strip in app.screen._compositor.render_strips()]
            shown = "".join(rows)
            assert "bloc SE\u00a0:" in shown and "(facile)" in shown  # the statement keeps its no-break spaces
            for row in rows:
                assert not row.startswith((":", ";", "?", "!", "»", " ")), (width, rows)
                assert not row.endswith(("«", " ")), (width, rows)
