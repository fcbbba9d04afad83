"""Measure the tutor beside a bare Textual app: `python benchmarks/run.py [--quick]`.

Prints a table and writes benchmarks/results.json. Every figure is the median of several runs
with min and max; comparisons are ratios of the two programs measured side by side in this run.
Targets are reported as met or missed; the exit status is 0 either way (timings on a shared
machine are noisy): it is non-zero only when the harness itself fails.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import compute, progress, search, sessions  # noqa: E402
from benchmarks.report import Report  # noqa: E402
from benchmarks.script import bytes_script, simulation_plan  # noqa: E402
from benchmarks.stats import differences, ratios, summary  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
SECTIONS = (
    "startup",
    "served",
    "navigation",
    "simulations",
    "bytes",
    "compute",
    "course",
    "search",
    "progress",
    "idle",
    "exercises",
)
IDLE_SECONDS = 60.0
QUICK_BYTES_KEYS = 4
"""Keys of the bytes script --quick types (the full run types all 30): enter, then n three times."""


def measure_startup(report: Report, runs: int) -> None:
    sessions.startup_pair()  # warm-up, not counted: fills the page cache for both
    pairs = [sessions.startup_pair() for _ in range(runs)]
    tutor, bare = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    report.add_samples("startup.tutor", "start-up to first screen: cnn-tutor", "ms", tutor)
    report.add_samples("startup.bare", "start-up to first screen: bare Textual app", "ms", bare)
    report.add("startup.ratio", "start-up ratio tutor / bare", "×", ratios(tutor, bare), ("median", "<=", 1.3))


def measure_served(report: Report, runs: int) -> None:
    from benchmarks import served

    reason = served.unavailable()
    if reason is not None:
        print(f"served start-up not measured: {reason}", file=sys.stderr)
        return
    report.add_samples(
        "served.startup",
        "page request to course map drawn: cnn-tutor serve, Chromium",
        "ms",
        served.served_startup(runs),
        note="navigation start → first xterm.js frame with the whole course map; includes the page and textual.js, "
        "the websocket, starting the tab's tutor process and its first frame",
    )


QUICK_LESSONS = 4
"""Lessons --quick walks with n and p back (the full run walks them all): every step runs, with far fewer keys."""


def measure_navigation(report: Report, runs: int, lessons: int, quick: bool) -> None:
    shown, settled, tutor_rss, bare_rss = [], [], [], []
    for _ in range(runs):
        keys, rss = sessions.navigation_run(lessons, QUICK_LESSONS if quick else None)
        shown += [key[0] for key in keys]
        settled += [key[1] for key in keys]
        tutor_rss.append(rss)
        bare_rss.append(sessions.bare_rss(len(keys)))
    walked = f"the first {QUICK_LESSONS} lessons" if quick else "every lesson"
    report.add_samples(
        "navigation.keys",
        f"key n/p to the new lesson shown, {walked}",
        "ms",
        shown,
        ("p95", "<", 50.0),
        note="key written → end of the frame showing the new lesson header (the first screen of the lesson is drawn in one frame)",
    )
    report.add_samples(
        "navigation.settled",
        "key n/p to the last byte of its repaints",
        "ms",
        settled,
        note="key written → last byte before 0.2 s of quiet (later frames repaint what is already shown, or a chart computed in a thread)",
    )
    report.add_samples("memory.tutor", f"peak RSS after {walked}: cnn-tutor", "MiB", tutor_rss)
    report.add_samples("memory.bare", "peak RSS: bare Textual app", "MiB", bare_rss)
    report.add(
        "memory.difference", "peak RSS tutor − bare", "MiB", differences(tutor_rss, bare_rss), ("median", "<=", 40.0)
    )


def measure_simulations(report: Report, runs: int, course, quick: bool) -> None:
    plan = simulation_plan(course, quick)
    if not plan:
        print("no simulation widget is installed yet: simulation actions not measured", file=sys.stderr)
        return
    by_widget: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, times in sessions.simulation_run(plan, len(course.modules[0].lessons)).items():
            by_widget.setdefault(name, []).extend(times)
    note = "key written → last byte of the repaint (quiet for 0.2 s after)"
    for name, times in by_widget.items():
        report.add_samples(f"simulation.{name}", f"simulation action: {name}", "ms", times, ("p95", "<", 100.0), note)
    every = [time for times in by_widget.values() for time in times]
    report.add_samples("simulation.all", "simulation action: all", "ms", every, ("p95", "<", 100.0), note)


def measure_bytes(report: Report, runs: int, course, quick: bool) -> None:
    script = bytes_script(course)[: QUICK_BYTES_KEYS if quick else None]
    for depth, term in sessions.TERMS.items():
        counts: dict[str, list[int]] = {"tutor": [], "whole": [], "bare": []}
        through_ssh: dict[str, list[int]] = {"tutor": [], "whole": [], "bare": []}
        systems = set()
        for _ in range(runs):
            for program in counts:
                keys = [sessions.BARE_KEY] * len(script) if program == "bare" else script
                written, system, compressed = sessions.bytes_run(program, keys, term)
                counts[program].append(written)
                through_ssh[program].append(compressed)
                systems.add(f"{program}: {system}")
        note = f"TERM={term}, COLORTERM unset; colours used: {', '.join(sorted(systems))}"
        label = f"start-up + {len(script)} keys, {depth} colours"
        tutor, whole, bare = counts["tutor"], counts["whole"], counts["bare"]
        report.add_samples(f"bytes.{depth}.tutor", f"bytes for {label}: cnn-tutor", "bytes", tutor, note=note)
        report.add_samples(f"bytes.{depth}.bare", f"bytes for {label}: bare app, full repaints", "bytes", bare)
        report.add(
            f"bytes.{depth}.ratio",
            f"bytes ratio tutor / bare, {depth} colours",
            "×",
            ratios(tutor, bare),
            ("median", "<=", 1.0),
        )
        report.add_samples(
            f"bytes.{depth}.whole", f"bytes for {label}: cnn-tutor without its cell diff", "bytes", whole
        )
        report.add(
            f"bytes.{depth}.diff",
            f"bytes without / with the cell diff (paired A/B), {depth} colours",
            "×",
            ratios(whole, tutor),
            note="the same tutor and keys: Textual's frames as they are against only the changed cells",
        )
        ssh = "zlib level 6 flushed after every read, about what OpenSSH's Compression sends"
        for program, text in (("tutor", "cnn-tutor"), ("whole", "cnn-tutor without its cell diff")):
            report.add_samples(
                f"bytes.{depth}.{program}.ssh",
                f"bytes for {label} through ssh -C: {text}",
                "bytes",
                through_ssh[program],
                note=ssh,
            )


def measure_compute(report: Report, runs: int) -> None:
    for widget, settings, work in compute.simulation_cases():
        report.add_samples(
            f"compute.{widget}.{settings}",
            f"compute {widget}: {settings}",
            "ms",
            compute.time_calls(work, runs),
            ("median", "<", 50.0),
        )


def measure_course(report: Report, runs: int) -> None:
    report.add_samples(
        "course.load", "load and validate the course", "ms", compute.course_load(runs), ("median", "<", 30.0)
    )
    cold = [compute.course_load_cold() for _ in range(runs)]
    report.add_samples("course.load_cold", "import the loader and load the course (new Python)", "ms", cold)


def measure_search(report: Report, runs: int, course) -> None:
    count = len(search.queries("fr")) + len(search.queries("en"))
    report.add_samples(
        "search.answer",
        "search the whole course as typed: matches and their contexts",
        "ms",
        search.answer_times(course, runs),
        ("max", "<", 20.0),
        note=f"{count} queries, every prefix of words typed in French and English (each the median of its runs)",
    )
    report.add_samples(
        "search.index",
        "build one language's search index (first /, never at start-up)",
        "ms",
        search.index_times(course, runs),
    )


def measure_progress(report: Report, runs: int, course) -> None:
    note = "an attempt or a card review, waited for until on disk: lock, rows read and written, commit"
    samples = {(size, flush): [] for size in progress.HISTORIES for flush in (True, False)}
    opened = {size: [] for size in progress.HISTORIES}
    for _ in range(runs):
        for flush in (True, False):
            times, open_ms = progress.change_costs(course, changes=40, flush=flush)
            for size in progress.HISTORIES:
                samples[size, flush] += times[size]
                opened[size].append(open_ms[size])
    for size in progress.HISTORIES:
        target = ("median", "<", 5.0) if size == progress.HISTORIES[-1] else None
        label = f"one progress change, history of {size:,} attempts and reviews"
        report.add(f"progress.change.{size}", label, "ms", summary(samples[size, True], digits=2), target, note)
        report.add(
            f"progress.work.{size}",
            f"{label}, without the disk flush",
            "ms",
            summary(samples[size, False], digits=2),
            note="the store's own work: what could grow with the history",
        )
        report.add(
            f"progress.open.{size}",
            f"open the progress store, history of {size:,}",
            "ms",
            summary(opened[size], digits=2),
        )
    largest, smallest = progress.HISTORIES[-1], progress.HISTORIES[0]
    for key, flush in (("change", True), ("work", False)):
        ratio = statistics.median(samples[largest, flush]) / statistics.median(samples[smallest, flush])
        report.add(
            f"progress.flat.{key}",
            f"one change{'' if flush else ' without the flush'}: history {largest:,} / {smallest}",
            "×",
            summary([ratio], digits=2),
            ("median", "<", 2.0) if not flush else None,
            note="flat: the cost of a change does not grow with the history",
        )


def measure_idle(report: Report, quick: bool) -> None:
    seconds = 1.0 if quick else IDLE_SECONDS
    samples = sessions.idle_run(seconds, windows=6)
    note = f"{seconds:g} s in 6 windows, all three programs idle at the same time; CPU of every thread (schedstat)"
    labels = {
        "tutor": "cnn-tutor on its course map",
        "lesson": "cnn-tutor in lesson 4 (simulations)",
        "bare": "bare Textual app",
    }
    for name, label in labels.items():
        report.add_samples(f"idle.{name}", f"idle CPU: {label}", "ms/min", [cpu for cpu, _ in samples[name]], note=note)
        report.add_samples(
            f"idle.{name}.wakeups", f"idle wake-ups: {label}", "/s", [wakeups for _, wakeups in samples[name]]
        )
    for name in ("tutor", "lesson"):
        tutor, bare = [cpu for cpu, _ in samples[name]], [cpu for cpu, _ in samples["bare"]]
        report.add(
            f"idle.{name}.difference",
            f"idle CPU {labels[name]} − bare",
            "ms/min",
            differences(tutor, bare),
            ("median", "<=", 0.0),
        )


def measure_exercises(report: Report, runs: int) -> None:
    from benchmarks import exercises

    report.add_samples(
        "exercises.command",
        "cnn-tutor exercise ID: start to feedback printed",
        "ms",
        exercises.command(runs),
        ("median", "<", 1000.0),
        note="a new process: the course from the cache, a new checking Python, a wrong answer's feedback",
    )
    report.add_samples(
        "exercises.check", "one check, checking Python started for it", "ms", exercises.check(runs, warm=False)
    )
    report.add_samples(
        "exercises.check_warm",
        "one check, checking Python started ahead (watch mode)",
        "ms",
        exercises.check(runs, warm=True),
        ("median", "<", 1000.0),
    )


def metadata(args: argparse.Namespace, elapsed: float) -> dict:
    import textual

    return {
        "python": platform.python_version(),
        "textual": textual.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "quick": args.quick,
        "terminal": "80×24 pseudo-terminal",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(elapsed, 1),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 run each and shorter scripts (for CI)")
    parser.add_argument("--runs", type=int, help="runs per figure (default: 5, or 1 with --quick)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="measure only these sections")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results (JSON)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    return args


def compile_bytecode() -> None:
    """Compile the tutor and the bare app to bytecode, as installing a package does.

    Textual's modules were compiled when it was installed. Without this, under
    PYTHONDONTWRITEBYTECODE every start of the tutor would compile the ~40 modules it imports
    (~20 ms), which no installed copy does.
    """
    for package in ("tutor", "benchmarks"):
        compileall.compile_dir(sessions.ROOT / package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    compile_bytecode()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the tutor runs its simulations
    os.environ["CNN_TUTOR_STUDENT"] = ""  # each run is a first start: no name question over what is measured
    from tutor.content.loader import load_course
    from tutor.system.paths import bundled_lessons

    course = load_course(bundled_lessons())
    lessons = len(course.modules[0].lessons)
    started = time.perf_counter()
    report = Report()
    steps = {
        "startup": lambda: measure_startup(report, args.runs),
        "served": lambda: measure_served(report, args.runs),
        "navigation": lambda: measure_navigation(report, args.runs, lessons, args.quick),
        "simulations": lambda: measure_simulations(report, args.runs, course, args.quick),
        "bytes": lambda: measure_bytes(report, args.runs, course, args.quick),
        "compute": lambda: measure_compute(report, args.runs),
        "course": lambda: measure_course(report, args.runs),
        "search": lambda: measure_search(report, args.runs, course),
        "progress": lambda: measure_progress(report, args.runs, course),
        "idle": lambda: measure_idle(report, args.quick),
        "exercises": lambda: measure_exercises(report, args.runs),
    }
    for section in args.only or SECTIONS:
        print(f"measuring {section} …", file=sys.stderr, flush=True)
        steps[section]()
    results = {"meta": metadata(args, time.perf_counter() - started), "figures": report.as_json()}
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report.table())
    missed = report.missed()
    print(f"\ntargets missed: {', '.join(missed)}" if missed else "\nevery target met")
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
