"""Reading YAML node trees strictly, with every problem tied to a line and column.

The loader composes a file into PyYAML nodes (safe, C-accelerated when libyaml is present)
and reads them with a `NodeReader`, which records a `Problem` for each mistake and goes
on, so that an author sees every error of a file at once.
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
import yaml.reader
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tutor.content.errors import Problem
from tutor.content.model import Localized
from tutor.content.schema import IDENTIFIER as _IDENTIFIER
from tutor.content.schema import MAX_TEXT_LENGTH
from tutor.text.sanitise import INVISIBLE, has_invisible, visible

from tutor.system.yaml_loader import LIBYAML, SafeLoader as Loader

MAX_FILE_BYTES = 1024 * 1024
IDENTIFIER = re.compile(_IDENTIFIER)
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
"""What `has_invisible` finds, searched for directly in the hot loops."""
_constructor = SafeConstructor()
_SCALAR_TYPES = {
    _TAG + "str": lambda node: node.value,
    _TAG + "int": _constructor.construct_yaml_int,
    _TAG + "float": _constructor.construct_yaml_float,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "null": lambda node: None,
}

T = TypeVar("T")


def compose_file(path: Path, problems: list[Problem]) -> Node | None:
    """Parse one YAML file into a node tree; on failure add a problem and return None."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(path, None, None, f"file is {size} bytes; the limit is 1 MiB"))
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(path, None, None, f"cannot read: {error.strerror or error}"))
        return None
    return compose_bytes(data, path, problems)


def compose_bytes(data: bytes, path: Path, problems: list[Problem]) -> Node | None:
    """Parse YAML bytes (UTF-8) into a node tree; on failure add a problem and return None."""
    if LIBYAML and not data.startswith(codecs.BOM_UTF8):
        # libyaml reads UTF-8, and refuses any that is not valid: a file is composed from its bytes
        # as they are, with no text decoded to be encoded back. One it refuses is read again below,
        # as text, to say why (invalid UTF-8 first). A BOM, which the text has not, goes that way too.
        try:
            node = yaml.compose(data, Loader=Loader)
        except (yaml.YAMLError, RecursionError, ValueError):
            pass
        else:
            if node is None:
                problems.append(Problem(path, None, None, "file is empty"))
            return node
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line: int | None = data[: error.start].count(b"\n") + 1
        column: int | None = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(Problem(path, line, column, "not valid UTF-8 text"))
        return None
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        problems.append(_yaml_problem(path, error))
        return None
    except yaml.reader.ReaderError as error:  # a character YAML refuses: located, unlike the error's text
        # Its position counts bytes (libyaml) or characters (PyYAML): find the character itself.
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)[:1]
        position = text.find(character) if character else -1
        if position < 0:
            problems.append(Problem(path, None, None, "invalid YAML: a character YAML does not allow"))
            return None
        before = text[:position]
        line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
        problems.append(
            Problem(path, line, column, f"the character U+{ord(character):04X} is not allowed in YAML; remove it")
        )
        return None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        problems.append(Problem(path, None, None, f"invalid YAML: {error}"))
        return None
    if node is None:
        problems.append(Problem(path, None, None, "file is empty"))
    return node


_STARTS_THE_PROBLEM = ("while scanning a quoted", "while scanning a simple key", "while parsing a flow")
"""PyYAML contexts whose mark is where the mistake is (an unclosed quote or bracket, a key without ':'),
while the problem's mark is where the parser gave up, often lines later (or the end of the file)."""


