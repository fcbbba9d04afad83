"""What the declarative loader says, and where: issue 20's "precise errors, all at once"."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_loader import edit, line_of, only_problem, problems_of


def test_an_unclosed_quote_is_reported_where_it_starts(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "title: {fr: Première leçon, en: First lesson}", 'title: {fr: "Première leçon, en: First lesson}')
    problem = only_problem(course_dir)
    assert (problem.path, problem.line) == (first, line_of(first, 'title: {fr: "Première'))
    assert "that starts here" in problem.message and "at line" in problem.message  # and where the parser gave up
    assert problem.line < len(first.read_text(encoding="utf-8").splitlines())


def test_a_module_numbered_above_total_modules_is_an_error(course_dir: Path) -> None:
    module = course_dir / "basics" / "module.yaml"
    edit(module, "number: 1", "number: 3")
    problem = only_problem(course_dir)
    assert (problem.path, problem.line) == (module, line_of(module, "number: 3"))
    assert "module number 3 is above the course's total_modules (2, in course.yaml)" in problem.message


def test_a_link_to_a_misspelt_lesson_suggests_the_right_one(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "lesson: first", "lesson: frist")
    assert "(did you mean 'first'?)" in only_problem(course_dir).message


def test_a_blocks_content_beside_its_kind_says_to_indent_it(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(
        second,
        "  - widget:\n      name: dropout-grid\n      params: {p: 0.5, seed: 7}\n      caption:",
        "  - widget:\n    name: dropout-grid\n    params: {p: 0.5, seed: 7}\n    caption:",
    )
    found = problems_of(course_dir)
    assert any("'name' belongs inside it; indent it under 'widget:'" in problem.message for problem in found), found


def test_every_key_of_a_record_is_read_before_giving_up(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "          explanation: {fr: Elle centre et réduit., en: It centres and scales.}\n", "")
    edit(second, "              why: {fr: C'est l'identité., en: That is the identity.}\n", "")
    messages = [problem.message for problem in problems_of(course_dir)]
    assert any("missing 'explanation'" in each for each in messages) and any(
        "needs a 'why'" in each for each in messages
    )


def test_the_problems_of_every_file_come_in_one_run(course_dir: Path) -> None:
    edit(course_dir / "course.yaml", "total_modules: 2", "total_modules: 0")
    edit(course_dir / "basics" / "module.yaml", "id: basics", "id: Basics")
    edit(course_dir / "basics" / "first.yaml", "style: warning", "style: danger")
    edit(course_dir / "basics" / "third.yaml", "answer: 3", "answer: 7")
    files = {problem.path.name for problem in problems_of(course_dir)}
    assert files == {"course.yaml", "module.yaml", "first.yaml", "third.yaml"}
