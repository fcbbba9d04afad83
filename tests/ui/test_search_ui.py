"""The `/` search in the TUI: every lesson searched as typed, a match opened in its lesson, n/N through
the lesson's matches, escape ending the search."""

from __future__ import annotations

from tests.support.fakes import MemoryProgress
from tests.support.helpers import lesson_whole, notifications, screen_text, until
from tutor.app.app import TutorApp
from tutor.content import search
from tutor.screens.find_in_view import CURRENT, MATCH
from tutor.screens.search import SearchScreen
from tutor.screens.start import StartScreen


def marked(app, style) -> list[str]:
    """The texts drawn on screen with `style`'s background (the search's highlight), row by row."""
    found = []
    for strip in app.screen._compositor.render_strips():
        text = "".join(segment.text for segment in strip if segment.style and segment.style.bgcolor == style.bgcolor)
        if text:
            found.append(text)
    return found


def searching(app) -> bool:
    return lesson_whole(app) and app.screen.search_query is not None


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


async def open_search(pilot, query: str) -> SearchScreen:
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen), what="the search screen")
    await type_text(pilot, query)
    screen = pilot.app.screen
    await until(pilot, lambda: screen.typed == query and screen.found is not None, what="the matches")
    await pilot.pause()
    return screen


def highlighted_hit(screen: SearchScreen):
    results = screen.query_one("#search-results")
    return screen.found.hits[int(results.get_option_at_index(results.highlighted).id)]


async def test_slash_lists_every_lesson_with_the_words_accents_optional(real_course) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        screen = await open_search(pilot, "regularisation")
        text = screen_text(app)
        assert "Chercher dans le cours (français)" in text
        found = screen.found
        assert found.total >= 10 and len(found.lessons) >= 3
        assert all("gularisation" in hit.words.lower() for hit in found.hits)  # « Régularisation » found
        assert "6. Régularisation L1/L2 et décroissance des poids — " in text
        assert f"{found.total} occurrences dans {len(found.lessons)} leçons" in text
        assert "…une technique de régularisation : elle lutte contre le…" in text  # the match in its context


