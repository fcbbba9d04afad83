"""Finding words in the course: the lessons' text in one language, and the glossary's terms.

Matching ignores case, accents (« régularisation » is found by "regularisation"), the kind of
space (no-break spaces are spaces, a line break in the YAML is one too) and typographic
variants (’ and ', œ and oe, − and -). A query is a phrase: its words in that order, with any
spacing between them; each word may be part of a longer one ("norm" finds "normalisation").

The index of one language is built the first time that language is searched (tens of
milliseconds, nothing at start-up); a search then scans it with one regular expression.
Everything here is pure: no Textual, no file.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from tutor.content import model as m
from tutor.content.place import TITLE, Place
from tutor.content.plain import unmarked

MAX_HITS = 500
"""A search keeps at most this many matches (the count says when there were more)."""
LISTED = 200
"""The `/` screen lists at most this many matches (it searches again at each key; more would be read by no one)."""

_SPECIAL = {
    "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl",
    "’": "'", "‘": "'", "ʼ": "'", "‛": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "«": '"', "»": '"',
    "−": "-", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
}  # fmt: skip
"""Characters folded to something else than their own decomposition."""


@cache
def fold_char(char: str) -> str:
    """`char` as search compares it: lower case, no accent, one kind of space and apostrophe."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(part for part in decomposed if not unicodedata.combining(part))


class _FoldTable(dict):
    """`str.translate`'s table for `fold_char`, filled as characters are met."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()
        """The characters met that fold to more or fewer than one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = fold_char(char)
        if len(folded) != 1:
            self.irregular.add(char)
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> tuple[str, list[int] | None]:
    """`text` folded for comparison, and where each folded character comes from in `text`.

    Returns:
        The folded text, and for each of its characters the index of the character of `text`
        it comes from (plus one entry for the end); None when the two line up one to one.
    """
    folded = text.translate(_TABLE)
    if not _TABLE.irregular or _TABLE.irregular.isdisjoint(text):
        return folded, None
    positions: list[int] = []
    for index, char in enumerate(text):
        positions.extend([index] * len(_TABLE[ord(char)]))
    positions.append(len(text))
    return folded, positions


def folded(text: str) -> str:
    """`text` folded for comparison (see `fold`)."""
    return text.translate(_TABLE)


def query_words(query: str) -> list[str]:
    """The folded words of a query."""
    return folded(query).split()


def compile_query(query: str) -> re.Pattern[str] | None:
    """The pattern that finds `query` in folded text (None for a query without words)."""
    words = query_words(query)
    if not words:
        return None
    return re.compile(" +".join(re.escape(word) for word in words))


