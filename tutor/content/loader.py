"""Load a course directory into the content model, or report every problem in it.

A course directory holds `course.yaml`; each module directory holds `module.yaml` and one YAML
file per lesson. What each file holds is declared once, in `schema.py`: this module reads any
record of that declaration from YAML nodes, with `nodes.NodeReader`, so that every problem of
every file is reported at once, at its file, line and column. The format is documented in
README.md ("Writing lessons").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from importlib import import_module
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from tutor.content import model as m
from tutor.content import schema as s
from tutor.content.errors import LoadError, Problem
from tutor.content.nodes import NodeReader, compose_file
from tutor.content.simulations import WIDGETS
from tutor.text.sanitise import visible

FILE_NAME = re.compile(s.FILE_NAME)
_Reader = Callable[["Context", Node, Any, str, dict[str, Any]], Any]
"""Reads a value of one kind: `(context, node, kind, what, the record's values so far)`, None when wrong."""
_Plan = tuple[s.Record, tuple[tuple[str, _Reader, Any, str], ...], dict[str, str | None] | None, frozenset[str]]


def load_course(root: Path, **options: object) -> m.Course:
    """Load and validate the course in `root`.

    `options` are passed on to the readers of extensions of the format (`schema.Delegate`).

    Raises:
        LoadError: with every problem found in every file of the course.
    """
    problems: list[Problem] = []
    course = CourseReader(Path(root), problems, options).load()
    if problems or course is None:
        files = list(dict.fromkeys(problem.path for problem in problems))
        raise LoadError(sorted(problems, key=lambda p: (files.index(p.path), p.line or 0, p.column or 0)))
    return course


@dataclass(frozen=True)
class Context:
    """Where a value is read: the file's reader, and the directory its file names are relative to."""

    reader: NodeReader
    directory: Path


