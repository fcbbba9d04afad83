"""`cnn-tutor search` and `cnn-tutor glossary`: finding things in the course from the command line.

Plain text, every course text passed through the sanitiser; exit status 1 when nothing is found
(as grep does), 2 for a mistake.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING

from tutor.cli.common import UserError, load, write
from tutor.content.search import language_name
from tutor.text.i18n import Messages
from tutor.text.sanitise import visible

if TYPE_CHECKING:
    from tutor.content.model import Course, GlossaryTerm

NOTHING_FOUND = 1
MIN_WIDTH, MAX_WIDTH = 40, 100


def _width() -> int:
    return min(max(shutil.get_terminal_size((80, 24)).columns, MIN_WIDTH), MAX_WIDTH)


def lesson_label(course: Course, position: int, lang: str, messages: Messages) -> str:
    """ "5. Dropout and its variants  [dropout]": the lesson at `position` (in course order) as `lessons` numbers it."""
    lessons = [(module, lesson) for module in course.modules for lesson in module.lessons]
    module, lesson = lessons[position]
    number: int | str = module.lesson_index(lesson.id) + 1
    if len(course.modules) > 1:
        number = f"{module.number}.{number}"
    return messages("find.cli_lesson", number=number, title=visible(lesson.title.get(lang)), id=visible(lesson.id))


def cmd_search(args: argparse.Namespace) -> int:
    from tutor.content.search import index_for

    course, lang = load(args)
    messages = Messages(lang)
    query = " ".join(args.words)
    found = index_for(course, lang).search(query)
    shown_query = visible(" ".join(query.split()))
    if not found.hits:
        print(
            messages("find.cli_search_none", query=shown_query, language=language_name(messages, lang)), file=sys.stderr
        )
        return NOTHING_FOUND
    width = _width()
    lessons = messages.plural("find.search_lessons", len(found.lessons))
    heading = messages.plural(
        "find.cli_search_heading",
        found.total,
        query=shown_query,
        lessons=lessons,
        language=language_name(messages, lang),
    )
    lines = [heading, ""]
    current = None
    for hit in found.hits:
        if hit.lesson != current:
            current = hit.lesson
            lines.append(lesson_label(course, hit.lesson, lang, messages))
        lines.append("   " + visible("".join(hit.context(width - 3, "..." if args.ascii else "…"))))
    if found.total > len(found.hits):
        lines += ["", messages("find.cli_search_more", count=found.total - len(found.hits))]
    lines += ["", messages("find.cli_search_read")]
    write("\n".join(lines) + "\n", args.ascii)
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    from tutor.content.search import find_terms

    course, lang = load(args)
    messages = Messages(lang)
    if course.glossary is None:
        raise UserError(messages("find.cli_no_glossary"))
    query = " ".join(args.term)
    terms = find_terms(course.glossary, query)
    if not terms:
        print(messages("find.cli_glossary_none", query=visible(" ".join(query.split()))), file=sys.stderr)
        return NOTHING_FOUND
    width = _width()
    entries = ["\n".join(term_lines(course, term, lang, messages, width)) for term in terms]
    write("\n\n".join(entries) + "\n", args.ascii)
    return 0


def term_lines(course: Course, term: GlossaryTerm, lang: str, messages: Messages, width: int) -> list[str]:
    """A glossary term as text: its name and translations, its definition, the lessons that teach it."""
    translations = [
        messages("find.glossary_translation", language=language_name(messages, code), term=visible(text))
        for code, text in term.term.texts
        if code != lang
    ]
    name = visible(term.term.get(lang)) + (f" ({'; '.join(translations)})" if translations else "")
    indent = "    "
    lines = [
        name,
        *textwrap.wrap(visible(term.definition.get(lang)), width, initial_indent=indent, subsequent_indent=indent),
    ]
    lessons = [
        lesson_label(course, position, lang, messages)
        for position, (_module, lesson) in enumerate(
            (module, lesson) for module in course.modules for lesson in module.lessons
        )
        if lesson.id in term.lessons
    ]
    lines.append(indent + messages("find.glossary_lessons"))
    lines += [indent + "  " + label for label in lessons] or [indent + "  " + messages("find.glossary_no_lesson")]
    return lines
