"""The README's tables of the course format, written from its declaration (`schema.py`, `simulations.py`).

The README holds each table between two marks, `<!-- format: NAME -->` and `<!-- end format -->`;
a test checks that what is there is what this module writes, and

    python -m tutor.content.schema_doc --write README.md

writes them again after a change to the declaration.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tutor.content import schema as s
from tutor.content.simulations import WIDGETS, Param

START = "<!-- format: {name} -->"
END = "<!-- end format -->"


def _kind_words(kind: s.Kind) -> str:
    if isinstance(kind, s.Choice):
        return ", ".join(f"`{value}`" for value in kind.values)
    if isinstance(kind, s.Int):
        return f"{kind.low} to {kind.high}" if kind.low < kind.high else ""
    return ""


def _field_line(key: str, field: s.Field) -> str:
    words = _kind_words(field.kind)
    optional = "optional " if not field.required else ""
    return f"{optional}`{key}`: {field.doc}" + (f": {words}" if words and words not in field.doc else "")


def record_table(records: tuple[s.Record, ...], heading: str) -> str:
    lines = [f"| {heading} | content |", "| --- | --- |"]
    for record in records:
        if record.whole is not None:
            content = record.fields[record.whole].doc
        else:
            content = "; ".join(_field_line(key, field) for key, field in record.fields.items())
        lines.append(f"| `{record.name}` | {content} |")
    return "\n".join(lines)


def keys_table(record: s.Record) -> str:
    lines = ["| key | content |", "| --- | --- |"]
    for key, field in record.fields.items():
        words = _kind_words(field.kind)
        optional = " (optional)" if not field.required else ""
        lines.append(
            f"| `{key}`{optional} | {field.doc}" + (f"; {words}" if words and words not in field.doc else "") + " |"
        )
    return "\n".join(lines)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    return f"`{value}`"


def _param_words(param: Param) -> str:
    if param.type is bool:
        allowed = "true/false"
    elif param.choices:
        allowed = ", ".join(_value(value) for value in param.choices)
    else:
        allowed = f"{_value(param.low)}–{_value(param.high)}"
    default = "" if param.default is None else f"; default {_value(param.default)}"
    return f"({allowed}{default}): {param.doc}"


def widget_table() -> str:
    lines = ["| widget | shows | parameters (all optional) |", "| --- | --- | --- |"]
    for name, spec in WIDGETS.items():
        params = "; ".join(f"`{key}` {_param_words(param)}" for key, param in spec.params.items())
        lines.append(f"| `{name}` | {spec.doc} | {params} |")
    return "\n".join(lines)


TABLES = {
    "course": lambda: keys_table(s.COURSE),
    "glossary": lambda: keys_table(s.TERM),
    "module": lambda: keys_table(s.MODULE),
    "blocks": lambda: record_table(s.BLOCK_RECORDS, "block"),
    "question": lambda: keys_table(s.QUESTION),
    "widgets": widget_table,
}


def rewrite(text: str) -> str:
    """`text` with every marked table written again from the declaration."""
    for name, make in TABLES.items():
        start = START.format(name=name)
        pattern = re.compile(re.escape(start) + r"\n.*?" + re.escape(END), re.DOTALL)
        table = f"{start}\n{make()}\n{END}"
        text = pattern.sub(lambda _match, table=table: table, text)  # type: ignore[misc]  # the default binds it
    return text


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    path = Path(next((word for word in words if not word.startswith("-")), "README.md"))
    text = path.read_text(encoding="utf-8")
    if "--write" in words:
        path.write_text(rewrite(text), encoding="utf-8")
        return 0
    if rewrite(text) != text:
        print(
            f"{path}: the tables of the course format differ from tutor/content/schema.py; "
            "run python -m tutor.content.schema_doc --write README.md"
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
