"""The course's bilingual glossary: its format and checks, and the terms the lessons actually use.

The glossary is course content (lessons/glossary.yaml, named by course.yaml), loaded into
`Course.glossary`; one term per notion and per language, each with the lessons that teach it.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.conftest import REAL_COURSE
from tests.support.course_text import lesson_text, texts_in
from tutor.content import model as m
from tutor.content.cached import load_course_cached
from tutor.content.errors import LoadError, Problem
from tutor.content.loader import load_course

GLOSSARY = """\
terms:
  - id: lesson-word
    term: {fr: leçon, en: lesson}
    definition: {fr: "Une partie du cours.", en: "A part of the course."}
    lessons: [first, second]
    avoid: {fr: [cours magistral]}
  - id: quiz
    term: Quiz
    definition: {fr: "Des questions.", en: "Questions."}
    lessons: [third]
"""
SEED_TEXTS = {"Augmenter la précision du modèle"}
"""The course page's quiz options, kept word for word even where the glossary prefers another term."""


@pytest.fixture
def glossary_course(course_dir: Path) -> Path:
    with (course_dir / "course.yaml").open("a", encoding="utf-8") as stream:
        stream.write("glossary: glossary.yaml\n")
    (course_dir / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    return course_dir


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(LoadError) as caught:
        load_course(root)
    return list(caught.value.problems)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_course_without_a_glossary_has_none(course_dir: Path) -> None:
    assert load_course(course_dir).glossary is None


def test_the_glossary_is_loaded_into_the_model(glossary_course: Path) -> None:
    glossary = load_course(glossary_course).glossary
    assert [term.id for term in glossary.terms] == ["lesson-word", "quiz"]
    word = glossary.find("lesson-word")
    assert (word.term.get("fr"), word.term.get("en"), word.lessons) == ("leçon", "lesson", ("first", "second"))
    assert word.avoided("fr") == ("cours magistral",) and word.avoided("en") == ()
    assert glossary.find("quiz").term.get("fr") == "Quiz" and glossary.find("nothing") is None
    assert [term.id for term in glossary.taught_in("third")] == ["quiz"]
    assert glossary.source == glossary_course / "glossary.yaml"


def test_an_unknown_lesson_is_reported_where_it_is_written(glossary_course: Path) -> None:
    path = glossary_course / "glossary.yaml"
    replace(path, "lessons: [third]", "lessons: [third, fourth]")
    (problem,) = problems_of(glossary_course)
    line = next(number for number, text in enumerate(path.read_text().splitlines(), 1) if "fourth" in text)
    assert (problem.path, problem.line) == (path, line)
    assert str(problem) == f"{path}:{line}:{problem.column}: glossary names lesson 'fourth', which does not exist"
    assert path.read_text().splitlines()[line - 1][problem.column - 1 :].startswith("fourth")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: quiz", "id: lesson-word", "duplicate term id 'lesson-word'"),
        ('fr: "Des questions."', 'fr: "Des questions.\\nSur deux lignes."', "definition (fr) must be one line"),
        ("term: {fr: leçon, en: lesson}", "term: {fr: leçon}", "term is missing 'en'"),
        ("avoid: {fr: [cours magistral]}", "avoid: {de: [Vorlesung]}", "unknown key 'de' in glossary term avoid"),
        ("    lessons: [third]\n", "", "glossary term is missing 'lessons'"),
        ("    lessons: [third]\n", "    lessons: [third]\n    see: [x]\n", "unknown key 'see' in glossary term"),
    ],
)
def test_glossary_mistakes_are_reported(glossary_course: Path, old: str, new: str, message: str) -> None:
    replace(glossary_course / "glossary.yaml", old, new)
    found = problems_of(glossary_course)
    assert any(message in problem.message for problem in found), found
    assert all(problem.path == glossary_course / "glossary.yaml" and problem.line for problem in found)


def test_a_missing_glossary_file_is_reported_in_course_yaml(glossary_course: Path) -> None:
    (glossary_course / "glossary.yaml").unlink()
    (problem,) = problems_of(glossary_course)
    assert problem.path == glossary_course / "course.yaml" and "no glossary file 'glossary.yaml'" in problem.message


def test_an_edited_glossary_is_seen_through_the_course_cache(glossary_course: Path) -> None:
    past = time.time() - 60
    for path in [glossary_course, *glossary_course.rglob("*")]:
        os.utime(path, (past, past))
    assert load_course_cached(glossary_course).glossary.find("quiz")
    replace(glossary_course / "glossary.yaml", "id: quiz", "id: questions")
    course = load_course_cached(glossary_course)
    assert course.glossary.find("questions") and course == load_course(glossary_course)


# --- The real course's glossary ---------------------------------------------------------------------


def without_glosses(text: str) -> str:
    """`text` without what may name a notion in another language: parentheses, italics, code, quotes."""
    text = re.sub(r"`[^`]*`|\*[^*]+\*|\([^()]*\)|«[^»]*»|\"[^\"]*\"", " ", text.replace("**", ""))
    return " ".join(text.split())


def test_the_course_has_a_glossary_of_its_notions(real_course: m.Course) -> None:
    glossary = real_course.glossary
    assert glossary is not None and len(glossary.terms) >= 40
    lesson_ids = {lesson.id for module in real_course.modules for lesson in module.lessons}
    taught = {lesson for term in glossary.terms for lesson in term.lessons}
    assert taught <= lesson_ids and lesson_ids - taught <= {"quiz", "summary"}
    for lang in real_course.languages:
        terms = [term.term.get(lang).casefold() for term in glossary.terms]
        assert len(set(terms)) == len(terms), f"two notions share a term in {lang}"


def test_every_term_is_used_in_the_lessons_that_teach_it(real_course: m.Course) -> None:
    for term in real_course.glossary.terms:
        for lesson_id in term.lessons:
            for lang in real_course.languages:
                text = lesson_text(real_course, lesson_id, lang).casefold()
                words = term.term.get(lang).casefold().split()
                used = re.compile(r"\s+".join(re.escape(word) + "[sx]?" for word in words))  # or its plural
                assert used.search(text), f"{lesson_id} ({lang}) never says {' '.join(words)!r} ({term.id})"


def test_one_term_per_notion_no_other_word_is_used(real_course: m.Course) -> None:
    """The words a term's `avoid` lists appear in no lesson, but as a gloss in parentheses or italics."""
    for module in real_course.modules:
        for lesson in module.lessons:
            for lang in real_course.languages:
                texts = [text.get(lang) for text in texts_in(lesson.blocks) if dict(text.texts).get(lang)]
                prose = " ".join(without_glosses(text) for text in texts if text not in SEED_TEXTS)
                for term in real_course.glossary.terms:
                    for word in term.avoided(lang):
                        found = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", prose)
                        assert found is None, (
                            f"{lesson.id} ({lang}) says {word!r}; the course's term is {term.term.get(lang)!r}"
                        )


def test_the_glossary_is_loaded_from_the_course_directory() -> None:
    assert load_course(REAL_COURSE).glossary.source == REAL_COURSE / "glossary.yaml"
