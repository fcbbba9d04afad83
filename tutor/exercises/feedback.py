"""What a check found, said to the student: one line that names the problem, then what helps fix it.

The first line is the diagnosis (a syntax error at a line, an exception at a line, a wrong
shape, the first wrong value with the expected and the computed one…); the lines after it give
the line of the student's file, the case with its arguments, the value of each input at the
wrong position, what the code printed, and Python that rebuilds the case's arguments. Text from
the student's file and output passes through the sanitiser before it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.content.model import Arg, Case, Check, Exercise
from tutor.exercises.checker import Result
from tutor.text.sanitise import visible

Say = Callable[..., str]

SHOWN_PRINTED_LINES = 12
SMALL_ARRAY = 12
"""Arrays of at most this many numbers are shown in full in a case's description."""
TUTOR_ERRORS = ("reference_error", "internal", "start_failed")


def number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def diagnosis(result: Result, exercise: Exercise, say: Say) -> str:
    """The one line that says what is wrong (or that everything is right)."""
    d = result.details
    code = result.code
    place = _place(d, say)
    function = d.get("function") or (exercise.checks[0].function if exercise.checks else "")
    if code == "passed":
        return say("exercises.passed", cases=d.get("cases", 0))
    if code == "not_started":
        if d.get("file") not in (None, exercise.file):
            return say("exercises.not_started_other", place=place, file=_text(d.get("file")))
        return say("exercises.not_started", function=function, place=place)
    if code == "syntax":
        place = say("exercises.place", file=_text(d.get("file", exercise.file)), line=d.get("line") or 1)
        return say("exercises.syntax", place=place, column=d.get("column") or 1, message=_text(d.get("message")))
    if code == "exception":
        key = "exercises.exception" if place else "exercises.exception_nowhere"
        return say(key, type=_text(d.get("type")), place=place, message=_text(d.get("message")) or "—")
    if code == "missing_function":
        return say("exercises.missing_function", file=exercise.file, function=_text(d.get("function")))
    if code == "signature":
        return say("exercises.signature", function=function, message=_text(d.get("message")))
    if code == "exit":
        return say("exercises.exit", status=_text(d.get("status")), place=place or exercise.file)
    if code == "timeout":
        if d.get("hard") or not place:
            return say("exercises.timeout_hard", limit=float(d.get("limit", exercise.time_limit)))
        return say("exercises.timeout", limit=float(d.get("limit", exercise.time_limit)), place=place)
    if code == "memory":
        return say("exercises.memory", limit=d.get("limit", exercise.memory_limit), place=place or exercise.file)
    if code == "output_flood":
        limit = f"{int(d.get('limit') or 0):,}".replace(",", "\u202f" if getattr(say, "lang", "en") == "fr" else ",")
        return say("exercises.output_flood", limit=limit, place=place or exercise.file)
    if code == "crashed":
        return say("exercises.crashed", signal=_text(d.get("signal")))
    if code == "ended":
        return say("exercises.ended")
    if code == "wrong_type":
        return say(
            "exercises.wrong_type", function=function, got=_got(d.get("got"), say), expected=_expected(d, exercise, say)
        )
    if code == "wrong_shape":
        return say(
            "exercises.wrong_shape",
            what=_what(d, function),
            expected=_shape(d.get("expected")),
            got=_shape(d.get("got")),
        )
    if code == "wrong_value":
        return say(
            "exercises.wrong_value",
            what=_what(d, function),
            index=_index(d.get("index")),
            expected=number(d.get("expected")),
            got=number(d.get("got")),
        )
    if code == "mutated_input":
        return say("exercises.mutated_input", function=function, argument=_text(d.get("argument")))
    if code == "missing_file":
        return say("exercises.missing_file", file=exercise.file, id=exercise.id)
    reason = (
        say("exercises.start_failed") if code == "start_failed" else _text(d.get("message", code)).splitlines()[-1:]
    )
    return say("exercises.tutor_error", reason=reason if isinstance(reason, str) else "".join(reason) or code)


def explain(result: Result, exercise: Exercise, say: Say, lang: str) -> list[str]:
    """The lines after the diagnosis: the source line, the case, the numbers, the printed output."""
    d = result.details
    lines: list[str] = []
    if d.get("text") and d.get("line"):
        lines.append(say("exercises.source_line", line=d["line"], text=_text(d["text"])))
        if result.code == "syntax" and d.get("column"):
            lines.append(" " * (9 + max(0, int(d["column"]) - 1)) + "^")
    if result.code == "memory" and d.get("message"):
        lines.append(say("exercises.memory_detail", message=_text(d["message"])))
    if result.code == "wrong_value":
        key = "exercises.differ_not_finite" if d.get("not_finite") else "exercises.differ"
        lines.append(say(key, count=d.get("count"), total=d.get("total"), error=number(d.get("max_error"))))
        if d.get("factor") is not None:
            lines.append(say("exercises.factor", factor=number(d["factor"])))
        if d.get("dtype") in ("float32", "float16"):
            lines.append(say("exercises.low_precision", dtype=d["dtype"]))
        for name, value in (d.get("inputs") or {}).items():
            lines.append(say("exercises.input_at", name=name, index=_index(d.get("index")), value=number(value)))
    located = _case(exercise, d) if result.code not in ("not_started", "syntax", "missing_function") else None
    if located is not None:
        check, case, index = located
        lines.append("")
        lines.extend(describe_case(check, case, index, say, lang))
        if result.code in ("wrong_value", "wrong_shape", "wrong_type", "exception", "mutated_input", "signature"):
            lines.append("")
            lines.append(say("exercises.reproduce"))
            lines.extend("    " + line for line in case_code(check, case))
    printed = d.get("printed") or ""
    if printed:
        shown = visible(printed, multiline=True).splitlines()
        lines.append("")
        lines.append(say("exercises.printed"))
        lines.extend("    " + line for line in shown[:SHOWN_PRINTED_LINES])
        if len(shown) > SHOWN_PRINTED_LINES or d.get("printed_size", 0) > len(printed):
            lines.append("    " + say("exercises.printed_more", size=d.get("printed_size", len(printed))))
    return lines


