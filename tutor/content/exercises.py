"""Hands-on exercises: their declarations in the course, read strictly with file:line:col.

A course that has exercises names their directory in course.yaml (`exercises: DIR`). That
directory holds `exercises.yaml` (what the student reads: statement, hints, starting file, lesson),
`checks.yaml` (how each one is checked) and each exercise's starting file, a short Python module
whose function raises NotImplementedError. The checking spec is data: the function to call, the
reference it is compared with (a function of `tutor.sim`, or of a .py file of the exercises
directory), seeded cases that say how each argument is made, and the tolerance. The format is
described in lessons/exercises/README.md. The course loads without checks.yaml (the course map
and the lessons do not need it); `cnn-tutor validate` and checking an exercise read it.

Everything here is checked without running any code: the starting files and the references are
parsed (`ast`), so that a case naming an argument the function does not take, or a function the
file does not define, is reported at its line in `cnn-tutor validate`.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import replace
from typing import Any
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tutor.content.errors import LoadError, Problem
from tutor.content.model import (
    CHECKS_FILE,
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIME_LIMIT,
    EXERCISES_FILE,
    Arg,
    Case,
    Check,
    Exercise,
)
from tutor.content.nodes import NodeReader, compose_file

FORMAT_VERSION = 1

LEVELS = (1, 2, 3)
GENERATORS = ("normal", "uniform", "integers", "zeros", "ones", "array", "rng")
GENERATOR_PARAMS = {"normal": ("mean", "std"), "uniform": ("low", "high"), "integers": ("low", "high")}
MAX_SIZE = 100_000
"""At most this many numbers in one argument: checks must stay fast."""
MAX_STARTER_BYTES = 64 * 1024
SIM_PACKAGE = Path(__file__).resolve().parent.parent / "sim"
REFERENCE = re.compile(
    r"^(?:(tutor\.sim\.[a-z_][a-z0-9_]*)|([A-Za-z0-9_][A-Za-z0-9_/.-]*\.py)):([A-Za-z_][A-Za-z0-9_]*)$"
)
MODULE_FILE = re.compile(r"^[a-z_][a-z0-9_]*\.py$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def read_from_course(parent: NodeReader, node: Node, course: Any) -> tuple[Exercise, ...] | None:
    """course.yaml's `exercises` value, for the loader (`schema.Delegate`): `course` is its `CourseReader`."""
    checks = bool(course.options.get("exercise_checks"))
    return read_exercises(parent, node, course.root, course.lesson_ids(), course.problems, checks)


def read_exercises(
    parent: NodeReader, node: Node, root: Path, lessons: set[str] | None, problems: list[Problem], checks: bool = False
) -> tuple[Exercise, ...] | None:
    """The exercises of the directory named by `node` (course.yaml's `exercises` value).

    Args:
        parent: the reader of course.yaml.
        node: the value of its `exercises` key.
        root: the course directory.
        lessons: every lesson id of the course, or None when some lesson could not be read.
        problems: where each problem found is added.
        checks: also read (and check) each exercise's checks; without, `Exercise.checks` is empty,
            which is all the course map and the lessons need (see `with_checks`).

    Returns:
        The exercises in their order, or None when anything is wrong (the problems say what).
    """
    name = parent.string(node, "exercises directory")
    if name is None:
        return None
    directory = root / name
    if ".." in Path(name).parts or Path(name).is_absolute() or not (directory / EXERCISES_FILE).is_file():
        parent.error(node, f"no exercises directory {name!r} with an {EXERCISES_FILE} in it, inside the course")
        return None
    return _declarations(directory, parent.languages, lessons, problems, checks)


def with_checks(exercises: tuple[Exercise, ...], languages: tuple[str, ...]) -> tuple[Exercise, ...]:
    """The same exercises with their checks, read again from their file.

    Raises:
        LoadError: with every problem of the file (it changed since the course was loaded, or was
            loaded without its checks and they are wrong).
    """
    if not exercises or all(exercise.checks for exercise in exercises):
        return exercises
    problems: list[Problem] = []
    read = _declarations(exercises[0].directory, languages, None, problems, checks=True)
    if problems or read is None:
        raise LoadError(problems or [Problem(exercises[0].source, None, None, "cannot be read")])
    return read


