"""One memory arena for the tutor's threads (glibc's malloc), asked for before they start.

glibc gives each thread that allocates an arena of its own, and keeps the memory freed in it:
the frames are written by a thread, the simulations compute in worker threads, the neighbouring
lessons' modules are imported in one, and the tutor held 1.4 MiB more at its peak than with one
arena (asked for once the course map was drawn, after the first threads: 0.7 MiB more).
Its threads seldom allocate at once (Python's own allocator is behind one lock already), so
they lose nothing by sharing. A `MALLOC_ARENA_MAX` set in the environment is left to glibc.
"""

from __future__ import annotations

import os
import sys

M_ARENA_MAX = -8
"""glibc's `mallopt` parameter for the most arenas (malloc.h)."""


def use_one_arena() -> None:
    """Ask the C library for a single malloc arena; nothing where it is not glibc's on Linux."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt(M_ARENA_MAX, 1)  # returns 0 where not supported: nothing to do then
