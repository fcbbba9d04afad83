"""French texts as the tutor draws them, at 60, 72 and 80 columns: typography survives line breaking.

No line starts with `: ; ? ! » %`, no number is split across two lines, and no line starts or ends
with a formula operator but a relation (so `1/(1 − p)` stays whole; a formula of more than 30
characters may break after an `=`). Every French text of the course goes through
the renderers the lesson widgets use: `prose` for text blocks and callouts, `inline_text` wrapped
by Rich for list items, legends, comparisons and glossary entries, and the hanging indent of quiz
questions. tests/ui/test_french_lesson_screen.py checks the same on the real lesson screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from rich.console import Console
from rich.text import Text

from tests.support.course_text import texts_in
from tutor.content import model as m
from tutor.text.nobreak import NO_BREAK_SPACES, NoBreakText, wrap_no_break
from tutor.text.typography import NNBSP, OPERATORS, RELATIONS
from tutor.widgets.blocks.inline import inline_text
from tutor.widgets.blocks.prose import prose
from tutor.widgets.chrome.hanging import hanging_lines

WIDTHS = (60, 72, 80)
FRAMES = (0, 4, 8)
"""Columns taken by what surrounds a text on screen: nothing, a frame, a frame in a frame."""
LINE_START = re.compile(r"^[ •▪‣⭑◦✓✗›·\d.)]*[:;?!»%]")
BINARY = "".join(char for char in OPERATORS if char not in RELATIONS)
OPERATOR_AT_EDGE = re.compile(rf"^\s*[{OPERATORS}](\s|$)|(^|\s)[{BINARY}]\s*$")
"""A line never starts with an operator, and ends with one only after a relation (=, ≈, ←) of a long
formula, where typesetters break a displayed equation."""
NUMBER = re.compile(rf"\d+(?:{NNBSP}\d{{3}})+|\d+(?:,\d+)?(?=[{NO_BREAK_SPACES}]%)")
"""Numbers that a line break could split: digit groups, and a number before its per cent sign."""


def french_texts(course: m.Course) -> Iterator[tuple[str, str, bool]]:
    """(where, text, is Markdown prose) for every French text of the lessons and the glossary."""
    for module in course.modules:
        for lesson in module.lessons:
            for block in lesson.blocks:
                markdown = isinstance(block, m.TextBlock | m.CalloutBlock)
                for text in texts_in(block):
                    if dict(text.texts).get("fr") is not None:
                        yield f"{lesson.id}", text.get("fr"), markdown and text is block.body
    for term in course.glossary.terms:
        yield f"glossary {term.id}", term.definition.get("fr"), False


def rendered(text: str, markdown: bool, width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    if markdown:
        lines = console.render_lines(prose(text), console.options.update_width(width), pad=False)
        return ["".join(segment.text for segment in line) for line in lines]
    return [line.plain for line in inline_text(text).wrap(console, width)]


def check(lines: list[str], source: str, where: str) -> None:
    shown = "\n".join(lines)
    for line in lines:
        assert not LINE_START.match(line), f"{where}: a line starts with punctuation: {line!r}"
        assert not OPERATOR_AT_EDGE.search(line), f"{where}: a formula is broken at {line!r}"
    for number in set(NUMBER.findall(source)):
        assert shown.count(number) >= source.count(number), f"{where}: {number!r} is split in {lines}"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_french_text_breaks_badly(real_course: m.Course, width: int) -> None:
    checked = 0
    for where, text, markdown in french_texts(real_course):
        for frame in FRAMES:
            check(rendered(text, markdown, width - frame), text, f"{where} at {width - frame}")
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("width", WIDTHS)
def test_quiz_questions_keep_french_typography(real_course: m.Course, width: int) -> None:
    console = Console(width=width, color_system=None, legacy_windows=False)
    for _module, _lesson, question in real_course.questions().values():
        texts = [question.prompt, question.explanation, *(option.text for option in question.options)]
        texts += [option.why for option in question.options if option.why]
        for text in texts:
            french = text.get("fr")
            lines = [line.plain for line in hanging_lines(Text("1. "), inline_text(french), width - 4, console)]
            check(lines, french, question.id)
            check([line.plain for line in wrap_no_break(Text(french), console, width - 2)], french, question.id)


def test_without_the_no_break_spaces_the_same_texts_would_break_badly(real_course: m.Course) -> None:
    """The check above can fail: with ordinary spaces, lines do start with « : » and numbers split."""
    failures = 0
    for _where, text, markdown in french_texts(real_course):
        plain = text.replace("\u00a0", " ").replace("\u202f", " ")
        for width in WIDTHS:
            try:
                check(rendered(plain, markdown, width - 8), text, "")
            except AssertionError:
                failures += 1
    assert failures > 20


def test_a_text_measures_its_no_break_runs_as_one_word() -> None:
    console = Console(width=80)
    text = NoBreakText("soit 1/(1\u00a0−\u00a0p) et 1\u202f849\u202f688\u202f064\u00a0MAC")
    assert text.__rich_measure__(console, console.options).minimum == len("1\u202f849\u202f688\u202f064\u00a0MAC")
    assert [line.plain for line in text.wrap(console, 18)] == [
        "soit 1/(1\u00a0−\u00a0p) et ",
        "1\u202f849\u202f688\u202f064\u00a0MAC",
    ]
    assert [line.plain for line in Text(text.plain).wrap(console, 12)] == [  # Rich alone breaks at them
        "soit 1/(1\u00a0−\u00a0",
        "p) et 1\u202f849\u202f",
        "688\u202f064\u00a0MAC",
    ]
