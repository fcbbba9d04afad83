"""What the commands share: the user-error type, the language, the course, printing."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.system.paths import bundled_lessons
from tutor.text.i18n import Messages, available_languages, language_from_environment

if TYPE_CHECKING:
    from tutor.content.model import Course

USAGE_ERROR = 2


class UserError(Exception):
    """A mistake of the user's: its message is printed as it is, with exit status 2."""


def language(args: argparse.Namespace | None, languages: Sequence[str] = ()) -> str:
    """The language to speak: --lang, else the one last chosen in the tutor (`l`), else the locale's."""
    choices = tuple(languages) or available_languages()
    chosen = getattr(args, "lang", None)
    if chosen:
        return chosen
    remembered = _remembered_language(args) if args is not None else None
    return remembered if remembered in choices else language_from_environment(os.environ, choices)


def _remembered_language(args: argparse.Namespace) -> str | None:
    from tutor.progress.storage import StorePaths
    from tutor.system.paths import progress_file

    path = progress_file(getattr(args, "progress", None))
    if not os.path.lexists(StorePaths(path).database):
        return None  # no progress kept yet: not worth opening anything
    from tutor.progress.store import remembered_language

    return remembered_language(path)


def load(args: argparse.Namespace) -> tuple[Course, str]:
    """The course named by --lessons (or the bundled one), and the language to show it in."""
    from tutor.content.cached import load_course_cached
    from tutor.content.errors import LoadError

    root = course_root(args.lessons, args)
    try:
        course = load_course_cached(root)
    except LoadError as error:
        messages = Messages(language(args))
        message = messages(
            "cli.course_invalid", path=root, problems=messages.plural("cli.problems", len(error.problems))
        )
        raise UserError("\n".join([message, *map(str, error.problems[:5])])) from None
    lang = language(args, course.languages)
    if lang not in course.languages:
        text = Messages(lang)("cli.language_not_in_course", lang=lang, languages=", ".join(course.languages))
        raise UserError(text)
    return course, lang


def course_root(value: Path | None, args: argparse.Namespace | None = None) -> Path:
    """The course directory `--lessons` names: a directory, else an installed course package's name.

    With neither (a name no package declares), the directory as given: the loader says it is none.
    """
    if value is None:
        return bundled_lessons()
    if value.exists() or len(value.parts) != 1:
        return value
    from tutor.content.packages import CoursePackageError, find_installed

    installed = find_installed(str(value))
    if installed is None:
        return value
    try:
        return installed.directory()
    except CoursePackageError as error:
        raise UserError(
            Messages(language(args))("cli.course_package_broken", name=str(value), why=str(error))
        ) from None


def write(text: str, ascii_only: bool = False) -> None:
    """Print to stdout, transliterated to ASCII when asked or when its encoding needs it."""
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except UnicodeEncodeError:
        ascii_only = True
    if ascii_only:
        from tutor.text.asciify import to_ascii

        text = to_ascii(text)
    sys.stdout.write(text)
