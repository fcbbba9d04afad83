"""The immutable content model: Course → Module → Lesson → Block.

Everything here is built once by the loader and never changed afterwards; screens and
widgets only read it. Texts are `Localized`: one string per course language. Every class is a
`Record`: built at every start-up, it has `==`, `hash` and `repr` made once for all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from tutor.system.records import Record

NEUTRAL = "*"
"""Language key of a text that reads the same in every language (a formula, a symbol)."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Localized(Record):
    """A text in every language of the course, or one language-neutral string."""

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def neutral(cls, text: str) -> Localized:
        return cls(((NEUTRAL, text),))

    def get(self, lang: str) -> str:
        """The text in `lang` (the neutral text, or the first language, as a fallback)."""
        for code, text in self.texts:
            if code == lang or code == NEUTRAL:
                return text
        return self.texts[0][1]

    def language_of(self, lang: str) -> str:
        """The language whose text `get(lang)` gives: `lang`, the neutral key, or the first language."""
        return next((code for code, _ in self.texts if code in (lang, NEUTRAL)), self.texts[0][0])


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Anchor(Record):
    """A heading of a text block that other parts of the course can point to (`### Title {#id}`)."""

    id: str
    title: Localized
    """The heading's words, without its `#` marks, its anchor and its inline Markdown."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TextBlock(Record):
    """Markdown prose."""

    body: Localized
    """The text as shown: the anchors of its headings are taken out."""
    anchors: tuple[Anchor, ...] = ()
    """Its anchored headings, in order (the same ids in every language)."""
    parsed: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    """The body parsed, per language (`tutor.content.markdown.with_parsed_prose`); empty: parsed when shown."""
    kind = "text"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class LegendEntry(Record):
    """A symbol of a formula and what it means."""

    symbol: str
    meaning: Localized


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class FormulaBlock(Record):
    """A formula with the meaning of each of its symbols."""

    expression: Localized
    legend: tuple[LegendEntry, ...]
    title: Localized | None = None
    kind = "formula"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ListBlock(Record):
    """A titled list: advantages, pitfalls, tips, steps or plain items."""

    items: tuple[Localized, ...]
    style: str = "plain"
    title: Localized | None = None
    kind = "list"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class CalloutBlock(Record):
    """A framed remark: a note, a tip, a warning, a correction, or a common misconception set right."""

    body: Localized
    style: str = "note"
    title: Localized | None = None
    parsed: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    """The body parsed, per language (`tutor.content.markdown.with_parsed_prose`); empty: parsed when shown."""
    kind = "callout"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class CompareColumn(Record):
    """One side of a comparison: a title and its points, in a tone."""

    title: Localized
    items: tuple[Localized, ...]
    tone: str = "neutral"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class CompareBlock(Record):
    """Two columns side by side, e.g. without and with batch normalisation."""

    left: CompareColumn
    right: CompareColumn
    title: Localized | None = None
    kind = "compare"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Skip(Record):
    """A skip connection: the output of node `start` is added to the output of node `end`."""

    start: int
    end: int
    label: str = "+"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DiagramColumn(Record):
    """One stack of a diagram: its layers from top to bottom, and its skip connections."""

    title: Localized
    nodes: tuple[Localized, ...]
    skips: tuple[Skip, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DiagramBlock(Record):
    """Stacks of layers drawn side by side, with their skip connections."""

    columns: tuple[DiagramColumn, ...]
    title: Localized | None = None
    caption: Localized | None = None
    kind = "diagram"


ParamValue = Union[bool, int, float, str, tuple]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class WidgetBlock(Record):
    """An interactive simulation, by registered name, with its parameters."""

    name: str
    params: tuple[tuple[str, ParamValue], ...] = ()
    caption: Localized | None = None
    kind = "widget"

    def param_dict(self) -> dict[str, ParamValue]:
        return dict(self.params)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Option(Record):
    """One answer offered by a question."""

    text: Localized
    why: Localized | None = None
    """Why this option is wrong (distractors) or right (optional for the answer)."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Question(Record):
    """A multiple-choice question: its options and the index of the right one."""

    id: str
    prompt: Localized
    options: tuple[Option, ...]
    answer: int
    explanation: Localized
    lesson: str | None = None
    """Id of the lesson to revisit when this question is missed."""
    hint: Localized | None = None
    """A nudge towards the answer, shown before answering when the student asks (`h`)."""
    section: str | None = None
    """Anchor of the heading of `lesson` where what the question asks is taught."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Verdicts(Record):
    """What a quiz's score says after it, by band; None: the interface's general words."""

    excellent: Localized | None = None
    good: Localized | None = None
    review: Localized | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class QuizBlock(Record):
    """A set of multiple-choice questions with one correct option each."""

    id: str
    questions: tuple[Question, ...]
    title: Localized | None = None
    verdicts: Verdicts | None = None
    kind = "quiz"


Block = Union[
    TextBlock,
    FormulaBlock,
    ListBlock,
    CalloutBlock,
    CompareBlock,
    DiagramBlock,
    WidgetBlock,
    QuizBlock,
]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Section(Record):
    """Where an anchored heading is in a lesson: the block it is in, by index, and its title."""

    id: str
    block: int
    title: Localized


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Lesson(Record):
    """A lesson: its title and blocks, read from the YAML file `source`."""

    id: str
    title: Localized
    blocks: tuple[Block, ...]
    references: tuple[str, ...] = ()
    source: Path | None = field(default=None, compare=False)

    @property
    def quizzes(self) -> tuple[QuizBlock, ...]:
        return tuple(block for block in self.blocks if isinstance(block, QuizBlock))

    @property
    def sections(self) -> tuple[Section, ...]:
        """The lesson's anchored headings, in order."""
        return tuple(
            Section(anchor.id, index, anchor.title)
            for index, block in enumerate(self.blocks)
            if isinstance(block, TextBlock)
            for anchor in block.anchors
        )

    def section(self, section_id: str) -> Section | None:
        return next((section for section in self.sections if section.id == section_id), None)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Module(Record):
    """A module of the course: what it is about, and its lessons in order."""

    id: str
    number: int
    title: Localized
    level: Localized
    duration: Localized
    objective: Localized
    lessons: tuple[Lesson, ...]
    previous: Localized | None = None
    next: Localized | None = None

    def lesson_index(self, lesson_id: str) -> int:
        """Position of a lesson in this module; ValueError when it is not here."""
        for index, lesson in enumerate(self.lessons):
            if lesson.id == lesson_id:
                return index
        raise ValueError(lesson_id)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class GlossaryTerm(Record):
    """One notion of the course, named by one term per language, and the lessons that teach it."""

    id: str
    term: Localized
    definition: Localized
    """One line, in every language."""
    lessons: tuple[str, ...]
    """Ids of the lessons where the notion is taught, in course order."""
    avoid: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per language, other words for the notion that the course does not use (for its checks)."""

    def avoided(self, lang: str) -> tuple[str, ...]:
        """The words not to use for this notion in `lang`."""
        return next((words for code, words in self.avoid if code == lang), ())


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Glossary(Record):
    """The course's bilingual glossary, read from the file `source`."""

    terms: tuple[GlossaryTerm, ...]
    source: Path | None = field(default=None, compare=False)

    def find(self, term_id: str) -> GlossaryTerm | None:
        return next((term for term in self.terms if term.id == term_id), None)

    def taught_in(self, lesson_id: str) -> tuple[GlossaryTerm, ...]:
        """The terms a lesson teaches, in glossary order."""
        return tuple(term for term in self.terms if lesson_id in term.lessons)


