"""Issue 21's progress fields (hints shown in a quiz or in review, a review re-rated) keep the store's
guarantees: a file written before them reads as it is, they survive the file, a damaged one is
refused (never a crash), and a newer format is still refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.progress import ProgressStore
from tutor.progress import document as doc
from tutor.progress.document import InvalidDocument, NewerFormat

BEFORE_HINTS = {
    "format_version": 1,
    "modules": {
        "module3": {
            "quizzes": {
                "quiz": {
                    "attempts": [{"at": "2025-03-01T09:00:00+00:00", "answers": {"q1": 1}, "score": 1, "total": 2}],
                    "draft": {"answers": {"q2": 0}, "at": "2025-03-01T09:05:00+00:00"},
                }
            }
        }
    },
    "questions": {"q1": {"history": [{"at": "2025-03-01T09:00:00+00:00", "option": 1, "correct": True}]}},
    "cards": {},
}


def test_a_file_written_before_hints_reads_as_it_is() -> None:
    document = doc.parse(json.dumps(BEFORE_HINTS).encode())
    assert document == BEFORE_HINTS
    assert doc.draft(document, "module3", "quiz") == {"q2": 0} and doc.draft_hints(document, "module3", "quiz") == []
    assert doc.review_logs(document) == {}


def test_hints_and_a_hinted_answer_survive_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.keep_draft("module3", "quiz", {}, hints=["q1"])  # a hint read, nothing answered yet: kept
    store.close()
    assert ProgressStore(path).draft_hints("module3", "quiz") == ["q1"]
    store = ProgressStore(path)
    store.record_attempt("module3", "quiz", {"q1": 1, "q2": 0}, 1, 2, correct={"q1"}, hints={"q1"})
    store.record_answer("q2", 0, True, hint=True)
    store.close()
    reopened = ProgressStore(path)
    assert reopened.draft_hints("module3", "quiz") == []  # checked: the draft is gone
    assert reopened.attempts("module3", "quiz")[-1]["hints"] == ["q1"]
    document = reopened.snapshot()
    assert [entry.get("hint") for entry in doc.history(document, "q1")] == [True]
    assert [entry.get("hint") for entry in doc.history(document, "q2")] == [None, True]


@pytest.mark.parametrize(
    ("where", "value"),
    [("draft", 5), ("draft", [1, 2]), ("attempt", "q1"), ("attempt", [None]), ("answer", "yes")],
)
def test_a_damaged_hint_field_is_refused_never_a_crash(where: str, value: object) -> None:
    document = json.loads(json.dumps(BEFORE_HINTS))
    quiz = document["modules"]["module3"]["quizzes"]["quiz"]
    if where == "draft":
        quiz["draft"]["hints"] = value
    elif where == "attempt":
        quiz["attempts"][0]["hints"] = value
    else:
        document["questions"]["q1"]["history"][0]["hint"] = value
    with pytest.raises(InvalidDocument):
        doc.parse(json.dumps(document).encode())


def test_a_newer_format_with_hints_is_still_refused() -> None:
    document = {**BEFORE_HINTS, "format_version": doc.FORMAT_VERSION + 1}
    with pytest.raises(NewerFormat):
        doc.parse(json.dumps(document).encode())


def test_hints_merge_between_sessions_and_a_check_forgets_only_its_own(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    first, second = ProgressStore(path), ProgressStore(path)
    first.keep_draft("module3", "quiz", {"q1": 1}, hints=["q1"])
    second.keep_draft("module3", "quiz", {"q3": 0}, hints=["q3"])  # another session, another question
    first.close()
    second.close()
    store = ProgressStore(path)
    assert sorted(store.draft_hints("module3", "quiz")) == ["q1", "q3"]
    assert store.draft("module3", "quiz") == {"q1": 1, "q3": 0}
    store.record_attempt("module3", "quiz", {"q1": 1}, 1, 4, correct={"q1"}, hints={"q1"})
    store.close()
    reopened = ProgressStore(path)
    assert reopened.draft_hints("module3", "quiz") == ["q3"] and reopened.draft("module3", "quiz") == {"q3": 0}
