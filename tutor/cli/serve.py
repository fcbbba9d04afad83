"""`cnn-tutor serve`: the tutor in a web browser, one tutor process per tab.

The web server (textual-serve, from the `web` extra) is imported only by this command: the terminal
tutor never loads it. Every error is one line and exit status 2, as for the other commands.
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from tutor.cli.common import UserError, language, load
from tutor.system.paths import progress_file
from tutor.text.i18n import Messages

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_serve_parser(
    commands: argparse._SubParsersAction, parents: list[argparse.ArgumentParser], help_: Messages
) -> None:
    serve = commands.add_parser(
        "serve", parents=parents, help=help_("help.serve"), description=help_("help.serve_description")
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=help_("help.serve_host", host=DEFAULT_HOST))
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=help_("help.serve_port", port=DEFAULT_PORT))
    serve.add_argument("--unix-socket", metavar="PATH", type=Path, default=None, help=help_("help.serve_unix_socket"))


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(Messages(language(None))("serve.bad_port", port=text))
    return value


def child_options(args: argparse.Namespace, progress: Path) -> list[str]:
    """The options every tab's tutor is started with: the server's, and its progress file."""
    options = ["--progress", str(progress)]
    if getattr(args, "lessons", None):
        options += ["--lessons", str(Path(args.lessons).resolve())]
    if getattr(args, "lang", None):
        options += ["--lang", args.lang]
    if getattr(args, "ascii", False):
        options.append("--ascii")
    if getattr(args, "no_mouse", False):
        options.append("--no-mouse")
    return options


def cmd_serve(args: argparse.Namespace) -> int:
    course, lang = load(args)  # a broken course or language is reported here, not in every tab
    messages = Messages(lang)
    try:
        from tutor.web.server import TutorServer, is_loopback_address
    except ImportError as error:
        raise UserError(messages("serve.needs_extra", missing=error.name or str(error))) from None
    import socket

    unix_socket = args.unix_socket
    if unix_socket is not None and not hasattr(socket, "AF_UNIX"):
        raise UserError(messages("serve.no_unix_sockets"))
    progress = progress_file(getattr(args, "progress", None)).absolute()

    def announce(address: str) -> None:
        if unix_socket is not None:
            print(messages("serve.serving_socket", path=address), flush=True)
            return
        print(messages("serve.serving", url=address), flush=True)
        if not is_loopback_address(args.host):
            print(
                messages("serve.open_warning", port=address.rsplit(":", 1)[1].strip("/")), file=sys.stderr, flush=True
            )

    server = TutorServer(
        child_options(args, progress),
        languages=course.languages,
        lang=getattr(args, "lang", None),
        default_lang=lang,
        title=f"{course.title.get(lang)} · cnn-tutor",
        announce=announce,
    )
    try:
        server.run(
            host=None if unix_socket else args.host,
            port=None if unix_socket else args.port,
            unix_socket=str(unix_socket) if unix_socket else None,
        )
    except OSError as error:
        raise UserError(_bind_error(error, args, messages)) from None
    except KeyboardInterrupt:  # Windows: ctrl+c, after every tab's tutor was asked to quit
        pass
    print(messages("serve.stopped"), flush=True)
    return 0


def _bind_error(error: OSError, args: argparse.Namespace, messages: Messages) -> str:
    """One line saying why the server could not listen where it was asked to."""
    import socket

    if args.unix_socket is not None:
        return messages("serve.bad_socket", path=str(args.unix_socket), reason=error.strerror or str(error))
    if isinstance(error, socket.gaierror):
        return messages("serve.bad_host", host=args.host, reason=error.strerror or str(error))
    if error.errno == errno.EADDRINUSE:
        return messages("serve.port_in_use", port=args.port, host=args.host)
    if error.errno in (errno.EACCES, errno.EPERM):
        return messages("serve.no_permission", port=args.port)
    if error.errno == errno.EADDRNOTAVAIL:
        return messages("serve.bad_host", host=args.host, reason=messages("serve.not_here"))
    return messages("serve.bad_host", host=args.host, reason=error.strerror or str(error))
