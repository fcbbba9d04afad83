"""A chart taken off the screen (the student left its lesson) is freed with its figure."""

from __future__ import annotations

import gc

from textual.app import App, ComposeResult
from textual.containers import Vertical

from tutor.widgets.simulations.plot import Chart

SHOWINGS = 4


class ChartsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical()


def charts_alive() -> int:
    gc.collect()
    return sum(isinstance(thing, Chart) for thing in gc.get_objects())


async def test_charts_shown_then_removed_do_not_pile_up() -> None:
    # textual-plotext subscribes every chart to the app's theme changes when it is mounted, and the
    # app's signal kept each one for as long as the app ran unless the chart unsubscribes.
    app = ChartsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.query_one(Vertical)
        for _ in range(SHOWINGS):
            await body.mount(Chart(ascii_only=False))
            await pilot.pause()
            await body.remove_children()
            await pilot.pause()
        await pilot.pause()
        assert charts_alive() <= 1  # Textual may still hold the last one in a cache until its next layout