def report(result: Result, exercise: Exercise, say: Say, lang: str) -> list[str]:
    """The diagnosis and its explanation."""
    return [diagnosis(result, exercise, say), *explain(result, exercise, say, lang)]


def describe_case(check: Check, case: Case, index: int, say: Say, lang: str) -> list[str]:
    total = len(check.cases)
    if case.label is not None:
        head = say(
            "exercises.in_case", number=index + 1, total=total, function=check.function, label=case.label.get(lang)
        )
    else:
        head = say("exercises.in_case_unlabelled", number=index + 1, total=total, function=check.function)
    return [head, *(say("exercises.argument", name=arg.name, value=describe_arg(arg, case)) for arg in case.args)]


def describe_arg(arg: Arg, case: Case) -> str:
    if arg.kind == "value":
        return repr(arg.value)
    if arg.kind == "rng":
        return f"np.random.default_rng({arg.value})"
    if arg.kind == "array":
        return f"np.array({_nested(arg.value)})"
    shape = _shape(list(arg.shape))
    if arg.kind in ("zeros", "ones"):
        return f"np.{arg.kind}({shape})"
    values = ", ".join(f"{name}={number(arg.param(name))}" for name in _PARAMS[arg.kind])
    return f"{arg.kind}({values}, size={shape})"


_PARAMS = {"normal": ("mean", "std"), "uniform": ("low", "high"), "integers": ("low", "high")}


def case_code(check: Check, case: Case) -> list[str]:
    """Python that rebuilds the arguments of `case` exactly, then calls the student's function."""
    names = {arg.name for arg in case.args}
    generator = next(name for name in ("case_rng", "case_rng_", "case_rng__") if name not in names)
    lines = ["import numpy as np"]
    if any(arg.kind in _PARAMS for arg in case.args):
        lines.append(f"{generator} = np.random.default_rng({case.seed})")
    for arg in case.args:
        if arg.kind in _PARAMS:
            low, high = (arg.param(name) for name in _PARAMS[arg.kind])
            if arg.kind == "integers":
                low, high = int(low), int(high)
            value = f"{generator}.{arg.kind}({number(low)}, {number(high)}, size={_shape(list(arg.shape))})"
        else:
            value = describe_arg(arg, case)
        lines.append(f"{arg.name} = {value}")
    call = ", ".join(f"{arg.name}={arg.name}" for arg in case.args)
    lines.append(f"result = {check.function}({call})")
    return lines


def _case(exercise: Exercise, d: dict) -> tuple[Check, Case, int] | None:
    check_index, case_index = d.get("check"), d.get("case")
    if not isinstance(check_index, int) or not isinstance(case_index, int):
        return None
    if not 0 <= check_index < len(exercise.checks) or not 0 <= case_index < len(exercise.checks[check_index].cases):
        return None
    check = exercise.checks[check_index]
    return check, check.cases[case_index], case_index


def _place(d: dict, say: Say) -> str:
    if not d.get("line"):
        return ""
    key = "exercises.place_import" if d.get("check") is None and d.get("case") is None else "exercises.place"
    return say(key, file=_text(d.get("file", "?")), line=d["line"])


def _text(value: object) -> str:
    return visible(str(value)) if value is not None else ""


def _what(d: dict, function: str) -> str:
    return _text(d.get("output")) if d.get("output") else f"{function}(…)"


def _index(index: object) -> str:
    if not isinstance(index, list):
        return ""
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _shape(shape: object) -> str:
    if not isinstance(shape, list):
        return _text(shape)
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _got(text: object, say: Say) -> str:
    kind, _, rest = str(text).partition(":")
    if kind == "None":
        return say("exercises.got_none")
    if kind in ("tuple", "list"):
        return say("exercises.got_tuple", kind=kind, count=rest)
    if kind == "array":
        return say("exercises.got_array", shape=rest.replace("[", "(").replace("]", ")"))
    return say("exercises.got_other", kind=_text(kind))


def _expected(d: dict, exercise: Exercise, say: Say) -> str:
    expected = str(d.get("expected"))
    if expected.startswith("tuple:"):
        check = exercise.checks[d["check"]] if isinstance(d.get("check"), int) else None
        names = ", ".join(check.outputs) if check else ""
        return say("exercises.expected_tuple", count=expected.partition(":")[2], names=names)
    return say("exercises.expected_number" if expected == "number" else "exercises.expected_array")


def _nested(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_nested(item) for item in value) + "]"
    return number(value)
