"""Pilot and snapshot tests: the app driven in-process."""
