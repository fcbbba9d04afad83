"""The course: its immutable model, the YAML loader and validator, plain-text rendering, the cache."""
