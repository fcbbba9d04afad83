"""Load a course directory into the content model, or report every problem in it.

A course directory holds `course.yaml` (title, languages, module directories in order);
each module directory holds `module.yaml` (the module and its lesson files in order) and
one YAML file per lesson. The lesson format is documented in README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from tutor.content import model as m
from tutor.content.anchors import split_anchors
from tutor.content.errors import LoadError, Problem
from tutor.content.nodes import IDENTIFIER, NodeReader, compose_file
from tutor.content.simulations import WIDGETS
from tutor.text.sanitise import visible

FORMAT_VERSION = 1
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
LIST_STYLES = ("plain", "advantages", "pitfalls", "tips", "steps", "summary")
CALLOUT_STYLES = ("note", "tip", "warning", "correction", "misconception")
TONES = ("neutral", "bad", "good")

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
MAX_ITEMS = 30
"""Items of a list or a comparison column, entries of a legend, references, skips of a diagram column."""
MAX_LANGUAGES = 6
MAX_MODULE_NUMBER = 99


def load_course(root: Path) -> m.Course:
    """Load and validate the course in `root`.

    Raises:
        LoadError: with every problem found in every file of the course.
    """
    problems: list[Problem] = []
    course = _CourseLoader(Path(root), problems).load()
    if problems or course is None:
        files = list(dict.fromkeys(problem.path for problem in problems))
        raise LoadError(sorted(problems, key=lambda p: (files.index(p.path), p.line or 0, p.column or 0)))
    return course


class _CourseLoader:
    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.problems = problems
        self.languages: tuple[str, ...] = ("fr", "en")
        self.ids: dict[tuple[str, str], tuple[NodeReader, Node]] = {}
        self.revisit_links: list[tuple[NodeReader, Node, str]] = []
        self.section_links: list[tuple[NodeReader, Node, str, str]] = []
        """(reader, `section:` node, lesson id, anchor) of each question naming a section."""
        self.sections: dict[str, tuple[str, ...]] = {}
        """The anchors of each lesson read, by lesson id."""
        self.some_lesson_unreadable = False

    def load(self) -> m.Course | None:
        path = self.root / "course.yaml"
        if not self.root.is_dir():
            self.problems.append(Problem(self.root, None, None, "not a directory"))
            return None
        if not path.is_file():
            self.problems.append(Problem(path, None, None, "missing: a course needs course.yaml"))
            return None
        node = compose_file(path, self.problems)
        if node is None:
            return None
        reader = NodeReader(path, self.languages, self.problems)
        keys = ("format_version", "title", "languages", "total_modules", "modules")
        found = reader.fields(node, "course", required=keys, optional=("glossary", "version"))
        if found is None:
            return None
        self._read_languages(reader, found.get("languages"))
        reader.languages = self.languages
        version = found.get("format_version")
        if version is not None:
            reader.integer(version, "format_version", FORMAT_VERSION, FORMAT_VERSION)
        title = found.get("title") and reader.localized(found["title"], "course title")
        total = found.get("total_modules") and reader.integer(
            found["total_modules"], "total_modules", 1, MAX_MODULE_NUMBER
        )
        modules = found.get("modules") and reader.sequence(
            found["modules"], "modules", lambda item: self._module(reader, item), max_items=MAX_MODULES,
            why="the tutor's limit",
        )
        content_version = found.get("version") and reader.string(found["version"], "version")
        self._check_revisit_links()
        glossary = found.get("glossary") and _GlossaryReader(self).read(reader, found["glossary"])
        if not (title and total and modules) or len(self.problems):
            return None
        return m.Course(
            title, self.languages, total, modules, self.root, glossary or None, version=content_version or None
        )

    def _read_languages(self, reader: NodeReader, node: Node | None) -> None:
        def language(item: Node) -> str | None:
            code = reader.string(item, "language")
            if code is not None and not LANGUAGE.match(code):
                reader.error(item, f"language {code!r} must be a two- or three-letter code")
                return None
            return code

        codes = node and reader.sequence(node, "languages", language, max_items=MAX_LANGUAGES, why="the tutor's limit")
        if codes:
            self.languages = codes

    def _module(self, parent: NodeReader, item: Node) -> m.Module | None:
        name = parent.string(item, "module directory")
        if name is None:
            return None
        directory = self.root / name
        if not FILE_NAME.match(name) or not (directory / "module.yaml").is_file():
            parent.error(item, f"no module directory {name!r} with a module.yaml in it")
            return None
        path = directory / "module.yaml"
        node = compose_file(path, self.problems)
        if node is None:
            return None
        reader = NodeReader(path, self.languages, self.problems)
        texts = ("title", "level", "duration", "objective")
        keys = ("id", "number", *texts, "lessons")
        found = reader.fields(node, "module", required=keys, optional=("previous", "next"))
        if found is None:
            return None
        values = {key: reader.localized(found[key], key) for key in texts if key in found}
        links = {key: reader.localized(found[key], key) for key in ("previous", "next") if key in found}
        module_id = "id" in found and self._unique_id(reader, found["id"], "module")
        number = "number" in found and reader.integer(found["number"], "module number", 1, MAX_MODULE_NUMBER)
        lessons = "lessons" in found and self._lessons(reader, found["lessons"], directory)
        if not (module_id and number and lessons) or None in values.values() or len(values) < 4:
            return None
        if None in links.values():
            return None
        return m.Module(module_id, number, lessons=lessons, **values, **links)

    def _lessons(self, reader: NodeReader, node: Node, directory: Path) -> tuple[m.Lesson, ...] | None:
        listed: set[str] = set()

        def lesson(item: Node) -> m.Lesson | None:
            name = reader.string(item, "lesson file")
            if name is None:
                return None
            listed.add(name)
            path = directory / name
            if not FILE_NAME.match(name) or not path.is_file():
                reader.error(item, f"no lesson file {name!r} in {directory}")
                return None
            return self._lesson(path)

        lessons = reader.sequence(
            node, "lessons", lesson, max_items=MAX_LESSONS, why="the tutor's limit: make two modules"
        )
        for path in sorted(directory.glob("*.y*ml")):
            if path.name != "module.yaml" and path.name not in listed:
                reader.error(node, f"{visible(path.name)} is in the module directory but not listed in lessons")
        return lessons

    def _lesson(self, path: Path) -> m.Lesson | None:
        node = compose_file(path, self.problems)
        reader = NodeReader(path, self.languages, self.problems)
        found = node and reader.fields(node, "lesson", required=("id", "title", "blocks"), optional=("references",))
        if not found or "id" not in found:
            self.some_lesson_unreadable = True
            return None
        lesson_id = self._unique_id(reader, found["id"], "lesson")
        title = "title" in found and reader.localized(found["title"], "lesson title")
        blocks = "blocks" in found and reader.sequence(
            found["blocks"], "blocks", lambda item: _BlockReader(self, reader).block(item), max_items=MAX_BLOCKS,
            why="the tutor's limit, so that a lesson opens quickly: split it in two",
        )
        if blocks:
            blocks = _few_simulations(reader, found["blocks"], blocks)
        references: tuple[str, ...] | None = ()
        if "references" in found:
            references = reader.sequence(
                found["references"], "references", lambda item: reader.string(item, "reference"),
                max_items=MAX_ITEMS, why="the tutor's limit",
            )
        if blocks and not _unique_anchors(reader, found["blocks"], blocks):
            blocks = None
        if not (lesson_id and title and blocks) or references is None:
            return None
        lesson = m.Lesson(lesson_id, title, blocks, references, path)
        self.sections[lesson_id] = tuple(section.id for section in lesson.sections)
        return lesson

    def _unique_id(self, reader: NodeReader, node: Node, kind: str) -> str | None:
        value = reader.identifier(node, f"{kind} id")
        if value is None:
            return None
        first = self.ids.get((kind, value))
        if first is not None:
            where = f"{first[0].path}:{first[1].start_mark.line + 1}"
            reader.error(node, f"duplicate {kind} id {value!r}: already used at {where}")
            return None
        self.ids[(kind, value)] = (reader, node)
        return value

    def _check_revisit_links(self) -> None:
        if self.some_lesson_unreadable:
            return  # the lesson named may be the one that could not be read
        for reader, node, lesson_id in self.revisit_links:
            if ("lesson", lesson_id) not in self.ids:
                reader.error(node, f"question names lesson {lesson_id!r}, which does not exist")
        for reader, node, lesson_id, anchor in self.section_links:
            anchors = self.sections.get(lesson_id)
            if anchors is None or anchor in anchors:
                continue  # no such lesson: said above
            listed = ", ".join(anchors) if anchors else "none: end a heading with {#id} to give it one"
            reader.error(
                node, f"question names section {anchor!r} of lesson {lesson_id!r}, which has no heading with"
                f" that anchor (its anchors: {listed})",
            )


class _GlossaryReader:
    """Reads the glossary file course.yaml names: one entry per notion, with the lessons teaching it.

    ```yaml
    terms:
      - id: batch
        term: {fr: lot, en: batch}
        definition: {fr: "…", en: "…"}     # one line per language
        lessons: [batch-norm, other-norms]  # lesson ids of the course
        avoid: {fr: [batch]}                # optional: words the course does not use for it
    ```
    """

    def __init__(self, course: _CourseLoader) -> None:
        self.course = course
        self.ids: set[str] = set()

    def read(self, parent: NodeReader, node: Node) -> m.Glossary | None:
        name = parent.string(node, "glossary file")
        if name is None:
            return None
        path = self.course.root / name
        if not FILE_NAME.match(name) or not path.is_file():
            parent.error(node, f"no glossary file {name!r} in {self.course.root}")
            return None
        tree = compose_file(path, self.course.problems)
        if tree is None:
            return None
        self.r = NodeReader(path, self.course.languages, self.course.problems)
        found = self.r.fields(tree, "glossary", required=("terms",))
        terms = found and "terms" in found and self.r.sequence(found["terms"], "terms", self._term)
        return m.Glossary(terms, path) if terms else None

    def _term(self, node: Node) -> m.GlossaryTerm | None:
        keys = ("id", "term", "definition", "lessons")
        found = self.r.fields(node, "glossary term", required=keys, optional=("avoid",))
        if found is None:
            return None
        term_id = "id" in found and self._id(found["id"])
        term = "term" in found and self.r.localized(found["term"], "term", neutral_ok=True)
        definition = "definition" in found and self.r.localized(found["definition"], "definition")
        if definition:
            for lang, text in definition.texts:
                if "\n" in text.strip():
                    self.r.error(found["definition"], f"definition ({lang}) must be one line")
                    definition = None
                    break
        lessons = "lessons" in found and self.r.sequence(found["lessons"], "lessons", self._lesson)
        avoid: tuple | None = ()
        if "avoid" in found:
            avoid = self._avoid(found["avoid"])
        if not (term_id and term and definition and lessons) or avoid is None:
            return None
        return m.GlossaryTerm(term_id, term, definition, lessons, avoid)

    def _id(self, node: Node) -> str | None:
        value = self.r.identifier(node, "term id")
        if value is not None and value in self.ids:
            self.r.error(node, f"duplicate term id {value!r}")
            return None
        if value is not None:
            self.ids.add(value)
        return value

    def _lesson(self, node: Node) -> str | None:
        lesson_id = self.r.identifier(node, "lesson")
        if lesson_id is None or self.course.some_lesson_unreadable:
            return lesson_id  # a lesson that could not be read may be the one named
        if ("lesson", lesson_id) not in self.course.ids:
            self.r.error(node, f"glossary names lesson {lesson_id!r}, which does not exist")
            return None
        return lesson_id

    def _avoid(self, node: Node) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        found = self.r.fields(node, "avoid", optional=self.course.languages)
        if found is None:
            return None
        words = {
            lang: self.r.sequence(value, f"avoid ({lang})", lambda item: self.r.string(item, "word"))
            for lang, value in found.items()
        }
        if any(value is None for value in words.values()):
            return None
        return tuple(words.items())  # type: ignore[arg-type]


def _unique_anchors(reader: NodeReader, node: Node, blocks: tuple[m.Block, ...]) -> bool:
    """Whether no two headings of a lesson share an anchor (a problem at the second one's block if they do)."""
    seen: set[str] = set()
    for item, block in zip(node.value, blocks):
        for anchor in getattr(block, "anchors", ()):
            if anchor.id in seen:
                reader.error(item, f"heading anchor {{#{anchor.id}}} is used twice in this lesson")
                return False
            seen.add(anchor.id)
    return True


def _few_simulations(reader: NodeReader, node: Node, blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...] | None:
    """`blocks`, or None (with a problem at the first one too many) when they hold too many simulations."""
    simulations = [item for item, block in zip(node.value, blocks) if isinstance(block, m.WidgetBlock)]
    if len(simulations) <= MAX_SIMULATIONS:
        return blocks
    reader.error(
        simulations[MAX_SIMULATIONS],
        f"a lesson shows at most {MAX_SIMULATIONS} simulations (widget blocks), not {len(simulations)}:"
        " each takes time to start; split the lesson in two",
    )
    return None


class _BlockReader:
    """Reads one block of a lesson: a mapping with a single key, the block's kind."""

    def __init__(self, course: _CourseLoader, reader: NodeReader) -> None:
        self.course = course
        self.r = reader

    def block(self, node: Node) -> m.Block | None:
        kinds = {
            "text": self.text,
            "formula": self.formula,
            "list": self.list,
            "callout": self.callout,
            "compare": self.compare,
            "diagram": self.diagram,
            "widget": self.widget,
            "quiz": self.quiz,
        }
        if not isinstance(node, MappingNode) or len(node.value) != 1:
            self.r.error(node, f"a block is one of {', '.join(kinds)} followed by ':' and its content")
            return None
        key_node, value = node.value[0]
        read = kinds.get(key_node.value) if isinstance(key_node, ScalarNode) else None
        if read is None:
            self.r.fields(node, "block", optional=tuple(kinds))  # reports the unknown kind
            return None
        return read(value)

    def _optional_text(self, found: dict[str, Node], key: str, what: str) -> m.Localized | None | bool:
        """The localized text under `key`, None when absent, False when wrong."""
        if key not in found:
            return None
        return self.r.localized(found[key], what) or False

    def text(self, node: Node) -> m.TextBlock | None:
        body = self.r.localized(node, "text")
        if not body:
            return None
        texts, found = [], {}
        for lang, markdown in body.texts:
            shown, anchors = split_anchors(markdown)
            texts.append((lang, shown))
            found[lang] = anchors
        ids = {lang: [anchor for anchor, _ in anchors] for lang, anchors in found.items()}
        first = body.texts[0][0]
        for lang, anchors in ids.items():
            if anchors != ids[first]:
                self.r.error(
                    node, f"the headings' anchors must be the same in every language: {_braced(ids[first])} in"
                    f" {first}, {_braced(anchors)} in {lang}",
                )
                return None
        for anchor in ids[first]:
            if not IDENTIFIER.match(anchor):
                self.r.error(node, f"heading anchor {{#{anchor}}} may hold only a-z, 0-9, '-', '_' and '.'")
                return None
        anchors = tuple(
            m.Anchor(anchor, m.Localized(tuple((lang, found[lang][index][1]) for lang in found)))
            for index, anchor in enumerate(ids[first])
        )
        return m.TextBlock(m.Localized(tuple(texts)), anchors)

    def formula(self, node: Node) -> m.FormulaBlock | None:
        found = self.r.fields(node, "formula", required=("expression", "legend"), optional=("title",))
        if found is None:
            return None
        expression = "expression" in found and self.r.localized(found["expression"], "expression", neutral_ok=True)
        legend = "legend" in found and self.r.sequence(
            found["legend"], "legend", self._legend_entry, max_items=MAX_ITEMS, why="the tutor's limit"
        )
        title = self._optional_text(found, "title", "formula title")
        if not (expression and legend) or title is False:
            return None
        return m.FormulaBlock(expression, legend, title)

    def _legend_entry(self, node: Node) -> m.LegendEntry | None:
        found = self.r.fields(node, "legend entry", required=("symbol", "meaning"))
        if found is None:
            return None
        symbol = "symbol" in found and self.r.string(found["symbol"], "symbol")
        meaning = "meaning" in found and self.r.localized(found["meaning"], "meaning")
        return m.LegendEntry(symbol, meaning) if symbol and meaning else None

    def _items(self, node: Node, what: str) -> tuple[m.Localized, ...] | None:
        return self.r.sequence(
            node, what, lambda item: self.r.localized(item, "item", neutral_ok=True), max_items=MAX_ITEMS,
            why="the tutor's limit",
        )

    def list(self, node: Node) -> m.ListBlock | None:
        found = self.r.fields(node, "list", required=("items",), optional=("style", "title"))
        if found is None:
            return None
        items = "items" in found and self._items(found["items"], "items")
        style = self.r.choice(found["style"], "list style", LIST_STYLES) if "style" in found else "plain"
        title = self._optional_text(found, "title", "list title")
        if not (items and style) or title is False:
            return None
        return m.ListBlock(items, style, title)

    def callout(self, node: Node) -> m.CalloutBlock | None:
        found = self.r.fields(node, "callout", required=("body",), optional=("style", "title"))
        if found is None:
            return None
        body = "body" in found and self.r.localized(found["body"], "callout body")
        style = self.r.choice(found["style"], "callout style", CALLOUT_STYLES) if "style" in found else "note"
        title = self._optional_text(found, "title", "callout title")
        if not (body and style) or title is False:
            return None
        return m.CalloutBlock(body, style, title)

    def compare(self, node: Node) -> m.CompareBlock | None:
        found = self.r.fields(node, "compare", required=("left", "right"), optional=("title",))
        if found is None:
            return None
        left = "left" in found and self._column(found["left"])
        right = "right" in found and self._column(found["right"])
        title = self._optional_text(found, "title", "comparison title")
        if not (left and right) or title is False:
            return None
        return m.CompareBlock(left, right, title)

    def _column(self, node: Node) -> m.CompareColumn | None:
        found = self.r.fields(node, "column", required=("title", "items"), optional=("tone",))
        if found is None:
            return None
        title = "title" in found and self.r.localized(found["title"], "column title")
        items = "items" in found and self._items(found["items"], "column items")
        tone = self.r.choice(found["tone"], "tone", TONES) if "tone" in found else "neutral"
        return m.CompareColumn(title, items, tone) if title and items and tone else None

    def diagram(self, node: Node) -> m.DiagramBlock | None:
        found = self.r.fields(node, "diagram", required=("columns",), optional=("title", "caption"))
        if found is None:
            return None
        columns = "columns" in found and self.r.sequence(found["columns"], "columns", self._diagram_column, 1, 3)
        title = self._optional_text(found, "title", "diagram title")
        caption = self._optional_text(found, "caption", "diagram caption")
        if not columns or title is False or caption is False:
            return None
        return m.DiagramBlock(columns, title, caption)

    def _diagram_column(self, node: Node) -> m.DiagramColumn | None:
        found = self.r.fields(node, "diagram column", required=("title", "nodes"), optional=("skips",))
        if found is None:
            return None
        title = "title" in found and self.r.localized(found["title"], "column title")
        nodes = "nodes" in found and self.r.sequence(
            found["nodes"], "nodes", lambda item: self.r.localized(item, "node", neutral_ok=True), 1, 12
        )
        skips: tuple[m.Skip, ...] | None = ()
        if "skips" in found and nodes:
            skips = self.r.sequence(
                found["skips"], "skips", lambda item: self._skip(item, len(nodes)), max_items=MAX_ITEMS,
                why="the tutor's limit",
            )
        if not (title and nodes) or skips is None:
            return None
        return m.DiagramColumn(title, nodes, skips)

    def _skip(self, node: Node, count: int) -> m.Skip | None:
        found = self.r.fields(node, "skip", required=("from", "to"), optional=("label",))
        if found is None:
            return None
        if "from" not in found or "to" not in found:
            return None
        start = self.r.integer(found["from"], "skip 'from' (a node index from 0)", 0, count - 1)
        end = self.r.integer(found["to"], "skip 'to' (a node index from 0)", 0, count - 1)
        label = self.r.string(found["label"], "skip label") if "label" in found else "+"
        if start is None or end is None or label is None:
            return None
        if end <= start:
            self.r.error(node, f"a skip must go forward: 'to' ({end}) must be after 'from' ({start})")
            return None
        return m.Skip(start, end, label)

    def widget(self, node: Node) -> m.WidgetBlock | None:
        found = self.r.fields(node, "widget", required=("name",), optional=("params", "caption"))
        if found is None:
            return None
        name = "name" in found and self.r.string(found["name"], "widget name")
        caption = self._optional_text(found, "caption", "widget caption")
        if not name:
            return None
        spec = WIDGETS.get(name)
        if spec is None:
            close = [known for known in WIDGETS if known.split("-")[0] in name] or list(WIDGETS)
            self.r.error(found["name"], f"unknown widget {name!r}; registered widgets: {', '.join(close)}")
            return None
        params = self._params(found["params"], spec.params) if "params" in found else ()
        if params is None or caption is False:
            return None
        return m.WidgetBlock(name, params, caption)

    def _params(self, node: Node, spec: dict) -> tuple | None:
        found = self.r.fields(node, "widget params", optional=tuple(spec))
        if found is None:
            return None
        values = []
        for key, value_node in found.items():
            value = self.r.scalar(value_node, f"param {key!r}")
            why = value is not None and spec[key].check(value)
            if value is None or why:
                if why:
                    self.r.error(value_node, f"param {key!r} {why}")
                return None
            values.append((key, spec[key].type(value)))
        return tuple(values)

    def quiz(self, node: Node) -> m.QuizBlock | None:
        found = self.r.fields(node, "quiz", required=("id", "questions"), optional=("title",))
        if found is None:
            return None
        quiz_id = "id" in found and self.course._unique_id(self.r, found["id"], "quiz")
        questions = "questions" in found and self.r.sequence(
            found["questions"], "questions", self._question, max_items=MAX_QUESTIONS,
            why="the tutor's limit: make two quizzes",
        )
        title = self._optional_text(found, "title", "quiz title")
        if not (quiz_id and questions) or title is False:
            return None
        return m.QuizBlock(quiz_id, questions, title)

    def _question(self, node: Node) -> m.Question | None:
        keys = ("id", "prompt", "options", "answer", "explanation")
        found = self.r.fields(node, "question", required=keys, optional=("lesson", "section", "hint"))
        if found is None:
            return None
        question_id = "id" in found and self.course._unique_id(self.r, found["id"], "question")
        prompt = "prompt" in found and self.r.localized(found["prompt"], "prompt")
        explanation = "explanation" in found and self.r.localized(found["explanation"], "explanation")
        options = "options" in found and self.r.sequence(found["options"], "options", self._option, 2, 9)
        answer = "answer" in found and self._answer(found["answer"], options)
        lesson = None
        if "lesson" in found:
            lesson = self.r.identifier(found["lesson"], "lesson")
            if lesson:
                self.course.revisit_links.append((self.r, found["lesson"], lesson))
        hint = self._optional_text(found, "hint", "hint")
        section = None
        if "section" in found:
            section = self.r.identifier(found["section"], "section")
            if section and not lesson:
                if "lesson" not in found:
                    self.r.error(found["section"], "a question's section is in its lesson: add 'lesson:' too")
                section = None
            elif section:
                self.course.section_links.append((self.r, found["section"], lesson, section))
        if not (question_id and prompt and explanation and options) or answer is None or answer is False:
            return None
        if ("lesson" in found and not lesson) or ("section" in found and not section) or hint is False:
            return None
        for index, option in enumerate(options):
            if index != answer and option.why is None:
                self.r.error(found["options"].value[index], "a wrong option needs a 'why': why it is wrong")
                return None
        return m.Question(question_id, prompt, options, answer, explanation, lesson, hint, section)

    def _answer(self, node: Node, options: tuple[m.Option, ...] | None | bool) -> int | None:
        count = len(options) if options else None
        if count is None:
            return self.r.integer(node, "answer", 0)
        return self.r.integer(node, f"answer (the index of the correct option, 0 to {count - 1})", 0, count - 1)

    def _option(self, node: Node) -> m.Option | None:
        found = self.r.fields(node, "option", required=("text",), optional=("why",))
        if found is None:
            return None
        text = "text" in found and self.r.localized(found["text"], "option text", neutral_ok=True)
        why = self._optional_text(found, "why", "option 'why'")
        if not text or why is False:
            return None
        return m.Option(text, why)


def _braced(anchors: list[str]) -> str:
    return ", ".join(f"{{#{anchor}}}" for anchor in anchors) or "none"
