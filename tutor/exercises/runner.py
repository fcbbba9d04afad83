"""The checking process: runs a student's functions on the cases of an exercise, under limits.

`tutor.exercises.checker` starts this module in a new Python (see `BOOT`), which imports numpy
and then waits for one job on its standard input (so that a process can be started before the
student saves). The job names the student's file, the checks and the limits; the answer is a
stream of JSON lines on what was the standard output: {"event": "ready"}, {"event": "case", ...}
while it works, then one {"event": "verdict", "code": ..., ...}. Everything the student's code
prints goes to a bounded buffer (part of it is sent back), never to the terminal.

Order of work: the references are computed first (trusted code, before any limit), then the
limits are set (address space, file size, CPU time, no core file), then the student's module is
imported and each case run, stopping at the first one that fails. Python's own error machinery
is used to say where: the deepest frame of the traceback that lies in the student's workspace
gives the line. Nothing here imports the tutor's interface: only numpy and `tutor.sim`.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import json
import linecache
import math
import os
import signal
import sys
import traceback

BOOT = "import sys, json; sys.path[:] = json.loads(sys.argv[1]); from tutor.exercises.runner import serve; serve()"
"""The program the checker gives to `python -I -c`: its argument is the sys.path to use."""

KEEP_PRINTED = 4000
"""Characters of what the student printed that are sent back."""
RESERVE = 2 * 1024 * 1024
FILE_SIZE_LIMIT = 16 * 1024 * 1024


class TimeUp(BaseException):
    """Raised in the student's code when its time is over (a BaseException: `except Exception` lets it through)."""


class OutputFlood(BaseException):
    """Raised in the student's code when it has printed more than the limit."""


class Capture(io.TextIOBase):
    """sys.stdout and sys.stderr for the student's code: keeps the beginning, stops a flood."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[str] = []
        self.size = 0
        self.lines = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.size < KEEP_PRINTED:
            self.kept.append(text[: KEEP_PRINTED - self.size])
        self.size += len(text)
        self.lines += text.count("\n")
        if self.size > self.limit:
            raise OutputFlood()
        return len(text)

    def text(self) -> str:
        return "".join(self.kept)


def serve() -> None:
    """Entry point of the checking process: numpy first, then one job from stdin."""
    protocol = os.dup(1)
    try:
        import numpy  # noqa: F401 — imported before the job arrives: a warm process answers faster

        job = json.loads(sys.stdin.buffer.read())
        _quiet_descriptors()
        Runner(job, protocol).run()
    except BaseException as error:  # noqa: BLE001 — the runner's own failure, reported, never printed
        _send(
            protocol,
            {
                "event": "verdict",
                "code": "internal",
                "message": "".join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:],
            },
        )
    finally:
        os._exit(0)  # skip the student's atexit handlers and threads


def _quiet_descriptors() -> None:
    """Standard input, output and error become the null device: C-level writes go nowhere."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _send(fd: int, message: dict) -> None:
    data = (json.dumps(message, default=_plain) + "\n").encode()
    while data:
        data = data[os.write(fd, data) :]


