"""The JSON Schema for editors: shipped as generated, and agreeing with the loader.

The schema sees one file at a time: every mistake inside a file that the loader's tests make
is one it must reject too; what needs the whole course (ids, links, languages, files) is listed
below as the loader's alone, and the test checks the schema does let those through, so the list
stays true.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import FIXTURE_COURSE
from tests.unit.test_loader import edit, problems_of
from tutor.content import json_schema, schema
from tutor.system.paths import bundled_lessons
from tutor.system.yaml_loader import SafeLoader

FILES = ("course", "module", "lesson", "glossary")


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema.file_schema(name))


def course_files(root: Path) -> list[tuple[str, Path]]:
    """Each YAML file of a course, with the name of its schema."""
    course = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))
    found = [("course", root / "course.yaml")]
    if "glossary" in course:
        found.append(("glossary", root / course["glossary"]))
    for directory in course["modules"]:
        module = root / directory / "module.yaml"
        found.append(("module", module))
        found += [
            ("lesson", module.parent / name) for name in yaml.safe_load(module.read_text(encoding="utf-8"))["lessons"]
        ]
    return found


def schema_errors(path: Path, name: str) -> list[str]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    return [error.message for error in validator(name).iter_errors(data)]


@pytest.mark.parametrize("name", FILES)
def test_the_shipped_schema_is_the_generated_one(name: str) -> None:
    shipped = json_schema.schema_path(name)
    assert shipped.read_text(encoding="utf-8") == json_schema.rendered(name), (
        "run: python -m tutor.content.json_schema --write"
    )


@pytest.mark.parametrize("name", FILES)
def test_each_schema_is_a_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema.file_schema(name))


def test_the_check_command_says_when_a_shipped_schema_is_stale(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(json_schema, "schema_directory", lambda: tmp_path)
    assert json_schema.main(["--write"]) == 0 and json_schema.main([]) == 0
    (tmp_path / "lesson.schema.json").write_text("{}\n", encoding="utf-8")
    assert json_schema.main([]) == 1 and "lesson.schema.json: differs" in capsys.readouterr().out


@pytest.mark.parametrize("root", [bundled_lessons(), FIXTURE_COURSE], ids=["bundled course", "fixture course"])
def test_the_schema_accepts_every_file_of_a_valid_course(root: Path) -> None:
    files = course_files(root)
    assert {name for name, _ in files} >= {"course", "module", "lesson"}
    for name, path in files:
        assert schema_errors(path, name) == [], path


FIRST, SECOND = "basics/first.yaml", "basics/second.yaml"

SCHEMA_REJECTS = {
    # the edits of tests/unit/test_loader.py (and a few more), each a mistake inside one file
    "unknown key": (FIRST, "references:", "referencse:"),
    "answer out of range": (SECOND, "answer: 1", "answer: 3"),
    "unknown widget": (SECOND, "name: dropout-grid", "name: dropout-grd"),
    "parameter out of range": (SECOND, "p: 0.5", "p: 1.5"),
    "unknown parameter": (SECOND, "p: 0.5", "q: 0.5"),
    "plain string where languages are needed": (
        FIRST,
        "title: {fr: Première leçon, en: First lesson}",
        "title: Première leçon",
    ),
    "control character": (
        FIRST,
        "meaning: {fr: la moyenne, en: the mean}",
        'meaning: {fr: la moyenne, en: "the \\e[31mmean"}',
    ),
    "carriage return and C1 control": (FIRST, "en: Fast}", 'en: "Fa\\rst\\x9b"}'),
    "bidi override": (FIRST, "en: Fast}", 'en: "Fa\\u202Est"}'),
    "unknown list style": (FIRST, "style: advantages", "style: advantage"),
    "unknown callout style": (FIRST, "style: warning", "style: danger"),
    "unknown tone": (FIRST, "tone: bad", "tone: awful"),
    "wrong option without why": (SECOND, "              why: {fr: C'est l'identité., en: That is the identity.}\n", ""),
    "skip going backwards": (SECOND, "{from: 0, to: 2}", "{from: 2, to: 1}"),
    "skip beyond the nodes": (SECOND, "{from: 0, to: 2}", "{from: 0, to: 9}"),
    "empty text": (FIRST, "en: Fast}", 'en: "  "}'),
    "id with capitals": (SECOND, "id: second", "id: Second"),
    "block with two keys": (FIRST, "  - list:\n", "  - title: {fr: a, en: b}\n    list:\n"),
    "unknown block kind": (FIRST, "  - list:\n", "  - lsit:\n"),
    "format version": ("course.yaml", "format_version: 1", "format_version: 2"),
    "total modules as text": ("course.yaml", "total_modules: 2", "total_modules: two"),
    "module number zero": ("basics/module.yaml", "number: 1", "number: 0"),
    "group count that does not divide the channels": (
        SECOND,
        "name: dropout-grid\n      params: {p: 0.5, seed: 7}",
        "name: norm-axes\n      params: {kind: group, groups: 3}",
    ),
    "section without its lesson": (
        "basics/third.yaml",
        "          lesson: first\n          section: training",
        "          section: training",
    ),
    "hint in one string": (
        "basics/third.yaml",
        'hint: {fr: "Pensez à ce qu\'on soustrait, puis à ce par quoi on divise.", en: "Think of what is subtracted, then of what it is divided by."}',
        'hint: "Think of what is subtracted."',
    ),
    "languages twice": ("course.yaml", "languages: [fr, en]", "languages: [fr, fr, en]"),
}

LOADER_ONLY = {
    # mistakes only the whole course shows: the schema cannot see them (and must not pretend to)
    "duplicate lesson id (another file has it)": (SECOND, "id: second", "id: first"),
    "text missing in one language (the course's languages are in course.yaml)": (
        FIRST,
        "title: {fr: Première leçon, en: First lesson}",
        "title: {fr: Première leçon}",
    ),
    "link to a lesson that does not exist": (SECOND, "lesson: first", "lesson: frist"),
    "lesson file that does not exist": ("basics/module.yaml", "  - second.yaml", "  - second.yaml\n  - missing.yaml"),
    "section that no heading of the lesson anchors": ("basics/third.yaml", "section: inference", "section: infrence"),
    "anchors that differ between languages": (
        FIRST,
        "### At inference {#inference}",
        "### At inference {#at-inference}",
    ),
    "module numbered above total_modules": ("basics/module.yaml", "number: 1", "number: 3"),
}


def broken(course_dir: Path, where: str, old: str, new: str) -> Path:
    path = course_dir / where
    edit(path, old, new)
    return path


@pytest.mark.parametrize("case", list(SCHEMA_REJECTS), ids=list(SCHEMA_REJECTS))
def test_the_schema_rejects_what_the_loader_rejects_in_a_file(course_dir: Path, case: str) -> None:
    path = broken(course_dir, *SCHEMA_REJECTS[case])
    assert problems_of(course_dir), "the loader accepts it: not a broken course"
    name = "course" if path.name == "course.yaml" else "module" if path.name == "module.yaml" else "lesson"
    assert schema_errors(path, name), f"{case}: the JSON Schema accepts it"


@pytest.mark.parametrize("case", list(LOADER_ONLY), ids=list(LOADER_ONLY))
def test_what_needs_the_whole_course_is_left_to_the_loader(course_dir: Path, case: str) -> None:
    path = broken(course_dir, *LOADER_ONLY[case])
    name = "module" if path.name == "module.yaml" else "lesson"
    assert problems_of(course_dir)
    assert schema_errors(path, name) == [], f"{case}: the schema now sees it: move it to SCHEMA_REJECTS"


def test_every_record_of_the_format_has_a_definition() -> None:
    defined = set()
    for name in FILES:
        made = json_schema.file_schema(name)
        defined |= set(made["$defs"])
    assert {record.name.replace(" ", "-") for record in schema.records()} - {"course"} <= defined | set(FILES)


def test_simulation_parameters_carry_their_declared_defaults() -> None:
    lesson = json_schema.file_schema("lesson")
    rules = lesson["$defs"]["widget"]["allOf"][-1]["allOf"]
    dropout = next(rule for rule in rules if rule["if"]["properties"]["name"]["const"] == "dropout-grid")
    params = dropout["then"]["properties"]["params"]["properties"]
    assert params["p"] == {
        "type": "number",
        "minimum": 0.0,
        "maximum": 0.95,
        "default": 0.5,
        "description": params["p"]["description"],
    }
