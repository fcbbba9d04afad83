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
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import NoReturn

from tutor.cli import exercise_commands
from tutor.cli.common import USAGE_ERROR, UserError, language, load
from tutor.review import SESSION_LIMIT
from tutor.text.i18n import Messages, available_languages


ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "the following arguments are required: %s": "les arguments suivants sont requis : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "un argument est attendu",
    "not allowed with argument %s": "pas avec l'argument %s",
    "invalid %(type)s value: %(value)r": "valeur %(type)s invalide : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut être %(matches)s",
}
"""argparse's own words in French: it looks them up through gettext's `_` at each use."""


def _speak_argparse(lang: str) -> None:
    """argparse's own words ("usage:", "options", its errors) in `lang`, where we have them."""
    words = ARGPARSE_FR if lang == "fr" else {}
    argparse._ = lambda text: words.get(text, text)  # type: ignore[attr-defined]  # argparse calls its module's `_` for every message


def requested_language(argv: Sequence[str]) -> str:
    """The language of the help and the errors: --lang in `argv`, else the environment's."""
    for index, word in enumerate(argv):
        if word.startswith("--lang="):
            chosen = word.partition("=")[2]
        elif word == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        else:
            continue
        if chosen in available_languages():
            return chosen
    return language(None)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    from tutor.cli import report_commands
    from tutor.cli.serve import add_serve_parser
    from tutor.cli.version import VersionAction

    help_ = Messages(lang)
    _speak_argparse(lang)
    common = argparse.ArgumentParser(add_help=False)
    _add_common_options(common, help_, default=None)
    in_command = argparse.ArgumentParser(add_help=False)
    _add_common_options(in_command, help_, default=argparse.SUPPRESS)

    parser = argparse.ArgumentParser(prog="cnn-tutor", description=help_("help.description"), parents=[common])
    parser.add_argument("--version", action=VersionAction, help=help_("help.version"))
    _add_student_option(parser, help_)
    commands = parser.add_subparsers(dest="command", metavar=help_("help.command"))

    def command(name: str) -> argparse.ArgumentParser:
        # `help` is the line in `cnn-tutor --help`, `description` the line under `cnn-tutor NAME --help`.
        text = help_(f"help.{name}")
        return commands.add_parser(name, parents=[in_command], help=text, description=text[:1].upper() + text[1:] + ".")

    command("lessons")
    command("courses")
    show = command("show")
    show.add_argument("lesson", metavar="LESSON", help=help_("help.show_lesson"))
    validate = command("validate")
    validate.add_argument("dirs", metavar="DIR", nargs="*", type=Path, help=help_("help.validate_dirs"))
    new = command("new")
    new.add_argument("what", choices=("course", "module", "lesson"), help=help_("help.new_what"))
    new.add_argument("path", metavar="PATH", type=Path, help=help_("help.new_path"))
    new.add_argument("--languages", metavar="LANGS", help=help_("help.new_languages"))
    preview = command("preview")
    preview.add_argument("file", metavar="FILE", type=Path, help=help_("help.preview_file"))
    progress = command("progress")
    output = progress.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=help_("help.progress_json"))
    output.add_argument("--csv", action="store_true", help=help_("help.progress_csv"))
    review = command("review")
    _add_student_option(review, help_, default=argparse.SUPPRESS)
    review.add_argument(
        "--limit",
        metavar="N",
        type=partial(_session_limit, help_),
        default=SESSION_LIMIT,
        help=help_("help.review_limit", limit=SESSION_LIMIT),
    )
    reset = command("reset")
    reset.add_argument("--yes", action="store_true", help=help_("help.reset_yes"))
    search = command("search")
    search.add_argument("words", metavar="WORDS", nargs="+", help=help_("help.search_words"))
    glossary = command("glossary")
    glossary.add_argument("term", metavar="TERM", nargs="*", help=help_("help.glossary_term"))
    report_commands.add_parser(command, help_)
    add_serve_parser(commands, [in_command], help_)
    exercise_commands.add_parsers(commands, in_command, help_)
    return parser


class _NotPlain(Exception):
    """The command line is not a plain `cnn-tutor [options]`."""


class _PlainParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotPlain(message)


