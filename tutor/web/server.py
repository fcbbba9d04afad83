"""The web server of `cnn-tutor serve`: textual-serve, one tutor process per browser tab.

textual-serve (Textualize's server for Textual's web driver) serves the page and, for each websocket,
starts the tutor as a child process driven by Textual's web driver. Each tab is its own process,
all of them on the serving user's progress file, whose store keeps two writers from losing anything.

What this module changes from textual-serve's stock server:
- the page uses relative addresses only, so the same page works at `/` and behind a proxy's prefix
  (JupyterHub's `/user/NAME/cnn-tutor/`), and loads nothing from another site (no web fonts);
- each tab's tutor speaks the browser's language unless `--lang` was given;
- the server binds before saying where it serves, and reports a port in use or a bad host;
- ctrl+c asks every tab's tutor to quit (its progress saved), then stops;
- with no password of its own, it refuses websockets from other sites' pages and, on a loopback
  address, host names that are not this machine's (DNS rebinding);
- it can listen on a Unix socket (the JupyterHub launcher does: only the student can connect).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import shlex
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tutor.text.i18n import Messages
from tutor.text.sanitise import visible

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ICON = HERE / "icon.svg"
STOP_TIMEOUT = 5.0
"""Seconds a tab's tutor has to quit (and save) when the server stops, before it is killed."""

WILDCARDS = ("0.0.0.0", "::", "")
"""Hosts that mean every address of the machine."""

log = logging.getLogger("textual-serve")


def child_command(options: Sequence[str]) -> list[str]:
    """The command that runs the tutor of one tab, with the same Python as this server."""
    return [sys.executable, "-m", "tutor.cli.browser_tab", *options]


def shell_line(command: Sequence[str]) -> str:
    """`command` as one shell line (textual-serve starts its child through the shell)."""
    return subprocess.list2cmdline(command) if sys.platform == "win32" else shlex.join(command)


def browser_language(header: str, languages: Sequence[str]) -> str | None:
    """The first of the course's languages the browser asks for (Accept-Language), if any."""
    wanted: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")):
        code, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = code.strip().split("-")[0].lower()
        if code and quality > 0:
            wanted.append((-quality, position, code))
    for _, _, code in sorted(wanted):
        if code in languages:
            return code
    return None


LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback_address(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is this machine only."""
    name = host.strip("[]").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def guard(host: str | None, unix_socket: str | None) -> Callable[..., Any]:
    """Refuse what a web page of another site could make the student's browser do to the tutor.

    There is no password, so two browser attacks matter: another site's page opening the tutor's
    websocket (browsers let any page open any websocket, and send its Origin), and DNS rebinding
    (another site's name made to point at 127.0.0.1: its requests carry that name as Host).
    The websocket must come from the tutor's own page (Origin the same as Host); on a loopback
    address, Host must name this machine. A Unix socket is reached only through whoever owns it
    (jupyter-server-proxy, which checks its own origins, or ssh), so nothing is checked there.
    """
    check_origin = unix_socket is None
    check_host = unix_socket is None and host is not None and is_loopback_address(host)

    @web.middleware
    async def middleware(request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        if check_host and not is_loopback_address(_hostname(request.host)):
            log.warning("refused a request for host %s", visible(request.host[:100]))
            raise web.HTTPForbidden(text="cnn-tutor: this host name is not this machine's")
        origin = request.headers.get("Origin")
        if check_origin and request.path == "/ws" and origin is not None:
            if urlsplit(origin).netloc.lower() != request.host.lower():
                log.warning("refused a websocket from another site's page (%s)", visible(origin[:100]))
                raise web.HTTPForbidden(text="cnn-tutor: the tutor opens only from its own page")
        return await handler(request)

    return middleware


def _hostname(host_header: str) -> str:
    """The name in a Host header, without its port ('[::1]:8000' -> '::1')."""
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class TutorAppService(AppService):
    """One tab's tutor process, stopped once however many ask, within a time limit."""

    _stopping: asyncio.Future[None] | None = None

    async def stop_within(self, timeout: float) -> None:
        """Ask the tutor to quit (it saves), and kill it if it has not within `timeout` seconds."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop_within(timeout))
        await asyncio.shield(self._stopping)

    async def _stop_within(self, timeout: float) -> None:
        process = self._process
        try:
            await asyncio.wait_for(self.stop(), timeout)
            if process is not None:
                await asyncio.wait_for(process.wait(), timeout)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # this stop itself is cancelled, not the service's reader
        except (TimeoutError, OSError, RuntimeError):
            pass
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()


class TutorServer(Server):
    """textual-serve's server with the changes listed in this module's docstring."""

    def __init__(
        self,
        options: Sequence[str],
        *,
        languages: Sequence[str],
        lang: str | None,
        default_lang: str,
        title: str,
        announce: Callable[[str], None],
    ) -> None:
        super().__init__(command=shell_line(child_command(options)), title=title, templates_path=TEMPLATES)
        self.options = list(options)
        self.languages = tuple(languages)
        self.lang = lang
        self.default_lang = default_lang
        self.announce = announce
        self.services: set[TutorAppService] = set()
        self.sockets: set[web.WebSocketResponse] = set()

    def initialize_logging(self) -> None:
        # textual-serve's banner and rich logging are not for students: warnings only, one line each.
        logging.basicConfig(level=logging.WARNING, format="cnn-tutor serve: %(message)s")

    async def _make_app(self, host: str | None = None, unix_socket: str | None = None) -> web.Application:
        app = web.Application(middlewares=[guard(host, unix_socket)])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/icon.svg", self.handle_icon, name="icon"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_icon(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(ICON, headers={"Content-Type": "image/svg+xml"})

    async def handle_index(self, request: web.Request) -> web.Response:
        lang = self.lang or browser_language(request.headers.get("Accept-Language", ""), self.languages)
        messages = Messages(lang or self.default_lang)
        context = {
            "title": self.title,
            "lang": messages.lang,
            "ended": messages("serve.ended"),
            "restart": messages("serve.restart"),
            "font_size": max(8, min(40, to_int(request.query.get("fontsize", "16"), 16))),
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    def command_for(self, request: web.Request) -> str:
        """The child's command line: the server's options, and the browser's language if none was given."""
        options = list(self.options)
        if self.lang is None:
            lang = browser_language(request.headers.get("Accept-Language", ""), self.languages)
            if lang is not None:
                options += ["--lang", lang]
        return shell_line(child_command(options))

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = max(1, min(1000, to_int(request.query.get("width", "80"), 80)))
        height = max(1, min(1000, to_int(request.query.get("height", "24"), 24)))
        service: TutorAppService | None = None
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)

            async def close() -> None:  # the service wants no result; aiohttp's close says if it closed
                await websocket.close()

            service = TutorAppService(
                self.command_for(request),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=False,
            )
            self.services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # noqa: BLE001 — one tab's failure must not stop the server
            log.warning("a tab's tutor stopped: %s", error)
        finally:
            if service is not None:
                await service.stop_within(STOP_TIMEOUT)
                self.services.discard(service)
            self.sockets.discard(websocket)
            await websocket.close()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        # As textual-serve's, but a malformed message from the browser is skipped, not fatal.
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = to_int(str(data.get("width")), 80), to_int(str(data.get("height")), 24)
                await app_service.set_terminal_size(max(1, min(1000, width)), max(1, min(1000, height)))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """Every tab's tutor quits (saving its progress) before the server stops."""
        await asyncio.gather(*(service.stop_within(STOP_TIMEOUT) for service in list(self.services)))
        await asyncio.gather(*(socket.close() for socket in list(self.sockets)), return_exceptions=True)

    def run(self, *, host: str | None, port: int | None, unix_socket: str | None) -> None:
        """Serve until ctrl+c (SIGINT) or SIGTERM. OSError if the address cannot be bound."""
        self.initialize_logging()
        try:
            asyncio.run(self._run(host, port, unix_socket))
        except asyncio.CancelledError:  # a tab's reader cancelled while stopping: stopped all the same
            log.warning("a tab's tutor was still stopping when the server stopped")

    async def _run(self, host: str | None, port: int | None, unix_socket: str | None) -> None:
        app = await self._make_app(host, unix_socket)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=STOP_TIMEOUT)
        await runner.setup()
        try:
            if unix_socket:
                site: web.BaseSite = web.UnixSite(runner, unix_socket)
            else:
                site = web.TCPSite(runner, host, port)
            # Binds now: a port in use or a bad host raise here. A socket is the student's alone.
            mask = os.umask(0o077) if unix_socket else None
            try:
                await site.start()
            finally:
                if mask is not None:
                    os.umask(mask)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(signal_number, stop.set)
                except (NotImplementedError, AttributeError):  # Windows: ctrl+c raises KeyboardInterrupt
                    pass
            # Announced once ctrl+c stops it: a ctrl+c as soon as the address is read must stop it.
            self.announce(self.address(runner, host, unix_socket))
            await stop.wait()
        finally:
            await runner.cleanup()

    @staticmethod
    def address(runner: web.AppRunner, host: str | None, unix_socket: str | None) -> str:
        if unix_socket:
            return unix_socket
        bound = runner.addresses[0]
        shown = host if host and host not in WILDCARDS else socket.gethostname()
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{bound[1]}/"
