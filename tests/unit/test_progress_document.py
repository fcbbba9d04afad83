"""The progress document, fuzzed: what parses is safe to read, cutting it into rows loses nothing, and a
change applied to the rows of its scope gives what it gives applied to the whole document."""

from __future__ import annotations

import copy
import json
import math
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tutor.progress import document as doc
from tutor.progress.document import InvalidDocument, NewerFormat
from tutor.progress.items import Change, apply_to_items, assemble, decompose

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ids = st.text(min_size=1, max_size=6)
times = st.text(max_size=12) | st.just("2025-03-01T09:40:00.000000+00:00")
leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6)
)
json_values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
options = st.integers(0, 999)
counts = st.integers(0, 1_000_000)


def obj(required: dict, optional: dict | None = None) -> st.SearchStrategy[dict]:
    """An object with these keys and a few unknown ones (which a newer version may have written)."""
    known = st.fixed_dictionaries(required, optional=optional or {})
    unknown = st.dictionaries(st.text(max_size=4).map(lambda key: f"x-{key}"), json_values, max_size=2)
    return st.tuples(known, unknown).map(lambda pair: {**pair[0], **pair[1]})


answers = st.dictionaries(ids, options, max_size=3)
attempt = obj({"at": times, "answers": answers, "score": counts, "total": counts}, {"duration": st.floats(0, 1e9)})
quiz = obj(
    {},
    {
        "attempts": st.lists(attempt, max_size=3),
        "best": obj({"score": counts, "total": counts, "at": times}),
        "draft": obj({"answers": answers, "at": times}, {"times": st.dictionaries(ids, times, max_size=3)}),
    },
)
module = obj(
    {},
    {
        "lessons": st.dictionaries(ids, obj({}, {"visited": times, "completed": times}), max_size=3),
        "position": obj({"lesson": ids, "scroll": st.floats(-1e9, 1e9), "at": times}),
        "quizzes": st.dictionaries(ids, quiz, max_size=2),
    },
)
answer = obj({"at": times, "option": options}, {"correct": st.booleans(), "module": ids, "quiz": ids})
card_values = st.fixed_dictionaries(
    {},
    optional={
        "card_id": st.integers(),
        "state": st.sampled_from([1, 2, 3, 0, 4, 99, True, "2", None, 2.0]),
        "step": st.sampled_from([None, -1, 0, 1, 5, 10**6, "1", 1.5]),
        "stability": st.none()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.sampled_from([0, 0.001, 36500, "x"]),
        "difficulty": st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([1, 10, "x"]),
        "due": times
        | st.sampled_from(["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "2025-03-03T09:40:00"]),
        "last_review": st.none() | times | st.sampled_from(["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00"]),
    },
)
check = obj(
    {
        "at": times,
        "passed": st.booleans(),
        "digest": st.text(max_size=4),
        "diagnosis": st.text(max_size=6),
        "duration": st.floats(0, 1e9),
    }
)
hint_levels = st.integers(0, 999)
exercise = obj(
    {},
    {
        "attempts": counts,
        "passes": counts,
        "first_passed": times,
        "last": check,
        "hints": hint_levels,
        "history": st.lists(check, max_size=3),
        "hints_read": st.lists(obj({"at": times, "level": hint_levels}), max_size=2),
    },
)
card = obj(
    {},
    {
        "card": card_values,
        "updated": times,
        "log": st.lists(st.dictionaries(st.text(max_size=4), json_values), max_size=2),
    },
)
documents = obj(
    {"format_version": st.just(1)},
    {
        "modules": st.dictionaries(ids, module, max_size=3),
        "questions": st.dictionaries(ids, obj({}, {"history": st.lists(answer, max_size=3)}), max_size=3),
        "cards": st.dictionaries(ids, card, max_size=3),
        "exercises": st.dictionaries(ids, exercise, max_size=3),
    },
)


def read_everything(document: dict) -> None:
    """Every read the tutor and the command line make, over every id in the document."""
    from tutor.review.deck import cards_of, deck_counts

    doc.last_position(document)
    for module_id, found in document.get("modules", {}).items():
        for lesson_id in found.get("lessons", {}):
            assert doc.lesson_state(document, module_id, lesson_id) in ("new", "visited", "completed")
        for quiz_id in found.get("quizzes", {}):
            doc.attempts(document, module_id, quiz_id)
            doc.best_score(document, module_id, quiz_id)
            doc.draft(document, module_id, quiz_id)
    for question_id in document.get("questions", {}):
        doc.history(document, question_id)
    statuses = doc.exercise_statuses(document)
    for exercise_id in document.get("exercises", {}):
        doc.exercise_checks(document, exercise_id)
        doc.hints_read(document, exercise_id)
        status = doc.exercise_status(document, exercise_id)
        assert status is None or (status == statuses[exercise_id] and status["attempts"] >= 0 <= status["hints"])
    question_ids = list(document.get("cards", {}))
    counts = deck_counts(cards_of(question_ids, lambda question_id: doc.card(document, question_id)), NOW)
    assert counts.recall is None or 0 <= counts.recall <= 1
    json.dumps(document, allow_nan=False)


NOW = datetime(2025, 3, 5, tzinfo=timezone.utc)


@SETTINGS
@given(documents)
def test_a_valid_document_survives_the_file_and_every_read(document: dict) -> None:
    assert doc.parse(doc.encode(document)) == document
    read_everything(document)


@SETTINGS
@given(documents)
def test_cut_into_rows_and_put_back_together_it_is_the_same_document(document: dict) -> None:
    items, appends = decompose(document)
    rebuilt = assemble(copy.deepcopy(items), copy.deepcopy(appends))
    assert json.dumps(rebuilt) == json.dumps(document)  # the same keys, in the same order
    assert len({path for path, _ in items}) == len(items)


def changes_for(document: dict) -> st.SearchStrategy[Change]:
    """Changes on ids of the document (and on new ones)."""
    modules = st.sampled_from(sorted(document.get("modules", {})) or ["m"]) | ids
    lessons = (
        st.sampled_from(
            sorted({lesson for found in document.get("modules", {}).values() for lesson in found.get("lessons", {})})
            or ["a"]
        )
        | ids
    )
    quizzes = (
        st.sampled_from(
            sorted({quiz for found in document.get("modules", {}).values() for quiz in found.get("quizzes", {})})
            or ["q"]
        )
        | ids
    )
    questions = st.sampled_from(sorted({*document.get("questions", {}), *document.get("cards", {})}) or ["x"]) | ids
    exercises = st.sampled_from(sorted(document.get("exercises", {})) or ["e"]) | ids
    at = st.sampled_from(
        ["2025-01-01T00:00:00.000000+00:00", "2025-03-01T09:40:00.000000+00:00", "2026-01-01T00:00:00.000000+00:00"]
    )
    new_attempt = st.fixed_dictionaries(
        {
            "at": at,
            "answers": st.dictionaries(questions, options, max_size=3),
            "score": st.integers(0, 3),
            "total": st.integers(3, 5),
        }
    )
    return st.one_of(
        st.tuples(st.sampled_from(["visit", "complete"]), st.tuples(modules, lessons, at)),
        st.tuples(st.just("place"), st.tuples(modules, lessons, st.floats(0, 1), at)),
        st.tuples(st.just("attempt"), st.tuples(modules, quizzes, new_attempt, st.none() | st.frozensets(questions))),
        st.tuples(
            st.just("draft"),
            st.tuples(modules, quizzes, st.dictionaries(questions, st.none() | options, max_size=2), at),
        ),
        st.tuples(st.just("answer"), st.tuples(questions, st.fixed_dictionaries({"at": at, "option": options}))),
        st.tuples(
            st.just("card"),
            st.tuples(questions, st.dictionaries(ids, st.integers()), st.none() | st.just({"rating": 3}), at),
        ),
        st.tuples(
            st.just("check"),
            st.tuples(
                exercises,
                st.fixed_dictionaries(
                    {
                        "at": at,
                        "passed": st.booleans(),
                        "digest": st.just("a" * 64),
                        "diagnosis": st.sampled_from(["passed", "syntax"]),
                        "duration": st.floats(0, 10),
                    }
                ),
            ),
        ),
        st.tuples(st.just("hint"), st.tuples(exercises, st.integers(1, 6), at)),
    ).map(lambda pair: Change(pair[0], pair[1]))


@SETTINGS
@given(st.data())
def test_a_change_applied_to_its_rows_gives_what_it_gives_to_the_whole_document(data: st.DataObject) -> None:
    document = data.draw(documents)
    for _ in range(data.draw(st.integers(1, 4))):
        change = data.draw(changes_for(document))
        whole = copy.deepcopy(document)
        change.apply(whole)
        items, appends = decompose(document)
        stored = dict(items)
        changed, added = apply_to_items(change, {path: stored[path] for path in change.scope() if path in stored})
        rows = dict(items)
        rows.update(changed)  # an item changed keeps its place; a new one comes last
        rebuilt = assemble(copy.deepcopy(list(rows.items())), copy.deepcopy(appends + added))
        assert json.dumps(rebuilt) == json.dumps(whole)
        document = whole


@SETTINGS
@given(
    json_values
    | st.dictionaries(
        st.sampled_from(["format_version", "modules", "questions", "cards", "exercises", "x"]), json_values
    )
)
def test_any_json_either_is_refused_or_is_safe_to_read(value: object) -> None:
    try:
        document = doc.parse(json.dumps(value).encode())
    except (InvalidDocument, NewerFormat):
        return
    read_everything(document)


@SETTINGS
@given(documents, st.data())
def test_a_damaged_value_either_is_refused_or_is_safe_to_read(document: dict, data: st.DataObject) -> None:
    """One value anywhere replaced by any other: what parses can be read."""
    paths = list(_paths(document))
    assume(paths)
    where = data.draw(st.sampled_from(paths))
    damaged = copy.deepcopy(document)
    node = damaged
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = data.draw(json_values | st.sampled_from([-1, 10**7, 1e300, -1e300, "", [], {}]))
    try:
        parsed = doc.parse(json.dumps(damaged).encode())
    except (InvalidDocument, NewerFormat):
        return
    read_everything(parsed)


def _paths(node: object, path: tuple = ()):
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, inner in items:
        yield (*path, key)
        yield from _paths(inner, (*path, key))


@pytest.mark.parametrize(
    "text",
    [
        b'{"format_version": 1, "x": NaN}',
        b'{"format_version": 1, "x": -Infinity}',
        b'{"format_version": 1, "x": 1e400}',
        b'{"format_version": 1, "x": ' + b"[" * 40 + b"]" * 40 + b"}",
    ],
)
def test_what_is_not_a_finite_shallow_json_document_is_refused(text: bytes) -> None:
    with pytest.raises(InvalidDocument):
        doc.parse(text)


zoned = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.sampled_from([timezone.utc])
).map(lambda when: when.isoformat())
plausible_cards = st.fixed_dictionaries(
    {
        "card_id": st.integers(0, 2**62),
        "state": st.sampled_from([1, 2, 3]),
        "step": st.none() | st.integers(0, 1000),
        "stability": st.floats(0.001, 36500),
        "difficulty": st.floats(1, 10),
        "due": zoned,
        "last_review": st.none() | zoned,
    }
)


@SETTINGS
@given(
    st.tuples(plausible_cards, card_values).map(lambda pair: {**pair[0], **pair[1]}) | plausible_cards,
    st.sampled_from([1, 2, 3, 4]),
)
def test_a_usable_card_can_be_reviewed_and_predicted(card: dict, rating: int) -> None:
    """What `usable_card` lets through never makes the scheduler, the deck or the review screen fail."""
    import fsrs

    from tutor.review.deck import due_of, is_learned, predicted_recall
    from tutor.review.scheduler import make_scheduler, review

    assume(doc.usable_card(card))
    recall = predicted_recall({"q": card}, NOW)
    assert recall is None or (0 <= recall <= 1 and not math.isnan(recall))
    stored, log = review(card, fsrs.Rating(rating), NOW, make_scheduler(enable_fuzzing=True), seconds=3.0)
    assert doc.usable_card(stored) and due_of(stored) is not None
    is_learned(card)


# A quiz's draft, merged question by question between sessions

STAMPS = [f"2025-03-01T09:{minute:02d}:00.000000+00:00" for minute in range(60)]


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(["q1", "q2", "q3"]), options), min_size=1, max_size=8).flatmap(
        lambda answers: st.tuples(st.just(answers), st.permutations(range(len(answers))))
    )
)
def test_draft_answers_merge_to_the_latest_per_question_whatever_the_order_of_writing(found: tuple) -> None:
    """Sessions write their answers in any order (a lock held, a slow disk): the latest answer to each question wins."""
    answers, order = found
    timed = [(STAMPS[minute], question, option) for minute, (question, option) in enumerate(answers)]
    document = doc.new_document()
    for index in order:
        at, question, option = timed[index]
        doc.keep_draft(document, "m", "quiz", {question: option}, at)
    latest = {question: option for _, question, option in timed}  # in time order: the last one of each stays
    assert doc.draft(document, "m", "quiz") == latest
    doc.check(document)
    assert document["modules"]["m"]["quizzes"]["quiz"]["draft"]["at"] == timed[-1][0]


