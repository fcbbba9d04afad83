"""Starting the TUI from the command line: the store, the terminal, the exit status."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import contextmanager, suppress
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from tutor.content.model import Course
from tutor.system.allocator import use_one_arena

if TYPE_CHECKING:
    from tutor.progress import ProgressStore

SAVE_AT_EXIT = 3.0
"""Seconds spent, at most, on saving what the tutor could not save while it ran (a full disk)."""
SAVE_AT_HANG_UP = 1.0
"""Seconds spent, at most, on saving what is queued when the terminal goes away (an SSH drop)."""


@contextmanager
def saving_on_hang_up(store: ProgressStore) -> Iterator[None]:
    """An SSH drop sends SIGHUP, which would end the process at once: let the writer finish first."""

    def hang_up(number: int, frame: object) -> None:
        store.close(timeout=SAVE_AT_HANG_UP)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGHUP)

    if not hasattr(signal, "SIGHUP"):
        yield
        return
    previous = signal.signal(signal.SIGHUP, hang_up)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, previous)


@contextmanager
def drawing_on_the_terminal() -> Iterator[None]:
    """Textual draws on stderr; with `2>file`, point stderr at the terminal while it runs."""
    if os.isatty(2) or not os.isatty(1):
        yield
        return
    saved = os.dup(2)
    os.dup2(1, 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


STUDENT_VARIABLE = "CNN_TUTOR_STUDENT"
"""The student's name when none is kept yet, without asking (a lab's login script: "$USER"); empty: do not ask."""


def student_to_ask(store: ProgressStore, environ: Mapping[str, str]) -> str | None:
    """The name the tutor offers when it asks for the student's (the login name), or None: not asked.

    Asked once: not when a name is kept or was declined. `CNN_TUTOR_STUDENT` answers instead: its
    name is kept (if usable); set but empty, nothing is asked nor kept.
    """
    if store.student_asked:
        return None
    if STUDENT_VARIABLE in environ:
        with suppress(ValueError):
            if environ[STUDENT_VARIABLE].strip():
                store.remember_student(environ[STUDENT_VARIABLE])
        return None
    return login_name(environ)


def login_name(environ: Mapping[str, str]) -> str:
    """The user's login name, if the system gives a usable one; else "".

    On a JupyterHub the hub's user name (`JUPYTERHUB_USER`): the account inside the server is often
    the same for everyone (`jovyan`).
    """
    import getpass

    from tutor.progress.store import student_name

    try:
        return student_name(environ.get("JUPYTERHUB_USER") or getpass.getuser())
    except (OSError, KeyError, ImportError, ValueError):
        return ""


def run_tutor(course: Course, lang: str, args: argparse.Namespace) -> int:
    """Run the app until the student quits; returns the exit status."""
    from tutor.app.app import TutorApp
    from tutor.text.i18n import Messages
    from tutor.system.paths import progress_file
    from tutor.progress import ProgressStore
    from tutor.progress.store import WAIT_FOR_DISK
    from tutor.review import SESSION_LIMIT

    # The simulations' matrices are small: a second BLAS thread would gain them little and take
    # a core from the interface on a 2-core lab machine, and memory. Read when numpy is imported.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    use_one_arena()  # before the app and the store start their threads
    app: TutorApp | None = None

    def say(key: str, **fields: object) -> str:
        """The store's notices and warnings, in the language shown when it says them."""
        return (app.messages if app is not None else Messages(lang, args.ascii))(key, **fields)

    store = ProgressStore(progress_file(getattr(args, "progress", None)), say, wait=WAIT_FOR_DISK)
    if getattr(args, "student", None):
        store.remember_student(args.student)  # checked by the parser
    app = TutorApp(
        course,
        lang,
        store,
        ascii_only=args.ascii,
        console_only=getattr(args, "console", False),
        start_with_review=getattr(args, "command", None) == "review",
        review_limit=getattr(args, "limit", SESSION_LIMIT),
        ask_student=student_to_ask(store, os.environ),
    )
    with drawing_on_the_terminal(), saving_on_hang_up(store):
        app.run(mouse=not args.no_mouse)
    unsaved = store.close(timeout=SAVE_AT_EXIT)
    if app.crash_message:
        print(app.crash_message, file=sys.stderr)
    if unsaved:
        print(app.messages("progress.unsaved_at_exit", reason=store.problem or ""), file=sys.stderr)
    return app.return_code or 0
