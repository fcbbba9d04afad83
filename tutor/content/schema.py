"""The course format, declared once: what each file and each block holds, with its limits.

Three things read these tables, so that they cannot disagree: the loader (`loader.py`, which
validates a course with file:line:col), the JSON Schema for editors (`json_schema.py`, shipped in
`tutor/content/schema/`), and the README's tables of keys (`schema_doc.py`, checked by a test).
The simulations' parameters, with their defaults, are declared beside the widgets
(`simulations.py`) and read the same way.

A `Record` is a YAML mapping: its keys (`Field`s, each of a kind below) and the model class it
builds (keys become the class's fields of the same name, unless `attr` says otherwise; an
optional key left out takes the class's default). `checks` are rules between keys of one
record (the answer's index and the options), run once the keys they need are read.

Adding a key is one `Field` in its record and one field in the model class (a test checks that
each record and its class agree); the loader, the JSON Schema and the README follow.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tutor.content import model as m
from tutor.content.anchors import split_anchors
from tutor.content.simulations import WIDGETS

FORMAT_VERSION = 1

# Limits of a course, so that the tutor stays responsive with any course `validate` accepts
# (README, "Limits"). Measured on a 2-core machine: opening a lesson costs about 4 ms of CPU
# per text block, 8-10 per callout or comparison, 5 per quiz question and 250 per simulation,
# most of it just after the first screenful is shown; a key pressed meanwhile waits.
MAX_MODULES = 20
MAX_LESSONS = 40
"""Lessons in a module."""
MAX_BLOCKS = 40
"""Blocks in a lesson: at most about 0.4 s of work to open it (the largest lesson has 27)."""
MAX_SIMULATIONS = 4
"""`widget` blocks in a lesson: each costs about 0.25 s of CPU as it starts."""
MAX_QUESTIONS = 60
"""Questions in a quiz block (the course's quiz has 44)."""
MAX_OPTIONS = 9
"""Options of a question: keys 1 to 9 choose them."""
MAX_ITEMS = 30
"""Items of a list or a comparison column, entries of a legend, references, skips of a diagram column."""
MAX_NODES = 12
"""Layers in one column of a diagram."""
MAX_LANGUAGES = 6
MAX_MODULE_NUMBER = 99
MAX_TEXT_LENGTH = 5_000
"""Characters in one text (in one language): a long paragraph is about 1,000."""
TUTOR_LIMIT = "the tutor's limit"

IDENTIFIER = r"[a-z0-9][a-z0-9_.-]*"
FILE_NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
LANGUAGE = r"[a-z]{2,3}"


# ---- the kinds of values ----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text in every language of the course: `{fr: …, en: …}` (Markdown where it is prose)."""

    neutral: bool = False
    """A plain string is allowed too, when the text reads the same in every language (a formula)."""
    one_line: bool = False


@dataclass(frozen=True)
class Str:
    """A non-empty string; with `pattern`, one that matches it whole (`rule` says what it must be)."""

    pattern: str | None = None
    rule: str = ""


@dataclass(frozen=True)
class Id:
    """A stable id (a-z, 0-9, '-', '_', '.'); with `unique`, no two things of that kind share it in a course."""

    unique: str = ""


@dataclass(frozen=True)
class Ref:
    """The id of a thing of kind `to` (a lesson) that must exist in the course; `by` names who refers."""

    to: str
    by: str


@dataclass(frozen=True)
class Int:
    low: int
    high: int


@dataclass(frozen=True)
class Choice:
    """One of a few words; the model's default is the first when the key is optional."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    item: Kind
    min_items: int = 1
    max_items: int | None = None
    why: str = ""
    """What `max_items` is, when it is a limit of the tutor's (said in the message)."""
    unique: bool = False


@dataclass(frozen=True)
class PerLanguage:
    """A value per course language, each language optional: `{fr: […]}`."""

    item: Kind


@dataclass(frozen=True)
class Languages:
    """The course's languages: every text of the course must then be given in each of them."""


@dataclass(frozen=True)
class File:
    """The name of a YAML file beside the one being read, holding a `record`."""

    record: Record
    what: str


@dataclass(frozen=True)
class Directory:
    """The name of a directory of the course holding `file_name`, a `record`."""

    record: Record
    file_name: str
    what: str


@dataclass(frozen=True)
class SectionOf:
    """The anchor (`{#id}`) of a heading in the lesson named by the record's key `lesson_key`.

    The lesson must be given too; the anchor is checked once every lesson is read.
    """

    lesson_key: str


@dataclass(frozen=True)
class Params:
    """The parameters of the simulation named by the record's `name` key (see `simulations.WIDGETS`)."""


@dataclass(frozen=True)
class Blocks:
    """A block: a mapping with one key, its kind, whose value is read with that kind's record."""

    records: tuple[Record, ...]


@dataclass(frozen=True)
class Delegate:
    """A value read by a function of another module (an extension of the format, e.g. exercises).

    `reader` is "module:function", called as `function(reader, node, context)` (see the loader's
    `Context`); `json` is its JSON Schema, `doc` what the README says of it.
    """

    reader: str
    json: Mapping[str, Any]


Kind = Any  # one of the classes above, or a Record


@dataclass(frozen=True)
class Field:
    kind: Kind
    doc: str
    required: bool = True
    attr: str | None = ""
    """The model class's field it fills: "" for the key's own name, None for none (checked, not kept)."""


@dataclass(frozen=True)
class Check:
    """A rule between keys of a record. `run(values, nodes, error)` returns False when it is broken.

    It runs only when every key of `needs` was read without a problem (or is optional and absent).
    `json(record)` gives the JSON Schema keywords that say the same, where JSON Schema can.
    """

    needs: tuple[str, ...]
    run: Callable[[dict[str, Any], dict[str, Any], Callable[[Any, str], None]], bool]
    json: Callable[[], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Record:
    name: str
    """What the mapping is called in messages (and a block's kind)."""
    build: type | None
    fields: dict[str, Field]
    checks: tuple[Check, ...] = ()
    whole: str | None = None
    """The one field the whole value fills (a `text` block is its text, not a mapping)."""
    doc: str = ""
    finish: Callable[[Any, Any, Callable[[Any, str], None]], Any] | None = None
    """`finish(built, node, error)`: the object as kept (None, with a problem, when it is wrong),
    for what is read from inside a value (a text's heading anchors)."""

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(key for key, each in self.fields.items() if each.required)

    @cached_property
    def optional(self) -> tuple[str, ...]:
        return tuple(key for key, each in self.fields.items() if not each.required)

    def attr(self, key: str) -> str | None:
        name = self.fields[key].attr
        return key if name == "" else name

    def default(self, key: str) -> object:
        """The model's value for an optional key left out (`dataclasses.MISSING` when none)."""
        name = self.attr(key)
        for model_field in dataclasses.fields(self.build or object):
            if model_field.name == name:
                return model_field.default
        return dataclasses.MISSING


# ---- the rules between keys ---------------------------------------------------------------


def _answer_within_options(values: dict, nodes: dict, error: Callable[[Any, str], None]) -> bool:
    answer, options = values["answer"], values["options"]
    if answer < len(options):
        return True
    error(nodes["answer"], f"answer must be the index of the correct option, 0 to {len(options) - 1}, not {answer}")
    return False


def _wrong_options_say_why(values: dict, nodes: dict, error: Callable[[Any, str], None]) -> bool:
    if values["answer"] >= len(values["options"]):
        return True  # which options are wrong is not known: the answer's problem is reported
    missing = [
        index for index, option in enumerate(values["options"]) if index != values["answer"] and option.why is None
    ]
    for index in missing:
        error(nodes["options"].value[index], "a wrong option needs a 'why': why it is wrong")
    return not missing


def _answer_json() -> dict[str, Any]:
    # For each answer k: at least k + 1 options, and every option but the k-th says why it is wrong.
    return {
        "allOf": [
            {
                "if": {"properties": {"answer": {"const": k}}, "required": ["answer"]},
                "then": {
                    "properties": {
                        "options": {
                            "minItems": k + 1,
                            "prefixItems": [{} if i == k else {"required": ["why"]} for i in range(MAX_OPTIONS)],
                        }
                    }
                },
            }
            for k in range(MAX_OPTIONS)
        ]
    }


def _section_needs_its_lesson(values: dict, nodes: dict, error: Callable[[Any, str], None]) -> bool:
    if "lesson" in nodes:
        return True
    error(nodes["section"], "a question's section is in its lesson: add 'lesson:' too")
    return False


def _skip_goes_forward(values: dict, nodes: dict, error: Callable[[Any, str], None]) -> bool:
    if values["to"] > values["from"]:
        return True
    error(nodes["to"], f"a skip must go forward: 'to' ({values['to']}) must be after 'from' ({values['from']})")
    return False


def _skip_json() -> dict[str, Any]:
    return {
        "allOf": [
            {
                "if": {"properties": {"from": {"const": start}}, "required": ["from"]},
                "then": {"properties": {"to": {"minimum": start + 1}}},
            }
            for start in range(MAX_NODES - 1)
        ]
    }


def _skips_within_nodes(values: dict, nodes: dict, error: Callable[[Any, str], None]) -> bool:
    last = len(values["nodes"]) - 1
    good = True
    for skip, node in zip(values["skips"], nodes["skips"].value if "skips" in nodes else ()):
        for key, index in (("from", skip.start), ("to", skip.end)):
            if index > last:
                where = next((value for key_node, value in node.value if key_node.value == key), node)
                error(
                    where,
                    f"skip '{key}' must name a node of this column, 0 to {last} (nodes count from 0), not {index}",
                )
                good = False
    return good


def _skips_json() -> dict[str, Any]:
    return {
        "allOf": [
            {
                "if": {"properties": {"nodes": {"maxItems": count}}},
                "then": {
                    "properties": {
                        "skips": {
                            "items": {"properties": {"from": {"maximum": count - 1}, "to": {"maximum": count - 1}}}
                        }
                    }
                },
            }
            for count in range(1, MAX_NODES)
        ]
    }


def _few_simulations(values: dict, nodes: dict, error: Callable[[Any, str], None]) -> bool:
    simulations = [
        item for item, block in zip(nodes["blocks"].value, values["blocks"]) if isinstance(block, m.WidgetBlock)
    ]
    if len(simulations) <= MAX_SIMULATIONS:
        return True
    error(
        simulations[MAX_SIMULATIONS],
        f"a lesson shows at most {MAX_SIMULATIONS} simulations (widget blocks), not {len(simulations)}:"
        " each takes time to start; split the lesson in two",
    )
    return False


def _few_simulations_json() -> dict[str, Any]:
    return {
        "properties": {
            "blocks": {
                "contains": {"type": "object", "required": ["widget"]},
                "minContains": 0,
                "maxContains": MAX_SIMULATIONS,
            }
        }
    }


# ---- the records ---------------------------------------------------------------------------

TITLE = Field(Text(), "a title", required=False)

LEGEND_ENTRY = Record(
    "legend entry",
    m.LegendEntry,
    {"symbol": Field(Str(), "a symbol of the formula, e.g. `μ`"), "meaning": Field(Text(), "what it stands for")},
)
COLUMN = Record(
    "column",
    m.CompareColumn,
    {
        "title": Field(Text(), "the column's title"),
        "items": Field(ListOf(Text(neutral=True), max_items=MAX_ITEMS, why=TUTOR_LIMIT), "its points"),
        "tone": Field(Choice(("neutral", "bad", "good")), "how the column is coloured", required=False),
    },
)
SKIP = Record(
    "skip",
    m.Skip,
    {
        "from": Field(Int(0, MAX_NODES - 1), "the node whose output is carried (nodes count from 0)", attr="start"),
        "to": Field(Int(0, MAX_NODES - 1), "the node to whose output it is added", attr="end"),
        "label": Field(Str(), "the sign drawn on the skip", required=False),
    },
    checks=(Check(("from", "to"), _skip_goes_forward, _skip_json),),
)
DIAGRAM_COLUMN = Record(
    "diagram column",
    m.DiagramColumn,
    {
        "title": Field(Text(), "the stack's title"),
        "nodes": Field(ListOf(Text(neutral=True), max_items=MAX_NODES), "its layers, from top to bottom"),
        "skips": Field(
            ListOf(SKIP, max_items=MAX_ITEMS, why=TUTOR_LIMIT),
            "skip connections: `{from: 0, to: 2}` adds the output of node 0 to the output of node 2",
            required=False,
        ),
    },
    checks=(Check(("nodes", "skips"), _skips_within_nodes, _skips_json),),
)
OPTION = Record(
    "option",
    m.Option,
    {
        "text": Field(Text(neutral=True), "the option as shown"),
        "why": Field(Text(), "why it is wrong (required for every wrong option), or why it is right", required=False),
    },
)
VERDICTS = Record(
    "verdicts",
    m.Verdicts,
    {
        band: Field(Text(), f"what a score {rule} says after it (default: {default})", required=False)
        for band, rule, default in (
            ("excellent", "of 80% or more", "“You have mastered these notions!”"),
            ("good", "from 60% to 79%", "“Keep deepening your knowledge.”"),
            ("review", "under 60%", "“Go back over the important sections.”"),
        )
    },
    doc="the sentence shown after the score, by band",
)
QUESTION = Record(
    "question",
    m.Question,
    {
        "id": Field(Id("question"), "stable id, unique in the course: review cards are keyed by it"),
        "lesson": Field(Ref("lesson", "question"), "the lesson to revisit when it is missed", required=False),
        "prompt": Field(Text(), "the question"),
        "options": Field(ListOf(OPTION, 2, MAX_OPTIONS), "2 to 9 options"),
        "answer": Field(Int(0, MAX_OPTIONS - 1), "index of the correct option, from 0"),
        "explanation": Field(Text(), "why the correct option is right"),
        "hint": Field(Text(), "a nudge towards the answer, shown when the student asks (`h`)", required=False),
        "section": Field(
            SectionOf("lesson"),
            "the anchor of the heading of `lesson` where this is taught (a heading ending with ` {#id}`)",
            required=False,
        ),
    },
    checks=(
        Check(("answer", "options"), _answer_within_options, _answer_json),
        Check(("answer", "options"), _wrong_options_say_why),
        Check(("section",), _section_needs_its_lesson, lambda: {"dependentRequired": {"section": ["lesson"]}}),
    ),
)


def _anchored(block: m.TextBlock, node: Any, error: Callable[[Any, str], None]) -> m.TextBlock | None:
    """The text block with its headings' anchors (`### Title {#id}`) taken out of the text and kept."""
    texts: list[tuple[str, str]] = []
    found: dict[str, list[tuple[str, str]]] = {}
    for lang, markdown in block.body.texts:
        shown, in_text = split_anchors(markdown)
        texts.append((lang, shown))
        found[lang] = in_text
    if not any(found.values()):  # no anchored heading: the block as read
        return block
    ids = {lang: [anchor for anchor, _ in anchors] for lang, anchors in found.items()}
    first = block.body.texts[0][0]
    for lang, named in ids.items():
        if named != ids[first]:
            error(
                node,
                f"the headings' anchors must be the same in every language: {_braced(ids[first])} in"
                f" {first}, {_braced(named)} in {lang}",
            )
            return None
    for anchor in ids[first]:
        if not re.match(IDENTIFIER, anchor):
            error(node, f"heading anchor {{#{anchor}}} may hold only a-z, 0-9, '-', '_' and '.'")
            return None
    anchors = tuple(
        m.Anchor(anchor, m.Localized(tuple((lang, found[lang][index][1]) for lang in found)))
        for index, anchor in enumerate(ids[first])
    )
    return m.TextBlock(m.Localized(tuple(texts)), anchors)


def _braced(anchors: list[str]) -> str:
    return ", ".join(f"{{#{anchor}}}" for anchor in anchors) or "none"


def _unique_anchors(values: dict, nodes: dict, error: Callable[[Any, str], None]) -> bool:
    """No two headings of a lesson share an anchor (a problem at the second one's block if they do)."""
    seen: set[str] = set()
    for item, block in zip(nodes["blocks"].value, values["blocks"]):
        for anchor in getattr(block, "anchors", ()):
            if anchor.id in seen:
                error(item, f"heading anchor {{#{anchor.id}}} is used twice in this lesson")
                return False
            seen.add(anchor.id)
    return True


TEXT_BLOCK = Record(
    "text",
    m.TextBlock,
    {"body": Field(Text(), "Markdown, per language; a heading may end with ` {#id}`, its anchor")},
    whole="body",
    finish=_anchored,
)
FORMULA = Record(
    "formula",
    m.FormulaBlock,
    {
        "expression": Field(Text(neutral=True), "the formula"),
        "legend": Field(ListOf(LEGEND_ENTRY, max_items=MAX_ITEMS, why=TUTOR_LIMIT), "a list of `{symbol, meaning}`"),
        "title": TITLE,
    },
)
LIST = Record(
    "list",
    m.ListBlock,
    {
        "items": Field(ListOf(Text(neutral=True), max_items=MAX_ITEMS, why=TUTOR_LIMIT), "the items"),
        "style": Field(
            Choice(("plain", "advantages", "pitfalls", "tips", "steps", "summary")),
            "its mark and colour",
            required=False,
        ),
        "title": TITLE,
    },
)
CALLOUT = Record(
    "callout",
    m.CalloutBlock,
    {
        "body": Field(Text(), "Markdown, per language"),
        "style": Field(
            Choice(("note", "tip", "warning", "correction", "misconception")),
            "its mark and colour; a `correction` sets a mistake right, a `misconception` gives a common claim,"
            " phrased for the student (“A common claim is…”), then what is true",
            required=False,
        ),
        "title": TITLE,
    },
)
COMPARE = Record(
    "compare",
    m.CompareBlock,
    {
        "left": Field(COLUMN, "a column `{title, items, tone}`"),
        "right": Field(COLUMN, "a column `{title, items, tone}`"),
        "title": TITLE,
    },
)
DIAGRAM = Record(
    "diagram",
    m.DiagramBlock,
    {
        "columns": Field(ListOf(DIAGRAM_COLUMN, 1, 3), "1 to 3 stacks `{title, nodes, skips}`"),
        "title": TITLE,
        "caption": Field(Text(), "a line under the diagram", required=False),
    },
)
WIDGET = Record(
    "widget",
    m.WidgetBlock,
    {
        "name": Field(Choice(tuple(WIDGETS)), "the simulation (see the table of simulations)"),
        "params": Field(Params(), "its parameters, all optional", required=False),
        "caption": Field(Text(), "a line above it: what to try", required=False),
    },
)
QUIZ = Record(
    "quiz",
    m.QuizBlock,
    {
        "id": Field(Id("quiz"), "stable id, unique in the course: scores are keyed by it"),
        "title": TITLE,
        "questions": Field(
            ListOf(QUESTION, max_items=MAX_QUESTIONS, why=f"{TUTOR_LIMIT}: make two quizzes"), "the questions"
        ),
        "verdicts": Field(VERDICTS, "`{excellent, good, review}`: the sentence after the score", required=False),
    },
)
BLOCK_RECORDS = (TEXT_BLOCK, FORMULA, LIST, CALLOUT, COMPARE, DIAGRAM, WIDGET, QUIZ)

LESSON = Record(
    "lesson",
    m.Lesson,
    {
        "id": Field(Id("lesson"), "stable id, unique in the course"),
        "title": Field(Text(), "the lesson's title"),
        "references": Field(
            ListOf(Str(), max_items=MAX_ITEMS, why=TUTOR_LIMIT), "the original papers, one line each", required=False
        ),
        "blocks": Field(
            ListOf(
                Blocks(BLOCK_RECORDS),
                max_items=MAX_BLOCKS,
                why=f"{TUTOR_LIMIT}, so that a lesson opens quickly: split it in two",
            ),
            "what the lesson shows, in order",
        ),
    },
    checks=(Check(("blocks",), _few_simulations, _few_simulations_json), Check(("blocks",), _unique_anchors)),
    doc="a lesson file",
)
MODULE = Record(
    "module",
    m.Module,
    {
        "id": Field(Id("module"), "stable id: progress is keyed by it; never rename it"),
        "number": Field(Int(1, MAX_MODULE_NUMBER), "its number in the whole course (at most `total_modules`)"),
        "title": Field(Text(), "the module's title"),
        "level": Field(Text(), "e.g. Intermediate"),
        "duration": Field(Text(), "e.g. 2 h"),
        "objective": Field(Text(), "what the student will be able to do"),
        "previous": Field(Text(), "the module before it, named on the course map", required=False),
        "next": Field(Text(), "the module after it, named at the end of its last lesson", required=False),
        "lessons": Field(
            ListOf(File(LESSON, "lesson file"), max_items=MAX_LESSONS, why=f"{TUTOR_LIMIT}: make two modules"),
            "lesson files of this directory, in the order they are taught",
        ),
    },
    doc="`module.yaml`, in each module directory",
)
TERM = Record(
    "glossary term",
    m.GlossaryTerm,
    {
        "id": Field(Id("term"), "stable id of the notion"),
        "term": Field(Text(neutral=True), "the word the lessons use for it"),
        "definition": Field(Text(one_line=True), "one line"),
        "lessons": Field(ListOf(Ref("lesson", "glossary")), "ids of the lessons that teach it"),
        "avoid": Field(PerLanguage(ListOf(Str())), "other words for it that the course does not use", required=False),
    },
)
GLOSSARY = Record(
    "glossary",
    m.Glossary,
    {"terms": Field(ListOf(TERM), "one entry per notion")},
    doc="the glossary file named by `course.yaml`",
)
COURSE = Record(
    "course",
    m.Course,
    {
        "format_version": Field(Int(FORMAT_VERSION, FORMAT_VERSION), f"always {FORMAT_VERSION}", attr=None),
        "version": Field(Str(), "the content's own version, shown by `cnn-tutor --version`", required=False),
        "languages": Field(Languages(), "every text must exist in each of these"),
        "title": Field(Text(), "the course's title"),
        "total_modules": Field(Int(1, MAX_MODULE_NUMBER), "modules in the whole course, this course's and others'"),
        "modules": Field(
            ListOf(Directory(MODULE, "module.yaml", "module directory"), max_items=MAX_MODULES, why=TUTOR_LIMIT),
            "module directories, in order",
        ),
        "glossary": Field(File(GLOSSARY, "glossary file"), "the course's glossary file", required=False),
        "exercises": Field(
            Delegate("tutor.content.exercises:read_from_course", json={"type": "string"}),
            "the directory of the hands-on exercises (see `lessons/exercises/README.md`)",
            required=False,
        ),
    },
    doc="`course.yaml`, at the top of the course directory",
)

FILE_RECORDS = {"course": COURSE, "module": MODULE, "lesson": LESSON, "glossary": GLOSSARY}
"""The records of whole files, by the name of their JSON Schema."""


def records(top: Record = COURSE) -> list[Record]:
    """Every record reachable from `top`, each once, in declaration order (for the tests and the docs)."""
    found: dict[int, Record] = {}

    def visit(kind: Kind) -> None:
        if isinstance(kind, Record):
            if id(kind) in found:
                return
            found[id(kind)] = kind
            for each in kind.fields.values():
                visit(each.kind)
        elif isinstance(kind, (ListOf, PerLanguage)):
            visit(kind.item)
        elif isinstance(kind, (File, Directory)):
            visit(kind.record)
        elif isinstance(kind, Blocks):
            for record in kind.records:
                visit(record)

    visit(top)
    return list(found.values())
