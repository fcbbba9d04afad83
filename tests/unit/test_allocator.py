"""One malloc arena asked of glibc before the lessons' threads start (`tutor.system.allocator`)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc arenas")

PROBE = """
import ctypes, sys, threading
from tutor.system.allocator import use_one_arena
if sys.argv[1] == "one":
    use_one_arena()
together = threading.Barrier(4)
def allocate():
    together.wait()  # four threads allocating at once, each from an arena glibc gives it
    blocks = [bytearray(100_000) for _ in range(20)]  # above Python's allocator, below mmap's threshold
    together.wait()
threads = [threading.Thread(target=allocate) for _ in range(4)]
for thread in threads: thread.start()
for thread in threads: thread.join()
sys.stderr.flush()
ctypes.CDLL(None).malloc_stats()  # one "Arena n:" paragraph per arena, on stderr
"""


def arenas(mode: str, **environment: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, **environment},
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.count("Arena ")


def test_the_threads_share_one_arena_unless_the_user_chose_how_many() -> None:
    assert arenas("many") > 1  # what the tutor's threads got
    assert arenas("one") == 1
    assert arenas("one", MALLOC_ARENA_MAX="3") > 1
