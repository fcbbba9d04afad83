"""Markdown prose as one renderable: each construct's look, and no Markdown that can break it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from tutor.widgets.blocks.prose import PARTS, prose

STYLES = {part: Style(color=f"color({number + 1})") for number, part in enumerate(PARTS)}
"""A colour of its own for each part, to tell which part styled what."""


def render(source: str, width: int = 40) -> list[list[Segment]]:
    console = Console(width=width, color_system="256", legacy_windows=False)
    return console.render_lines(prose(source, STYLES), console.options.update_width(width), pad=False)


def lines(source: str, width: int = 40) -> list[str]:
    return ["".join(segment.text for segment in line).rstrip() for line in render(source, width)]


def style_of(source: str, word: str) -> Style:
    """The style of the segment holding `word` (the first one)."""
    for line in render(source):
        for segment in line:
            if word in segment.text:
                return segment.style or Style.null()
    raise AssertionError(f"{word!r} is not shown")


def test_paragraphs_are_reflowed_and_spaced_by_one_blank_line() -> None:
    assert lines("one\ntwo\n\nthree") == ["one two", "", "three"]


def test_emphasis_code_and_strike_are_styled() -> None:
    source = "**bold** *it* `code` ~~gone~~"
    assert lines(source) == ["bold it code gone"]
    assert style_of(source, "bold").bold and style_of(source, "it").italic and style_of(source, "gone").strike
    assert style_of(source, "code").color == STYLES["code"].color


def test_a_hard_break_starts_a_line() -> None:
    assert lines("one\\\ntwo") == ["one", "two"]


def test_headings_take_their_level_style_and_space_around_them() -> None:
    source = "text\n### Third\nmore\n\n## Second\n\n# First"
    assert lines(source) == ["text", "", "Third", "", "more", "", "", "Second", "", "", "First".center(40).rstrip()]
    assert style_of(source, "Third").color == STYLES["h3"].color
    assert style_of(source, "Second").color == STYLES["h2"].color


def test_a_text_opening_with_a_heading_has_no_blank_line_above_it() -> None:
    assert lines("## Title\n\nBody") == ["Title", "", "Body"]


def test_bullet_lists_hang_their_wrapped_lines_and_change_bullet_when_nested() -> None:
    source = "- a first item long enough to wrap at twenty\n  - nested\n- last"
    assert lines(source, width=24) == ["• a first item long", "  enough to wrap at", "  twenty", "  ▪ nested", "• last"]
    assert style_of(source, "•").color == STYLES["bullet"].color


def test_ordered_lists_keep_their_start_and_align_their_numbers() -> None:
    source = "\n".join(f"{number}. item" for number in range(8, 12))
    assert lines(source) == ["  8. item", "  9. item", " 10. item", " 11. item"]


def test_a_list_is_followed_by_a_blank_line() -> None:
    assert lines("- a\n- b\n\nafter") == ["• a", "• b", "", "after"]


def test_tables_have_a_header_row_lines_between_rows_and_the_columns_alignment() -> None:
    source = "| Name | Count |\n| --- | ---: |\n| a | 1 |\n| bb | 22 |"
    shown = lines(source, width=21)
    assert shown == [
        "┌─────────┬─────────┐",
        "│ Name    │   Count │",
        "├─────────┼─────────┤",
        "│ a       │       1 │",
        "├─────────┼─────────┤",
        "│ bb      │      22 │",
        "└─────────┴─────────┘",
    ]
    assert style_of(source, "Name").color == STYLES["table-header"].color
    assert style_of(source, "┌").color == STYLES["table-lines"].color


def test_a_block_quote_has_a_bar_down_each_of_its_lines() -> None:
    source = "> quoted words that wrap onto a second line"
    shown = lines(source, width=24)
    assert shown == ["▌ quoted words that", "▌ wrap onto a second", "▌ line"]
    assert style_of(source, "▌").color == STYLES["quote-bar"].color


def test_code_blocks_keep_their_lines_and_indentation() -> None:
    shown = lines("```python\ndef f(x):\n    return x\n```")
    assert "  def f(x):" in shown and "      return x" in shown


def test_a_code_block_in_an_unknown_language_is_shown_as_it_is() -> None:
    assert "  hello" in lines("```{.no-such-language}\nhello\n```")


def test_links_are_styled_and_open_their_target_when_clicked() -> None:
    style = style_of("see [the paper](https://arxiv.org/abs/1502.03167)", "paper")
    assert style.color == STYLES["link"].color
    assert style.meta["@click"] == "link('https://arxiv.org/abs/1502.03167')"


def test_a_file_name_is_plain_text_and_an_address_is_a_link_only_in_angle_brackets() -> None:
    # GitHub's autolinks made "conv2d.py" a link to a Paraguayan domain.
    assert "@click" not in style_of("edit conv2d.py or www.example.com", "conv2d.py").meta
    assert "@click" not in style_of("edit conv2d.py or www.example.com", "www.example.com").meta
    style = style_of("see <https://d2l.ai/> there", "d2l.ai")
    assert style.meta["@click"] == "link('https://d2l.ai/')"


def test_an_image_shows_its_description_in_brackets() -> None:
    assert lines("![a cat](cat.png)") == ["[a cat]"]


def test_raw_html_shows_only_its_text_and_comments_nothing() -> None:
    assert lines("<!-- a note to the author -->\n\n<div>inside <b>bold</b></div>\n\nafter <br> tag") == [
        "inside bold",
        "",
        "after  tag",
    ]


def test_a_horizontal_rule_is_a_line_across_below_a_blank_line_of_its_own() -> None:
    assert lines("above\n\n---\n\nbelow", width=10) == ["above", "", "", "─" * 10, "", "below"]


MARKDOWNISH = st.lists(
    st.sampled_from([*"ab1 \n\t#*_`~>-+|:[]()!<>/\\&;.=", "```", "| --- |", "1. ", "    ", "<!--", "http://a.b"])
).map("".join)
"""Strings made of Markdown's marks, which reach its constructs (and their corners) far more often."""


@settings(max_examples=300, deadline=None)
@given(source=st.one_of(st.text(), MARKDOWNISH), width=st.integers(min_value=1, max_value=100))
def test_any_text_renders_without_error(source: str, width: int) -> None:
    render(source, width)