def _plain(value: object) -> object:
    """numpy scalars and arrays as JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


class Runner:
    def __init__(self, job: dict, protocol: int) -> None:
        self.job = job
        self.protocol = protocol
        self.student = os.path.realpath(job["student"])
        self.workspace = os.path.realpath(job["workspace"])
        self.capture = Capture(job.get("output_limit", 100_000))
        self.reserve: bytearray | None = None

    def send(self, message: dict) -> None:
        _send(self.protocol, message)

    def verdict(self, code: str, **details: object) -> None:
        printed = self.capture.text()
        self.send({"event": "verdict", "code": code, "printed": printed, "printed_size": self.capture.size, **details})

    def run(self) -> None:
        import numpy as np

        self.np = np
        np.seterr(all="ignore")
        try:
            prepared = self.prepare()
        except Exception as error:  # noqa: BLE001 — a wrong course, not the student's fault
            self.verdict("reference_error", message=f"{type(error).__name__}: {error}")
            return
        self.send({"event": "ready"})
        sys.dont_write_bytecode = True
        sys.pycache_prefix = os.path.join(self.workspace, ".no-pycache-here")  # never read a stale .pyc
        sys.path.append(self.workspace)  # after the standard library: `from conv2d import conv2d`
        sys.stdout = sys.stderr = self.capture
        self.limit()
        self.reserve = bytearray(RESERVE)
        self.arm(self.job["time_limit"])
        try:
            self.attempt(prepared)
        finally:
            self.arm(0)

    def prepare(self) -> list:
        """Every case's arguments and the reference's answer, computed before the student's code runs."""
        prepared = []
        for check_index, check in enumerate(self.job["checks"]):
            reference = self.load_reference(check["reference"])
            for case_index, case in enumerate(check["cases"]):
                expected = reference(**self.arguments(case))
                prepared.append((check_index, case_index, check, case, expected))
        return prepared

    def load_reference(self, name: str):
        location, _, function = name.rpartition(":")
        if location.endswith(".py"):
            path = os.path.join(self.job["exercises_dir"], location)
            spec = importlib.util.spec_from_file_location(f"_reference_{len(sys.modules)}", path)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot load {path}")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(location)
        return getattr(module, function)

    def arguments(self, case: dict) -> dict:
        """The case's arguments, drawn afresh from its seed (the same numbers every time)."""
        np = self.np
        rng = np.random.default_rng(case["seed"])
        args = {}
        for arg in case["args"]:
            kind, shape, params = arg["kind"], tuple(arg["shape"]), dict(arg["params"])
            if kind == "value":
                value = arg["value"]
            elif kind == "array":
                value = np.array(arg["value"], dtype=np.float64)
            elif kind == "rng":
                value = np.random.default_rng(arg["value"])
            elif kind == "normal":
                value = rng.normal(params.get("mean", 0.0), params.get("std", 1.0), size=shape)
            elif kind == "uniform":
                value = rng.uniform(params.get("low", 0.0), params.get("high", 1.0), size=shape)
            elif kind == "integers":
                value = rng.integers(int(params.get("low", 0)), int(params.get("high", 10)), size=shape)
            elif kind == "zeros":
                value = np.zeros(shape)
            elif kind == "ones":
                value = np.ones(shape)
            else:
                raise ValueError(f"unknown argument kind {kind!r}")
            args[arg["name"]] = value
        return args

    def limit(self) -> None:
        """Memory (address space above what is used now), file size, CPU time and core files, where the OS allows."""
        try:
            import resource
        except ImportError:  # not POSIX: the checker's wall-clock limit still applies
            return
        budget = self.job["memory_limit"] * 1024 * 1024
        used = _address_space()
        for name, value in (
            ("RLIMIT_AS", used + budget if used else None),
            ("RLIMIT_FSIZE", FILE_SIZE_LIMIT),
            ("RLIMIT_CORE", 0),
            ("RLIMIT_CPU", int(_cpu_seconds() + self.job["time_limit"]) + 3),
        ):
            limit = getattr(resource, name, None)
            if limit is None or value is None:
                continue
            try:
                resource.setrlimit(limit, (value, value))
            except (ValueError, OSError):
                pass
        if hasattr(signal, "SIGXFSZ"):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too large file is an OSError, not a kill

    def arm(self, seconds: float) -> None:
        """Raise TimeUp in the student's code after `seconds` (0 disarms)."""
        if hasattr(signal, "setitimer"):
            signal.signal(signal.SIGALRM, _time_up)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        # elsewhere the checker's wall-clock limit ends the process

    def attempt(self, prepared: list) -> None:
        try:
            module = self.import_student()
        except SyntaxError as error:
            self.syntax_error(error)
            return
        except BaseException as error:  # noqa: BLE001 — whatever the student's module does at import
            self.failure(error, None)
            return
        where: dict = {}
        try:
            self.cases(module, prepared, where)
        except (TimeUp, OutputFlood, MemoryError) as error:  # between two calls, or judging a huge result
            self.failure(error, where or None)

    def cases(self, module, prepared: list, where: dict) -> None:
        total = 0
        for check_index, case_index, check, case, expected in prepared:
            function = getattr(module, check["function"], None)
            if function is None or not callable(function):
                self.verdict("missing_function", function=check["function"])
                return
            self.send({"event": "case", "check": check_index, "case": case_index})
            where.update(check=check_index, case=case_index, function=check["function"])
            args = self.arguments(case)
            originals = {name: value.copy() for name, value in args.items() if isinstance(value, self.np.ndarray)}
            try:
                result = function(**args)
            except BaseException as error:  # noqa: BLE001
                self.failure(error, where)
                return
            if self.judge(result, expected, check, args, originals, where):
                return
            total += 1
        self.verdict("passed", cases=total)

    def import_student(self):
        name = os.path.splitext(os.path.basename(self.student))[0]
        with open(self.student, "rb") as stream:
            source = stream.read()
        code = compile(source, self.student, "exec", dont_inherit=True)
        module = importlib.util.module_from_spec(
            importlib.util.spec_from_loader(name, loader=None, origin=self.student)
        )
        module.__file__ = self.student
        sys.modules[name] = module
        exec(code, module.__dict__)  # noqa: S102 — the student's file, in the checking process made for it
        return module

    def syntax_error(self, error: SyntaxError) -> None:
        self.reserve = None
        path = os.path.realpath(error.filename) if error.filename else self.student
        self.verdict(
            "syntax",
            message=error.msg,
            line=error.lineno,
            column=error.offset,
            text=(error.text or "").rstrip("\n")[:200],
            file=self._relative(path),
        )

    def failure(self, error: BaseException, where: dict | None) -> None:
        self.reserve = None  # room to report a MemoryError
        frame = self.student_frame(error)
        place = dict(where or {})
        if frame is not None:
            place.update(file=self._relative(frame[0]), line=frame[1], text=frame[2])
        if isinstance(error, SyntaxError):  # in a module the student's code imports
            self.syntax_error(error)
        elif isinstance(error, TimeUp):
            self.verdict("timeout", limit=self.job["time_limit"], **place)
        elif isinstance(error, OutputFlood):
            self.verdict("output_flood", limit=self.capture.limit, lines=self.capture.lines, **place)
        elif isinstance(error, MemoryError):
            self.verdict("memory", limit=self.job["memory_limit"], message=str(error)[:300], **place)
        elif isinstance(error, SystemExit):
            self.verdict("exit", status=repr(error.code)[:100], **place)
        elif isinstance(error, NotImplementedError) and frame is not None:
            self.verdict("not_started", **place)
        elif isinstance(error, TypeError) and frame is None and where is not None:
            self.verdict("signature", message=str(error)[:300], **place)
        else:
            self.verdict("exception", type=type(error).__name__, message=str(error)[:500], **place)

    def student_frame(self, error: BaseException) -> tuple[str, int, str] | None:
        """The deepest frame of the traceback in a file of the workspace: (path, line, source line)."""
        found = None
        for summary in traceback.extract_tb(error.__traceback__):
            path = os.path.realpath(summary.filename) if summary.filename else ""
            if path.startswith(self.workspace + os.sep) and summary.lineno is not None:
                found = (path, summary.lineno, (linecache.getline(path, summary.lineno) or "").strip()[:200])
        return found

    def _relative(self, path: str) -> str:
        return (
            os.path.relpath(path, self.workspace)
            if path.startswith(self.workspace + os.sep)
            else os.path.basename(path)
        )

    def judge(self, result, expected, check: dict, args: dict, originals: dict, where: dict) -> bool:
        """Send the verdict and return True when the result is wrong (or an input was changed)."""
        np = self.np
        for name, original in originals.items():
            current = args[name]
            if (
                not isinstance(current, np.ndarray)
                or current.shape != original.shape
                or not np.array_equal(current, original, equal_nan=True)
            ):
                self.verdict("mutated_input", argument=name, **where)
                return True
        names = check["outputs"]
        if names:
            if not isinstance(result, (tuple, list)) or len(result) != len(names):
                self.verdict("wrong_type", expected=f"tuple:{len(names)}", got=_describe(result), **where)
                return True
            pairs = list(zip(names, result, expected))
        else:
            pairs = [(None, result, expected)]
        for name, got, want in pairs:
            if self.compare(name, got, want, check, args, where):
                return True
        return False

    def compare(self, name, got, want, check: dict, args: dict, where: dict) -> bool:
        np = self.np
        want = np.asarray(want)
        if isinstance(got, (tuple, list)) and want.ndim == 0:
            self.verdict("wrong_type", output=name, expected="number", got=_describe(got), **where)
            return True
        try:
            array = np.asarray(got)
        except Exception:  # noqa: BLE001 — e.g. a ragged list
            array = None
        if got is None or array is None or array.dtype.kind not in "biuf":
            self.verdict(
                "wrong_type", output=name, expected="number" if want.ndim == 0 else "array", got=_describe(got), **where
            )
            return True
        if array.shape != want.shape:
            self.verdict("wrong_shape", output=name, expected=list(want.shape), got=list(array.shape), **where)
            return True
        got_values = array.astype(np.float64)
        want_values = want.astype(np.float64)
        close = np.isclose(got_values, want_values, rtol=check["rtol"], atol=check["atol"])
        if close.all():
            return False
        wrong = ~close
        index = tuple(int(i) for i in np.argwhere(wrong)[0])
        difference = np.abs(got_values - want_values)
        at_index = {
            key: float(value[index])
            for key, value in args.items()
            if isinstance(value, np.ndarray) and value.shape == want.shape
        }
        self.verdict(
            "wrong_value",
            output=name,
            index=list(index),
            expected=float(want_values[index]),
            got=float(got_values[index]),
            count=int(wrong.sum()),
            total=int(wrong.size),
            max_error=float(np.nanmax(np.where(np.isfinite(difference), difference, np.nan)))
            if np.isfinite(difference).any()
            else None,
            not_finite=bool((~np.isfinite(got_values)).any()),
            dtype=str(array.dtype),
            factor=_common_factor(np, got_values, want_values),
            inputs=at_index,
            **where,
        )
        return True


def _time_up(signum, frame) -> None:
    raise TimeUp()


def _address_space() -> int | None:
    """Bytes of address space this process uses now (Linux), else None."""
    try:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _describe(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}:{len(value)}"
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"array:{list(shape)}"
    return type(value).__name__


def _common_factor(np, got, want) -> float | None:
    """k when every value is k times the expected one (k ≠ 1): a forgotten scale, a wrong constant."""
    mask = np.abs(want) > 1e-9
    if mask.sum() < 2 or not np.isfinite(got).all():
        return None
    ratios = got[mask] / want[mask]
    k = float(np.median(ratios))
    if (
        math.isfinite(k)
        and abs(k - 1) > 1e-6
        and np.allclose(ratios, k, rtol=1e-6)
        and np.allclose(got[~mask], 0, atol=1e-9)
    ):
        return k
    return None
