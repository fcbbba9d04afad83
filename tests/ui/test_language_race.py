"""`l` pressed while a lesson is being mounted: the blocks not made yet are drawn in the new language, no crash."""

from __future__ import annotations

from textual.widgets import Static

from tutor.content import model as m
from tutor.text.glyphs import UNICODE
from tutor.widgets.blocks.static import CompareView
from tutor.widgets.chrome.language import LocalisedApp


def localized(fr: str, en: str) -> m.Localized:
    return m.Localized((("fr", fr), ("en", en)))


BLOCK = m.CompareBlock(
    left=m.CompareColumn(localized("Sans", "Without"), (localized("Lent", "Slow"),), "bad"),
    right=m.CompareColumn(localized("Avec", "With"), (localized("Rapide", "Fast"),), "good"),
    title=localized("Sans ou avec", "Without or with"),
)


async def test_a_language_change_before_a_block_has_made_its_parts_draws_them_in_the_new_one() -> None:
    app = LocalisedApp("en", UNICODE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = CompareView(BLOCK, UNICODE)
        mounting = app.screen.mount(view)  # attached now, its parts made later
        app.lang = "fr"
        await mounting
        await pilot.pause()
        assert app.is_running and app._exception is None
        assert "Sans ou avec" in str(view.query_one(".compare-title", Static).render())
