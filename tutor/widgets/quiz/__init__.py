"""The quiz: a quiz view and one widget per question."""
