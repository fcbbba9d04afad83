"""The test suite: unit (no app), ui (Pilot and snapshots), e2e (subprocess, pty, tmux), support."""
