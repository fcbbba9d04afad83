"""A text in every language (`{fr: …, en: …}`): read in one pass when it is right, key by key when not.

`NodeReader.localized` reads most texts of a course through a fast path that gives up, recording
nothing, on anything unusual: these cases check that each mistake is still reported, once, where
it is, and that a right text is read the same whichever way it is written.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tutor.content.errors import Problem
from tutor.content.model import Localized
from tutor.content.nodes import NodeReader, compose_bytes

PATH = Path("x.yaml")


def read(yaml_text: str, languages: tuple[str, ...] = ("fr", "en")) -> tuple[Localized | None, list[str]]:
    """The text read from the value of `t:` in `yaml_text`, and the problems as `line:column: message`."""
    problems: list[Problem] = []
    node = compose_bytes(yaml_text.encode(), PATH, problems)
    assert node is not None, problems
    reader = NodeReader(PATH, languages, problems)
    value = next(value for key, value in node.value if key.value == "t")
    text = reader.localized(value, "title")
    return text, [f"{problem.line}:{problem.column}: {problem.message}" for problem in problems]


@pytest.mark.parametrize(
    "yaml_text",
    ["t: {fr: a, en: b}", "t:\n  fr: a\n  en: b\n", "t: {fr: 'a', en: \"b\"}", "t:\n  fr: |\n    a\n  en: >-\n    b\n"],
)
def test_a_right_text_is_read_whichever_way_it_is_written(yaml_text: str) -> None:
    text, problems = read(yaml_text)
    assert problems == []
    assert text is not None and [(lang, each.strip()) for lang, each in text.texts] == [("fr", "a"), ("en", "b")]


def test_the_languages_keep_the_order_of_the_file() -> None:
    assert read("t: {en: b, fr: a}") == (Localized((("en", "b"), ("fr", "a"))), [])


def test_a_single_language_course_reads_its_one_text() -> None:
    assert read("t: {en: b}", ("en",)) == (Localized((("en", "b"),)), [])


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("t: {fr: a}", ["1:4: title is missing 'en'"]),
        ("t: {fr: a, de: b}", ["1:12: unknown key 'de' in title (expected fr, en)", "1:4: title is missing 'en'"]),
        ("t: {fr: a, fr: b}", ["1:12: duplicate key 'fr' in title", "1:4: title is missing 'en'"]),
        ("t: {fr: a, en: ''}", ["1:16: title (en) is empty"]),
        ("t: {fr: a, en: '  '}", ["1:16: title (en) is empty"]),
        ("t: {fr: a, en: 3}", ['1:16: title (en) must be text; put it in quotes: "3"']),
        ("t: {fr: a, en: ~}", ["1:16: title (en) has no value"]),
        ("t: {fr: a, en: [b]}", ["1:16: title (en) must be a single value, not a list or mapping"]),
        ("t: {fr: a, en: \"b\\u200bc\"}", ["1:16: title (en) contains U+200B, a control, bidi or invisible character; remove it"]),
        ("t: {fr: a, [en]: b}", ["1:12: unknown key None in title (expected fr, en)", "1:4: title is missing 'en'"]),
        ("t: {fr: &x a, en: *x}", ["1:9: this value is reused through an alias (*name): anchors and aliases are not supported"]),
        ("t: a", ["1:4: title must give one text per language (fr, en), e.g. fr: … en: …"]),
    ],
)  # fmt: skip
def test_each_mistake_is_reported_once_where_it_is(yaml_text: str, expected: list[str]) -> None:
    text, problems = read(yaml_text)
    assert text is None
    assert problems == expected


def test_a_key_too_many_is_reported_and_the_texts_kept() -> None:
    text, problems = read("t: {fr: a, en: b, de: c}")
    assert text == Localized((("fr", "a"), ("en", "b")))
    assert problems == ["1:19: unknown key 'de' in title (expected fr, en)"]


def test_a_text_too_long_is_reported() -> None:
    text, problems = read("t: {fr: a, en: " + "b" * 5_001 + "}")
    assert text is None
    assert problems == ["1:16: title (en) is 5,001 characters long; the limit is 5,000 (split it)"]


def test_a_text_read_twice_through_an_alias_is_refused_the_second_time() -> None:
    problems: list[Problem] = []
    node = compose_bytes(b"a: &x {fr: a, en: b}\nb: *x\n", PATH, problems)
    assert node is not None
    reader = NodeReader(PATH, ("fr", "en"), problems)
    first, second = (reader.localized(value, key.value) for key, value in node.value)
    assert first == Localized((("fr", "a"), ("en", "b"))) and second is None
    assert [problem.message for problem in problems] == [
        "this value is reused through an alias (*name): anchors and aliases are not supported"
    ]


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8, codecs.BOM_UTF8 * 2], ids=["none", "one", "two"])
def test_a_byte_order_mark_moves_nothing(bom: bytes) -> None:
    problems: list[Problem] = []
    node = compose_bytes(bom + "a: 1\nt: {fr: a, en: ' '}\n".encode(), PATH, problems)
    assert node is not None
    NodeReader(PATH, ("fr", "en"), problems).localized(node.value[1][1], "title")
    assert compose_bytes(bom + "a: 1\nb: [1, 2\n".encode(), PATH, problems) is None
    assert [(problem.line, problem.column) for problem in problems] == [(2, 16), (2, 4)]
