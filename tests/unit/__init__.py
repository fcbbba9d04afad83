"""Plain tests: content, simulations, progress, review, text; no app."""
