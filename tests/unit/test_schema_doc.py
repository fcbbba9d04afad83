"""The README's tables of the course format are the ones written from its declaration."""

from __future__ import annotations

import dataclasses

from tests.conftest import ROOT
from tutor.content import schema, schema_doc
from tutor.content.simulations import WIDGETS


def test_the_readme_tables_are_written_from_the_declaration() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in schema_doc.TABLES:
        assert schema_doc.START.format(name=name) in text, f"README has no table {name!r}"
    assert schema_doc.rewrite(text) == text, "run: python -m tutor.content.schema_doc --write README.md"


def test_a_change_to_the_declaration_changes_the_readme(monkeypatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    p = WIDGETS["dropout-grid"].params["p"]
    monkeypatch.setitem(WIDGETS["dropout-grid"].params, "p", dataclasses.replace(p, default=0.25))
    assert "`p` (0–0.95; default 0.25)" in schema_doc.rewrite(text)
    field = schema.QUESTION.fields["prompt"]
    monkeypatch.setitem(schema.QUESTION.fields, "prompt", dataclasses.replace(field, doc="what is asked"))
    assert "| `prompt` | what is asked |" in schema_doc.rewrite(text)


def test_every_block_kind_and_widget_is_in_the_readme() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for record in schema.BLOCK_RECORDS:
        assert f"| `{record.name}` |" in text
    for name in WIDGETS:
        assert f"| `{name}` |" in text


def test_the_check_command_fails_on_a_stale_readme(tmp_path, capsys) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"{schema_doc.START.format(name='widgets')}\nold\n{schema_doc.END}\n", encoding="utf-8")
    assert schema_doc.main([str(readme)]) == 1 and "differ" in capsys.readouterr().out
    assert schema_doc.main([str(readme), "--write"]) == 0 and schema_doc.main([str(readme)]) == 0


def test_the_readme_example_lesson_is_a_valid_lesson_with_every_block_kind(course_dir) -> None:
    from tutor.content.loader import load_course

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = text.split("<!-- example: lesson -->\n```yaml\n", 1)[1].split("```", 1)[0]
    (course_dir / "basics" / "example.yaml").write_text(example, encoding="utf-8")
    module = course_dir / "basics" / "module.yaml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("  - third.yaml", "  - third.yaml\n  - example.yaml"),
        encoding="utf-8",
    )
    lesson = load_course(course_dir).find_lesson("residual-example")[1]
    assert {block.kind for block in lesson.blocks} == {record.name for record in schema.BLOCK_RECORDS}
