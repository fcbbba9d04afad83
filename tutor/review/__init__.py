"""Spaced repetition: every quiz question answered becomes a card scheduled with FSRS.

`scheduler` rates answers and reviews cards (it imports the `fsrs` package); `deck` reads the
stored cards (which are due, how many are learned) and imports `fsrs` only to predict recall.
No module here imports Textual: the screens call these functions with the time they are given.
"""

SESSION_LIMIT = 20
"""Cards in one review session unless the student asks for another number."""
