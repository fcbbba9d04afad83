"""`cnn-tutor serve` at the command line: where it listens, what it prints, its errors (no browser needed)."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import stat
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.serving import SERVING, Server, cnn_tutor, group_alive
from tutor.cli.serve import _bind_error
from tutor.text.i18n import Messages

needs_web = pytest.mark.skipif(
    find_spec("textual_serve") is None,
    reason="the web extra is not installed (pip install -e '.[test]')",
)


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cnn_tutor(*args), capture_output=True, text=True, timeout=timeout, cwd=ROOT, stdin=subprocess.DEVNULL
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@needs_web
def test_prints_the_address_and_stops_cleanly_on_ctrl_c() -> None:
    server = Server(cnn_tutor("serve", "--port", "0"))
    try:
        url = server.wait_for_line(SERVING).group(1)
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))), timeout=10) as peer:
            peer.sendall(b"GET / HTTP/1.0\r\nAccept-Language: fr-FR,fr;q=0.9\r\n\r\n")
            page = b"".join(iter(lambda: peer.recv(65536), b"")).decode()
        assert '<html lang="fr">' in page and "static/js/textual.js" in page
        assert "//fonts.googleapis.com" not in page, "the page loads nothing from another site"
        assert server.interrupt() == 0
        assert "warning" not in "".join(server.output)
    finally:
        server.stop()
    assert not group_alive(server.process.pid)


@needs_web
def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line_error(run("serve", "--port", str(port)))
    assert f"port {port} is already in use" in line


@needs_web
def test_an_address_of_another_machine_is_one_line_and_exit_2() -> None:
    line = one_line_error(run("serve", "--host", "192.0.2.1", "--port", "0"))  # TEST-NET-1: never this machine
    assert "192.0.2.1" in line and "not an address of this machine" in line


def test_a_host_that_does_not_resolve_is_one_line() -> None:
    args = argparse.Namespace(host="no-such-host.invalid", port=8000, unix_socket=None)
    error = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    assert _bind_error(error, args, Messages("en")) == (
        "cnn-tutor: cannot serve on host 'no-such-host.invalid': Name or service not known"
    )
    permission = OSError(errno.EACCES, "Permission denied")
    assert "ports below 1024" in _bind_error(
        permission, argparse.Namespace(host="127.0.0.1", port=80, unix_socket=None), Messages("en")
    )


def test_a_bad_port_is_a_usage_error() -> None:
    result = run("serve", "--port", "70000")
    assert result.returncode == 2 and "--port must be a number from 0 to 65535" in result.stderr


@needs_web
@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("lab.example.org", False),
    ],
)
def test_which_hosts_only_this_machine_reaches(host: str, loopback: bool) -> None:
    from tutor.web.server import is_loopback_address

    assert is_loopback_address(host) is loopback


@needs_web
def test_serving_beyond_this_machine_says_there_is_no_password() -> None:
    server = Server(cnn_tutor("serve", "--host", "0.0.0.0", "--port", "0"))
    try:
        server.wait_for_line(SERVING)
        server.wait_for_line("anyone who can reach port")
        assert server.interrupt() == 0
    finally:
        server.stop()


@needs_web
@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_unix_socket_is_the_users_alone(tmp_path: Path) -> None:
    path = tmp_path / "tutor.sock"
    server = Server(cnn_tutor("serve", "--unix-socket", str(path)))
    try:
        server.wait_for_line("Unix socket")
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
        with socket.socket(socket.AF_UNIX) as peer:
            peer.settimeout(10)
            peer.connect(str(path))
            peer.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert b"200 OK" in peer.recv(65536)
        assert server.interrupt() == 0
    finally:
        server.stop()


def test_the_browser_tab_entry_refuses_to_run_on_its_own() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutor.cli.browser_tab"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "TEXTUAL_DRIVER"},
    )
    assert one_line_error(result).endswith("it is started by: cnn-tutor serve")


def test_the_terminal_tutor_still_needs_a_terminal() -> None:
    result = run()  # no terminal: stdin and stdout are pipes
    assert "needs a terminal" in one_line_error(result)


def test_without_the_web_extra_serve_says_how_to_install_it() -> None:
    code = "import sys; sys.modules['textual_serve'] = None\nfrom tutor.cli.main import main; sys.exit(main(['serve']))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert "pip install 'cnn-tutor[web]'" in one_line_error(result)


def test_the_terminal_path_imports_no_web_server() -> None:
    code = (
        "import sys, tutor.cli.main, tutor.cli.launch, tutor.app.app\n"
        "tutor.cli.main.build_parser().parse_args([])\n"
        "print(sorted(name for name in ('aiohttp', 'textual_serve', 'jinja2', 'tutor.web.server') if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@needs_web
def test_a_tab_whose_tutor_cannot_start_leaves_the_server_up_and_ctrl_c_clean(course_dir: Path) -> None:
    import asyncio
    import shutil

    import aiohttp

    server = Server(cnn_tutor("serve", "--port", "0", "--lessons", str(course_dir)))
    try:
        url = server.wait_for_line(SERVING).group(1)
        shutil.rmtree(course_dir)  # every tab's tutor now fails to load its course

        async def open_a_tab() -> None:
            async with aiohttp.ClientSession() as session, session.ws_connect(f"{url}ws?width=100&height=30"):
                server.wait_for_line("failed to start")

        asyncio.run(open_a_tab())
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))), timeout=10) as peer:
            peer.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert b" 200 OK" in peer.recv(100), "the server still serves"
        assert server.interrupt() == 0
        assert "Traceback" not in "".join(server.output)
    finally:
        server.stop()
    assert not group_alive(server.process.pid)


@needs_web
def test_another_sites_page_cannot_drive_the_tutor() -> None:
    """No password, so: no websocket from another site's page, no DNS-rebound host name."""
    import asyncio

    import aiohttp

    server = Server(cnn_tutor("serve", "--port", "0"))
    try:
        url = server.wait_for_line(SERVING).group(1)
        port = url.rsplit(":", 1)[1].strip("/")

        async def status(path: str, **headers: str) -> int:
            async with aiohttp.ClientSession() as session:
                if path == "ws":
                    try:
                        async with session.ws_connect(f"{url}ws?width=80&height=24", headers=headers):
                            return 101
                    except aiohttp.WSServerHandshakeError as error:
                        return error.status
                async with session.get(url, headers=headers) as response:
                    return response.status

        assert asyncio.run(status("ws", Origin="http://evil.example")) == 403
        assert asyncio.run(status("ws", Origin=f"http://localhost:{port}", Host=f"127.0.0.1:{port}")) == 403
        assert asyncio.run(status("/", Host=f"evil.example:{port}")) == 403  # DNS rebinding
        assert asyncio.run(status("/", Host=f"localhost:{port}")) == 200  # ssh -L 8000:localhost:…
        assert asyncio.run(status("ws", Origin=f"http://127.0.0.1:{port}")) == 101  # the tutor's own page
        assert server.interrupt() == 0
    finally:
        server.stop()
