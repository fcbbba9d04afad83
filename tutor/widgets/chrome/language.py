"""The language shown, in one place: the app's `lang`, read by every widget when it draws.

- The app holds the language (`LocalisedApp.lang`, a reactive; `l` cycles it) and makes the
  interface strings for it (`messages`: a `Messages` in that language, in ASCII under `--ascii`).
- A widget or screen that shows words subclasses `Localised`: it reads `self.lang` (for the
  course's texts, `localized.get(self.lang)`) and `self.messages` whenever it draws, so it is in
  the right language from its first frame whatever made it, and nothing is passed down to it.
- When the language changes, the app calls `language_changed()` on every `Localised` screen and
  widget of its screens (`relabel`), screens first: each redraws what it drew in the old
  language. Nothing is rebuilt, so the place in a lesson and every simulation's state are kept.

Textual's `data_bind` would keep a copy of the language in each widget and set it after the
widget's first frame; reading the app's keeps a single copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from tutor.text.glyphs import UNICODE, Glyphs
from tutor.text.i18n import Messages


if TYPE_CHECKING:  # what `Localised` is mixed into: a widget or a screen (a screen is a widget)
    _Mixed = Widget
else:
    _Mixed = object


def speaker(app: App[Any]) -> LocalisedApp:
    """`app` as the source of the language: every app that shows `Localised` widgets is a `LocalisedApp`."""
    return cast(LocalisedApp, app)


class Localised(_Mixed):
    """Mixed into a widget or screen (before it) that shows words in the app's language.

    A plain mixin at run time, not a `Widget`: Textual takes a widget's CSS from its first base
    only. The type checker sees a `Widget`, which it is always mixed into.
    """

    @property
    def lang(self) -> str:
        """The language shown (the app's)."""
        return speaker(self.app).lang

    @property
    def messages(self) -> Messages:
        """The interface strings in the language shown."""
        return speaker(self.app).messages

    def language_changed(self) -> None:
        """Redraw what was drawn in the previous language (called after it changed)."""
        self.refresh(layout=True)


def relabel(root: Widget) -> None:
    """Tell `root` (when `Localised`) then every `Localised` widget under it that the language changed.

    A widget not mounted yet is left alone: it draws itself in the language of then, and its parts
    may not be made yet (`l` pressed while a lesson is being mounted).
    """
    for widget in root.walk_children(with_self=True):
        if isinstance(widget, Localised) and widget.is_mounted:
            widget.language_changed()


class LocalisedApp(App[Any]):
    """An app whose screens and widgets show `lang`, with `glyphs` (Unicode or ASCII) for drawn symbols."""

    lang = reactive("en", init=False)
    """The language of everything shown."""

    def __init__(self, lang: str = "en", glyphs: Glyphs = UNICODE, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.glyphs = glyphs
        self.set_reactive(LocalisedApp.lang, lang)

    @property
    def messages(self) -> Messages:
        """Interface strings in the language shown, in the app's character set."""
        return Messages(self.lang, self.glyphs.ascii)

    def watch_lang(self) -> None:
        for screen in self.screen_stack:
            relabel(screen)

    def get_key_display(self, binding: Binding) -> str:
        return self.messages.spell(super().get_key_display(binding))
