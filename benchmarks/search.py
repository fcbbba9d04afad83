"""Search over the whole course, as the `/` screen does it while the student types.

The screen searches again at each key: every prefix of the words typed is a query (the first
letters match almost everywhere, so they are the slow ones). One answer is the search over every
lesson's text in one language plus the one-line context of every match the screen lists (at most
`LISTED`). The index is built the first time `/` is pressed in a language, never at start-up.
"""

from __future__ import annotations

import time

TYPED = {
    "fr": (
        "régularisation",
        "regularisation l2",
        "batch norm",
        "l'entrainement",
        "convolution dilatee",
        "champ receptif",
    ),
    "en": ("regularisation", "weight decay", "batch norm", "training", "dilated convolution", "receptive field"),
}
"""What a student types, per language (accents left out in some, as students do)."""
CONTEXT_WIDTH = 72
"""The context's width on an 80-column screen (the dialogue's frame and padding taken off)."""


def queries(lang: str) -> list[str]:
    """Every query the screen runs while `TYPED[lang]` are typed: each one's prefixes, letter by letter."""
    return [text[:end] for text in TYPED[lang] for end in range(1, len(text) + 1) if text[:end].strip()]


def answer_times(course, runs: int) -> list[float]:
    """Milliseconds to answer each query of `queries` in both languages (the median of `runs` answers)."""
    from tutor.content.search import LISTED, index_for

    samples = []
    for lang in TYPED:
        index = index_for(course, lang)
        for query in queries(lang):
            times = []
            for _ in range(max(runs, 3)):
                started = time.perf_counter()
                found = index.search(query, LISTED)
                for hit in found.hits:
                    hit.context(CONTEXT_WIDTH)
                times.append((time.perf_counter() - started) * 1000)
            samples.append(sorted(times)[len(times) // 2])
    return samples


def index_times(course, runs: int) -> list[float]:
    """Milliseconds to build one language's index (what the first `/` costs, once)."""
    from tutor.content.search import SearchIndex

    samples = []
    for _ in range(runs):
        for lang in TYPED:
            started = time.perf_counter()
            SearchIndex(course, lang)
            samples.append((time.perf_counter() - started) * 1000)
    return samples
