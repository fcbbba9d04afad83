"""The `cnn-tutor` command line.

Every user error ends in a one-line message and exit status 2; an unexpected error is
logged to a file and reported in one line. No traceback ever reaches the terminal.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tutor import __version__
from tutor.i18n import Messages, available_languages, language_from_environment
from tutor.paths import bundled_lessons
from tutor.review import SESSION_LIMIT

if TYPE_CHECKING:
    from tutor.content.model import Course, Lesson, Module

USAGE_ERROR = 2


class UserError(Exception):
    """A mistake of the user's: its message is printed as it is, with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _add_common_options(common, default=None)
    in_command = argparse.ArgumentParser(add_help=False)
    _add_common_options(in_command, default=argparse.SUPPRESS)

    parser = argparse.ArgumentParser(
        prog="cnn-tutor",
        description="A terminal tutor for the advanced techniques of convolutional networks "
        "(module 3 of 6). With no command, opens the tutor where you left off.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"cnn-tutor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("lessons", parents=[in_command], help="list modules and lessons with their ids")
    show = commands.add_parser("show", parents=[in_command], help="print a lesson as plain text")
    show.add_argument("lesson", metavar="LESSON", help="a lesson id, or its number (see: cnn-tutor lessons)")
    validate = commands.add_parser(
        "validate", parents=[in_command], help="check course directories; exit 2 with every error"
    )
    validate.add_argument("dirs", metavar="DIR", nargs="*", type=Path, help="course directories")
    progress = commands.add_parser(
        "progress", parents=[in_command], help="show lessons visited and completed, and quiz scores"
    )
    output = progress.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the stored progress document")
    output.add_argument("--csv", action="store_true", help="print one CSV row per quiz attempt")
    review = commands.add_parser(
        "review", parents=[in_command], help="review the questions due (spaced repetition) in the tutor"
    )
    review.add_argument(
        "--limit", metavar="N", type=_session_limit, default=SESSION_LIMIT,
        help=f"at most N cards in the session (default: {SESSION_LIMIT})",
    )
    reset = commands.add_parser("reset", parents=[in_command], help="remove all progress (a backup is kept)")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def _session_limit(text: str) -> int:
    """A review session's size: a whole number from 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of cards, at least 1, not {text!r}")
    return value


def _add_common_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--lessons", metavar="DIR", type=Path, default=default, help="use the course in DIR")
    parser.add_argument(
        "--lang", choices=available_languages(), default=default, help="language (default: from LANG)"
    )
    parser.add_argument("--ascii", action="store_true", default=default or False, help="draw only ASCII characters")
    parser.add_argument(
        "--no-mouse", action="store_true", default=default or False, help="do not use the mouse at all"
    )
    parser.add_argument(
        "--progress", metavar="FILE", type=Path, default=default,
        help="keep progress in FILE (default: $CNN_TUTOR_PROGRESS, else the user data directory)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # Start-up makes objects that live as long as the program, and the collector would walk them
    # again and again meanwhile (~10 ms): it waits until the tutor has mounted and frozen them.
    gc.disable()
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command or "tutor"](args)
    except UserError as error:
        print(error, file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of a pipe went away (`cnn-tutor show x | head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 — the last line of defence against tracebacks
        return _report_internal_error(error)
    finally:
        gc.enable()


def _report_internal_error(error: Exception) -> int:
    from tutor.errorlog import log_exception

    where = log_exception(error)
    print(Messages(_language(None))("cli.internal_error", error=type(error).__name__, log=where), file=sys.stderr)
    return 1


def _language(args: argparse.Namespace | None, languages: Sequence[str] = ()) -> str:
    choices = tuple(languages) or available_languages()
    chosen = getattr(args, "lang", None)
    return chosen or language_from_environment(os.environ, choices)


def load(args: argparse.Namespace):
    """The course named by --lessons (or the bundled one), and the language to show it in."""
    from tutor.content.cached import load_course_cached
    from tutor.content.errors import LoadError

    root = args.lessons or bundled_lessons()
    try:
        course = load_course_cached(root)
    except LoadError as error:
        message = Messages(_language(args))("cli.course_invalid", path=root, count=len(error.problems))
        raise UserError("\n".join([message, *map(str, error.problems[:5])])) from None
    lang = _language(args, course.languages)
    if lang not in course.languages:
        text = Messages(lang)("cli.language_not_in_course", lang=lang, languages=", ".join(course.languages))
        raise UserError(text)
    return course, lang


def write(text: str, ascii_only: bool = False) -> None:
    """Print to stdout, transliterated to ASCII when asked or when its encoding needs it."""
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except UnicodeEncodeError:
        ascii_only = True
    if ascii_only:
        from tutor.asciify import to_ascii

        text = to_ascii(text)
    sys.stdout.write(text)


def cmd_lessons(args: argparse.Namespace) -> int:
    course, lang = load(args)
    messages = Messages(lang)
    lines = []
    for module in course.modules:
        title = module.title.get(lang)
        lines.append(
            messages("cli.lessons_module", number=module.number, total=course.total_modules, title=title, id=module.id)
        )
        width = max(len(lesson.id) for lesson in module.lessons)
        for index, lesson in enumerate(module.lessons, 1):
            lines.append(f"  {index:2}. {lesson.id:<{width}}  {lesson.title.get(lang)}")
    write("\n".join(lines) + "\n", args.ascii)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from tutor.content.plain import render_lesson

    course, lang = load(args)
    found = course.find_lesson(args.lesson) or _numbered_lesson(course, args.lesson)
    if found is None:
        raise UserError(Messages(lang)("cli.unknown_lesson", lesson=args.lesson))
    write(render_lesson(*found, lang, Messages(lang)), args.ascii)
    return 0


def _numbered_lesson(course: Course, number: str) -> tuple[Module, Lesson] | None:
    """The lesson listed as `number` by `cnn-tutor lessons`, if one module only has it."""
    if not number.isdigit():
        return None
    position = int(number)
    found = [(module, module.lessons[position - 1]) for module in course.modules if 1 <= position <= len(module.lessons)]
    return found[0] if len(found) == 1 else None


def cmd_validate(args: argparse.Namespace) -> int:
    from tutor.content.errors import LoadError
    from tutor.content.loader import load_course

    messages = Messages(_language(args))
    status = 0
    for root in args.dirs or [args.lessons or bundled_lessons()]:
        try:
            course = load_course(root)
        except LoadError as error:
            status = USAGE_ERROR
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print(messages("cli.invalid", path=root, count=len(error.problems)), file=sys.stderr)
            continue
        lessons = [lesson for module in course.modules for lesson in module.lessons]
        counts = dict(modules=len(course.modules), lessons=len(lessons), questions=len(course.questions()))
        print(messages("cli.valid", path=root, **counts))
    return status


def cmd_tutor(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(Messages(_language(args))("cli.no_terminal"))
    course, lang = load(args)
    from tutor.launch import run_tutor

    return run_tutor(course, lang, args)


def cmd_progress(args: argparse.Namespace) -> int:
    from tutor.progress.commands import cmd_progress

    return cmd_progress(args)


def cmd_reset(args: argparse.Namespace) -> int:
    from tutor.progress.commands import cmd_reset

    return cmd_reset(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "tutor": cmd_tutor,
    "lessons": cmd_lessons,
    "show": cmd_show,
    "validate": cmd_validate,
    "review": cmd_tutor,  # the tutor, opened on a review session
    "progress": cmd_progress,
    "reset": cmd_reset,
}
