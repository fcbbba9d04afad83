"""`cnn-tutor exercises`, `exercise ID`, `watch [ID]`, `hint ID`, `reset-exercise ID`: the hands-on exercises.

`add_parsers` is called by `cli/main.py` when it builds the parser (this module imports only
argparse at that time); each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.content.model import Course, Exercise
    from tutor.exercises.session import Session
    from tutor.progress import ProgressStore


def add_parsers(
    commands: argparse._SubParsersAction, parent: argparse.ArgumentParser, say: Callable[..., str] | None = None
) -> None:
    """The exercise commands, with the options every command has (`parent`) and --workspace; their help
    in the language of `say` (a `Messages`; English by default)."""
    if say is None:
        from tutor.text.i18n import Messages

        say = Messages("en")
    workspace = argparse.ArgumentParser(add_help=False)
    workspace.add_argument("--workspace", metavar="DIR", type=Path, default=None, help=say("exercises.help_workspace"))
    parents = [parent, workspace]

    def command(name: str, key: str) -> argparse.ArgumentParser:
        text = say(f"exercises.help_{key}")
        return commands.add_parser(name, parents=parents, help=text, description=text[:1].upper() + text[1:] + ".")

    listing = command("exercises", "exercises")
    listing.add_argument("--check", action="store_true", help=say("exercises.help_exercises_check"))
    one = command("exercise", "exercise")
    one.add_argument("id", metavar="ID", help=say("exercises.help_exercise_id"))
    watch = command("watch", "watch")
    watch.add_argument("id", metavar="ID", nargs="?", help=say("exercises.help_watch_id"))
    watch.add_argument("--poll", action="store_true", help=say("exercises.help_watch_poll"))
    hint = command("hint", "hint")
    hint.add_argument("id", metavar="ID", help=say("exercises.help_id"))
    hint.add_argument("level", metavar="N", nargs="?", type=int, help=say("exercises.help_hint_level"))
    reset = command("reset-exercise", "reset")
    reset.add_argument("id", metavar="ID", help=say("exercises.help_id"))
    reset.add_argument("--yes", action="store_true", help=say("exercises.help_reset_yes"))


def _lazy(name: str) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        return globals()[name](args)

    return command


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "exercises": _lazy("cmd_exercises"),
    "exercise": _lazy("cmd_exercise"),
    "watch": _lazy("cmd_watch"),
    "hint": _lazy("cmd_hint"),
    "reset-exercise": _lazy("cmd_reset_exercise"),
}


def _open(
    args: argparse.Namespace, warm: bool = False
) -> tuple[Course, str, Session, Callable[..., str], ProgressStore]:
    """The course, the language, and a session over the student's workspace and records.

    With `warm`, the checking Python starts first: it imports numpy while the course loads.
    Stop its checker and `_close` the store (the records) after.
    """
    from tutor.cli.common import UserError, load
    from tutor.content.errors import LoadError
    from tutor.content.exercises import with_checks
    from tutor.exercises.checker import Checker
    from tutor.exercises.session import Session
    from tutor.exercises.workspace import Workspace, WorkspaceError, workspace_dir
    from tutor.progress import ProgressStore
    from tutor.system.paths import progress_file
    from tutor.text.i18n import Messages

    root = workspace_dir(getattr(args, "workspace", None))
    checker = Checker(root)
    try:
        if warm and root.is_dir() and not Workspace.refused(root):
            checker.warm()
        course, lang = load(args)
        say = Messages(lang)
        if not course.exercises:
            raise UserError(say("exercises.no_exercises"))
        try:
            exercises = with_checks(course.exercises, course.languages)
        except LoadError as error:
            text = say("cli.course_invalid", path=course.root, count=len(error.problems))
            raise UserError("\n".join([text, *map(str, error.problems[:5])])) from None
        try:
            workspace = Workspace(root, lang)
            workspace.prepare(exercises)
        except WorkspaceError as error:
            raise UserError(say(error.key, **error.fields)) from None
    except BaseException:
        checker.close()
        raise
    # The records: saved as each happens (a command waits for the disk, as a script does).
    progress = ProgressStore(progress_file(getattr(args, "progress", None)), say)
    return course, lang, Session(exercises, course.languages, workspace, progress, checker), say, progress


@contextmanager
def _opened(args: argparse.Namespace, warm: bool = False) -> Iterator[tuple[Course, str, Session, Callable[..., str]]]:
    """`_open`, then the checking process stopped and the records saved, whatever happens."""
    course, lang, session, say, progress = _open(args, warm)
    try:
        with session.checker:
            yield course, lang, session, say
    finally:
        _close(progress, say)


def _close(progress: ProgressStore, say: Callable[..., str]) -> None:
    """Save what is not saved yet, and say on stderr what could not be (and any notice of the store)."""
    unsaved = progress.close()
    for notice in progress.take_notices():
        print(notice, file=sys.stderr)
    if unsaved:
        print(say("progress.unsaved_at_exit", reason=progress.problem or ""), file=sys.stderr)
    elif progress.warning:
        print(progress.warning, file=sys.stderr)


def _exercise(session: Session, exercise_id: str, say: Callable[..., str]) -> Exercise:
    from tutor.cli.common import UserError

    exercise = session.find(exercise_id)
    if exercise is None:
        raise UserError(say("exercises.unknown", id=exercise_id))
    return exercise


def cmd_exercises(args: argparse.Namespace) -> int:
    from tutor.cli.common import write
    from tutor.exercises.session import MARKS

    with _opened(args) as (_course, lang, session, say):
        if args.check:
            for exercise in session.exercises:
                if session.status(exercise) == "changed":
                    session.check(exercise)
        statuses = [session.status(exercise) for exercise in session.exercises]
    width = max(len(exercise.id) for exercise in session.exercises)
    done = statuses.count("passed")
    lines = [say("exercises.list_title", done=done, total=len(statuses), workspace=session.workspace.root)]
    for number, (exercise, status) in enumerate(zip(session.exercises, statuses), 1):
        lines.append(
            say(
                "exercises.list_row",
                mark=MARKS[status],
                number=number,
                id=exercise.id,
                width=width,
                title=exercise.title.get(lang),
                level=say(f"exercises.level_{exercise.level}"),
                lesson=exercise.lesson,
            )
            + ("" if status in ("passed", "new") else f"  [{say('exercises.status_' + status)}]")
        )
    write("\n".join(lines) + "\n", args.ascii)
    return 0


def cmd_exercise(args: argparse.Namespace) -> int:
    from tutor.cli.common import write
    from tutor.exercises.feedback import report
    from tutor.exercises.session import heading

    with _opened(args, warm=True) as (_course, lang, session, say):
        exercise = _exercise(session, args.id, say)
        result = session.check(exercise)
    lines = [*heading(session, exercise, say, lang), "", *report(result, exercise, say, lang)]
    write("\n".join(lines) + "\n", args.ascii)
    return 0 if result.passed else 1


def cmd_hint(args: argparse.Namespace) -> int:
    from tutor.cli.common import write

    with _opened(args) as (_course, lang, session, say):
        exercise = _exercise(session, args.id, say)
        seen = session.hints_seen(exercise)
        level = session.take_hint(exercise, args.level)
    lines = [say("exercises.hint", level=level, total=len(exercise.hints), text=exercise.hints[level - 1].get(lang))]
    if args.level is None and seen >= len(exercise.hints):
        lines.append(say("exercises.no_more_hints", lesson=exercise.lesson))
    write("\n".join(lines) + "\n", args.ascii)
    return 0


def cmd_reset_exercise(args: argparse.Namespace) -> int:
    from tutor.cli.common import UserError, write
    from tutor.exercises.workspace import WorkspaceError

    _course, _lang, session, say, progress = _open(args)
    _close(progress, say)  # nothing is recorded: the file is put back, its records stay
    session.checker.close()
    exercise = _exercise(session, args.id, say)
    path = session.workspace.path(exercise)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(say("exercises.reset_needs_yes", path=path))
        try:
            answer = input(say("exercises.reset_ask", path=path))
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes", "o", "oui"):
            write(say("exercises.reset_kept") + "\n", args.ascii)
            return 0
    try:
        session.workspace.reset(exercise)
    except WorkspaceError as error:
        raise UserError(say(error.key, **error.fields)) from None
    write(say("exercises.reset_done", path=path) + "\n", args.ascii)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from tutor.cli.common import UserError
    from tutor.exercises.watch import Watch

    with _opened(args, warm=True) as (_course, lang, session, say):
        try:
            import watchfiles  # noqa: F401
        except ImportError:
            raise UserError(say("exercises.watch_needs_watchfiles")) from None
        start = _exercise(session, args.id, say) if args.id else None
        return Watch(session, say, lang, start=start, poll=args.poll, ascii_only=args.ascii).run()
