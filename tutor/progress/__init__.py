"""The student's progress: the only code that writes user data.

`ProgressStore` keeps it (see `tutor.progress.store`); `tutor.cli.progress_commands` shows and
resets it from the command line.
"""

from tutor.progress.store import ProgressStore

__all__ = ["ProgressStore"]
