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
from importlib import import_module
from pathlib import Path

from tutor.cli.common import USAGE_ERROR, UserError, language, load
from tutor.cli import exercise_commands
from tutor.cli.serve import add_serve_parser
from tutor.cli.version import VersionAction
from tutor.review import SESSION_LIMIT
from tutor.text.i18n import Messages, available_languages


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
    parser.add_argument("--version", action=VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("lessons", parents=[in_command], help="list modules and lessons with their ids")
    show = commands.add_parser("show", parents=[in_command], help="print a lesson as plain text")
    show.add_argument("lesson", metavar="LESSON", help="a lesson id, or its number (see: cnn-tutor lessons)")
    validate = commands.add_parser(
        "validate", parents=[in_command], help="check course directories; exit 2 with every error"
    )
    validate.add_argument("dirs", metavar="DIR", nargs="*", type=Path, help="course directories")
    progress = commands.add_parser(
        "progress", parents=[in_command], help="show lessons visited and completed, quiz scores and exercises"
    )
    output = progress.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the stored progress document")
    output.add_argument("--csv", action="store_true", help="print one CSV row per quiz attempt and per exercise check")
    review = commands.add_parser(
        "review", parents=[in_command], help="review the questions due (spaced repetition) in the tutor"
    )
    review.add_argument(
        "--limit", metavar="N", type=_session_limit, default=SESSION_LIMIT,
        help=f"at most N cards in the session (default: {SESSION_LIMIT})",
    )
    reset = commands.add_parser("reset", parents=[in_command], help="remove all progress (a backup is kept)")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_serve_parser(commands, [in_command])
    exercise_commands.add_parsers(commands, in_command)
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
    from tutor.system.errorlog import log_exception

    where = log_exception(error)
    print(Messages(language(None))("cli.internal_error", error=type(error).__name__, log=where), file=sys.stderr)
    return 1


def cmd_tutor(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(Messages(language(args))("cli.no_terminal"))
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
    "show": _lazy("tutor.cli.course_commands", "cmd_show"),
    "validate": _lazy("tutor.cli.course_commands", "cmd_validate"),
    "review": cmd_tutor,  # the tutor, opened on a review session
    "progress": _lazy("tutor.cli.progress_commands", "cmd_progress"),
    "reset": _lazy("tutor.cli.progress_commands", "cmd_reset"),
    "serve": _lazy("tutor.cli.serve", "cmd_serve"),
    **exercise_commands.COMMANDS,  # exercises, exercise, watch, hint, reset-exercise
}