def _declarations(
    directory: Path, languages: tuple[str, ...], lessons: set[str] | None, problems: list[Problem], checks: bool
) -> tuple[Exercise, ...] | None:
    path = directory / EXERCISES_FILE
    top = compose_file(path, problems)
    if top is None:
        return None
    reader = _Reader(NodeReader(path, languages, problems), directory, lessons, checks)
    exercises = reader.read(top)
    if exercises is None or not checks:
        return exercises
    path = directory / CHECKS_FILE
    if not path.is_file():
        problems.append(
            Problem(path, None, None, f"missing: the exercises of {EXERCISES_FILE} need their {CHECKS_FILE}")
        )
        return None
    top = compose_file(path, problems)
    return None if top is None else reader.read_checks(top, NodeReader(path, languages, problems), exercises)


class _Reader:
    def __init__(self, reader: NodeReader, directory: Path, lessons: set[str] | None, checks: bool) -> None:
        self.with_checks = checks
        self.r = reader
        self.directory = directory
        self.lessons = lessons
        self.ids: dict[str, int] = {}
        self.id_nodes: dict[str, Node] = {}
        self.trees: dict[Path, ast.Module | None] = {}
        self.starters: dict[str, ast.Module | None] = {}

    def read(self, node: Node) -> tuple[Exercise, ...] | None:
        found = self.r.fields(node, "exercises file", required=("format_version", "exercises"))
        if found is None:
            return None
        if "format_version" in found:
            self.r.integer(found["format_version"], "format_version", FORMAT_VERSION, FORMAT_VERSION)
        if "exercises" not in found:
            return None
        exercises = self.r.sequence(found["exercises"], "exercises", self.exercise)
        return exercises if exercises is not None and "format_version" in found else None

    def read_checks(
        self, node: Node, reader: NodeReader, exercises: tuple[Exercise, ...]
    ) -> tuple[Exercise, ...] | None:
        """The exercises with their checks, read from checks.yaml (a mapping of exercise ids to checks)."""
        declarations, self.r = self.r, reader
        found = self.r.fields(node, "checks file", required=("format_version", "checks"))
        if found is None or "checks" not in found:
            return None
        if "format_version" in found:
            self.r.integer(found["format_version"], "format_version", FORMAT_VERSION, FORMAT_VERSION)
        if not isinstance(found["checks"], MappingNode):
            self.r.error(found["checks"], "checks must be a mapping of exercise ids to their lists of checks")
            return None
        by_id = {exercise.id: exercise for exercise in exercises}
        read: dict[str, tuple[Check, ...] | None] = {}
        for key_node, value_node in found["checks"].value:
            exercise_id = self.r.string(key_node, "exercise id")
            if exercise_id is None:
                continue
            if exercise_id not in by_id or exercise_id in read:
                why = "has its checks already" if exercise_id in read else f"is not an exercise of {EXERCISES_FILE}"
                self.r.error(key_node, f"{exercise_id!r} {why}")
                continue
            exercise = by_id[exercise_id]
            tree = self.starters.get(exercise_id)
            read[exercise_id] = self.r.sequence(
                value_node,
                f"checks of {exercise_id}",
                lambda item, tree=tree, file=exercise.file: self._check(item, tree, file),  # type: ignore[misc]
                1,
                8,
            )
        for exercise_id in by_id.keys() - read.keys():
            declarations.error(self.id_nodes[exercise_id], f"exercise {exercise_id!r} has no checks in {CHECKS_FILE}")
        checks = {exercise_id: value for exercise_id, value in read.items() if value is not None}
        if "format_version" not in found or len(checks) < len(by_id):
            return None
        return tuple(replace(exercise, checks=checks[exercise.id]) for exercise in exercises)

    def exercise(self, node: Node) -> Exercise | None:
        required = ("id", "lesson", "level", "title", "statement", "hints", "file")
        found = self.r.fields(node, "exercise", required=required, optional=("requires", "time_limit", "memory_limit"))
        if found is None or not all(key in found for key in required):
            return None
        exercise_id = self._id(found["id"])
        lesson = self._lesson(found["lesson"])
        level = self.r.integer(found["level"], "level (1 easy, 2 medium, 3 hard)", 1, 3)
        title = self.r.localized(found["title"], "exercise title")
        statement = self.r.localized(found["statement"], "statement")
        if statement is not None and any('"""' in text for _, text in statement.texts):
            self.r.error(found["statement"], 'a statement may not contain """ (it becomes the docstring of the file)')
            statement = None
        hints = self.r.sequence(found["hints"], "hints", lambda item: self.r.localized(item, "hint"), 1, 6)
        requires = self._requires(found["requires"]) if "requires" in found else ()
        time_limit = (
            self._number(found["time_limit"], "time_limit (seconds)", 0.1, 30.0)
            if "time_limit" in found
            else DEFAULT_TIME_LIMIT
        )
        memory_limit = (
            self.r.integer(found["memory_limit"], "memory_limit (MiB)", 16, 4096)
            if "memory_limit" in found
            else DEFAULT_MEMORY_LIMIT
        )
        tree, file = self._starter(found["file"])
        if (
            exercise_id is None
            or lesson is None
            or level is None
            or title is None
            or statement is None
            or hints is None
            or requires is None
            or time_limit is None
            or memory_limit is None
            or file is None
        ):
            return None
        self.ids[exercise_id] = found["id"].start_mark.line + 1
        self.id_nodes[exercise_id] = found["id"]
        self.starters[exercise_id] = tree
        return Exercise(
            exercise_id,
            lesson,
            level,
            title,
            statement,
            hints,
            file,
            (),
            self.directory,
            requires,
            time_limit,
            memory_limit,
        )

    def _id(self, node: Node) -> str | None:
        value = self.r.identifier(node, "exercise id")
        if value is not None and value in self.ids:
            self.r.error(node, f"duplicate exercise id {value!r}: already used at line {self.ids[value]}")
            return None
        return value

    def _lesson(self, node: Node) -> str | None:
        value = self.r.identifier(node, "lesson")
        if value is not None and self.lessons is not None and value not in self.lessons:
            self.r.error(node, f"no lesson {value!r} in the course; an exercise belongs to one of its lessons")
            return None
        return value

    def _requires(self, node: Node) -> tuple[str, ...] | None:
        def one(item: Node) -> str | None:
            value = self.r.identifier(item, "required exercise")
            if value is not None and value not in self.ids:
                self.r.error(item, f"exercise {value!r} must be declared before the exercises that require it")
                return None
            return value

        return self.r.sequence(node, "requires", one)

    def _number(self, node: Node, what: str, low: float, high: float) -> float | None:
        value = self.r.scalar(node, what)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.r.error(node, f"{what} must be a number from {low:g} to {high:g}, not {node.value!r}")
            return None
        return float(value)

    def _starter(self, node: Node) -> tuple[ast.Module | None, str | None]:
        name = self.r.string(node, "starting file")
        if name is None:
            return None, None
        if not MODULE_FILE.match(name):
            self.r.error(
                node, f"starting file {name!r} must be a module name: lower-case letters, digits and '_', then .py"
            )
            return None, None
        path = self.directory / name
        if not path.is_file():
            self.r.error(node, f"no starting file {name!r} in {self.directory}")
            return None, None
        if not self.with_checks:
            return None, name
        tree = self._parse(path, node)
        return tree, (name if tree is not None else None)

    def _parse(self, path: Path, where: Node) -> ast.Module | None:
        """The syntax tree of a .py file of the course, or None (with a problem, at the file's own line)."""
        if path in self.trees:
            return self.trees[path]
        tree = None
        try:
            if path.stat().st_size > MAX_STARTER_BYTES:
                self.r.error(where, f"{path.name} is larger than {MAX_STARTER_BYTES // 1024} KiB")
            else:
                tree = ast.parse(path.read_bytes(), filename=str(path))
        except SyntaxError as error:
            self.r.problems.append(Problem(path, error.lineno, error.offset, f"syntax error: {error.msg}"))
        except (OSError, ValueError) as error:
            self.r.error(where, f"cannot read {path.name}: {error}")
        self.trees[path] = tree
        return tree

    def _check(self, node: Node, tree: ast.Module | None, file: str | None) -> Check | None:
        required = ("function", "reference", "cases")
        found = self.r.fields(node, "check", required=required, optional=("outputs", "tolerance", "defaults"))
        if found is None or not all(key in found for key in required):
            return None
        function = self.r.string(found["function"], "function")
        student = None
        if function is not None and tree is not None:
            student = _function(tree, function)
            if student is None:
                self.r.error(
                    found["function"], f"{file or 'the starting file'} defines no top-level function {function!r}"
                )
                return None
            if not _raises_not_implemented(student):
                self.r.error(
                    found["function"],
                    f"{function} in {file} must raise NotImplementedError until the student writes it",
                )
                return None
        reference = self._reference(found["reference"])
        outputs = self._outputs(found["outputs"]) if "outputs" in found else ()
        rtol, atol = self._tolerance(found["tolerance"]) if "tolerance" in found else (1e-6, 1e-8)
        defaults = self._args(found["defaults"], "defaults", allow_empty=True) if "defaults" in found else ()
        signatures = [
            (f"the starting file's {function}", student),
            (f"the reference {reference and reference[0]}", reference and reference[1]),
        ]
        cases = self.r.sequence(
            found["cases"], "cases", lambda item: self._case(item, defaults or (), signatures), 1, 32
        )
        if (
            function is None
            or reference is None
            or outputs is None
            or rtol is None
            or atol is None
            or defaults is None
            or cases is None
            or student is None
            and tree is not None
        ):
            return None
        return Check(function, reference[0], cases, outputs, rtol, atol)

    def _reference(self, node: Node) -> tuple[str, ast.FunctionDef] | None:
        text = self.r.string(node, "reference")
        if text is None:
            return None
        match = REFERENCE.match(text)
        if match is None or ".." in text.split(":")[0].split("/"):
            self.r.error(
                node,
                f"reference {text!r} must be tutor.sim.MODULE:FUNCTION or FILE.py:FUNCTION (a file of the exercises directory)",
            )
            return None
        module, relative, name = match.groups()
        path = SIM_PACKAGE / f"{module.split('.')[-1]}.py" if module else self.directory / relative
        if not path.is_file():
            self.r.error(node, f"reference {text!r}: no file {path}")
            return None
        tree = self._parse(path, node)
        definition = _function(tree, name) if tree is not None else None
        if definition is None:
            if tree is not None:
                self.r.error(node, f"reference {text!r}: {path.name} defines no top-level function {name!r}")
            return None
        return text, definition

    def _outputs(self, node: Node) -> tuple[str, ...] | None:
        def one(item: Node) -> str | None:
            value = self.r.string(item, "output name")
            if value is not None and not NAME.match(value):
                self.r.error(item, f"output name {value!r} must be a Python name")
                return None
            return value

        return self.r.sequence(node, "outputs (names of the parts of the returned tuple)", one, 2, 8)

    def _tolerance(self, node: Node) -> tuple[float | None, float | None]:
        found = self.r.fields(node, "tolerance", optional=("rtol", "atol"))
        if found is None:
            return None, None
        rtol = self._number(found["rtol"], "rtol", 0.0, 1.0) if "rtol" in found else 1e-6
        atol = self._number(found["atol"], "atol", 0.0, 1e6) if "atol" in found else 1e-8
        return rtol, atol

    def _case(self, node: Node, defaults: tuple[Arg, ...], signatures: list) -> Case | None:
        found = self.r.fields(node, "case", required=("args",), optional=("label", "seed"))
        if found is None or "args" not in found:
            return None
        label = self.r.localized(found["label"], "case label", neutral_ok=True) if "label" in found else None
        seed = self.r.integer(found["seed"], "seed", 0, 2**32 - 1) if "seed" in found else 0
        args = self._args(found["args"], "args", allow_empty=bool(defaults))
        if args is None or seed is None or ("label" in found and label is None):
            return None
        given = {arg.name for arg in args}
        merged = tuple(arg for arg in defaults if arg.name not in given) + args
        names = {arg.name for arg in merged}
        for what, definition in signatures:
            if definition is None:
                continue
            accepted, required, open_ended = _parameters(definition)
            unknown = sorted(names - accepted) if not open_ended else []
            missing = [name for name in required if name not in names]
            if unknown:
                self.r.error(
                    found["args"],
                    f"{what} takes no argument {', '.join(map(repr, unknown))} (it takes {', '.join(sorted(accepted))})",
                )
                return None
            if missing:
                self.r.error(
                    found["args"], f"{what} needs {', '.join(map(repr, missing))}, which this case does not give"
                )
                return None
        return Case(merged, seed, label)

    def _args(self, node: Node, what: str, allow_empty: bool) -> tuple[Arg, ...] | None:
        if not isinstance(node, MappingNode):
            self.r.error(node, f"{what} must be a mapping of argument names to values or generators")
            return None
        if not node.value and not allow_empty:
            self.r.error(node, f"{what} is empty")
            return None
        args, names, ok = [], set(), True
        for key_node, value_node in node.value:
            name = self.r.string(key_node, "argument name")
            if name is None or not NAME.match(name) or name in names:
                if name is not None:
                    message = (
                        f"duplicate argument {name!r}"
                        if name in names
                        else f"argument name {name!r} must be a Python name"
                    )
                    self.r.error(key_node, message)
                ok = False
                continue
            names.add(name)
            arg = self._arg(name, value_node)
            ok = ok and arg is not None
            if arg is not None:
                args.append(arg)
        return tuple(args) if ok else None

    def _arg(self, name: str, node: Node) -> Arg | None:
        if isinstance(node, ScalarNode):
            if node.tag == "tag:yaml.org,2002:null":  # an argument may be None (`b: null`: no bias)
                return Arg(name, "value", None)
            value = self.r.scalar(node, f"argument {name!r}")
            if value is None:
                return None
            if isinstance(value, float) and not math.isfinite(value):
                self.r.error(node, f"argument {name!r} must be finite")
                return None
            return Arg(name, "value", value)
        kinds = (
            [key.value for key, _ in node.value if isinstance(key, ScalarNode)] if isinstance(node, MappingNode) else []
        )
        kind = next((key for key in kinds if key in GENERATORS), None)
        if kind is None:
            self.r.error(node, f"argument {name!r} must be a value or a mapping with one of {', '.join(GENERATORS)}")
            return None
        found = self.r.fields(node, f"argument {name!r}", required=(kind,), optional=GENERATOR_PARAMS.get(kind, ()))
        if found is None or kind not in found:
            return None
        if kind == "rng":
            seed = self.r.integer(found["rng"], "rng seed", 0, 2**32 - 1)
            return None if seed is None else Arg(name, "rng", seed)
        if kind == "array":
            value = self._literal(found["array"], 0)
            if value is None:
                return None
            if not isinstance(value, tuple) or _size(value) > MAX_SIZE:
                self.r.error(found["array"], f"array must be a non-empty list (of lists) of at most {MAX_SIZE} numbers")
                return None
            return Arg(name, "array", value)
        shape = self._shape(found[kind])
        params = []
        for key in GENERATOR_PARAMS.get(kind, ()):
            if key in found:
                value = self._number(found[key], key, -1e6, 1e6)
                if value is None:
                    return None
                params.append((key, value))
        if shape is None:
            return None
        arg = Arg(name, kind, None, shape, tuple(params))
        if kind in ("uniform", "integers") and not arg.param("low") < arg.param("high"):
            self.r.error(node, f"argument {name!r}: low must be less than high")
            return None
        if kind == "normal" and arg.param("std") < 0:
            self.r.error(node, f"argument {name!r}: std must be at least 0")
            return None
        return arg

    def _shape(self, node: Node) -> tuple[int, ...] | None:
        shape = self.r.sequence(node, "shape", lambda item: self.r.integer(item, "dimension", 1, MAX_SIZE), 1, 6)
        if shape is not None and math.prod(shape) > MAX_SIZE:
            self.r.error(node, f"shape {list(shape)} holds {math.prod(shape)} numbers; the limit is {MAX_SIZE}")
            return None
        return shape

    def _literal(self, node: Node, depth: int) -> object:
        """A number, or a rectangular list of lists of numbers, as nested tuples."""
        if isinstance(node, SequenceNode) and depth < 6:
            items = self.r.sequence(node, "array", lambda item: self._literal(item, depth + 1))
            if items is None:
                return None
            shapes = {_shape_of(item) for item in items}
            if len(shapes) != 1 or None in shapes:
                self.r.error(node, "array rows must all have the same length")
                return None
            return items
        value = self.r.scalar(node, "array element")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            if value is not None or isinstance(node, ScalarNode):
                self.r.error(
                    node,
                    f"array element {node.value if isinstance(node, ScalarNode) else '…'!r} must be a finite number",
                )
            return None
        return value


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef) and statement.name == name:
            return statement
    return None


def _raises_not_implemented(definition: ast.FunctionDef) -> bool:
    for node in ast.walk(definition):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id == "NotImplementedError":
                return True
    return False


def _parameters(definition: ast.FunctionDef) -> tuple[set[str], list[str], bool]:
    """The names a function accepts by keyword, those without a default, and whether it takes **kwargs."""
    arguments = definition.args
    positional = [*arguments.posonlyargs, *arguments.args]
    without_default = positional[: len(positional) - len(arguments.defaults)]
    keyword_only = [arg for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults) if default is None]
    accepted = {arg.arg for arg in [*arguments.args, *arguments.kwonlyargs]}
    required = [arg.arg for arg in [*without_default, *keyword_only]]
    return accepted, required, arguments.kwarg is not None


def _shape_of(value: object) -> tuple[int, ...] | None:
    if not isinstance(value, tuple):
        return ()
    inner = {_shape_of(item) for item in value}
    if len(inner) != 1:
        return None
    shape = inner.pop()
    return None if shape is None else (len(value), *shape)


def _size(value: object) -> int:
    return sum(_size(item) for item in value) if isinstance(value, tuple) else 1
