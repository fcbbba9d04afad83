"""`cnn-tutor new`: a course written from the scaffolds alone validates, as an instructor would run it."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from tests.e2e.test_cli import assert_clean, run
from tutor.content.json_schema import file_schema
from tutor.system.yaml_loader import SafeLoader

SCHEMA_LINE = "# yaml-language-server: $schema=file://"


def new(cwd: Path, *words: str) -> str:
    result = run("new", *words, cwd=cwd)
    assert_clean(result)
    assert result.returncode == 0, result.stderr
    return result.stdout


def validate(cwd: Path, course: str) -> str:
    result = run("validate", course, cwd=cwd)
    assert_clean(result)
    assert result.returncode == 0, result.stderr
    return result.stdout


def schema_of(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE), first
    return Path(first.removeprefix(SCHEMA_LINE))


def test_a_course_written_from_the_scaffolds_validates(tmp_path: Path) -> None:
    said = new(tmp_path, "course", "course")
    assert "course/course.yaml" in said and "cnn-tutor validate course" in said
    assert "(1 module, 1 lesson, 1 question)" in validate(tmp_path, "course")

    said = new(tmp_path, "module", "course/pooling")
    assert "total_modules" in said  # the second module raised it from 1 to 2
    new(tmp_path, "lesson", "course/pooling/02-max-pooling")
    assert "(2 modules, 3 lessons, 3 questions)" in validate(tmp_path, "course")

    course = yaml.load((tmp_path / "course" / "course.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)
    assert course["modules"] == ["module1", "pooling"] and course["total_modules"] == 2
    module = yaml.load((tmp_path / "course" / "pooling" / "module.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)
    assert (module["number"], module["lessons"]) == (2, ["01-introduction.yaml", "02-max-pooling.yaml"])


def test_each_file_names_its_shipped_schema_and_passes_it(tmp_path: Path) -> None:
    new(tmp_path, "course", "course")
    root = tmp_path / "course"
    for name, path in (
        ("course", root / "course.yaml"),
        ("module", root / "module1" / "module.yaml"),
        ("lesson", root / "module1" / "01-introduction.yaml"),
    ):
        assert schema_of(path).name == f"{name}.schema.json" and schema_of(path).is_file()
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
        assert list(jsonschema.Draft202012Validator(file_schema(name)).iter_errors(data)) == []
        assert "#" in path.read_text(encoding="utf-8").split("\n", 3)[3]  # keys are explained


def test_a_module_listed_in_a_flow_list_keeps_the_authors_comments(tmp_path: Path) -> None:
    new(tmp_path, "course", "course")
    course = tmp_path / "course" / "course.yaml"
    block = "modules:   # module directories, in order\n  - module1\n"
    text = course.read_text(encoding="utf-8")
    assert block in text
    course.write_text(text.replace(block, "modules: [module1]  # mine\n"), encoding="utf-8")
    new(tmp_path, "module", "course/second")
    assert "modules: [module1, second]  # mine" in course.read_text(encoding="utf-8")
    validate(tmp_path, "course")


def test_a_course_in_other_languages_gets_texts_in_each(tmp_path: Path) -> None:
    new(tmp_path, "course", "course", "--languages", "de,en")
    lesson = (tmp_path / "course" / "module1" / "01-introduction.yaml").read_text(encoding="utf-8")
    assert "de: " in lesson and "fr:" not in lesson
    validate(tmp_path, "course")


def test_comments_follow_the_interface_language(tmp_path: Path) -> None:
    result = run("--lang", "fr", "new", "course", "cours", cwd=tmp_path)
    assert result.returncode == 0 and "écrit" in result.stdout
    assert "identifiant stable" in (tmp_path / "cours" / "module1" / "module.yaml").read_text(encoding="utf-8")


def test_new_never_overwrites_and_says_where_things_go(tmp_path: Path) -> None:
    new(tmp_path, "course", "course")
    before = (tmp_path / "course" / "module1" / "module.yaml").read_text(encoding="utf-8")
    for words, message in (
        (("course", "course"), "not an empty directory"),
        (("lesson", "course/module1/01-introduction.yaml"), "already exists"),
        (("lesson", "course/lesson.yaml"), "no module.yaml in course"),
        (("module", "elsewhere"), "no course.yaml in"),
        (("module", "course/Bad Name"), "cannot be an id"),
        (("course", "other", "--languages", "english"), "--languages"),
    ):
        result = run("new", *words, cwd=tmp_path)
        assert_clean(result)
        assert result.returncode == 2 and message in result.stderr, (words, result.stderr)
    assert (tmp_path / "course" / "module1" / "module.yaml").read_text(encoding="utf-8") == before
    validate(tmp_path, "course")


def test_preview_says_what_it_needs_in_one_line(tmp_path: Path) -> None:
    new(tmp_path, "course", "course")
    (tmp_path / "stray.yaml").write_text("id: stray\n", encoding="utf-8")
    for words, message in (
        (("preview", "course/module1/missing.yaml"), "is not a lesson file"),
        (("preview", "stray.yaml"), "is not in a course"),
        (("preview", "course/module1/01-introduction.yaml"), "needs a terminal"),  # stdin and stdout are pipes
    ):
        result = run(*words, cwd=tmp_path)
        assert_clean(result)
        assert result.returncode == 2 and message in result.stderr, (words, result.stderr)
