"""The JSON Schema of the course files, generated from the declaration of the format (`schema.py`).

Editors' YAML language servers (VS Code's YAML extension, Neovim's yamlls, JetBrains) read it to
complete keys and check values as they are typed, when a file starts with
`# yaml-language-server: $schema=PATH` (the files `cnn-tutor new` writes do). The schemas are
shipped in `tutor/content/schema/` (one per kind of file: course, module, lesson, glossary);
a test checks that they equal what this module generates, and

    python -m tutor.content.json_schema --write

writes them again after a change to `schema.py` or to the simulations' parameters.

JSON Schema sees one file at a time, and not the course's languages: what needs the whole
course (ids unique in it, lessons that exist, every text in each of the course's languages,
`number` at most `total_modules`, files that exist) is checked by `cnn-tutor validate` only.
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from tutor.content import schema as s
from tutor.content.simulations import WIDGETS, Param
from tutor.text.sanitise import INVISIBLE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
REFUSED = "".join(character if character == "-" else f"\\u{ord(character):04x}" for character in INVISIBLE)
"""Control, bidi and invisible characters (refused by the loader), as escapes a regex class reads."""
TEXT = rf"^[^{REFUSED}]*[^{REFUSED}\s][^{REFUSED}]*$"
"""A string with something in it besides spaces, and no character the loader refuses."""
ONE_LINE = rf"^[^{REFUSED}\n]*[^{REFUSED}\s][^{REFUSED}\n]*\n?$"


def schema_directory() -> Path:
    """Where the generated schemas are shipped, inside the installed package."""
    return Path(str(files("tutor.content") / "schema"))


def schema_path(name: str) -> Path:
    """The shipped JSON Schema of one kind of file: course, module, lesson or glossary."""
    return schema_directory() / f"{name}.schema.json"


def file_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of course file (`schema.FILE_RECORDS`)."""
    record = s.FILE_RECORDS[name]
    maker = _Maker()
    top = maker.record_schema(record)
    return {
        "$schema": DRAFT,
        "$id": f"https://cnn-tutor.invalid/schema/{s.FORMAT_VERSION}/{name}.schema.json",
        "title": f"cnn-tutor {record.doc or record.name}",
        **top,
        "$defs": dict(sorted(maker.defs.items())),
    }


def rendered(name: str) -> str:
    """The text of the shipped file (stable: sorted definitions, two-space indent, final newline)."""
    return json.dumps(file_schema(name), indent=2, ensure_ascii=False) + "\n"


