"""The safe YAML loader: libyaml's C loader when it is installed, else PyYAML's pure-Python one (~10x slower)."""

from __future__ import annotations

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

__all__ = ["SafeLoader"]
