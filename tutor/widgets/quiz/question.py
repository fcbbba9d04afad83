"""One multiple-choice question: options to choose from, then, once revealed, the feedback.

The quiz block shows every question of a quiz this way and checks them together; the review
screen can show one at a time. The student's choice is kept as an index into the question's
ORIGINAL option order, whatever order the options are shown in.
"""

from __future__ import annotations

from bisect import bisect_right
from time import monotonic
from typing import NamedTuple, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingsMap
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from tutor.content import model as m
from tutor.text.glyphs import Glyphs
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.chrome.language import Localised
from tutor.text.nobreak import wrap_no_break
from tutor.widgets.chrome.hanging import hanging_lines
from tutor.widgets.blocks.inline import inline_text

UNANSWERED_MARK = "?"

_CHOICE_BINDINGS: dict[tuple[type, int], BindingsMap] = {}
"""The bindings of the questions of each class and number of options (see `QuestionView._show_choice_range`)."""


class Drawing(NamedTuple):
    """A question's lines at one width."""

    width: int
    lines: list[list[Segment]]
    """Segments, not Strips: a Strip holds seven caches (~1 KiB), and the quiz lesson draws ~450 lines
    to lay out its questions, of which a screenful is shown (`render_line` makes their Strips)."""
    option_rows: list[int]
    """The first line of each option, then the line after the last option."""


