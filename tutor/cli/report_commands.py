"""`cnn-tutor report FILE|DIR...`: the progress of a class at once, for its instructor.

Reads the progress stores it is given (files, or directories searched for them) without ever
writing to them (see `tutor.progress.readonly`), names each file it cannot use and goes on, and
prints the report as text (with a plotext chart), CSV or JSON.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import datetime, UTC
from pathlib import Path

from tutor.cli.common import UserError, load, write
from tutor.text.i18n import Messages
from tutor.text.sanitise import visible


def add_parser(command: Callable[[str], argparse.ArgumentParser], help_: Messages) -> None:
    """The `report` subcommand and its arguments.

    Args:
        command: Makes a subcommand's parser, with the options every command has (`cli.main`).
        help_: The help's language.
    """
    report = command("report")
    report.add_argument("paths", metavar="FILE|DIR", nargs="+", type=Path, help=help_("help.report_paths"))
    output = report.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help=help_("help.report_csv"))
    output.add_argument("--questions-csv", action="store_true", help=help_("help.report_questions_csv"))
    output.add_argument("--json", action="store_true", help=help_("help.report_json"))


def cmd_report(args: argparse.Namespace) -> int:
    from tutor.report.collect import collect
    from tutor.report.figures import Store, class_figures
    from tutor.report import output

    course, lang = load(args)
    messages = Messages(lang)
    collected = collect(list(args.paths))
    if not collected.stores:
        problems = [f"{visible(str(item.path))}: {output.reason(item.error, messages)}" for item in collected.not_read]
        paths = ", ".join(visible(str(path)) for path in args.paths)
        raise UserError("\n".join([messages("report.none_read", paths=paths), *problems]))
    stores = [Store(str(found.path), found.document, found.student) for found in collected.stores]
    now = datetime.now(UTC)
    figures = class_figures(course, stores, lang, now)
    if args.json:
        about = {"title": course.title.get(lang), "lang": lang, "version": getattr(course, "version", None)}
        write(output.json_report(about, figures, collected.not_read, messages, now.isoformat(timespec="seconds")))
        return 0
    if args.csv or args.questions_csv:
        for item in collected.not_read:  # the table stays clean for a spreadsheet: the problems go to stderr
            print(f"cnn-tutor: {visible(str(item.path))}: {output.reason(item.error, messages)}", file=sys.stderr)
        write(output.students_csv(figures) if args.csv else output.questions_csv(figures))
        return 0
    ascii_only = args.ascii or not _can_encode("┌─┐█«é")
    chart = None
    if sum(figures.distribution):
        from tutor.report.chart import bar_chart

        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ and not ascii_only
        chart = bar_chart(
            output.chart_labels(figures, messages), figures.distribution, colour=colour, ascii_only=ascii_only
        )
    write(output.text_report(course.title.get(lang), figures, collected.not_read, messages, chart), ascii_only)
    return 0


def _can_encode(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except UnicodeEncodeError:
        return False
    return True
