"""The tutor as one browser tab runs it: a child process of `cnn-tutor serve`.

`serve` starts one of these per tab through textual-serve, which sets TEXTUAL_DRIVER to Textual's
web driver and talks to it over pipes: no terminal here, and none is needed. This is not a command
of its own: started any other way it says so and exits 2, and the tutor's "needs a terminal"
refusal for ordinary use stays as it is.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def main(argv: Sequence[str] | None = None) -> int:
    if os.environ.get("TEXTUAL_DRIVER") != WEB_DRIVER:
        print("cnn-tutor: this is the tutor of one browser tab; it is started by: cnn-tutor serve", file=sys.stderr)
        return 2
    from tutor.cli.common import USAGE_ERROR, UserError, load
    from tutor.cli.main import _report_internal_error, build_parser

    gc.disable()  # as the command line does: the app enables it once mounted
    try:
        args = build_parser().parse_args(argv)
        course, lang = load(args)
        from tutor.cli.launch import run_tutor

        return run_tutor(course, lang, args)
    except UserError as error:
        print(error, file=sys.stderr)
        return USAGE_ERROR
    except Exception as error:  # noqa: BLE001 — logged, one line on the server's output
        return _report_internal_error(error)
    finally:
        gc.enable()


if __name__ == "__main__":
    raise SystemExit(main())
