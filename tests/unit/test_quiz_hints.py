"""Module 3's quiz: every question has a hint in both languages that does not state the answer, and
names the section of its lesson where what it asks is taught (issue 21, "a way back")."""

from __future__ import annotations

import re

import pytest

from tutor.content.model import Course, Lesson, Question

AT_THE_LESSON_TOP = {
    "q-wd-lambda": "the balance λ sets is the lesson's opening paragraph",
    "q-rf-output-size": "the output-size formula opens the lesson, before its first heading",
}
"""Questions taught before their lesson's first heading: their link opens the lesson at its top."""


def _questions(course: Course) -> list[tuple[Question, Lesson]]:
    lessons = {lesson.id: lesson for module in course.modules for lesson in module.lessons}
    found = []
    for module in course.modules:
        for lesson in module.lessons:
            for quiz in lesson.quizzes:
                found += [(question, lessons[question.lesson]) for question in quiz.questions]
    return found


def _words(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip().casefold()


def test_every_question_has_a_hint_in_every_language_that_does_not_state_the_answer(real_course: Course) -> None:
    questions = _questions(real_course)
    assert len(questions) >= 44
    for question, _ in questions:
        assert question.hint is not None, f"{question.id} has no hint"
        for lang in ("fr", "en"):
            hint = question.hint.get(lang)
            assert hint and hint != question.hint.get("en" if lang == "fr" else "fr"), (question.id, lang)
            answer = _words(question.options[question.answer].text.get(lang))
            assert answer not in _words(hint), f"{question.id}'s {lang} hint gives the answer away: {answer!r}"
            assert _words(question.explanation.get(lang)) not in _words(hint)


def test_every_question_names_the_section_it_is_about(real_course: Course) -> None:
    unplaced = set()
    for question, lesson in _questions(real_course):
        if question.section is None:
            unplaced.add(question.id)
            continue
        section = lesson.section(question.section)
        assert section is not None, f"{question.id}: no heading {question.section!r} in {lesson.id}"
        assert section.title.get("fr") and section.title.get("en")
    assert unplaced == set(AT_THE_LESSON_TOP)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_anchored_headings_show_no_anchor(real_course: Course, lang: str) -> None:
    for module in real_course.modules:
        for lesson in module.lessons:
            for block in lesson.blocks:
                if block.kind == "text":
                    assert "{#" not in block.body.get(lang), lesson.id
