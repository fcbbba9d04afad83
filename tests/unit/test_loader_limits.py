"""The loader under abuse: odd tags, invisible characters, escape-sequence file names, NaN, courses too big.

Each is refused with file:line:col (exit 2 from `validate`), never an internal error.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.unit.test_loader import edit, line_of, only_problem, problems_of
from tutor.cli.main import main
from tutor.content import schema
from tutor.content.loader import load_course
from tutor.content.nodes import MAX_TEXT_LENGTH
from tutor.content.simulations import Param


@pytest.mark.parametrize(
    "tagged", ["!!bool maybe", "!!int ''", "!!float ''", "!!int 0x", "!!bool ''", "!!int " + "9" * 5000]
)
def test_a_bad_tagged_value_is_a_problem_at_its_place(course_dir: Path, tagged: str, capsys) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "answer: 1", f"answer: {tagged}")
    problem = only_problem(course_dir)
    assert problem.path == second and problem.line == line_of(second, "answer: !!")
    assert "is not a valid" in problem.message
    assert main(["validate", str(course_dir)]) == 2
    assert f"{second}:{problem.line}:{problem.column}:" in capsys.readouterr().err


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x7f", "\x9b"])
def test_a_character_yaml_refuses_is_located(course_dir: Path, character: str) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "en: Fast}", f"en: Fa{character}st}}")
    problem = only_problem(course_dir)
    assert problem.line == line_of(first, "en: Fa") and problem.column is not None
    assert f"U+{ord(character):04X}" in problem.message


@pytest.mark.parametrize(
    "character",
    ["\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u061c"],
    ids=["RLO", "LRI", "PDI", "ZWSP", "ZWJ", "word joiner", "BOM", "soft hyphen", "arabic letter mark"],
)
def test_bidi_and_invisible_characters_are_refused(course_dir: Path, character: str) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "en: Fast}", f'en: "Fa{character}st"}}')
    problem = only_problem(course_dir)
    assert problem.line == line_of(first, 'en: "Fa') and f"U+{ord(character):04X}" in problem.message


def test_french_typographic_spaces_are_text(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "en: Fast}", 'en: "Fast\u00a0: 1\u202f000"}')
    course = load_course(course_dir)
    assert "Fast\u00a0: 1\u202f000" in [item.get("en") for item in course.modules[0].lessons[0].blocks[2].items]


def test_a_file_name_with_escape_sequences_is_printed_as_escapes(course_dir: Path, capsys) -> None:
    (course_dir / "basics" / "\x1b]0;PWNED\x07\x1b[2Jx.yaml").write_text("id: x\n", encoding="utf-8")
    assert main(["validate", str(course_dir)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b]0;PWNED\\x07\\x1b[2Jx.yaml is in the module directory but not listed" in err


def test_a_problem_never_prints_a_control_or_bidi_character(tmp_path: Path) -> None:
    from tutor.content.errors import Problem

    text = str(Problem(tmp_path / "a\u202eb\x1b.yaml", 1, 2, "value 'x\u200by\x9b' is wrong"))
    assert text.isprintable() and "\\u202e" in text and "\\u200b" in text and "\\x9b" in text


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf"])
def test_nan_and_infinite_parameters_are_refused(course_dir: Path, value: str) -> None:
    second = course_dir / "basics" / "second.yaml"
    edit(second, "p: 0.5", f"p: {value}")
    problem = only_problem(course_dir)
    assert problem.line == line_of(second, f"p: {value}") and "finite number" in problem.message


def test_param_check_refuses_what_no_range_check_sees() -> None:
    unbounded = Param(float)
    assert unbounded.check(float("nan")) and unbounded.check(float("inf")) and unbounded.check(1.5) is None


def block_lines(count: int) -> str:
    return "".join(f"  - text: {{fr: bloc {index}, en: block {index}}}\n" for index in range(count))


def test_a_lesson_with_more_blocks_than_the_limit_is_refused_at_its_blocks(course_dir: Path) -> None:
    third = course_dir / "basics" / "third.yaml"
    edit(third, "blocks:\n", "blocks:\n" + block_lines(schema.MAX_BLOCKS))
    problem = only_problem(course_dir)
    assert problem.path == third and problem.line == line_of(third, "blocks:") + 1  # the list starts there
    assert (
        f"1 to {schema.MAX_BLOCKS} items, not {schema.MAX_BLOCKS + 2}" in problem.message
        and "split it" in problem.message
    )


def test_a_lesson_at_the_limit_loads(course_dir: Path) -> None:
    third = course_dir / "basics" / "third.yaml"
    edit(third, "blocks:\n", "blocks:\n" + block_lines(schema.MAX_BLOCKS - 2))
    assert len(load_course(course_dir).modules[0].lessons[2].blocks) == schema.MAX_BLOCKS


def test_forty_thousand_tiny_blocks_are_refused_quickly(course_dir: Path, capsys) -> None:
    third = course_dir / "basics" / "third.yaml"
    edit(third, "blocks:\n", "blocks:\n" + "  - text: {fr: a, en: b}\n" * 40_000)
    assert third.stat().st_size < 1024 * 1024
    started = time.monotonic()
    assert main(["validate", str(course_dir)]) == 2
    assert time.monotonic() - started < 10
    assert f"{third}:{line_of(third, 'blocks:') + 1}:3: lesson blocks must have 1 to" in capsys.readouterr().err


def test_too_many_simulations_are_refused_at_the_first_one_too_many(course_dir: Path) -> None:
    second = course_dir / "basics" / "second.yaml"
    widget = "  - widget: {name: dropout-grid}\n"
    edit(second, "blocks:\n", "blocks:\n" + widget * schema.MAX_SIMULATIONS)
    problem = only_problem(course_dir)
    lines = second.read_text(encoding="utf-8").splitlines()
    assert problem.line == 1 + max(index for index, line in enumerate(lines) if line.startswith("  - widget:"))
    assert f"at most {schema.MAX_SIMULATIONS} simulations" in problem.message


def test_too_many_questions_are_refused(course_dir: Path) -> None:
    third = course_dir / "basics" / "third.yaml"
    text = third.read_text(encoding="utf-8")
    start = text.index("        - id: ", text.index("questions:"))
    question = text[start : text.index("        - id: ", start + 1)]
    copies = "".join(question.replace("- id: ", f"- id: extra-{index}-", 1) for index in range(schema.MAX_QUESTIONS))
    third.write_text(text[:start] + copies + text[start:], encoding="utf-8")
    problem = only_problem(course_dir)
    assert problem.line == line_of(third, "- id: extra-0-")
    assert f"questions must have 1 to {schema.MAX_QUESTIONS} items" in problem.message


def test_too_long_a_text_is_refused(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "en: Fast}", f"en: {'a' * (MAX_TEXT_LENGTH + 1)}}}")
    problem = only_problem(course_dir)
    assert problem.line == line_of(first, "en: aaa") and f"limit is {MAX_TEXT_LENGTH:,}" in problem.message


def test_too_many_items_and_a_huge_total_modules_are_refused(course_dir: Path) -> None:
    first = course_dir / "basics" / "first.yaml"
    edit(first, "        - {fr: Rapide, en: Fast}\n", "        - {fr: Rapide, en: Fast}\n" * (schema.MAX_ITEMS + 1))
    edit(course_dir / "course.yaml", "total_modules: 2", "total_modules: 1000000000000000000000000000000")
    found = problems_of(course_dir)
    assert [problem.path.name for problem in found] == ["course.yaml", "first.yaml"]
    assert "from 1 to 99" in found[0].message and f"1 to {schema.MAX_ITEMS} items" in found[1].message


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("Conv 3, Dense]", "Conv 3, ~]", "node"),
        ("seed: 7}", "seed: }", "param 'seed'"),
        ("answer: 1", "answer: null", "answer"),
        ("lesson: first", "lesson: !!null x", "lesson"),
    ],
)
def test_a_missing_value_is_a_problem_at_its_place(course_dir: Path, old: str, new: str, what: str) -> None:
    # Found by the fuzzer: a null was taken for a problem already reported, and nothing was reported.
    second = course_dir / "basics" / "second.yaml"
    edit(second, old, new)
    problem = only_problem(course_dir)
    assert problem.line == line_of(second, new) and what in problem.message and problem.message.endswith("has no value")


def test_the_readme_states_the_limits_the_loader_enforces() -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Limits") :].split("\n\n")[2]
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in table.splitlines()[2:]}
    assert rows == {
        "blocks in a lesson": str(schema.MAX_BLOCKS),
        "simulations (`widget` blocks) in a lesson": str(schema.MAX_SIMULATIONS),
        "questions in a quiz": str(schema.MAX_QUESTIONS),
        "items of a list or comparison column, legend entries, references, skips": str(schema.MAX_ITEMS),
        "characters in one text (per language)": f"{MAX_TEXT_LENGTH:,}",
        "lessons in a module": str(schema.MAX_LESSONS),
        "modules in a course": str(schema.MAX_MODULES),
        "languages": str(schema.MAX_LANGUAGES),
        "`number`, `total_modules`": str(schema.MAX_MODULE_NUMBER),
        "a file": "1 MiB",
    }