class _Maker:
    """Turns the kinds of `schema.py` into JSON Schema, each nested record once under `$defs`."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def kind(self, kind: s.Kind) -> dict[str, Any]:
        if isinstance(kind, s.Record):
            return self.reference(kind)
        if isinstance(kind, s.Text):
            return self.text(kind)
        if isinstance(kind, s.Str):
            return _string(kind.pattern)
        if isinstance(kind, (s.Id, s.Ref, s.SectionOf)):
            return _string(s.IDENTIFIER)
        if isinstance(kind, s.Int):
            return {"type": "integer", "minimum": kind.low, "maximum": kind.high}
        if isinstance(kind, s.Choice):
            return {"enum": list(kind.values)}
        if isinstance(kind, s.ListOf):
            return self.list(kind)
        if isinstance(kind, s.PerLanguage):
            return {
                "type": "object",
                "propertyNames": {"pattern": f"^{s.LANGUAGE}$"},
                "additionalProperties": self.kind(kind.item),
                "minProperties": 1,
            }
        if isinstance(kind, s.Languages):
            return {
                "type": "array",
                "items": _string(s.LANGUAGE),
                "minItems": 1,
                "maxItems": s.MAX_LANGUAGES,
                "uniqueItems": True,
            }
        if isinstance(kind, (s.File, s.Directory)):
            return {**_string(s.FILE_NAME), "description": f"the name of a {kind.what}"}
        if isinstance(kind, s.Blocks):
            return {"oneOf": [self.block(record) for record in kind.records]}
        if isinstance(kind, s.Delegate):
            return dict(kind.json)
        if isinstance(kind, s.Params):
            return {"type": "object"}  # narrowed by the widget's name: see `record_schema`
        raise TypeError(f"no JSON Schema for {kind!r}")

    def text(self, kind: s.Text) -> dict[str, Any]:
        per_language = {
            "type": "object",
            "propertyNames": {"pattern": f"^{s.LANGUAGE}$"},
            "additionalProperties": _string(None, one_line=kind.one_line),
            "minProperties": 1,
            "description": "one text per language of the course, e.g. {fr: …, en: …}",
        }
        if kind.neutral:
            return {"anyOf": [_string(None, one_line=kind.one_line), per_language]}
        return per_language

    def list(self, kind: s.ListOf) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.kind(kind.item), "minItems": kind.min_items}
        if kind.max_items is not None:
            schema["maxItems"] = kind.max_items
        if kind.unique:
            schema["uniqueItems"] = True
        return schema

    def block(self, record: s.Record) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {record.name: self.reference(record)},
            "required": [record.name],
            "additionalProperties": False,
            "description": f"a {record.name} block",
        }

    def reference(self, record: s.Record) -> dict[str, Any]:
        name = record.name.replace(" ", "-")
        if name not in self.defs:
            self.defs[name] = {}  # a record may contain itself, one day: reserve the name first
            self.defs[name] = self.record_schema(record)
        return {"$ref": f"#/$defs/{name}"}

    def record_schema(self, record: s.Record) -> dict[str, Any]:
        if record.whole is not None:
            field = record.fields[record.whole]
            return {**self.kind(field.kind), "description": field.doc}
        properties = {}
        for key, field in record.fields.items():
            properties[key] = {**self.kind(field.kind), "description": field.doc}
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if record.required:
            schema["required"] = list(record.required)
        if record.doc:
            schema["description"] = record.doc
        rules = [check.json() for check in record.checks if check.json is not None]
        if any(isinstance(field.kind, s.Params) for field in record.fields.values()):
            rules.append(_params_by_widget())
        if rules:
            schema["allOf"] = rules
        return schema


def _string(pattern: str | None, one_line: bool = False) -> dict[str, Any]:
    if pattern is not None:
        return {"type": "string", "pattern": f"^(?:{pattern})$"}
    return {"type": "string", "pattern": ONE_LINE if one_line else TEXT, "maxLength": s.MAX_TEXT_LENGTH}


def _params_by_widget() -> dict[str, Any]:
    """Each simulation's parameters, chosen by the block's `name`."""
    return {
        "allOf": [
            {
                "if": {"properties": {"name": {"const": name}}, "required": ["name"]},
                "then": {
                    "properties": {
                        "params": {
                            "type": "object",
                            "properties": {key: param_schema(param) for key, param in spec.params.items()},
                            "additionalProperties": False,
                        }
                    }
                },
            }
            for name, spec in WIDGETS.items()
        ]
    }


def param_schema(param: Param) -> dict[str, Any]:
    """One simulation parameter: its type, its range or its choices, its default and what it is."""
    types = {int: "integer", float: "number", str: "string", bool: "boolean"}
    schema: dict[str, Any] = {"type": types[param.type]}
    if param.choices:
        schema["enum"] = list(param.choices)
    else:
        if param.low is not None:
            schema["minimum"] = param.low
        if param.high is not None:
            schema["maximum"] = param.high
    if param.default is not None:
        schema["default"] = param.default
    if param.doc:
        schema["description"] = param.doc
    return schema


def main(argv: list[str] | None = None) -> int:
    """`--write` writes the shipped schemas; `--check` fails when one differs from the declaration."""
    words = sys.argv[1:] if argv is None else argv
    stale = []
    for name in s.FILE_RECORDS:
        path, text = schema_path(name), rendered(name)
        if "--write" in words:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    for path in stale:
        print(f"{path}: differs from tutor/content/schema.py; run python -m tutor.content.json_schema --write")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
