"""The loader: good courses load; every kind of mistake is reported at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURE_COURSE
from tutor.content import model as m
from tutor.content.errors import LoadError, Problem
from tutor.content.loader import load_course
from tutor.content.nodes import compose_bytes, NodeReader


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(LoadError) as caught:
        load_course(root)
    return list(caught.value.problems)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def only_problem(root: Path) -> Problem:
    found = problems_of(root)
    assert len(found) == 1, found
    return found[0]


def test_fixture_course_loads_every_block_kind() -> None:
    course = load_course(FIXTURE_COURSE)
    kinds = {block.kind for module in course.modules for lesson in module.lessons for block in lesson.blocks}
    assert kinds == {"text", "formula", "list", "callout", "compare", "diagram", "widget", "quiz"}
    module = course.modules[0]
    assert (module.id, module.number, course.total_modules) == ("basics", 1, 2)
    assert module.previous is None and module.next.get("fr") == "Module 2 : La suite"
    first, second, third = module.lessons
    assert first.title.get("fr") == "Première leçon" and first.title.get("en") == "First lesson"
    formula = first.blocks[1]
    assert isinstance(formula, m.FormulaBlock)
    assert formula.expression.get("en") == formula.expression.get("fr") == "y = (x − μ) / σ"
    assert [entry.symbol for entry in formula.legend] == ["μ", "σ"]
    diagram, widget, quiz = second.blocks
    assert diagram.columns[1].skips == (m.Skip(0, 2),)
    assert widget.param_dict() == {"p": 0.5, "seed": 7}
    question = quiz.questions[0]
    assert (question.answer, question.lesson, len(question.options)) == (1, "first", 3)
    assert question.options[1].why is None and question.options[0].why.get("en") == "No, that is dropout."
    _text, final_quiz = third.blocks
    assert final_quiz.title.get("en") == "Final quiz"
    assert [question.answer for question in final_quiz.questions] == [0, 1, 2, 3, 0]


def test_model_is_immutable() -> None:
    course = load_course(FIXTURE_COURSE)
    with pytest.raises(AttributeError):
        course.modules[0].lessons[0].id = "changed"  # type: ignore[misc]


def test_unknown_key_is_reported_with_a_suggestion(course_dir: Path) -> None:
    lesson = course_dir / "basics" / "first.yaml"
    edit(lesson, "references:", "referencse:")
    problem = only_problem(course_dir)
    assert problem.path == lesson and problem.line == line_of(lesson, "referencse:")
    assert "unknown key 'referencse'" in problem.message and "did you mean 'references'" in problem.message


def test_duplicate_lesson_id_names_both_places(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "id: second", "id: first")
    problem = only_problem(course_dir)
    assert problem.path == second and problem.line == 1
    assert "duplicate lesson id 'first'" in problem.message and "first.yaml:1" in problem.message


def test_answer_index_out_of_range(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "answer: 1", "answer: 3")
    problem = only_problem(course_dir)
    assert problem.path == second and problem.line == line_of(second, "answer: 3")
    assert "0 to 2" in problem.message


def test_unknown_widget_name(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "name: dropout-grid", "name: dropout-grd")
    problem = only_problem(course_dir)
    assert problem.path == second and problem.line == line_of(second, "dropout-grd")
    assert (
        "widget name must be one of" in problem.message
        and "not 'dropout-grd' (did you mean 'dropout-grid'?)" in problem.message
    )


def test_widget_parameter_out_of_range(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "p: 0.5", "p: 1.5")
    problem = only_problem(course_dir)
    assert problem.line == line_of(second, "p: 1.5") and "param 'p' must be at most" in problem.message


def test_group_count_that_does_not_divide_the_channels(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "name: dropout-grid", "name: norm-axes")
    edit(second, "{p: 0.5, seed: 7}", "{kind: group, groups: 3}")
    problem = only_problem(course_dir)
    assert problem.line == line_of(second, "groups: 3")
    assert problem.message == "param 'groups' must be one of 1, 2, 4, 8, not 3"


def test_text_missing_in_one_language(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "title: {fr: Première leçon, en: First lesson}", "title: {fr: Première leçon}")
    problem = only_problem(course_dir)
    assert problem.path == first and problem.line == 2 and "missing 'en'" in problem.message


def test_plain_string_where_languages_are_needed(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "title: {fr: Première leçon, en: First lesson}", "title: Première leçon")
    problem = only_problem(course_dir)
    assert problem.line == 2 and "one text per language (fr, en)" in problem.message


def test_control_characters_are_refused(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "meaning: {fr: la moyenne, en: the mean}", 'meaning: {fr: la moyenne, en: "the \\e[31mmean"}')
    problem = only_problem(course_dir)
    assert problem.line == line_of(first, "\\e[31m") and "U+001B" in problem.message


def test_carriage_return_and_c1_controls_are_refused(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "en: Fast}", 'en: "Fa\\rst\\x9b"}')
    problem = only_problem(course_dir)
    assert "U+000D" in problem.message


def test_invalid_yaml_reports_line_and_column(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "  - list:\n", "  - list:\n   bad: [unclosed\n")
    problem = only_problem(course_dir)
    assert problem.path == first and problem.line is not None and problem.line >= line_of(first, "unclosed")
    assert problem.message.startswith("invalid YAML")


def test_every_error_of_a_file_is_collected(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "style: advantages", "style: advantage")
    edit(first, "style: warning", "style: danger")
    edit(first, "tone: bad", "tone: awful")
    found = problems_of(course_dir)
    assert [problem.line for problem in found] == [
        line_of(first, "style: advantage"),
        line_of(first, "style: danger"),
        line_of(first, "tone: awful"),
    ]
    assert all(problem.path == first for problem in found)


def test_problems_are_formatted_path_line_column(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "style: warning", "style: danger")
    problem = only_problem(course_dir)
    assert str(problem).startswith(f"{first}:{problem.line}:{problem.column}: callout style must be one of")


def test_file_over_one_mebibyte_is_refused(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    with first.open("a", encoding="utf-8") as stream:
        stream.write("#" * (1024 * 1024) + "\n")
    problem = only_problem(course_dir)
    assert problem.path == first and problem.line is None and "limit is 1 MiB" in problem.message


def test_duplicate_keys_are_errors(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "answer: 1", "answer: 1\n          answer: 2")
    problem = only_problem(course_dir)
    assert problem.line == line_of(second, "answer: 2") and "duplicate key 'answer'" in problem.message


def test_aliases_are_refused(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "title: {fr: Première leçon, en: First lesson}", "title: &t {fr: Première leçon, en: First lesson}")
    edit(first, "title: {fr: Avantages, en: Advantages}", "title: *t")
    problem = only_problem(course_dir)
    assert "aliases are not supported" in problem.message and problem.line == line_of(first, "&t")


def test_wrong_option_needs_an_explanation(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "              why: {fr: C'est l'identité., en: That is the identity.}\n", "")
    problem = only_problem(course_dir)
    assert problem.line == line_of(second, 'text: "y = x"') and "needs a 'why'" in problem.message


def test_question_links_to_an_existing_lesson(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "lesson: first", "lesson: frist")
    problem = only_problem(course_dir)
    assert problem.line == line_of(second, "lesson: frist") and "'frist'" in problem.message


def test_lesson_file_not_listed_in_the_module(course_dir: Path) -> None:
    (course_dir / "basics" / "fourth.yaml").write_text("id: fourth\n", encoding="utf-8")
    problem = only_problem(course_dir)
    assert problem.path == course_dir / "basics" / "module.yaml" and "fourth.yaml" in problem.message


def test_listed_lesson_file_that_does_not_exist(course_dir: Path) -> None:
    module = course_dir / "basics" / "module.yaml"
    edit(module, "  - second.yaml", "  - second.yaml\n  - ../../etc/passwd")
    problem = only_problem(course_dir)
    assert problem.path == module and problem.line == line_of(module, "passwd")


def test_skip_must_go_forward(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "{from: 0, to: 2}", "{from: 2, to: 1}")
    problem = only_problem(course_dir)
    assert "must go forward" in problem.message


def test_invalid_utf8_is_reported_at_its_line(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    first.write_bytes(first.read_bytes().replace("Première".encode(), b"Premi\xe8re"))
    problem = only_problem(course_dir)
    assert problem.line == 2 and "UTF-8" in problem.message


def test_missing_course_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path)
    assert problem.path == tmp_path / "course.yaml"


def test_markup_like_text_is_kept_verbatim() -> None:
    course = load_course(FIXTURE_COURSE)
    text = course.modules[0].lessons[0].blocks[0]
    assert "[bold] [/]" in text.body.get("en")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400) | st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_raises_only_load_errors(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "course.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(LoadError):
        load_course(root)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_node_or_a_problem(data: bytes) -> None:
    problems: list[Problem] = []
    node = compose_bytes(data, Path("x.yaml"), problems)
    assert (node is None) == bool(problems)
    if node is not None:
        NodeReader(Path("x.yaml"), ("fr", "en"), problems).fields(node, "lesson", required=("id",))
        assert all(problem.line for problem in problems)


YAMLISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(YAMLISH)
def test_arbitrary_yaml_documents_raise_only_load_errors(tmp_path_factory: pytest.TempPathFactory, document) -> None:
    import yaml

    root = tmp_path_factory.mktemp("fuzz")
    shutil_copy(FIXTURE_COURSE, root)
    (root / "basics" / "second.yaml").write_text(
        yaml.safe_dump({"id": "second", "title": document, "blocks": [document]})
    )
    with pytest.raises(LoadError):
        load_course(root)


def shutil_copy(source: Path, target: Path) -> None:
    import shutil

    shutil.copytree(source, target, dirs_exist_ok=True)


def test_anchors_are_taken_out_of_headings_and_name_sections() -> None:
    course = load_course(FIXTURE_COURSE)
    _, first = course.find_lesson("first")
    text = first.blocks[-1]
    assert isinstance(text, m.TextBlock) and "{#" not in text.body.get("fr") + text.body.get("en")
    assert text.body.get("en").startswith("### During training\n")
    assert [(section.id, section.block, section.title.get("fr")) for section in first.sections] == [
        ("training", len(first.blocks) - 1, "Pendant l'entraînement"),
        ("inference", len(first.blocks) - 1, "À l'inférence"),
    ]
    assert first.section("inference").title.get("en") == "At inference" and first.section("nowhere") is None
    question = course.questions()["q-third-1"][2]
    assert (question.lesson, question.section) == ("first", "training")
    assert question.hint.get("en") == "Think of what is subtracted, then of what it is divided by."
    assert course.questions()["q-third-4"][2].hint is None


def test_an_anchor_in_code_or_not_at_a_heading_stays_as_written() -> None:
    from tutor.content.anchors import split_anchors

    text = "Not a heading {#a}\n```\n### In code {#b}\n```\n#### **Bold** heading {#c}\n###No space {#d}"
    shown, found = split_anchors(text)
    assert found == [("c", "Bold heading")]
    assert shown == "Not a heading {#a}\n```\n### In code {#b}\n```\n#### **Bold** heading\n###No space {#d}"


def test_a_section_no_heading_anchors_is_reported_at_its_line(course_dir: Path) -> None:
    quiz = course_dir / "basics" / "third.yaml"
    edit(quiz, "section: inference", "section: infrence")
    problem = only_problem(course_dir)
    assert (problem.path, problem.line, problem.column) == (quiz, line_of(quiz, "section: infrence"), 20)
    assert "question names section 'infrence' of lesson 'first'" in problem.message
    assert "its anchors: training, inference" in problem.message


def test_a_section_needs_the_lesson_it_is_in(course_dir: Path) -> None:
    quiz = course_dir / "basics" / "third.yaml"
    edit(quiz, "          lesson: first\n          section: training", "          section: training")
    problem = only_problem(course_dir)
    assert problem.line == line_of(quiz, "section: training")
    assert "add 'lesson:' too" in problem.message


def test_anchors_must_be_the_same_in_every_language(course_dir: Path) -> None:
    lesson = course_dir / "basics" / "first.yaml"
    edit(lesson, "### At inference {#inference}", "### At inference {#at-inference}")
    found = problems_of(course_dir)
    assert "{#training}, {#inference} in fr, {#training}, {#at-inference} in en" in found[0].message
    assert (found[0].path, found[0].line) == (lesson, line_of(lesson, "### Pendant") - 1)


def test_an_anchor_is_used_once_in_a_lesson(course_dir: Path) -> None:
    lesson = course_dir / "basics" / "first.yaml"
    edit(lesson, "### À l'inférence {#inference}", "### À l'inférence {#training}")
    edit(lesson, "### At inference {#inference}", "### At inference {#training}")
    found = problems_of(course_dir)
    assert "heading anchor {#training} is used twice in this lesson" in found[0].message
    assert (found[0].path, found[0].line) == (lesson, line_of(lesson, "### Pendant") - 2)


def test_a_hint_is_a_text_in_every_language(course_dir: Path) -> None:
    quiz = course_dir / "basics" / "third.yaml"
    edit(
        quiz,
        'hint: {fr: "Le nom dit ce qui « tombe ».", en: "The name says what drops out."}',
        'hint: "What drops out?"',
    )
    problem = only_problem(course_dir)
    assert problem.line == line_of(quiz, 'hint: "What drops out?"')
    assert "hint must give one text per language (fr, en)" in problem.message
