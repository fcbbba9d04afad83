"""The JupyterHub (or any Jupyter server's) launcher entry: "CNN tutor" opens the tutor in a browser tab.

jupyter-server-proxy finds this through the `jupyter_serverproxy_servers` entry point of the package,
in the environment the Jupyter server runs in. It starts `cnn-tutor serve` as the user who owns that
Jupyter server (on a JupyterHub: the student), so the tutor reads and writes that student's progress
file, and proxies it at `<server>/cnn-tutor/` behind Jupyter's own login. The tutor listens on a Unix
socket in a directory only that user can enter: no port that other users of the machine could reach.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

ICON = Path(__file__).resolve().parent / "icon.svg"
START_TIMEOUT = 30
"""Seconds the tutor's server has to answer its first request (a loaded lab machine is slow)."""


def setup_cnn_tutor() -> dict[str, Any]:
    """The server-process configuration jupyter-server-proxy asks for."""
    missing = [name for name in ("textual_serve", "aiohttp") if find_spec(name) is None]
    if missing:
        # jupyter-server-proxy logs this and shows no launcher entry, rather than one that cannot start.
        raise ImportError(
            f"cnn-tutor's browser mode needs the 'web' extra ({', '.join(missing)} missing): "
            "pip install 'cnn-tutor[web]'"
        )
    return {
        "command": [sys.executable, "-m", "tutor", "serve", "--unix-socket", "{unix_socket}"],
        "unix_socket": True,
        "timeout": START_TIMEOUT,
        "absolute_url": False,
        "new_browser_tab": True,
        "launcher_entry": {"enabled": True, "title": "CNN tutor", "icon_path": str(ICON)},
    }
