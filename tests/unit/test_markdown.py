"""The course's prose parsed once (`tutor.content.markdown`): the trees kept are the texts' own."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from tutor.content import model as m
from tutor.content.cached import load_course_cached
from tutor.content.loader import load_course
from tutor.content.markdown import Node, decode, encode, parse, tree, with_parsed_prose
from tutor.system.paths import bundled_lessons
from tutor.widgets.blocks.prose import prose

MARKDOWN = st.lists(st.sampled_from([*"ab *_`~#>-|12.[]()<>!\n:é\u202f", "```py\n"]), max_size=60).map("".join)
"""Text made of Markdown's marks, to parse into every kind of node."""


def fields(node: Node) -> tuple:
    """Everything `node` and its children hold, to compare two trees."""
    return (node.type, node.tag, node.info, node.content, dict(node.attrs), [fields(child) for child in node.children])


def shown(source: str | object) -> list[str]:
    console = Console(width=40, color_system=None)
    lines = console.render_lines(prose(source), console.options.update_width(40), pad=False)  # type: ignore[arg-type]
    return ["".join(segment.text for segment in line) for line in lines]


@settings(max_examples=200, deadline=None)
@given(MARKDOWN)
def test_a_tree_written_and_read_back_is_the_same_tree_and_draws_the_same_lines(source: str) -> None:
    parsed = parse(source)
    assert fields(decode(encode(parse(source)))) == fields(parsed)
    assert shown(decode(encode(parsed))) == shown(source)


def test_a_word_of_text_is_written_in_few_characters() -> None:
    assert encode(parse("word")) == '["root","",[["paragraph","",[["inline","",[["text","word"]]]],"p"]]]'


def test_every_text_of_the_course_the_tutor_starts_with_is_parsed_in_every_language() -> None:
    course = load_course_cached(bundled_lessons())
    blocks = [
        block
        for module in course.modules
        for lesson in module.lessons
        for block in lesson.blocks
        if isinstance(block, (m.TextBlock, m.CalloutBlock))
    ]
    assert blocks
    for block in blocks:
        assert [code for code, _ in block.parsed] == [code for code, _ in block.body.texts]
        for (_, source), (_, written) in zip(block.body.texts, block.parsed):
            assert written == encode(parse(source))


def test_a_text_not_parsed_is_parsed_when_shown_and_the_language_falls_back_as_the_text_does() -> None:
    text = m.Localized((("fr", "*un*"), ("en", "**one**")))
    parsed = with_parsed_prose_of(text)
    assert encode(tree(text, (), "en")) == encode(parse("**one**"))
    assert encode(tree(text, parsed, "en")) == encode(parse("**one**"))
    assert encode(tree(text, parsed, "de")) == encode(parse("*un*"))  # the first language, as `get` gives
    neutral = m.Localized.neutral("`x`")
    assert encode(tree(neutral, with_parsed_prose_of(neutral), "en")) == encode(parse("`x`"))


def with_parsed_prose_of(text: m.Localized) -> tuple[tuple[str, str], ...]:
    """The `parsed` of a text block holding `text`, as the tutor's course has it."""
    course = load_course(bundled_lessons())
    module = course.modules[0]
    lesson = dataclasses.replace(module.lessons[0], blocks=(m.TextBlock(text),))
    course = dataclasses.replace(course, modules=(dataclasses.replace(module, lessons=(lesson,)),))
    block = with_parsed_prose(course).modules[0].lessons[0].blocks[0]
    assert isinstance(block, m.TextBlock) and block == m.TextBlock(text)  # parsed: not part of equality
    return block.parsed
