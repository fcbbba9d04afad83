"""Screens that repaint what a scroll moved, even when a hidden widget changed in the same frame.

Textual's compositor (8.2) keeps two maps of where widgets are: the visible one, redrawn on
every scroll, and the full one, rebuilt lazily whenever something asks where a widget is that
is not on screen (a hidden widget refreshing itself asks that). A layout then diffs the new
full map against the full map to find what to repaint. When the lazy rebuild happened after a
scroll but before that scroll was drawn, the full map already has the scrolled positions: the
diff finds nothing moved and the scroll is never drawn. The student saw this at the end of a
lesson: the last space scrolled, the lesson list (hidden at 80 columns) was relabelled
"completed", and the screen kept showing the page before; no key moved it any more.

`RepaintingCompositor` remembers what was on screen when the full map is rebuilt lazily, and
the next layout also repaints whatever moved since then.
"""

from __future__ import annotations

from textual._compositor import Compositor, CompositorMap
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget


class RepaintingCompositor(Compositor):
    """Textual's compositor, whose full layout repaints what moved since the last frame drawn."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: CompositorMap | None = None
        """What the screen shows, kept when the full map is rebuilt before it was drawn."""

    @property
    def full_map(self) -> CompositorMap:
        if self._full_map_invalidated and self.root is not None and self._drawn is None:
            self._drawn = self._visible_map if self._visible_map is not None else self._full_map
        return super().full_map

    def reflow(self, parent: Widget, size: Size):
        drawn, self._drawn = self._drawn, None
        result = super().reflow(parent, size)
        if drawn is not None and size.region not in self._dirty_regions:
            moved = self._full_map.items() ^ drawn.items()
            self._dirty_regions.update(
                region for region in (geometry.clip.intersection(geometry.region) for _, geometry in moved) if region
            )
        return result

    def reflow_visible(self, parent: Widget, size: Size) -> set[Widget]:
        # The visible map it diffs against is what was drawn (or absent: then all is repainted).
        self._drawn = None
        return super().reflow_visible(parent, size)


class Repainting:
    """Mixed into a `Screen` subclass (before it): the screen is drawn with `RepaintingCompositor`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self, Screen)
        self._compositor: Compositor = RepaintingCompositor()
