"""The hanging indent of lesson rows and quiz questions: a label, then text wrapped under itself."""

from __future__ import annotations

from hypothesis import given, strategies as st
from rich.console import Console
from rich.text import Text

from tutor.widgets.chrome.hanging import hanging_lines

CONSOLE = Console(width=200)
WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzé●→", min_size=1, max_size=12), min_size=1, max_size=30)


@given(words=WORDS, label=st.sampled_from(["1. ", "✓ ● 12) ", "·  3. "]), width=st.integers(12, 90))
def test_lines_fit_start_with_the_label_then_its_indent_and_keep_every_word(
    words: list[str], label: str, width: int
) -> None:
    lines = hanging_lines(Text(label), Text(" ".join(words)), width, CONSOLE)
    indent = Text(label).cell_len
    assert lines[0].plain.startswith(label)
    assert all(line.plain.startswith(" " * indent) for line in lines[1:])
    assert all(line.cell_len <= width for line in lines)
    shown = " ".join(line.plain[indent:].strip() for line in lines).split()
    long_words = any(Text(word).cell_len > width - indent for word in words)
    assert shown == words or long_words  # a word longer than the column is cut with an ellipsis


def test_styles_of_the_label_and_the_text_are_kept() -> None:
    label = Text.assemble(("✓", "green"), " 1. ")
    text = Text("Batch ")
    text.append("normalisation", "bold")
    first = hanging_lines(label, text, 40, CONSOLE)[0]
    assert first.plain == "✓ 1. Batch normalisation"
    styled = {first.plain[span.start : span.end]: str(span.style) for span in first.spans}
    assert styled == {"✓": "green", "normalisation": "bold"}
