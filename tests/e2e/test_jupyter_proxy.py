"""The JupyterHub launcher entry: a real `jupyter server` with jupyter-server-proxy, on a local port with a
token, lists "CNN tutor" and proxies the tutor, which the headless browser opens through it.

Skipped where jupyter-server, jupyter-server-proxy, chromium or the `web` extra are missing
(`.ci/run` installs them all).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path

import pytest

from benchmarks.browser import Browser, have_browser
from tests.support.serving import Server, cnn_tutor, group_ends
from tests.conftest import real_lesson_count

DOWN, ENTER = "\ue015", "\ue007"


def _missing() -> str | None:
    for module, what in (
        ("jupyter_server", "jupyter-server"),
        ("jupyter_server_proxy", "jupyter-server-proxy"),
        ("textual_serve", "the web extra"),
    ):
        if find_spec(module) is None:
            return f"{what} is not installed (pip install -e '.[test]')"
    return have_browser()


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture
def jupyter(tmp_path: Path, clean_environment: Path) -> Iterator[tuple[Server, str, str]]:
    """A Jupyter server on a free local port, its configuration and runtime files under tmp_path."""
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={tmp_path}",
    ]
    server = Server(command, env=env, cwd=tmp_path)
    try:
        base = server.wait_for_line(r"(http://127\.0\.0\.1:\d+/)").group(1)
        answering(f"{base}api/status?token={token}")
        yield server, base, token
    finally:
        server.stop()


def answering(url: str, timeout: float = 60.0) -> None:
    """Wait until `url` answers (Jupyter prints its address a moment before it accepts connections)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_the_entry_point_is_declared() -> None:
    (entry,) = [entry for entry in entry_points(group="jupyter_serverproxy_servers") if entry.name == "cnn-tutor"]
    config = entry.load()()
    assert config["launcher_entry"]["title"] == "CNN tutor"
    assert config["unix_socket"] is True, "no TCP port that other users of the machine could reach"
    assert Path(config["launcher_entry"]["icon_path"]).read_text().startswith("<svg")


def test_the_launcher_lists_the_tutor_and_jupyter_serves_it(jupyter: tuple[Server, str, str], tmp_path: Path) -> None:
    server, base, token = jupyter
    with urllib.request.urlopen(f"{base}server-proxy/servers-info?token={token}", timeout=30) as response:
        servers = json.load(response)["server_processes"]
    (tutor,) = [entry for entry in servers if entry["name"] == "cnn-tutor"]
    assert tutor["launcher_entry"]["title"] == "CNN tutor"
    assert tutor["launcher_entry"]["path_info"] == "cnn-tutor/"

    browser = Browser()
    try:
        browser.open(f"{base}cnn-tutor/?token={token}")
        screen = browser.wait_for("1. Introduction to advanced techniques", timeout=60)
        assert "Module 3/6" in screen
        shot = browser.screenshot(tmp_path / "jupyter-course-map.png")
        print(f"screenshot: {shot}")
        browser.press(DOWN, ENTER)
        browser.wait_for(f"lesson 2/{real_lesson_count()}")
    finally:
        browser.close()
    server.terminate()  # as JupyterHub stops a student's server
    # The proxied tutor ends with Jupyter. It may end a moment after: Jupyter stops its proxied
    # processes on its way out but does not wait for their tabs to close.
    assert group_ends(server.process.pid), "the tutor outlived the Jupyter server"
    # The tutor ran as the Jupyter server's user, on that user's progress file (here: CNN_TUTOR_PROGRESS).
    result = subprocess.run(cnn_tutor("progress", "--json"), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "visited" in json.loads(result.stdout)["modules"]["module3"]["lessons"]["batch-norm"]