def plain_tutor_arguments(words: Sequence[str], lang: str) -> argparse.Namespace | None:
    """The arguments of a plain `cnn-tutor [options]`, as `build_parser(lang)` parses them; else None.

    Opening the tutor is what the command line is for, nearly always: parsed with its own options
    alone, it does without building every command's parser, with their help in the student's
    language (~5 ms of start-up). Anything else (a command, --help, --version, an abbreviated
    option, a mistake) returns None, for the full parser to run it or say what is wrong.
    """
    help_ = Messages(lang)
    _speak_argparse(lang)
    parser = _PlainParser(add_help=False, allow_abbrev=False)
    _add_common_options(parser, help_, default=None)
    _add_student_option(parser, help_)
    try:
        args = parser.parse_args(words)
    except _NotPlain:
        return None
    args.command = None
    return args


def _add_student_option(parser: argparse.ArgumentParser, help_: Messages, default: object = None) -> None:
    parser.add_argument(
        "--student",
        metavar=help_("help.student_metavar"),
        type=partial(_student, help_),
        default=default,
        help=help_("help.student"),
    )


def _student(help_: Messages, text: str) -> str:
    """A student's name or id, as the progress store keeps it."""
    from tutor.progress.store import STUDENT_LENGTH, student_name

    try:
        return student_name(text)
    except ValueError:
        raise argparse.ArgumentTypeError(help_("help.student_invalid", length=STUDENT_LENGTH)) from None


def _session_limit(help_: Messages, text: str) -> int:
    """A review session's size: a whole number from 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(help_("help.limit_invalid", text=text))
    return value


def _add_common_options(parser: argparse.ArgumentParser, help_: Messages, default: object) -> None:
    parser.add_argument("--lessons", metavar="DIR", type=Path, default=default, help=help_("help.lessons_dir"))
    parser.add_argument("--lang", choices=available_languages(), default=default, help=help_("help.lang"))
    parser.add_argument("--ascii", action="store_true", default=default or False, help=help_("help.ascii"))
    parser.add_argument("--no-mouse", action="store_true", default=default or False, help=help_("help.no_mouse"))
    parser.add_argument("--progress", metavar="FILE", type=Path, default=default, help=help_("help.progress_file"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # Start-up makes objects that live as long as the program, and the collector would walk them
    # again and again meanwhile (~10 ms): it waits until the tutor has mounted and frozen them.
    gc.disable()
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        lang = requested_language(words)
        args = plain_tutor_arguments(words, lang)
        if args is None:
            parser = build_parser(lang)
            args = parser.parse_args(words)
            if getattr(args, "student", None) and args.command not in (None, "review"):
                # Kept only when the tutor opens: said, rather than silently not kept.
                parser.error(Messages(lang)("help.student_not_here", command=args.command))
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
    from tutor.system.errorlog import log_exception

    where = log_exception(error)
    print(Messages(language(None))("cli.internal_error", error=type(error).__name__, log=where), file=sys.stderr)
    return 1


def cmd_tutor(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(Messages(language(args))("cli.no_terminal"))
    from tutor.cli.terminal import terminal_mode

    mode = terminal_mode(os.environ, args.ascii)
    if not mode.usable:
        raise UserError(Messages(language(args))("cli.dumb_terminal", term=os.environ.get("TERM") or "?"))
    args.ascii, args.console = mode.ascii, mode.console
    course, lang = load(args)
    from tutor.cli.launch import run_tutor

    return run_tutor(course, lang, args)


def _lazy(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """A command imported only when it runs: start-up loads no other command's code."""

    def command(args: argparse.Namespace) -> int:
        return getattr(import_module(module), name)(args)

    return command


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "tutor": cmd_tutor,
    "lessons": _lazy("tutor.cli.course_commands", "cmd_lessons"),
    "courses": _lazy("tutor.cli.course_commands", "cmd_courses"),
    "show": _lazy("tutor.cli.course_commands", "cmd_show"),
    "validate": _lazy("tutor.cli.course_commands", "cmd_validate"),
    "new": _lazy("tutor.cli.authoring_commands", "cmd_new"),
    "preview": _lazy("tutor.cli.authoring_commands", "cmd_preview"),
    "review": cmd_tutor,  # the tutor, opened on a review session
    "progress": _lazy("tutor.cli.progress_commands", "cmd_progress"),
    "reset": _lazy("tutor.cli.progress_commands", "cmd_reset"),
    "search": _lazy("tutor.cli.find_commands", "cmd_search"),
    "glossary": _lazy("tutor.cli.find_commands", "cmd_glossary"),
    "report": _lazy("tutor.cli.report_commands", "cmd_report"),
    "serve": _lazy("tutor.cli.serve", "cmd_serve"),
    **exercise_commands.COMMANDS,  # exercises, exercise, watch, hint, reset-exercise
}
