"""One multiple-choice question: options to choose from, then, once revealed, the feedback.

The quiz block shows every question of a quiz this way and checks them together; the review
screen can show one at a time. The student's choice is kept as an index into the question's
ORIGINAL option order, whatever order the options are shown in.
"""

from __future__ import annotations

from time import monotonic

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tutor.asciify import to_ascii
from tutor.content import model as m
from tutor.glyphs import Glyphs
from tutor.i18n import Messages
from tutor.widgets.containment import Contained
from tutor.widgets.inline import inline_text

UNANSWERED_MARK = "?"


class OptionLine(Static):
    """One option of a question, at `position` in the order shown; a click chooses it."""

    DEFAULT_CSS = """
    OptionLine { height: auto; }
    OptionLine.-cursor { background: $accent 25%; }
    OptionLine.-chosen { text-style: bold; }
    OptionLine.-right { color: $success; }
    OptionLine.-wrong { color: $error; }
    """

    def __init__(self, position: int) -> None:
        super().__init__(markup=False)
        self.position = position


class QuestionView(Contained, Vertical, can_focus=True):
    """A question: `1`-`9` or up/down and enter choose an option, as does a click."""

    BINDINGS = [
        Binding("1", "choose(0)", "keys.choose"),
        *(Binding(str(key), f"choose({key - 1})", show=False) for key in range(2, 10)),
        Binding("up", "move(-1)", "keys.option_previous", show=False),
        Binding("down", "move(1)", "keys.option_next", show=False),
        Binding("enter", "choose_highlighted", "keys.choose_highlighted", show=False),
    ]

    DEFAULT_CSS = """
    QuestionView { height: auto; padding: 0 1; margin: 0 0 1 0; border-left: blank; }
    QuestionView:focus { border-left: thick $accent; }
    QuestionView > .prompt { text-style: bold; }
    QuestionView > .verdict { text-style: bold; margin: 1 0 0 0; }
    QuestionView > .verdict.-correct { color: $success; }
    QuestionView > .verdict.-incorrect { color: $error; }
    QuestionView > .verdict.-unanswered { color: $warning; }
    """

    lang = reactive("en", init=False)
    """The language shown."""
    chosen: reactive[int | None] = reactive(None, init=False)
    """The chosen option, as an index of the question's original option order; None if none yet."""
    cursor = reactive(0, init=False)
    """The highlighted option, as a position in the order shown."""
    revealed = reactive(False, init=False, bindings=True)
    """Whether the answer and the feedback are shown (choices are then locked)."""

    class Answered(Message):
        """The student chose `option` (an index of the original option order)."""

        def __init__(self, question_view: QuestionView, option: int) -> None:
            super().__init__()
            self.question_view = question_view
            self.option = option

        @property
        def control(self) -> QuestionView:
            return self.question_view

    def __init__(self, question: m.Question, number: int, glyphs: Glyphs, lang: str) -> None:
        """Args:
        question: The question shown.
        number: Its number, as shown before the prompt.
        glyphs: The characters to draw with.
        lang: The language shown first.
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
        self.set_reactive(QuestionView.lang, lang)
        self._show_choice_range()

    def _show_choice_range(self) -> None:
        # The footer shows the `1` binding for all the number keys: "1-4 Choose".
        bindings = self._bindings.key_to_bindings
        first = bindings["1"][0]
        bindings["1"] = [Binding(first.key, first.action, first.description, key_display=f"1-{len(self.order)}")]

    def compose(self) -> ComposeResult:
        yield Static(classes="prompt", markup=False)
        for position in range(len(self.order)):
            yield OptionLine(position)
        yield Static(classes="verdict", markup=False)
        yield Static(classes="feedback", markup=False)

    def on_mount(self) -> None:
        self._draw()

    def watch_lang(self) -> None:
        self._show()

    def watch_chosen(self) -> None:
        self._show()

    def watch_cursor(self) -> None:
        self._show()

    def watch_revealed(self) -> None:
        self._show()

    def watch_has_focus(self, focused: bool) -> None:
        # The cursor is drawn only while the question has the focus.
        super().watch_has_focus(focused)
        if focused and self.focused_at is None:
            self.focused_at = monotonic()
        self._show()

    def on_click(self, event: Click) -> None:
        if isinstance(event.widget, OptionLine) and not self.revealed:
            self.action_choose(event.widget.position)

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
        self.focused_at = self.answer_seconds = None
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "move", "choose_highlighted") and self.revealed:
            return False
        if action == "choose":
            return parameters[0] < len(self.order)
        if action == "move":
            return 0 <= self.cursor + parameters[0] < len(self.order) or self._neighbour(parameters[0]) is not None
        return True

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
        neighbour.cursor = 0 if step > 0 else len(neighbour.order) - 1
        neighbour.focus()

    def _neighbour(self, step: int) -> QuestionView | None:
        """The question `step` places away among this one's siblings, if any."""
        siblings = [widget for widget in self.parent.children if isinstance(widget, QuestionView)]
        index = siblings.index(self) + step
        return siblings[index] if 0 <= index < len(siblings) else None

    def _scroll_to_cursor(self) -> None:
        self.query(OptionLine)[self.cursor].scroll_visible(animate=False)

    def _show(self) -> None:
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        self.query_one(".prompt", Static).update(self._prompt())
        for line in self.query(OptionLine):
            self._show_option(line)
        verdict, feedback = self.query_one(".verdict", Static), self.query_one(".feedback", Static)
        verdict.display = feedback.display = self.revealed
        if self.revealed:
            self._show_verdict(verdict)
            feedback.update(self._feedback())

    def _show_option(self, line: OptionLine) -> None:
        original = self.order[line.position]
        right = self.revealed and original == self.question.answer
        wrong = self.revealed and original == self.chosen and not right
        cursor = self.has_focus and not self.revealed and line.position == self.cursor
        for name, state in (("-cursor", cursor), ("-chosen", original == self.chosen), ("-right", right), ("-wrong", wrong)):
            line.set_class(state, name)
        mark = self.glyphs.good if right else self.glyphs.bad if wrong else self.glyphs.selected if cursor else " "
        line.update(self._option_row(line.position, original, mark))

    def _option_row(self, position: int, original: int, mark: str) -> Table:
        radio = self.glyphs.chosen if original == self.chosen else self.glyphs.unchosen
        row = Table.grid(padding=(0, 1), expand=True)
        for _ in range(3):
            row.add_column(no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(mark, radio, f"{position + 1})", self._inline(self.question.options[original].text))
        return row

    def _prompt(self) -> Table:
        prompt = Table.grid(padding=(0, 1), expand=True)
        prompt.add_column(no_wrap=True)
        prompt.add_column(ratio=1)
        prompt.add_row(f"{self.number}.", self._inline(self.question.prompt))
        return prompt

    def _show_verdict(self, verdict: Static) -> None:
        messages = Messages(self.lang)
        if self.chosen is None:
            state, mark = "unanswered", UNANSWERED_MARK
        else:
            state, mark = ("correct", self.glyphs.good) if self.is_correct else ("incorrect", self.glyphs.bad)
        for name in ("correct", "incorrect", "unanswered"):
            verdict.set_class(name == state, f"-{name}")
        verdict.update(Text(f"{mark} {self._t(messages(f'quiz.{state}'))}"))

    def _feedback(self) -> Text:
        messages = Messages(self.lang)
        text = Text()
        chosen = self.question.options[self.chosen] if self.chosen is not None else None
        if chosen is not None and not self.is_correct and chosen.why is not None:
            number = self.order.index(self.chosen) + 1
            text.append(self._t(messages("quiz.why_chosen", number=number)), "bold")
            text.append_text(self._inline(chosen.why))
            text.append("\n")
        number = self.order.index(self.question.answer) + 1
        text.append(self._t(messages("quiz.right_answer", number=number)), "bold")
        text.append_text(self._inline(self.question.explanation))
        return text

    def _inline(self, text: m.Localized) -> Text:
        return inline_text(text.get(self.lang), self.glyphs.ascii)

    def _t(self, text: str) -> str:
        return to_ascii(text) if self.glyphs.ascii else text
