"""The bundled course in lessons/: complete, translated, clean, cited, and laid out for a terminal.

These checks run over every lesson of the real course, whoever wrote it. The worked numbers
that lessons state are checked in tests/test_lessons_numbers.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tests.conftest import REAL_COURSE
from tests.support.course_text import texts_in
from tutor.content import model as m
from tutor.content.plain import render_lesson
from tutor.text.i18n import Messages
from tutor.content.simulations import WIDGETS

TAUGHT_ORDER = (
    "introduction", "batch-norm", "batch-norm-practice", "other-norms", "dropout", "weight-decay",
    "advanced-convolutions", "receptive-field", "residual-connections", "channel-attention",
    "spatial-attention", "quiz", "summary",
)  # fmt: skip
WITHOUT_REFERENCES = {"introduction", "summary", "quiz"}
TECHNICAL = set(TAUGHT_ORDER) - WITHOUT_REFERENCES
"""The lessons that teach a technique: each has a worked example, a simulation and key takeaways."""
SIMULATIONS_TO_COME = {"batch-norm-practice", "advanced-convolutions", "receptive-field"}
"""Technical lessons whose simulation (bn-statistics, conv-explorer) issue #16 is adding: remove each
name here when its `- widget:` block lands, so that the check below holds for it too."""
MOJIBAKE = ("Ã", "â€", "ğŸ", "Â\u00a0", "\ufffd")
FORBIDDEN_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
UNTRANSLATED_MIN_LENGTH = 40
MAX_PARAGRAPH = 6 * 80
MAX_TABLE_WIDTH = 76
CITATION = re.compile(r"\(\d{4}[a-z]?\)\. \S.*[.?!] \S")  # authors (year). Title. Venue
LIST_ITEM = re.compile(r"\s*([-*]|\d+\.) ")


def lessons(course: m.Course) -> Iterator[m.Lesson]:
    for module in course.modules:
        yield from module.lessons


def prose_bodies(lesson: m.Lesson) -> Iterator[m.Localized]:
    """The Markdown bodies of a lesson: text blocks and callouts."""
    for block in lesson.blocks:
        if isinstance(block, m.TextBlock | m.CalloutBlock):
            yield block.body


def skeleton(markdown: str) -> list[str]:
    """The shape of a Markdown text: one entry per heading, paragraph, list (with its item count) or table."""
    shape = []
    for paragraph in re.split(r"\n\s*\n", markdown.strip()):
        lines = paragraph.splitlines()
        if paragraph.startswith("#"):
            shape.append(f"heading{paragraph.count('#', 0, paragraph.index(' '))}")
        elif paragraph.startswith("|"):
            shape.append(f"table of {len(lines)} rows")
        elif LIST_ITEM.match(paragraph):
            items = sum(1 for line in lines if LIST_ITEM.match(line) and not line.startswith("  "))
            shape.append(f"list of {items}")
        else:
            shape.append("paragraph")
    return shape


def test_bundled_course_is_module_3_in_french_and_english(real_course: m.Course) -> None:
    assert real_course.languages == ("fr", "en")
    assert [module.id for module in real_course.modules] == ["module3"]
    assert len(real_course.modules[0].lessons) == len(TAUGHT_ORDER)


def test_every_lesson_prints_in_both_languages(real_course: m.Course) -> None:
    module = real_course.modules[0]
    for lesson in module.lessons:
        for lang in real_course.languages:
            printed = render_lesson(module, lesson, lang, Messages(lang))
            assert lesson.title.get(lang) in printed and len(printed.splitlines()) > 10


def test_lessons_come_in_the_taught_order(real_course: m.Course) -> None:
    """Progress files key on these ids: a lesson may be added, never renamed."""
    assert tuple(lesson.id for lesson in lessons(real_course)) == TAUGHT_ORDER


WORKED_EXAMPLE = {
    "fr": re.compile(r"exemple chiffré|exemple :|Exemples? \d?|À vous", re.I),
    "en": re.compile(r"worked example|example:|Examples? \d?|Your turn", re.I),
}


def test_every_technical_lesson_has_a_worked_example_and_key_takeaways(real_course: m.Course) -> None:
    for lesson in lessons(real_course):
        if lesson.id not in TECHNICAL:
            continue
        summaries = [block for block in lesson.blocks if isinstance(block, m.ListBlock) and block.style == "summary"]
        assert [block.title.get("fr") for block in summaries] == ["À retenir"], lesson.id
        assert summaries[0].title.get("en") == "Key takeaways" and lesson.blocks[-1] is summaries[0], lesson.id
        for lang, example in WORKED_EXAMPLE.items():
            prose = " ".join(text.get(lang) for text in texts_in(lesson.blocks))
            assert example.search(prose), f"{lesson.id} ({lang}) has no worked example"


def test_every_technical_lesson_has_a_simulation_as_the_introduction_says(real_course: m.Course) -> None:
    introduction = " ".join(text.get("en") for text in texts_in(real_course.find_lesson("introduction")[1].blocks))
    assert "Every technical lesson has its live simulation" in introduction
    for lesson in lessons(real_course):
        has_widget = any(isinstance(block, m.WidgetBlock) for block in lesson.blocks)
        if lesson.id in TECHNICAL - SIMULATIONS_TO_COME:
            assert has_widget, f"{lesson.id} has no simulation"
        elif lesson.id in SIMULATIONS_TO_COME:
            assert "The simulation below" in " ".join(text.get("en") for text in texts_in(lesson.blocks)), lesson.id


def test_every_text_exists_in_every_language(real_course: m.Course) -> None:
    for lesson in lessons(real_course):
        for text in texts_in(lesson):
            codes = tuple(code for code, _ in text.texts)
            assert codes in ((m.NEUTRAL,), real_course.languages), f"{lesson.id}: {text}"


def test_long_texts_are_translated_not_copied(real_course: m.Course) -> None:
    for lesson in lessons(real_course):
        for text in texts_in(lesson):
            french, english = text.get("fr"), text.get("en")
            if dict(text.texts).keys() != {m.NEUTRAL} and len(french) > UNTRANSLATED_MIN_LENGTH:
                assert french != english, f"{lesson.id}: untranslated {french[:60]!r}"


def test_prose_has_the_same_structure_in_both_languages(real_course: m.Course) -> None:
    for lesson in lessons(real_course):
        for body in prose_bodies(lesson):
            assert skeleton(body.get("fr")) == skeleton(body.get("en")), f"{lesson.id}: {body.get('en')[:60]!r}"


def reading_units(markdown: str) -> Iterator[str]:
    """The paragraphs of a Markdown text, with each list item apart; tables are left out."""
    for paragraph in re.split(r"\n\s*\n", markdown):
        if not paragraph.lstrip().startswith("|"):
            yield from re.split(r"\n(?=(?:[-*]|\d+\.) )", paragraph)


def test_prose_fits_a_terminal(real_course: m.Course) -> None:
    for lesson in lessons(real_course):
        for body in prose_bodies(lesson):
            for lang in real_course.languages:
                for unit in reading_units(body.get(lang)):
                    assert len(unit) <= MAX_PARAGRAPH, f"{lesson.id} ({lang}): {unit[:60]!r}"
                tables = [line for line in body.get(lang).splitlines() if line.lstrip().startswith("|")]
                for line in tables:
                    assert len(line) <= MAX_TABLE_WIDTH, f"{lesson.id} ({lang}): {line!r}"


def test_lesson_files_are_clean_utf8_text() -> None:
    files = sorted(REAL_COURSE.rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8")  # raises on invalid UTF-8
        for sequence in MOJIBAKE:
            assert sequence not in text, f"{path.name}: mojibake {sequence!r}"
        found = FORBIDDEN_CONTROLS.search(text)
        assert found is None, f"{path.name}: control character {found and found.group()!r}"


def test_teaching_lessons_cite_their_sources(real_course: m.Course) -> None:
    for lesson in lessons(real_course):
        if lesson.id in WITHOUT_REFERENCES:
            continue
        assert lesson.references, f"{lesson.id} has no references"
        for reference in lesson.references:
            assert CITATION.search(reference), f"{lesson.id}: incomplete {reference!r}"


def test_widget_blocks_name_registered_widgets(real_course: m.Course) -> None:
    blocks = [block for lesson in lessons(real_course) for block in lesson.blocks]
    widgets = [block for block in blocks if isinstance(block, m.WidgetBlock)]
    assert widgets
    for block in widgets:
        assert block.name in WIDGETS
        spec = WIDGETS[block.name].params
        for key, value in block.params:
            assert spec[key].check(value) is None, f"{block.name}: {key}={value!r}"