def test_a_draft_of_an_earlier_version_is_merged_as_dated_from_its_time() -> None:
    document = doc.new_document()
    quiz = {"draft": {"answers": {"q1": 0, "q2": 1}, "at": STAMPS[10], "x-newer": True}}
    document["modules"] = {"m": {"quizzes": {"quiz": quiz}}}
    doc.keep_draft(document, "m", "quiz", {"q1": 3, "q3": 2}, STAMPS[5])  # older than the stored draft: ignored
    doc.keep_draft(document, "m", "quiz", {"q3": 2}, STAMPS[20])
    assert quiz["draft"]["answers"] == {"q1": 0, "q2": 1, "q3": 2} and quiz["draft"]["x-newer"] is True
    assert quiz["draft"]["times"] == {"q1": STAMPS[10], "q2": STAMPS[10], "q3": STAMPS[20]}
    doc.keep_draft(document, "m", "quiz", {"q1": None, "q2": None, "q3": None}, STAMPS[30])
    assert "draft" not in quiz  # every answer forgotten: no draft, as before


def test_a_checked_quiz_leaves_in_the_draft_only_what_it_did_not_check() -> None:
    """Another session's answer to a question this attempt left unanswered is still being worked on."""
    document = doc.new_document()
    doc.keep_draft(document, "m", "quiz", {"q1": 1}, STAMPS[1])
    doc.keep_draft(document, "m", "quiz", {"q2": 2}, STAMPS[2])
    doc.keep_draft(document, "m", "quiz", {"q3": 0}, STAMPS[9])  # chosen after the check below
    attempt = {"at": STAMPS[5], "answers": {"q1": 1, "q3": 1}, "score": 1, "total": 3}
    doc.add_attempt(document, "m", "quiz", attempt, None)
    assert doc.draft(document, "m", "quiz") == {"q2": 2, "q3": 0}