def _yaml_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error, at the line where the mistake starts, saying where the parser gave up."""
    context, problem = error.context or "", error.problem or "invalid YAML"
    start, stop = error.context_mark, error.problem_mark
    if start is not None and (stop is None or context.startswith(_STARTS_THE_PROBLEM)):
        then = f": {problem} at line {stop.line + 1}, column {stop.column + 1}" if stop is not None else f": {problem}"
        return Problem(path, start.line + 1, start.column + 1, f"invalid YAML: {context} that starts here{then}")
    if stop is None:
        return Problem(path, None, None, f"invalid YAML: {problem}")
    since = f" ({context} from line {start.line + 1})" if context and start is not None else ""
    return Problem(path, stop.line + 1, stop.column + 1, f"invalid YAML: {problem}{since}")


class NodeReader:
    """Reads the nodes of one file, recording a problem for each mistake found.

    Each method returns the value read, or None when the node was wrong (the problem is
    already recorded), so callers can read every field before deciding to give up.
    """

    def __init__(self, path: Path, languages: Sequence[str], problems: list[Problem]) -> None:
        self.path = path
        self.languages = tuple(languages)
        self.problems = problems
        self._seen: set[int] = set()

    def error(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def fields(
        self,
        node: Node,
        what: str,
        required: Sequence[str] = (),
        optional: Sequence[str] = (),
    ) -> dict[str, Node] | None:
        """The value nodes of a mapping by key; unknown, duplicate and missing keys are errors."""
        if not self._first_visit(node):
            return None
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        known = (*required, *optional)
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in known:
                self.error(key_node, f"unknown key {key!r} in {what}{_suggest(key, known)}")
            elif key in found:
                self.error(key_node, f"duplicate key {key!r} in {what}")
            else:
                found[key] = value_node
        missing = [key for key in required if key not in found]
        if missing:
            names = ", ".join(repr(key) for key in missing)
            self.error(node, f"{what} is missing {names}")
        return found

    def scalar(self, node: Node, what: str) -> Any:
        """A plain value (string, number or boolean); None, with a problem recorded, for anything else."""
        if not self._first_visit(node):
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be a single value, not a list or mapping")
            return None
        if node.tag == _STR:  # most values: no conversion, never None
            value = node.value
        else:
            convert = _SCALAR_TYPES.get(node.tag)
            if convert is None:
                self.error(node, f"{what}: unsupported YAML tag {node.tag!r}")
                return None
            try:
                value = convert(node)
            except Exception:  # noqa: BLE001 — PyYAML's constructors raise KeyError, IndexError… on odd tagged values
                self.error(node, f"{what}: {visible(repr(node.value))} is not a valid {node.tag.rpartition(':')[2]}")
                return None
            if value is None:  # `~`, `null`, nothing after the colon: every value read is required
                self.error(node, f"{what} has no value")
                return None
        if isinstance(value, str) and not self._clean(node, value, what):
            return None
        return value

    def string(self, node: Node, what: str) -> str | None:
        """A non-empty string."""
        value = self.scalar(node, what)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(node, f'{what} must be text; put it in quotes: "{node.value}"')
            return None
        if not value.strip():
            self.error(node, f"{what} is empty")
            return None
        return value

    def identifier(self, node: Node, what: str) -> str | None:
        """A stable id: lower-case letters, digits, '-', '_' and '.'."""
        value = self.string(node, what)
        if value is not None and not IDENTIFIER.fullmatch(value):
            self.error(node, f"{what} {value!r} may hold only a-z, 0-9, '-', '_' and '.'")
            return None
        return value

    def integer(self, node: Node, what: str, low: int, high: int | None = None) -> int | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        if type(value) is not int:
            self.error(node, f"{what} must be a whole number, not {node.value!r}")
            return None
        if value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"at least {low}"
            self.error(node, f"{what} must be {bound}, not {value}")
            return None
        return value

    def choice(self, node: Node, what: str, choices: Sequence[str]) -> str | None:
        value = self.string(node, what)
        if value is not None and value not in choices:
            self.error(node, f"{what} must be one of {', '.join(choices)}, not {value!r}")
            return None
        return value

    def localized(self, node: Node, what: str, neutral_ok: bool = False) -> Localized | None:
        """A text in every course language; a plain string too where `neutral_ok`."""
        good = self._texts(node)  # most texts
        if good is not None:
            return Localized(good)
        if neutral_ok and isinstance(node, ScalarNode):
            text = self.string(node, what)
            return None if text is None else Localized.neutral(text)
        if isinstance(node, ScalarNode) and node.tag == _STR:
            langs = ", ".join(self.languages)
            self.error(node, f"{what} must give one text per language ({langs}), e.g. fr: … en: …")
            return None
        found = self.fields(node, what, required=self.languages)
        if found is None:
            return None
        texts = [(lang, self.string(found[lang], f"{what} ({lang})")) for lang in found]
        if len(found) < len(self.languages) or any(text is None for _, text in texts):
            return None
        return Localized(tuple(texts))  # type: ignore[arg-type]

    def sequence(
        self,
        node: Node,
        what: str,
        read_item: Callable[[Node], T | None],
        min_items: int = 1,
        max_items: int | None = None,
        why: str = "",
    ) -> tuple[T, ...] | None:
        """A list whose items are read with `read_item`; None if the list or any item is wrong.

        `why` explains `max_items` in the message, when it is a limit of the tutor's.
        """
        listed = self.list_items(node, what, min_items, max_items, why)
        if listed is None:
            return None
        nodes, counted = listed
        items = [read_item(item) for item in nodes]
        if any(item is None for item in items) or not counted:
            return None
        return tuple(items)  # type: ignore[arg-type]

    def list_items(
        self, node: Node, what: str, min_items: int = 1, max_items: int | None = None, why: str = ""
    ) -> tuple[list[Node], bool] | None:
        """The item nodes of a list, to be read, and whether there are as many as allowed (if not, a
        problem is recorded, and the items are still read so that theirs are too); None if it is no list."""
        if not self._first_visit(node):
            return None
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list (items starting with '- ')")
            return None
        count = len(node.value)
        if count < min_items or (max_items is not None and count > max_items):
            bound = f"{min_items} to {max_items}" if max_items else f"at least {min_items}"
            self.error(
                node,
                f"{what} must have {bound} items, not {count:,}" + (f" ({why})" if why and count > min_items else ""),
            )
        return node.value, min_items <= count <= (max_items or count)

    def _clean(self, node: Node, value: str, what: str) -> bool:
        if _INVISIBLE.search(value):
            # Control characters drive the terminal (ESC clears it); bidi controls reorder what
            # follows; zero-width ones hide a difference. Typographic spaces (U+00A0, U+202F) are text.
            code = next(f"U+{ord(character):04X}" for character in value if has_invisible(character))
            self.error(node, f"{what} contains {code}, a control, bidi or invisible character; remove it")
            return False
        if len(value) > MAX_TEXT_LENGTH:
            self.error(node, f"{what} is {len(value):,} characters long; the limit is {MAX_TEXT_LENGTH:,} (split it)")
            return False
        return True

    def _texts(self, node: Node) -> tuple[tuple[str, str], ...] | None:
        """The texts of a mapping holding exactly one good text per language, in its order, as `localized` reads them.

        Most texts of a course are such a mapping: this reads them in one pass. None, with nothing
        recorded, when anything is unusual (a key, a tag, an alias, an empty or too long text, an
        invisible character): `localized` then reads the mapping key by key and says what is wrong.
        """
        languages, seen, mapping = self.languages, self._seen, id(node)
        if type(node) is not MappingNode or len(node.value) != len(languages) or mapping in seen:
            return None
        texts: list[tuple[str, str]] = []
        read: list[str] = []
        visits = [mapping]
        seen.add(mapping)
        for key_node, value_node in node.value:
            value = id(value_node)
            if (
                type(key_node) is not ScalarNode
                or type(value_node) is not ScalarNode
                or value_node.tag != _STR
                or (lang := key_node.value) not in languages
                or lang in read  # then another language is missing
                or value in seen  # an alias
            ):
                seen.difference_update(visits)
                return None
            text = value_node.value
            if not text or text.isspace() or len(text) > MAX_TEXT_LENGTH or _INVISIBLE.search(text):
                seen.difference_update(visits)
                return None
            seen.add(value)
            visits.append(value)
            read.append(lang)
            texts.append((lang, text))
        return tuple(texts)

    def _first_visit(self, node: Node) -> bool:
        # compose() turns an alias into the very node it names: read each node once only,
        # which also defeats alias bombs and recursive aliases.
        key = id(node)
        if key in self._seen:
            self.error(node, "this value is reused through an alias (*name): anchors and aliases are not supported")
            return False
        self._seen.add(key)
        return True


def _suggest(key: object, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (expected {', '.join(known)})" if known else ""
