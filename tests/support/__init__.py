"""What the tests share: fakes, harnesses, a tmux terminal, screen helpers, reference implementations."""