class QuestionView(Localised, Contained, Widget, can_focus=True):
    """A question: `1`-`9` or up/down and enter choose an option, as does a click; `h` shows its hint.

    The whole question is one widget that draws its own lines (prompt, options, verdict and
    feedback): a quiz shows many questions at once, and one widget per line made it slow to open.
    """

    BINDINGS = [
        Binding("1", "choose(0)", "keys.choose"),
        *(Binding(str(key), f"choose({key - 1})", show=False) for key in range(2, 10)),
        Binding("up", "move(-1)", "keys.option_previous", show=False),
        Binding("down", "move(1)", "keys.option_next", show=False),
        Binding("enter", "choose_highlighted", "keys.choose_highlighted", show=False),
        Binding("h", "hint", "keys.hint"),
    ]

    # Few component classes: Textual resolves each one for every question when it is mounted.
    # The verdict is coloured as the options are: right, wrong, or unanswered.
    COMPONENT_CLASSES = {
        "question--cursor",
        "question--chosen",
        "question--right",
        "question--wrong",
        "question--unanswered",
        "question--hint",
    }

    DEFAULT_CSS = """
    QuestionView { height: auto; padding: 0 1; margin: 0 0 1 0; border-left: blank; }
    QuestionView:focus { border-left: thick $accent; }
    QuestionView > .question--cursor { background: $accent 25%; }
    QuestionView > .question--chosen { text-style: bold; }
    QuestionView > .question--right { color: $success; }
    QuestionView > .question--wrong { color: $error; }
    QuestionView > .question--unanswered { color: $warning; }
    QuestionView > .question--hint { color: $text-accent; }
    """

    chosen: reactive[int | None] = reactive(None, init=False)
    """The chosen option, as an index of the question's original option order; None if none yet."""
    cursor = reactive(0, init=False)
    """The highlighted option, as a position in the order shown."""
    revealed = reactive(False, init=False, bindings=True)
    """Whether the answer and the feedback are shown (choices are then locked)."""
    hinted = reactive(False, init=False, bindings=True)
    """Whether the hint is shown (asked for with `h`, or restored): a right answer then counts as Hard."""

    class Answered(Message):
        """The student chose `option` (an index of the original option order)."""

        def __init__(self, question_view: QuestionView, option: int) -> None:
            super().__init__()
            self.question_view = question_view
            self.option = option

        @property
        def control(self) -> QuestionView:
            return self.question_view

    class Hinted(Message):
        """The student asked for the hint of `question_view` (before answering)."""

        def __init__(self, question_view: QuestionView) -> None:
            super().__init__()
            self.question_view = question_view

        @property
        def control(self) -> QuestionView:
            return self.question_view

    def __init__(self, question: m.Question, number: int, glyphs: Glyphs) -> None:
        """Args:
        question: The question shown.
        number: Its number, as shown before the prompt.
        glyphs: The characters to draw with.
        """
        super().__init__()
        self.question = question
        self.number = number
        self.glyphs = glyphs
        self.order: tuple[int, ...] = tuple(range(len(question.options)))
        """Original index of the option shown at each position."""
        self.focused_at: float | None = None
        """`monotonic()` when the question first got the focus (since it was shown or reset)."""
        self.answer_seconds: float | None = None
        """Seconds from `focused_at` to the last choice; None when not measured (e.g. a restored choice)."""
        self._drawn: Drawing | None = None
        """The lines drawn at the current width; None after a change."""
        self._show_choice_range()

    def _show_choice_range(self) -> None:
        # The footer shows the `1` binding for all the number keys: "1-3 Choose" for three options.
        # The class's bindings are shared by every question, as Textual shares them; those saying
        # "1-3" are shared by every question of three options (a copy each was ~3.5 KiB a question).
        key = (type(self), len(self.order))
        shared = _CHOICE_BINDINGS.get(key)
        if shared is None:
            shared = self._bindings.copy()
            bindings = shared.key_to_bindings
            first = bindings["1"][0]
            bindings["1"] = [Binding(first.key, first.action, first.description, key_display=f"1-{len(self.order)}")]
            _CHOICE_BINDINGS[key] = shared
        self._bindings = shared

    def language_changed(self) -> None:
        self._redraw(layout=True)

    def watch_chosen(self) -> None:
        self._redraw(layout=self.revealed)

    def watch_cursor(self) -> None:
        self._redraw()

    def watch_revealed(self) -> None:
        self._redraw(layout=True)

    def watch_hinted(self) -> None:
        self._redraw(layout=True)

    def watch_has_focus(self, focused: bool) -> None:
        # The cursor is drawn only while the question has the focus.
        super().watch_has_focus(focused)
        if focused and self.focused_at is None:
            self.focused_at = monotonic()
        self._redraw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None  # the lines carry the styles of then

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self._lines(width)
        return Strip(lines[y]) if y < len(lines) else Strip.blank(width, self.visual_style.rich_style)

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.revealed:
            return
        position = bisect_right(self._option_rows(), offset.y) - 1
        if 0 <= position < len(self.order):
            self.action_choose(position)

    @property
    def is_correct(self) -> bool:
        """Whether the chosen option is the right one."""
        return self.chosen == self.question.answer

    def reset(self, order: tuple[int, ...]) -> None:
        """Forget the choice and hide the feedback; show the options in `order` (original indices)."""
        self.order = order
        self.chosen = None
        self.cursor = 0
        self.revealed = False
        self.hinted = False
        self.focused_at = self.answer_seconds = None
        self._redraw(layout=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "move", "choose_highlighted") and self.revealed:
            return False
        if action == "choose":
            return cast(int, parameters[0]) < len(self.order)
        if action == "move":
            step = cast(int, parameters[0])
            return 0 <= self.cursor + step < len(self.order) or self._neighbour(step) is not None
        if action == "hint":
            return self.question.hint is not None and not self.revealed and not self.hinted
        return True

    def action_hint(self) -> None:
        self.hinted = True
        self.post_message(self.Hinted(self))
        self.call_after_refresh(self._scroll_to_hint)

    def _scroll_to_hint(self) -> None:
        """Bring the hint, just drawn under the options, into view."""
        rows = self._option_rows()
        scrolling = (widget for widget in self.ancestors if isinstance(widget, Widget) and widget.allow_vertical_scroll)
        scroller = next(scrolling, None)
        if scroller is not None:
            x, y, width, height = self.content_region
            shift = scroller.scroll_offset - scroller.content_region.offset
            scroller.scroll_to_region(Region(x, y + rows[-1], width, height - rows[-1]).translate(shift), animate=False)

    def action_choose(self, position: int) -> None:
        if self.focused_at is not None:
            self.answer_seconds = monotonic() - self.focused_at
        self.cursor = position
        self.chosen = self.order[position]
        self.post_message(self.Answered(self, self.chosen))

    def action_choose_highlighted(self) -> None:
        self.action_choose(self.cursor)

    def action_move(self, step: int) -> None:
        if 0 <= self.cursor + step < len(self.order):
            self.cursor += step
            self._scroll_to_cursor()
            return
        neighbour = self._neighbour(step)
        if neighbour is None:
            return  # no question there (check_action disables the key then)
        neighbour.cursor = 0 if step > 0 else len(neighbour.order) - 1
        neighbour.focus()

    def option_region(self, position: int) -> Region:
        """Where on the screen the option shown at `position` is drawn (all its lines)."""
        rows = self._option_rows()
        x, y, width, _ = self.content_region
        return Region(x, y + rows[position], width, rows[position + 1] - rows[position])

    def option_classes(self, position: int) -> list[str]:
        """The component classes the option shown at `position` is drawn with."""
        original = self.order[position]
        right = self.revealed and original == self.question.answer
        states = {
            "question--cursor": self.has_focus and not self.revealed and position == self.cursor,
            "question--chosen": original == self.chosen,
            "question--right": right,
            "question--wrong": self.revealed and original == self.chosen and not right,
        }
        return [name for name, state in states.items() if state]

    def _neighbour(self, step: int) -> QuestionView | None:
        """The question `step` places away among this one's siblings, if any."""
        if self.parent is None:
            return None
        siblings = [widget for widget in self.parent.children if isinstance(widget, QuestionView)]
        index = siblings.index(self) + step
        return siblings[index] if 0 <= index < len(siblings) else None

    def _scroll_to_cursor(self) -> None:
        scrolling = (widget for widget in self.ancestors if isinstance(widget, Widget) and widget.allow_vertical_scroll)
        scroller = next(scrolling, None)
        if scroller is not None:
            # From screen coordinates to the scroller's virtual ones.
            shift = scroller.scroll_offset - scroller.content_region.offset
            scroller.scroll_to_region(self.option_region(self.cursor).translate(shift), animate=False)

    def _redraw(self, layout: bool = False) -> None:
        self._drawn = None
        self.refresh(layout=layout)

    def _lines(self, width: int) -> list[list[Segment]]:
        """The question's lines at `width`, drawn again only after a change."""
        if self._drawn is None or self._drawn.width != width:
            self._drawn = self._draw(width)
        return self._drawn.lines

    def _option_rows(self) -> list[int]:
        """The first line of each option, then the line after the last option."""
        self._lines(self.content_size.width)
        return self._drawn.option_rows if self._drawn else []

    def _draw(self, width: int) -> Drawing:
        bold = self.visual_style.rich_style + Style(bold=True)
        lines = self._hanging(f"{self.number}.", self._inline(self.question.prompt), width, bold)
        rows = []
        for position, original in enumerate(self.order):
            rows.append(len(lines))
            text = self._inline(self.question.options[original].text)
            style = self.get_visual_style(*self.option_classes(position)).rich_style
            lines += self._hanging(self._option_label(position), text, width, style)
        rows.append(len(lines))
        if self.hinted and self.question.hint is not None:
            lines.append(Strip.blank(width, self.visual_style.rich_style.background_style))
            hint = Text(self.messages("quiz.hint"), "bold")
            hint.append_text(self._inline(self.question.hint))
            lines += self._paragraph(hint, "question--hint", width)
        if self.revealed:
            lines.append(Strip.blank(width, self.visual_style.rich_style.background_style))
            lines += self._paragraph(*self._verdict(), width)
            lines += self._paragraph(self._feedback(), None, width)
        return Drawing(width, [list(line) for line in lines], rows)

    def _hanging(self, label: str, text: Text, width: int, style: Style) -> list[Strip]:
        """`label`, then `text` wrapped beside it and under itself, in `style`."""
        console = self.app.console
        return [
            Strip(Segment.apply_style(line.render(console), style)).adjust_cell_length(width, style)
            for line in hanging_lines(Text(f"{label} "), text, width, console)
        ]

    def _paragraph(self, text: Text, colour: str | None, width: int) -> list[Strip]:
        """`text` wrapped at `width`, as a Static would draw it, coloured by the component class `colour`.

        Wrapped here, where no-break spaces are kept (French typography), then drawn line by line.
        """
        lines = wrap_no_break(text, self.app.console, width)
        content = Content.from_rich_text(Text("\n").join(lines), console=self.app.console)
        style = self.get_visual_style(colour) if colour else self.visual_style
        return Visual.to_strips(self, content, width, None, style)

    def _option_label(self, position: int) -> str:
        glyphs = self.glyphs
        marks = {"question--right": glyphs.good, "question--wrong": glyphs.bad, "question--cursor": glyphs.selected}
        mark = next((marks[name] for name in self.option_classes(position) if name in marks), " ")
        radio = glyphs.chosen if self.order[position] == self.chosen else glyphs.unchosen
        return f"{mark} {radio} {position + 1})"

    def _verdict(self) -> tuple[Text, str]:
        """The verdict, and the component class that colours it."""
        if self.chosen is None:
            state, mark, colour = "unanswered", UNANSWERED_MARK, "question--unanswered"
        elif self.is_correct:
            state, mark, colour = "correct", self.glyphs.good, "question--right"
        else:
            state, mark, colour = "incorrect", self.glyphs.bad, "question--wrong"
        return Text(f"{mark} {self.messages(f'quiz.{state}')}", "bold"), colour

    def _feedback(self) -> Text:
        messages = self.messages
        text = Text()
        chosen = self.question.options[self.chosen] if self.chosen is not None else None
        if chosen is not None and not self.is_correct and chosen.why is not None:
            number = self.order.index(self.chosen) + 1
            text.append(messages("quiz.why_chosen", number=number), "bold")
            text.append_text(self._inline(chosen.why))
            text.append("\n")
        number = self.order.index(self.question.answer) + 1
        text.append(messages("quiz.right_answer", number=number), "bold")
        text.append_text(self._inline(self.question.explanation))
        return text

    def _inline(self, text: m.Localized) -> Text:
        return inline_text(text.get(self.lang), self.glyphs.ascii)