class CourseReader:
    """Reads a whole course: its files, and what must agree between them (ids, lesson links)."""

    def __init__(self, root: Path, problems: list[Problem], options: dict[str, object] | None = None) -> None:
        self.root = root
        self.problems = problems
        self.options = options or {}
        self.languages: tuple[str, ...] = ("fr", "en")
        self.ids: dict[tuple[str, str], tuple[NodeReader, Node]] = {}
        self.links: list[tuple[NodeReader, Node, s.Ref, str]] = []
        self.section_links: list[tuple[NodeReader, Node, str, str]] = []
        """(reader, `section:` node, lesson id, anchor) of each question naming a section."""
        self.sections: dict[str, tuple[str, ...]] = {}
        """The anchors of each lesson read, by lesson id."""
        self.some_lesson_unreadable = False
        self._plans: dict[int, _Plan] = {}
        self._block_kinds: dict[int, tuple[s.Blocks, dict[str, s.Record]]] = {}
        self._read: dict[type, _Reader] = {
            s.Text: self._text,
            s.Str: self._string,
            s.Id: self._id,
            s.Ref: self._ref,
            s.Int: lambda ctx, node, kind, what, _: ctx.reader.integer(node, what, kind.low, kind.high),
            s.Choice: self._choice,
            s.ListOf: self._list,
            s.PerLanguage: self._per_language,
            s.Languages: self._languages,
            s.File: self._file,
            s.Directory: self._directory,
            s.Params: self._params,
            s.SectionOf: self._section,
            s.Blocks: self._block,
            s.Delegate: self._delegate,
            s.Record: lambda ctx, node, kind, what, _: self.record(ctx, node, kind),
        }

    def load(self) -> m.Course | None:
        path = self.root / "course.yaml"
        if not self.root.is_dir():
            self.problems.append(Problem(self.root, None, None, "not a directory"))
            return None
        if not path.is_file():
            self.problems.append(Problem(path, None, None, "missing: a course needs course.yaml"))
            return None
        course, _ = self.file(path, s.COURSE, self.root, root=self.root)
        self._check_links()
        return None if self.problems else course

    def lesson_ids(self) -> set[str] | None:
        """Every lesson id of the course, or None when some lesson could not be read (for extensions)."""
        return None if self.some_lesson_unreadable else {value for kind, value in self.ids if kind == "lesson"}

    def file(self, path: Path, record: s.Record, directory: Path, **extra: object) -> tuple[Any, Node | None]:
        """The model object the YAML file at `path` holds (None when wrong, with its problems), and its node."""
        node = compose_file(path, self.problems)
        if node is None:
            return None, None
        return self.record(
            Context(NodeReader(path, self.languages, self.problems), directory), node, record, extra
        ), node

    def record(self, ctx: Context, node: Node, record: s.Record, extra: dict[str, object] | None = None) -> Any:
        """The model object `record` builds from the mapping `node`; None when anything in it is wrong.

        Every key is read, even after a wrong one, and every rule whose keys were read is checked:
        an author sees every mistake of a record at once.
        """
        if record.whole is not None:
            found: dict[str, Node] | None = {record.whole: node}
        else:
            found = ctx.reader.fields(node, record.name, record.required, record.optional)
        if found is None:
            return None
        plan = self._plans.get(id(record))
        if plan is None or plan[0] is not record:  # (records are not hashable: by id, and kept alive here)
            plan = self._plans[id(record)] = self._plan(record)
        _record, steps, renamed, required = plan
        values: dict[str, Any] = {}
        good = found.keys() >= required
        for key, read, kind, what in steps:
            value_node = found.get(key)
            if value_node is not None:
                value = read(ctx, value_node, kind, what, values)
                if value is None:
                    good = False
                else:
                    values[key] = value
        for check in record.checks:
            if all(key in values for key in check.needs):
                good = check.run(values, found, ctx.reader.error) and good
        if not good or record.build is None:
            return None
        if renamed is not None:
            values = {name: value for key, value in values.items() if (name := renamed[key])}
        built = record.build(**values, **extra) if extra else record.build(**values)
        return built if record.finish is None else record.finish(built, node, ctx.reader.error)

    def _plan(self, record: s.Record) -> _Plan:
        """How `record` is read, worked out once per course: each key's reader, kind and name in
        messages, in the declared order; the model field each key fills (None for none), or None when
        each fills the field of its own name; and the keys required."""
        steps = tuple(
            (key, self._read[type(field.kind)], field.kind, record.name if record.whole else f"{record.name} {key}")
            for key, field in record.fields.items()
        )
        attrs = {key: record.attr(key) for key in record.fields}
        renamed = None if all(attr == key for key, attr in attrs.items()) else attrs
        return record, steps, renamed, frozenset(record.required)

    # ---- one method per kind of value: each returns the value, or None with a problem recorded

    def _text(self, ctx: Context, node: Node, kind: s.Text, what: str, _: dict) -> m.Localized | None:
        text = ctx.reader.localized(node, what, neutral_ok=kind.neutral)
        if text and kind.one_line:
            for lang, each in text.texts:
                if "\n" in each.strip():
                    ctx.reader.error(node, f"{what} ({lang}) must be one line")
                    return None
        return text

    def _string(self, ctx: Context, node: Node, kind: s.Str, what: str, _: dict) -> str | None:
        value = ctx.reader.string(node, what)
        if value is not None and kind.pattern and not re.fullmatch(kind.pattern, value):
            ctx.reader.error(node, f"{what} {value!r} must be {kind.rule}")
            return None
        return value

    def _id(self, ctx: Context, node: Node, kind: s.Id, what: str, _: dict) -> str | None:
        value = ctx.reader.identifier(node, what)
        if value is None or not kind.unique:
            return value
        first = self.ids.get((kind.unique, value))
        if first is not None:
            where = f"{first[0].path}:{first[1].start_mark.line + 1}"
            ctx.reader.error(node, f"duplicate {kind.unique} id {value!r}: already used at {where}")
            return None
        self.ids[(kind.unique, value)] = (ctx.reader, node)
        return value

    def _ref(self, ctx: Context, node: Node, kind: s.Ref, what: str, _: dict) -> str | None:
        value = ctx.reader.identifier(node, what)
        if value is not None:
            self.links.append((ctx.reader, node, kind, value))
        return value

    def _check_links(self) -> None:
        if self.some_lesson_unreadable:
            return  # the lesson named may be the one that could not be read
        for reader, node, kind, value in self.links:
            if (kind.to, value) not in self.ids:
                reader.error(
                    node,
                    f"{kind.by} names {kind.to} {value!r}, which does not exist{_suggest_id(value, self.ids, kind.to)}",
                )
        for reader, node, lesson_id, anchor in self.section_links:
            anchors = self.sections.get(lesson_id)
            if anchors is None or anchor in anchors:
                continue  # no such lesson: said above
            listed = ", ".join(anchors) if anchors else "none: end a heading with {#id} to give it one"
            reader.error(
                node,
                f"question names section {anchor!r} of lesson {lesson_id!r}, which has no heading with"
                f" that anchor (its anchors: {listed})",
            )

    def _section(self, ctx: Context, node: Node, kind: s.SectionOf, what: str, siblings: dict) -> str | None:
        anchor = ctx.reader.identifier(node, "section")
        if anchor is None:
            return None
        lesson = siblings.get(kind.lesson_key)
        if lesson is not None:  # else the lesson is wrong, or missing (see `schema._section_needs_its_lesson`)
            self.section_links.append((ctx.reader, node, lesson, anchor))
        return anchor

    def _choice(self, ctx: Context, node: Node, kind: s.Choice, what: str, _: dict) -> str | None:
        value = ctx.reader.string(node, what)
        if value is not None and value not in kind.values:
            close = difflib.get_close_matches(value, kind.values, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            ctx.reader.error(node, f"{what} must be one of {', '.join(kind.values)}, not {value!r}{hint}")
            return None
        return value

    def _list(self, ctx: Context, node: Node, kind: s.ListOf, what: str, siblings: dict) -> tuple | None:
        listed = ctx.reader.list_items(node, what, kind.min_items, kind.max_items, kind.why)
        if listed is None:
            return None
        nodes, counted = listed
        read, item = self._read[type(kind.item)], kind.item
        read_items = [read(ctx, each, item, f"{what}, item {number}", siblings) for number, each in enumerate(nodes, 1)]
        if any(each is None for each in read_items) or not counted:
            return None
        items = tuple(read_items)
        if kind.unique:
            for index, value in enumerate(items):
                if value in items[:index]:
                    ctx.reader.error(node.value[index], f"{what} lists {value!r} twice")
                    return None
        return items

    def _per_language(self, ctx: Context, node: Node, kind: s.PerLanguage, what: str, _: dict) -> tuple | None:
        found = ctx.reader.fields(node, what, optional=self.languages)
        if found is None:
            return None
        read = self._read[type(kind.item)]
        values = [(lang, read(ctx, value, kind.item, f"{what} ({lang})", {})) for lang, value in found.items()]
        return None if any(value is None for _, value in values) else tuple(values)

    def _languages(self, ctx: Context, node: Node, kind: s.Languages, what: str, _: dict) -> tuple[str, ...] | None:
        code = s.Str(s.LANGUAGE, "a two- or three-letter code")
        codes = self._list(
            ctx, node, s.ListOf(code, max_items=s.MAX_LANGUAGES, why=s.TUTOR_LIMIT, unique=True), "languages", {}
        )
        if codes:
            self.languages = ctx.reader.languages = codes
        return codes

    def _file(self, ctx: Context, node: Node, kind: s.File, what: str, _: dict) -> Any:
        name = ctx.reader.string(node, kind.what)
        if name is None:
            return None
        path = ctx.directory / name
        if not FILE_NAME.fullmatch(name) or not path.is_file():
            ctx.reader.error(node, f"no {kind.what} {name!r} in {ctx.directory}")
            return None
        source = {"source": path} if any(each.name == "source" for each in fields(kind.record.build or object)) else {}
        value, _node = self.file(path, kind.record, ctx.directory, **source)
        if isinstance(value, m.Lesson):
            self.sections[value.id] = tuple(section.id for section in value.sections)
        if (
            value is None
            and kind.record is s.LESSON
            and not any(reader.path == path for (each, _), (reader, _) in self.ids.items() if each == "lesson")
        ):
            self.some_lesson_unreadable = True  # its id is unknown: links to it cannot be checked
        return value

    def _directory(self, ctx: Context, node: Node, kind: s.Directory, what: str, siblings: dict) -> Any:
        name = ctx.reader.string(node, kind.what)
        if name is None:
            return None
        directory = self.root / name
        path = directory / kind.file_name
        if not FILE_NAME.fullmatch(name) or not path.is_file():
            ctx.reader.error(node, f"no {kind.what} {name!r} with a {kind.file_name} in it")
            return None
        value, top = self.file(path, kind.record, directory)
        reader = NodeReader(path, self.languages, self.problems)
        self._every_lesson_listed(reader, top, directory)
        self._number_within_total(reader, top, siblings.get("total_modules"))
        return value

    def _number_within_total(self, reader: NodeReader, top: Node | None, total: int | None) -> None:
        """A module's number is at most course.yaml's `total_modules` (the course map says "Module 4/6")."""
        number = _value_of(top, "number")
        if total is None or not isinstance(number, ScalarNode) or not number.tag.endswith(":int"):
            return
        try:
            value = int(number.value)
        except ValueError:
            return  # a YAML integer of another form: read (and checked) as the module's number
        if value > total:
            reader.error(number, f"module number {value} is above the course's total_modules ({total}, in course.yaml)")

    def _every_lesson_listed(self, reader: NodeReader, top: Node | None, directory: Path) -> None:
        """Each YAML file of a module directory is module.yaml or one of its lessons (a forgotten lesson is an error)."""
        lessons = _value_of(top, "lessons")
        if lessons is None:
            return
        listed = (
            {item.value for item in lessons.value if isinstance(item, ScalarNode)}
            if isinstance(lessons.value, list)
            else set()
        )
        for each in sorted(directory.glob("*.y*ml")):
            if each.name != reader.path.name and each.name not in listed:
                reader.error(lessons, f"{visible(each.name)} is in the module directory but not listed in lessons")

    def _params(self, ctx: Context, node: Node, kind: s.Params, what: str, siblings: dict) -> tuple | None:
        spec = WIDGETS.get(siblings.get("name", ""))
        if spec is None:
            return None  # the name's problem is reported
        found = ctx.reader.fields(node, "widget params", optional=tuple(spec.params))
        if found is None:
            return None
        values = []
        for key, value_node in found.items():
            value = ctx.reader.scalar(value_node, f"param {key!r}")
            why = value is not None and spec.params[key].check(value)
            if value is None or why:
                if why:
                    ctx.reader.error(value_node, f"param {key!r} {why}")
                return None
            values.append((key, spec.params[key].type(value)))
        return tuple(values)

    def _block(self, ctx: Context, node: Node, kind: s.Blocks, what: str, _: dict) -> m.Block | None:
        known = self._block_kinds.get(id(kind))
        if known is None or known[0] is not kind:  # (kinds are not hashable: by id, and kept alive here)
            known = self._block_kinds[id(kind)] = (kind, {record.name: record for record in kind.records})
        kinds = known[1]
        if type(node) is MappingNode and len(node.value) == 1:  # the usual block: `- kind: value`
            key_node, value_node = node.value[0]
            record = kinds.get(key_node.value) if type(key_node) is ScalarNode else None
            if record is not None:
                return self.record(ctx, value_node, record)
        if not isinstance(node, MappingNode) or not node.value:
            names = ", ".join(kinds)
            ctx.reader.error(node, f"a block is a mapping with one key, its kind ({names}), e.g. `- text: …`")
            return None
        keys = [key.value if isinstance(key, ScalarNode) else None for key, _ in node.value]
        block = next((key for key in keys if key in kinds), None)
        if len(keys) > 1 and block is not None:
            for key_node, _value in node.value:
                if key_node.value != block:
                    ctx.reader.error(
                        key_node,
                        f"a block has one key, its kind ({block!r}): {visible(str(key_node.value))!r} belongs inside it;"
                        f" indent it under '{block}:'",
                    )
            return None
        if block is None:
            ctx.reader.fields(node, "block", optional=tuple(kinds))  # reports the unknown kind, with a suggestion
            return None
        return self.record(ctx, node.value[0][1], kinds[block])

    def _delegate(self, ctx: Context, node: Node, kind: s.Delegate, what: str, _: dict) -> Any:
        module, _colon, function = kind.reader.partition(":")
        return getattr(import_module(module), function)(ctx.reader, node, self)


def _value_of(node: Node | None, key: str) -> Node | None:
    """The value of `key` in the mapping `node`, if it is one and has it."""
    if not isinstance(node, MappingNode):
        return None
    return next((value for name, value in node.value if isinstance(name, ScalarNode) and name.value == key), None)


def _suggest_id(value: str, ids: Mapping[tuple[str, str], object], kind: str) -> str:
    close = difflib.get_close_matches(value, [name for each, name in ids if each == kind], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