# The hands-on exercises (read by `tutor.content.exercises`).

EXERCISES_FILE = "exercises.yaml"
"""An exercises directory's declarations: what the student reads."""
CHECKS_FILE = "checks.yaml"
"""An exercises directory's checks: read only to check or validate."""
DEFAULT_PARAMS = {"mean": 0.0, "std": 1.0, "low": 0.0, "high": 1.0}
DEFAULT_TIME_LIMIT = 2.0
DEFAULT_MEMORY_LIMIT = 256


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Arg(Record):
    """How one argument of a case is made.

    `kind` is "value" (a plain number, boolean, string or None: `value`), "array" (the literal
    nested tuple `value`), "rng" (`numpy.random.default_rng(value)`), or a generator drawing from
    the case's generator in the order of the arguments: "normal" (mean, std), "uniform" and
    "integers" (low, high; high excluded for integers), "zeros", "ones".
    """

    name: str
    kind: str
    value: str | int | float | bool | tuple | None = None
    shape: tuple[int, ...] = ()
    params: tuple[tuple[str, float], ...] = ()

    def param(self, name: str) -> float:
        """A generator's parameter, or its default (integers are drawn from 0 to 9 by default)."""
        default = 10.0 if (self.kind, name) == ("integers", "high") else DEFAULT_PARAMS[name]
        return dict(self.params).get(name, default)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Case(Record):
    """One call of the student's function and of the reference, with the same arguments."""

    args: tuple[Arg, ...]
    seed: int = 0
    label: Localized | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Check(Record):
    """The student's `function` must return what `reference` returns, on every case."""

    function: str
    reference: str
    """"tutor.sim.MODULE:FUNCTION", or "FILE.py:FUNCTION" in the exercises directory."""
    cases: tuple[Case, ...]
    outputs: tuple[str, ...] = ()
    """Names of the parts of a returned tuple; empty when the function returns one value."""
    rtol: float = 1e-6
    atol: float = 1e-8


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Exercise(Record):
    """A hands-on exercise: a starting file to complete, tied to a lesson, and how to check it."""

    id: str
    lesson: str
    level: int
    title: Localized
    statement: Localized
    hints: tuple[Localized, ...]
    file: str
    """The starting file's name in `directory`; the student's copy has the same name."""
    checks: tuple[Check, ...]
    directory: Path = field(compare=False)
    requires: tuple[str, ...] = ()
    """Exercises whose file this one imports (e.g. `from conv2d import conv2d`)."""
    time_limit: float = DEFAULT_TIME_LIMIT
    """Seconds for the student's code on all the cases together."""
    memory_limit: int = DEFAULT_MEMORY_LIMIT
    """MiB the student's code may allocate."""

    @property
    def starter(self) -> Path:
        return self.directory / self.file

    @property
    def module(self) -> str:
        return self.file.removesuffix(".py")

    @property
    def source(self) -> Path:
        return self.directory / EXERCISES_FILE

    @property
    def checks_source(self) -> Path:
        return self.directory / CHECKS_FILE


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Course(Record):
    """The course: its languages and its modules, read from the directory `root`."""

    title: Localized
    languages: tuple[str, ...]
    total_modules: int
    modules: tuple[Module, ...]
    root: Path | None = field(default=None, compare=False)
    glossary: Glossary | None = None
    """The terms of the course, when course.yaml names a glossary file."""
    version: str | None = None
    """The content's own version (course.yaml's `version:`), named by `cnn-tutor --version`."""
    exercises: tuple[Exercise, ...] = ()
    """The hands-on exercises, in the order they are done (their checks are read only to check or validate)."""

    def find_lesson(self, lesson_id: str) -> tuple[Module, Lesson] | None:
        for module in self.modules:
            for lesson in module.lessons:
                if lesson.id == lesson_id:
                    return module, lesson
        return None

    def questions(self) -> dict[str, tuple[Module, Lesson, Question]]:
        """Every quiz question of the course by its id, with where it lives."""
        found = {}
        for module in self.modules:
            for lesson in module.lessons:
                for quiz in lesson.quizzes:
                    for question in quiz.questions:
                        found[question.id] = (module, lesson, question)
        return found