def find_in(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The (start, end) of each match of `pattern` (from `compile_query`) in `text`, as indexes of `text`."""
    folded_text, positions = fold(text)
    for match in pattern.finditer(folded_text):
        start, end = match.span()
        if positions is None:
            yield start, end
        else:
            yield positions[start], positions[end - 1] + 1 if end > start else positions[start]


@dataclass(frozen=True, slots=True)
class Field:
    """One text of a lesson as the index holds it."""

    lesson: int
    """Position of the lesson in the course (all modules' lessons in order)."""
    block: int
    """Index of its block in the lesson (`TITLE`, or `len(blocks)` for the references)."""
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A match: the text it is in, where, and which of its block's matches it is."""

    field: Field
    start: int
    end: int
    occurrence: int
    """0 for the block's first match, 1 for its second…"""

    @property
    def lesson(self) -> int:
        return self.field.lesson

    @property
    def block(self) -> int:
        return self.field.block

    @property
    def words(self) -> str:
        """The text matched, as the lesson writes it."""
        return self.field.text[self.start : self.end]

    def place(self, query: str) -> Place:
        """The place of this match, to open its lesson there with the match highlighted."""
        return Place(self.block, text=query, occurrence=self.occurrence, highlight=True)

    def context(self, width: int, ellipsis: str = "…") -> tuple[str, str, str]:
        """The match with some of its text around it, in at most `width` characters, on one line.

        Returns:
            (before, match, after), line breaks and runs of spaces made one space (no-break
            spaces kept); `before` and `after` are cut at a word, where `ellipsis` marks what is left out.
        """
        text = self.field.text
        paragraph_start = text.rfind("\n\n", 0, self.start) + 1  # the context stays in the match's paragraph
        paragraph_end = text.find("\n\n", self.end)
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        # Only what can be shown is made one line (a search lists hundreds of contexts as the student types):
        # a window of twice the width each side, unless its spaces shrink it below the width.
        window = 2 * width + 2
        before = _one_line(text[max(paragraph_start, self.start - window) : self.start]).lstrip()
        if self.start - window > paragraph_start and len(before) <= width:
            before = _one_line(text[paragraph_start : self.start]).lstrip()
        after = _one_line(text[self.end : min(paragraph_end, self.end + window)])
        if self.end + window < paragraph_end and len(after) <= width:
            after = _one_line(text[self.end : paragraph_end])
        words = _one_line(self.words)
        room = max(width - len(words), 0)
        for_after = min(len(after), room - min(len(before), room // 3))
        for_before = min(len(before), room - for_after)
        return _cut_left(before, for_before, ellipsis), words, _cut_right(after, for_after, ellipsis)


_BREAKABLE = re.compile(r"[ \t\n\r\f\v]+")


def _one_line(text: str) -> str:
    """`text` with its line breaks and runs of breakable spaces made one space (no-break spaces kept)."""
    text = text.replace("\n", " ")  # the usual case, done without a regular expression (hundreds of contexts per key)
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _BREAKABLE.sub(" ", text)
    return text


def _cut_left(text: str, room: int, ellipsis: str) -> str:
    """The end of `text` in `room` characters, from a word's start, after `ellipsis` if cut."""
    if len(text) <= room:
        return text
    if room <= len(ellipsis) + 1:
        return ""
    kept = text[len(text) - (room - len(ellipsis)) :]
    if text[len(text) - len(kept) - 1].isalnum() and kept[0].isalnum():  # a word cut: left out
        space = kept.find(" ")
        kept = kept[space + 1 :] if 0 <= space < len(kept) - 1 else kept
    return ellipsis + kept.lstrip()


def _cut_right(text: str, room: int, ellipsis: str) -> str:
    """The start of `text` in `room` characters, to a word's end, then `ellipsis` if cut."""
    if len(text) <= room:
        return text
    if room <= len(ellipsis) + 1:
        return ""
    kept = text[: room - len(ellipsis)]
    if text[len(kept)].isalnum() and kept[-1].isalnum():  # a word cut: left out
        space = kept.rfind(" ")
        kept = kept[:space] if space > 0 else kept
    return kept.rstrip() + ellipsis


@dataclass(frozen=True, slots=True)
class Found:
    """What a search found: its matches in course order, and how many there were in all."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    """Every match, also those beyond `MAX_HITS` (not kept)."""

    @property
    def lessons(self) -> list[int]:
        """The positions of the lessons with a match, in course order."""
        return list(dict.fromkeys(hit.lesson for hit in self.hits))


def block_texts(block: m.Block, lang: str) -> list[str]:
    """The texts a block shows, in the order it shows them, without Markdown markers.

    A quiz's explanations are left out (they give the answers away); a simulation gives its caption.
    """
    texts: list[m.Localized | str | None] = []
    if isinstance(block, m.TextBlock):
        texts.append(block.body)
    elif isinstance(block, m.FormulaBlock):
        texts += [block.title, block.expression]
        texts += [text for entry in block.legend for text in (entry.symbol, entry.meaning)]
    elif isinstance(block, m.ListBlock):
        texts += [block.title, *block.items]
    elif isinstance(block, m.CalloutBlock):
        texts += [block.title, block.body]
    elif isinstance(block, m.CompareBlock):
        texts.append(block.title)
        for column in (block.left, block.right):
            texts += [column.title, *column.items]
    elif isinstance(block, m.DiagramBlock):
        texts.append(block.title)
        for stack in block.columns:
            texts += [stack.title, *stack.nodes]
        texts.append(block.caption)
    elif isinstance(block, m.WidgetBlock):
        texts.append(block.caption)
    elif isinstance(block, m.QuizBlock):
        texts.append(block.title)
        for question in block.questions:
            texts += [question.prompt, *(option.text for option in question.options)]
    found = []
    for text in texts:
        if text is None:
            continue
        shown = text if isinstance(text, str) else text.get(lang)
        if shown.strip():
            found.append(unmarked(shown))
    return found


def lesson_fields(lesson: m.Lesson, position: int, lang: str) -> list[Field]:
    """Every text of a lesson, in the order the lesson shows them."""
    fields = [Field(position, TITLE, lesson.title.get(lang))]
    for index, block in enumerate(lesson.blocks):
        fields += [Field(position, index, text) for text in block_texts(block, lang)]
    fields += [Field(position, len(lesson.blocks), reference) for reference in lesson.references]
    return fields


class SearchIndex:
    """The course's text in one language, folded once, searched by one pattern."""

    def __init__(self, course: m.Course, lang: str) -> None:
        self.lang = lang
        self.lessons: list[tuple[m.Module, m.Lesson]] = [
            (module, lesson) for module in course.modules for lesson in module.lessons
        ]
        self.fields: list[Field] = []
        for position, (_module, lesson) in enumerate(self.lessons):
            self.fields += lesson_fields(lesson, position, lang)
        pieces, self._starts, self._positions = [], [], []
        offset = 0
        for field in self.fields:
            text, positions = fold(field.text)
            self._starts.append(offset)
            self._positions.append(positions)
            pieces.append(text)
            offset += len(text) + 1
        self._corpus = "\0".join(pieces)
        """Every field folded, one after the other; no query matches across the separator."""

    def search(self, query: str, limit: int = MAX_HITS) -> Found:
        """The matches of `query`, in course order (at most `limit` kept)."""
        pattern = compile_query(query)
        if pattern is None:
            return Found(query, (), 0)
        hits: list[Hit] = []
        counts: dict[tuple[int, int], int] = {}
        for match in pattern.finditer(self._corpus):
            if len(hits) >= limit:  # the rest are only counted, without a Python step each
                return Found(query, tuple(hits), limit + 1 + len(pattern.findall(self._corpus, match.end())))
            index = bisect_right(self._starts, match.start()) - 1
            field = self.fields[index]
            start, end = match.start() - self._starts[index], match.end() - self._starts[index]
            positions = self._positions[index]
            if positions is not None:
                start, end = positions[start], positions[end - 1] + 1
            key = (field.lesson, field.block)
            occurrence = counts.get(key, 0)
            counts[key] = occurrence + 1
            hits.append(Hit(field, start, end, occurrence))
        return Found(query, tuple(hits), len(hits))

    def lesson_id(self, position: int) -> str:
        """The option id (`module_id/lesson_id`) of the lesson at `position`."""
        module, lesson = self.lessons[position]
        return f"{module.id}/{lesson.id}"


_INDEXES: dict[tuple[int, str], tuple[m.Course, SearchIndex]] = {}


def index_for(course: m.Course, lang: str) -> SearchIndex:
    """The search index of `course` in `lang`, built the first time it is asked for, then kept."""
    kept = _INDEXES.get((id(course), lang))
    if kept is None or kept[0] is not course:
        kept = _INDEXES[id(course), lang] = (course, SearchIndex(course, lang))
    return kept[1]


def language_name(messages: Callable[[str], str], lang: str) -> str:
    """The name of language `lang` in the language of `messages` (its code when it has none)."""
    name = messages(f"find.language_{lang}")
    return lang if name == f"find.language_{lang}" else name


# The glossary


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A glossary term found by a lookup, and how well it matched (lower is better)."""

    term: m.GlossaryTerm
    rank: int


def _names(term: m.GlossaryTerm) -> list[str]:
    return [term.id.replace("-", " "), *(text for _lang, text in term.term.texts)]


_WORD_START = re.compile(r"(?:^|(?<=[\s'\"(/-]))\w", re.UNICODE)


def find_terms(glossary: m.Glossary, query: str) -> list[m.GlossaryTerm]:
    """The terms named by `query` in any language: the whole name, its start, or a word's start.

    Case and accents are ignored; the whole name first, then names starting with `query`, then
    names with a word starting with it; in glossary order within each.
    """
    wanted = " ".join(query_words(query))
    if not wanted:
        return list(glossary.terms)
    found: list[TermMatch] = []
    for term in glossary.terms:
        ranks = []
        for name in _names(term):
            name = " ".join(folded(name).split())
            if name == wanted:
                ranks.append(0)
            elif name.startswith(wanted):
                ranks.append(1)
            elif any(name.startswith(wanted, match.start()) for match in _WORD_START.finditer(name)):
                ranks.append(2)
        if ranks:
            found.append(TermMatch(term, min(ranks)))
    return [match.term for match in sorted(found, key=lambda match: match.rank)]


def first_use(lesson: m.Lesson, term: m.GlossaryTerm, lang: str) -> Place | None:
    """Where `lesson` first uses `term` (its name in `lang`), to open the lesson there; None if it never does."""
    name = term.term.get(lang)
    pattern = compile_query(name)
    if pattern is None:
        return None
    for field in lesson_fields(lesson, 0, lang):
        if field.block != TITLE and next(find_in(field.text, pattern), None) is not None:
            return Place(field.block, text=name, highlight=True)  # the block's first match: nothing before it matched
    return None
