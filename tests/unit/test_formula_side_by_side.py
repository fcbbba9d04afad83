"""Formulas side by side in one expression stack when they do not fit together, whole each."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from tutor.widgets.blocks.static import side_by_side

EXPRESSION = "P = k × k × C_in + C_in × C_out      MAC = H_out × W_out × P"


def drawn(expression: str, width: int) -> list[str]:
    """The lines drawn, as a widget renders them (`Console.print` would join a lone Text into a plain one)."""
    console = Console(width=width, color_system=None)
    lines = console.render_lines(side_by_side(Text(expression)), console.options, pad=False)
    return ["".join(segment.text for segment in line).strip() for line in lines]


def test_formulas_that_fit_together_stay_on_one_line_centred() -> None:
    console_line = Console(width=80, color_system=None)
    with console_line.capture() as capture:
        console_line.print(side_by_side(Text(EXPRESSION)))
    (line,) = capture.get().splitlines()
    assert line.strip() == EXPRESSION
    assert abs(len(line) - len(line.lstrip()) - (80 - len(EXPRESSION)) // 2) <= 1


def test_formulas_that_do_not_fit_together_go_one_under_the_other_whole() -> None:
    assert drawn(EXPRESSION, 52) == ["P = k × k × C_in + C_in × C_out", "MAC = H_out × W_out × P"]


def test_one_formula_is_centred_and_wraps_as_text() -> None:
    assert drawn("y = F(x) + x", 40) == ["y = F(x) + x"]
    assert drawn("a = b × c × d × e", 10) == ["a = b × c", "× d × e"]


RATIO = "(k × k × C_in + C_in × C_out) / (k × k × C_in × C_out) = 1/C_out + 1/k²"
"""Lesson 7's ratio of a separable to a standard convolution: 75 columns, wider than a 60-column screen's box."""


def test_a_formula_too_long_for_its_line_breaks_before_an_operator_outside_its_brackets() -> None:
    assert drawn(RATIO, 52) == ["(k × k × C_in + C_in × C_out)", "/ (k × k × C_in × C_out) = 1/C_out + 1/k²"]
    assert drawn(RATIO, 30) == ["(k × k × C_in + C_in × C_out)", "/ (k × k × C_in × C_out)", "= 1/C_out + 1/k²"]
