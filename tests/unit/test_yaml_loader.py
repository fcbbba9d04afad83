"""The tutor's safe YAML loader resolves exactly the tags PyYAML's safe loader does, only faster."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tests.conftest import FIXTURE_COURSE, REAL_COURSE, ROOT
from tutor.system.yaml_loader import SafeLoader

PYYAML = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
FILES = sorted(
    path for top in (REAL_COURSE, FIXTURE_COURSE, ROOT / "tutor" / "text" / "locales") for path in top.rglob("*.y*ml")
)
PLAIN = [
    "", "~", "null", "Null", "NULL", "true", "yes", "No", "on", "OFF", "y", "n", ".nan", ".NaN", ".inf", "-.inf",
    "+.INF", "0x1F", "0o17", "0b101", "017", "1_000", "1:2:3", "190:20:30.15", "1e400", "1.5e3", "1.", ".5", "-0",
    "+1", "2.5", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "=", "<<", "-", "id", "text", "é", "9" * 30, "1,000",
]  # fmt: skip


def _described(node: Node) -> list[tuple]:
    """Every node of a tree, in order: its kind, tag, value, style and where it starts and ends."""
    out: list[tuple] = []
    stack = [node]
    while stack:
        each = stack.pop()
        start, end = each.start_mark, each.end_mark
        value = each.value if isinstance(each, ScalarNode) else None
        style = getattr(each, "style", None), getattr(each, "flow_style", None)
        out.append((type(each), each.tag, value, style, start.line, start.column, end.line, end.column))
        if isinstance(each, MappingNode):
            stack.extend(item for pair in reversed(each.value) for item in reversed(pair))
        elif isinstance(each, SequenceNode):
            stack.extend(reversed(each.value))
    return out


def test_the_files_compared_are_found() -> None:
    assert len(FILES) > 20


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_course_and_locale_file_composes_to_the_same_nodes(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert _described(yaml.compose(text, Loader=SafeLoader)) == _described(yaml.compose(text, Loader=PYYAML))


@pytest.mark.parametrize("value", PLAIN)
def test_plain_and_quoted_scalars_resolve_to_the_same_tags(value: str) -> None:
    ours, theirs = SafeLoader(""), PYYAML("")
    for implicit in ((True, False), (False, True), (False, False)):
        assert ours.resolve(ScalarNode, value, implicit) == theirs.resolve(ScalarNode, value, implicit)


@given(st.text(alphabet=st.sampled_from("0123456789+-._:eExXoObBaflsnNtTyYinfuUrR~ "), max_size=12))
def test_any_number_like_word_resolves_to_the_same_tag(value: str) -> None:
    assert SafeLoader("").resolve(ScalarNode, value, (True, False)) == PYYAML("").resolve(
        ScalarNode, value, (True, False)
    )


def test_lists_and_mappings_keep_their_tags() -> None:
    ours, theirs = SafeLoader(""), PYYAML("")
    for kind in (SequenceNode, MappingNode):
        assert ours.resolve(kind, None, True) == theirs.resolve(kind, None, True)


def test_the_safe_loader_has_no_path_resolvers_to_follow() -> None:
    # `SafeLoader` skips descending and ascending the tree, which only path resolvers need.
    assert not PYYAML.yaml_path_resolvers


def test_values_load_the_same() -> None:
    text = "a: [1, 2.5, .inf, yes, ~, '3', 2001-12-14, 0x1F, 1_000]\nb: {c: null}\n"
    assert yaml.load(text, Loader=SafeLoader) == yaml.load(text, Loader=PYYAML)
