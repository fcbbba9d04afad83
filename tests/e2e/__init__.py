"""End-to-end tests: the command line in subprocesses, the tutor in a pty or in tmux, packaging, benchmarks."""
