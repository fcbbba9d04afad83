"""The class report: the progress stores of a class, read at once for their instructor."""
