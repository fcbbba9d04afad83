"""French typography as a publisher sets it, and formulas that no line break cuts: checks and fixes.

French (every text of a course under a `fr:` key, and every interface string of `locales/fr/`):

- a no-break space (U+00A0) before `:` `;` `!` `?` `%` and `»`, and after `«`;
- a narrow no-break space (U+202F) between the groups of digits of a number (1 849 688 064);
- a decimal comma, not a decimal point, in prose (0,5).

Every language: the spaces around the operators of a formula (`=`, `+`, `−`, `×`, `/`…) are no-break
spaces, so that `1/(1 − p)` or `k_eff = k + (k − 1)(d − 1)` is never split across two lines; and a
minus is U+2212, not a hyphen between two spaces.

Inline code (`…`), URLs and format fields ({name}) are not checked. The renderer keeps these
characters and never breaks a line at them (`tutor.text.nobreak`).

Run `python -m tutor.text.typography FILE...` to list the problems of YAML files (lessons, locales),
and `--fix` to correct in place what can be corrected without changing anything else: an ordinary
space that should be a no-break one. A missing space, or a line break at a forbidden place, is
only reported: the author rewrites the line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.text.operators import OPERATORS, RELATIONS

NBSP = "\u00a0"
NNBSP = "\u202f"
NO_BREAK = NBSP + NNBSP

_MASKED = re.compile(r"`[^`\n]*`|https?://\S+|\{[A-Za-z_][\w.!:]*\}")
"""Inline code, URLs and format fields: not prose, never checked."""
_TABLE_RULE = re.compile(r"(?m)^\|[\s|:-]+\|$")

_SPACE_BEFORE = re.compile(r"[ \n](?=[:;!?%»])")
_MISSING_BEFORE = re.compile(r"(?:(?<=[\w\)\]»*])(?=[:!?](?:[ \n\u00a0)»*]|$)))|(?:(?<=\w)(?=;(?:[ \n]|$)))")
_SPACE_AFTER_OPENING = re.compile(r"(?<=«)[ \n]")
_MISSING_AFTER_OPENING = re.compile(r"«(?=[^\s\u00a0\u202f])")
_MISSING_BEFORE_CLOSING = re.compile(r"(?<=[^\s\u00a0\u202f])»")
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])")
_DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")

_ESCAPES = {"\n": "n", "\t": "t"}
"""Characters a double-quoted YAML scalar writes as a backslash and a letter."""

LONG_FORMULA = 30
"""A formula longer than this (in characters) may break after a relation, so that it fits a line."""
_SPACES = " \n\u00a0"
_OPERATOR_SPACE = re.compile(
    rf"(?<=\S)[{_SPACES}](?=[{OPERATORS}][{_SPACES}]\S)"  # the space before an operator
    rf"|(?<=\S[{_SPACES}][{OPERATORS}])[{_SPACES}](?=\S)"  # the space after it
)
_FORMULA = re.compile(rf"\S+(?:[{_SPACES}][{OPERATORS}][{_SPACES}]\S+)+")
_HYPHEN_MINUS = re.compile(r"(?<=[\w)\]]) - (?=[\w(])")


@dataclass(frozen=True, slots=True)
class Problem:
    """A typographic mistake at `index` in a text, and the character that would fix it (if any)."""

    index: int
    message: str
    fix: str | None = None
    """The character to put at `index` instead of the space there (ordinary, or U+00A0 in a number)."""


def _masked(text: str) -> str:
    """`text` with code, URLs, format fields and table rules blanked out, same length."""
    text = _MASKED.sub(lambda match: "x" * len(match.group()), text)
    return _TABLE_RULE.sub(lambda match: "x" * len(match.group()), text)


def french_problems(text: str) -> list[Problem]:
    """The typographic mistakes of a French text (its formulas included)."""
    masked = _masked(text)
    found = []
    for match in _SPACE_BEFORE.finditer(masked):
        char = masked[match.end()]
        if char == "%" and not masked[: match.start()].rstrip()[-1:].isdigit():
            continue
        if match.group() == "\n":
            found.append(Problem(match.start(), f"line break before {char!r}: a no-break space goes there"))
        else:
            found.append(Problem(match.start(), f"ordinary space before {char!r}: use a no-break space", NBSP))
    for match in _MISSING_BEFORE.finditer(masked):
        found.append(Problem(match.start(), f"no space before {masked[match.start()]!r}: add a no-break space"))
    for match in _SPACE_AFTER_OPENING.finditer(masked):
        if match.group() == "\n":
            found.append(Problem(match.start(), "line break after '«': a no-break space goes there"))
        else:
            found.append(Problem(match.start(), "ordinary space after '«': use a no-break space", NBSP))
    for match in _MISSING_AFTER_OPENING.finditer(masked):
        found.append(Problem(match.start(), "no space after '«': add a no-break space"))
    for match in _MISSING_BEFORE_CLOSING.finditer(masked):
        found.append(Problem(match.end() - 1, "no space before '»': add a no-break space"))
    for match in _THOUSANDS.finditer(masked):
        for offset, char in enumerate(match.group()):
            if char in f" {NBSP}":
                found.append(Problem(match.start() + offset, "digits grouped by a space: use U+202F", NNBSP))
    for match in _DECIMAL_POINT.finditer(masked):
        found.append(Problem(match.start(), f"decimal point in {match.group()!r}: French writes a comma"))
    found += formula_problems(text)
    return sorted(found, key=lambda problem: problem.index)


def formula_problems(text: str) -> list[Problem]:
    """Spaces around formula operators that a line could break at, and hyphens used as minus signs."""
    masked = _masked(text)
    may_break = {  # after a relation, in a formula too long to be sure to fit a line
        match.start() + offset + 1
        for match in _FORMULA.finditer(masked)
        if len(match.group()) > LONG_FORMULA
        for offset, char in enumerate(match.group())
        if char in RELATIONS and match.group()[offset + 1 : offset + 2] in (" ", NBSP)
    }
    found = []
    for match in _OPERATOR_SPACE.finditer(masked):
        space = match.group()
        if match.start() in may_break:
            if space == NBSP:
                message = "no-break space after a relation in a long formula: let it break"
                found.append(Problem(match.start(), message, " "))
        elif space == "\n":
            found.append(Problem(match.start(), "line break next to an operator: keep the formula on one line"))
        elif space == " ":
            found.append(Problem(match.start(), "ordinary space next to an operator: use a no-break space", NBSP))
    for match in _HYPHEN_MINUS.finditer(masked):
        message = "hyphen between spaces: write '−' (U+2212) for a minus, '—' for a dash"
        found.append(Problem(match.start() + 1, message))
    return sorted(found, key=lambda problem: problem.index)


def fixed(text: str, problems: list[Problem]) -> str:
    """`text` with every fixable problem fixed; the length never changes."""
    chars = list(text)
    for problem in problems:
        if problem.fix is not None and chars[problem.index] in f" {NBSP}" and chars[problem.index] != problem.fix:
            chars[problem.index] = problem.fix
    return "".join(chars)


# --- YAML files: lessons, the glossary and interface strings -------------------------------------

_NOT_PROSE = {
    "id",
    "lesson",
    "name",
    "params",
    "references",
    "answer",
    "expression",
    "symbol",
    "style",
    "tone",
    "languages",
    "modules",
    "lessons",
    "format_version",
    "total_modules",
    "number",
    "glossary",
    "avoid",
    "from",
    "to",
    "label",
    "skips",
}
"""Keys whose values are not prose: ids, numbers, formulas (drawn centred, free to break), sources."""


@dataclass(frozen=True, slots=True)
class FileProblem:
    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def yaml_texts(path: Path, text: str) -> Iterator[tuple[Any, str, str]]:
    """Every prose scalar of a YAML file: (its node, its language ('fr', 'en' or '*'), its value).

    In a locale file (a directory `locales/<lang>/`), every value is in that language.
    """
    import yaml

    from tutor.system.yaml_loader import SafeLoader

    root = yaml.compose(text, Loader=SafeLoader)
    locale = path.parent.name if path.parent.parent.name == "locales" else None

    def walk(node: object, lang: str, key: str | None) -> Iterator[tuple[object, str, str]]:
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                name = key_node.value
                if name in _NOT_PROSE:
                    continue
                yield from walk(value, name if name in ("fr", "en") else lang, name)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, lang, key)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            yield node, lang, node.value

    if root is not None:
        yield from walk(root, locale or "*", None)


def file_problems(path: Path, fix: bool = False) -> list[FileProblem]:
    """The typographic problems of one YAML file; with `fix`, correct in place what can be.

    A fix only turns ordinary spaces into no-break ones, and is written only if the file, read
    again, gives back every text with exactly those characters changed.
    """
    text = path.read_text(encoding="utf-8")
    found: list[FileProblem] = []
    edits: dict[int, str] = {}
    expected: list[str] = []
    for node, lang, value in yaml_texts(path, text):
        problems = french_problems(value) if lang == "fr" else formula_problems(value)
        positions = _positions(text, node, value) if problems else None
        if fix and positions is not None:
            fixable = [problem for problem in problems if problem.fix is not None and positions[problem.index] >= 0]
            value = fixed(value, fixable)
            for problem in fixable:
                edits[positions[problem.index]] = problem.fix or ""  # never "": fixable problems have a fix
            problems = [problem for problem in problems if problem not in fixable]
        expected.append(value)
        for problem in problems:
            where, message = node.start_mark.index, problem.message
            if positions and positions[problem.index] >= 0:
                where = positions[problem.index]
            elif positions and problem.index and positions[problem.index - 1] >= 0:
                where = positions[problem.index - 1] + 1  # a folded line break: point at it
                message = message.replace("ordinary space", "line break").replace("use a no-break space", "move it")
            line = text.count("\n", 0, where) + 1
            column = where - (text.rfind("\n", 0, where) + 1) + 1
            found.append(FileProblem(path, line, column, message))
    if edits:
        chars = list(text)
        for where, char in edits.items():
            chars[where] = char
        new_text = "".join(chars)
        if [value for _node, _lang, value in yaml_texts(path, new_text)] != expected:
            raise ValueError(f"{path}: the fixes would change more than the spaces; fix it by hand")
        path.write_text(new_text, encoding="utf-8")
    return found


def _positions(text: str, node, value: str) -> list[int] | None:
    """For each character of a scalar's value, its index in the file (-1 for a folded line break).

    Literal (|) and folded (>) blocks, and plain or quoted scalars, are mapped character by
    character: indentation and a folded line break are skipped, an escaped or doubled quote is
    mapped to its last character. None when the value cannot be found this way in the file.
    """
    start, end = node.start_mark.index, node.end_mark.index
    style = node.style or ""
    raw = text[start:end]
    if style in "|>":
        cursor = start + raw.find("\n") + 1 if style else start
    else:
        cursor = start + 1
    positions = []
    for char in value:
        while cursor < end and text[cursor] == " " and char != " ":
            cursor += 1  # indentation
        if cursor >= end:
            return None
        here = text[cursor]
        if here == char:
            positions.append(cursor)
            cursor += 1
        elif (style == '"' and here == "\\" and text[cursor + 1 : cursor + 2] == _ESCAPES.get(char, char)) or (
            style == "'" and here == "'" and char == "'" and text[cursor + 1 : cursor + 2] == "'"
        ):
            positions.append(cursor + 1)
            cursor += 2
        elif char == " " and here == "\n" and style != "|":
            positions.append(-1)  # a line break folded into a space: not a place to edit
            cursor += 1
        else:
            return None
    return positions


def main(argv: list[str] | None = None) -> int:
    """List (or with --fix, correct) the typographic problems of the YAML files given."""
    args = sys.argv[1:] if argv is None else argv
    fix = "--fix" in args
    paths = [Path(arg) for arg in args if arg != "--fix"]
    if not paths:
        print("usage: python -m tutor.text.typography [--fix] FILE.yaml...", file=sys.stderr)
        return 2
    problems = [problem for path in paths for problem in file_problems(path, fix)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
