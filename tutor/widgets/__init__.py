"""Widgets: they render the content model and post messages; they never read files or the store."""