async def test_enter_opens_the_lesson_at_the_match_highlighted_and_n_N_go_through_its_matches(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        screen = await open_search(pilot, "dropout")
        for _ in range(40):  # down to the dropout lesson's matches
            hit = highlighted_hit(screen)
            if app.sequence[hit.lesson][1].id == "dropout" and hit.block > 2:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await until(pilot, lambda: searching(app), what="the lesson at the match")
        lesson = app.screen
        assert lesson.lesson.id == "dropout"
        body = lesson.query_one("#body")
        await until(pilot, lambda: body.scroll_y > 0 and marked(app, CURRENT), what="the match scrolled to")
        search_state = lesson._search
        first = search_state.current
        assert first > 0  # not the lesson's first match: the one chosen
        assert "dropout" in marked(app, CURRENT)[0].lower()
        count = len(search_state.matches)
        assert f"“dropout”: {first + 1}/{count} in this lesson · n next · N previous" in str(
            lesson.query_one("#search-bar").render()
        )
        await pilot.press("n")
        await until(pilot, lambda: search_state.current == first + 1, what="the next match")
        await pilot.press("N", "N")
        await until(pilot, lambda: search_state.current == first - 1, what="the previous match")
        assert lesson.lesson.id == "dropout"  # n and N stayed in the lesson
        for _ in range(first - 1):
            await pilot.press("N")
        await until(pilot, lambda: search_state.current == 0, what="the first match")
        await pilot.press("N")
        await until(pilot, lambda: search_state.current == count - 1, what="the last match, going round")
        assert "First match in this lesson: back to the last." in notifications(app)


async def test_after_a_resize_the_current_match_is_found_again_where_the_lines_now_wrap(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        screen = await open_search(pilot, "dropout")
        while app.sequence[highlighted_hit(screen).lesson][1].id != "dropout":  # the lesson's first match
            await pilot.press("down")
        await pilot.press("enter")
        await until(pilot, lambda: searching(app) and marked(app, CURRENT), what="the lesson at the match")
        lesson = app.screen
        await pilot.press("n", "n")
        await until(pilot, lambda: lesson._search.current == 2, what="the third match")
        await pilot.resize_terminal(60, 20)
        await until(
            pilot,
            lambda: lesson._search.current == 2 and any("dropout" in text.lower() for text in marked(app, CURRENT)),
            what="the third match highlighted at 60 columns",
        )


async def test_escape_ends_the_search_then_n_and_escape_are_the_lessons_again(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        await open_search(pilot, "skip connection")
        await pilot.press("enter")
        await until(pilot, lambda: searching(app), what="the lesson at the match")
        lesson = app.screen
        position = lesson.index
        bar = lesson.query_one("#search-bar")
        await until(pilot, lambda: bar.display and marked(app, CURRENT), what="the search bar and the highlight")
        await pilot.press("escape")
        await until(pilot, lambda: lesson.search_query is None, what="the search's end")
        await until(
            pilot, lambda: not bar.display and not marked(app, CURRENT) and not marked(app, MATCH), what="no highlight"
        )
        assert app.screen is lesson
        assert "Search ended: n is the next lesson again." in notifications(app)
        await pilot.press("n")
        await until(pilot, lambda: lesson.index == position + 1, what="the next lesson")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")


async def test_slash_in_a_lesson_starts_from_its_matches_and_escape_closes_without_moving(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        await pilot.press("enter")
        await until(pilot, lambda: lesson_whole(app), what="lesson 1")
        lesson = app.screen
        lesson.move_to(4)  # the dropout lesson
        await until(pilot, lambda: lesson_whole(app) and lesson.index == 4, what="lesson 5")
        screen = await open_search(pilot, "batch")
        assert highlighted_hit(screen).lesson == 4  # the lesson read comes first, not lesson 1's match
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is lesson, what="the lesson again")
        assert lesson.index == 4 and lesson.search_query is None


async def test_a_search_without_match_says_so_and_enter_does_nothing(real_course) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        screen = await open_search(pilot, "zzyzx")
        assert "Aucune occurrence de « zzyzx » dans le cours." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen


def test_the_index_is_built_when_first_searched_not_at_start_up(real_course) -> None:
    search._INDEXES.clear()
    app = TutorApp(real_course, "en", MemoryProgress())

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
            assert not search._INDEXES
            await open_search(pilot, "norm")
            assert list(search._INDEXES) == [(id(real_course), "en")]

    import asyncio

    asyncio.run(run())


async def test_with_a_simulation_focused_slash_d_and_b_work_unlisted_and_the_help_lists_them(real_course) -> None:
    import io

    from rich.console import Console

    from tutor.screens.bookmark import BookmarkScreen
    from tutor.screens.glossary import GlossaryScreen
    from tutor.screens.help import HelpScreen
    from tutor.text.i18n import Messages
    from tutor.widgets.chrome.key_bar import KeyBar
    from tutor.widgets.simulations.simulation import Simulation

    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        assert {"/", "d"} <= {key.display for key in app.screen.query_one(KeyBar).keys()}
        app.open_lesson("module3/dropout")
        await until(pilot, lambda: lesson_whole(app), what="the lesson")
        lesson = app.screen
        bar = lesson.query_one(KeyBar)
        assert {"/", "d", "b"} <= {key.display for key in bar.keys()}  # reading: listed
        lesson.query_one(Simulation).focus()
        await until(
            pilot, lambda: not {"/", "d", "b"} & {key.display for key in bar.keys()}, what="the simulation's footer"
        )
        for key, dialogue in (("d", GlossaryScreen), ("b", BookmarkScreen), ("slash", SearchScreen)):
            await pilot.press(key)
            await until(pilot, lambda dialogue=dialogue: isinstance(app.screen, dialogue), what=f"{key}'s screen")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is lesson, what="the lesson again")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        console = Console(width=80, file=io.StringIO())
        console.print(app.screen._keys(Messages("en")))  # the help's whole table (it scrolls at 80×24)
        rows = {" ".join(line.split()) for line in console.file.getvalue().splitlines()}
        assert {"/ Search", "d Glossary", "b Bookmark"} <= rows


async def test_switching_language_ends_the_search_and_says_so(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        await open_search(pilot, "dropout")
        await pilot.press("enter")
        await until(pilot, lambda: searching(app), what="the lesson at the match")
        lesson = app.screen
        await pilot.press("l")
        await until(pilot, lambda: lesson.search_query is None, what="the search's end")
        assert "Recherche terminée : la langue a changé (/ pour chercher de nouveau)." in [
            notice.replace("\u00a0", " ") for notice in notifications(app)
        ]


async def test_the_search_screen_draws_only_ascii_when_asked(real_course) -> None:
    from tests.support.helpers import assert_ascii

    app = TutorApp(real_course, "fr", MemoryProgress(), ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        screen = await open_search(pilot, "regularisation")
        assert screen.found.total > 0
        assert "Regularisation L1/L2" in screen_text(app)
        assert_ascii(screen_text(app))
