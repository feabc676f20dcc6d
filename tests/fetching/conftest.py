"""Local HTTP servers, a fake DNS and a network guard for the fetcher's tests.

No test here may reach outside 127.0.0.1. `socket.getaddrinfo` is replaced for every test
by `FakeDNS`: loopback literals pass through to the real function, names the test
registered get the test's answers, and anything else fails the test. Since urllib3
resolves even IP literals through getaddrinfo before connecting, a connection attempt to
10.0.0.5 or 93.184.216.34 would fail the test instead of leaving the machine.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from factcheck.fetching import FetchPolicy

PUBLIC_V4 = "93.184.216.34"  # what the checks see for public-looking test names; never connected to
_REAL_GETADDRINFO = socket.getaddrinfo
_LOOPBACK_LITERALS = {"127.0.0.1", "::1", "localhost"}


def addrinfo(address: str, port: int) -> tuple[Any, ...]:
    """One getaddrinfo answer for `address`."""
    if ":" in address:
        return (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))


class FakeResolver:
    """A getaddrinfo-compatible resolver answering from a table; records every question.

    A name may map to a list of answers (all returned at once) or, through `sequence`,
    to successive answers (one per lookup, the last repeated): a rebinding name server.
    """

    def __init__(self, table: dict[str, Sequence[str]] | None = None) -> None:
        self.table: dict[str, list[list[str]]] = {name: [list(ips)] for name, ips in (table or {}).items()}
        self.calls: list[str] = []

    def add(self, name: str, *addresses: str) -> None:
        self.table[name] = [list(addresses)]

    def sequence(self, name: str, *answers: Sequence[str]) -> None:
        self.table[name] = [list(answer) for answer in answers]

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        self.calls.append(name)
        answers = self.table.get(name)
        if answers is None:
            raise socket.gaierror(socket.EAI_NONAME, f"fake DNS has no entry for {name}")
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return [addrinfo(address, int(port or 0)) for address in answer]


class FakeDNS(FakeResolver):
    """The process-wide `socket.getaddrinfo` during a test: loopback passes, the rest is scripted."""

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in _LOOPBACK_LITERALS and name not in self.table:
            self.calls.append(name)
            return list(_REAL_GETADDRINFO(host, port, *args, **kwargs))
        return super().__call__(host, port, *args, **kwargs)


@pytest.fixture(autouse=True)
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between a fetch's tries (factcheck.fetching.retry), recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr("factcheck.fetching.retry.sleep", recorded.append)
    return recorded


@pytest.fixture(autouse=True)
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    """Replace the system resolver for the whole test (see the module docstring)."""
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@dataclass
class Seen:
    """A request a local server received."""

    path: str
    headers: dict[str, str]


Route = Callable[[BaseHTTPRequestHandler], None]


HOLD_SECONDS = 10.0  # far beyond every timeout the fetch tests set (at most 1 s)


@dataclass
class LocalServer:
    """A ThreadingHTTPServer on 127.0.0.1 with per-path routes and a log of what it received."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    # Set when a held connection outlasted its hold: the client waited for the server instead of
    # giving up by itself. Timeout tests assert it is clear, an order of events, not a stopwatch.
    outwaited: threading.Event = field(default_factory=threading.Event)
    port: int = 0
    host: str = "127.0.0.1"

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def hold(self, tick: float = HOLD_SECONDS) -> Iterator[None]:
        """Yield every ``tick`` seconds while the connection is held open (until teardown).

        A hold that runs out (after HOLD_SECONDS) sets ``outwaited``: a client with working
        timeouts has long given up by then.
        """
        deadline = time.monotonic() + HOLD_SECONDS
        while not self.release.wait(tick):
            if time.monotonic() >= deadline:
                self.outwaited.set()
                return
            yield

    def wait_out(self) -> None:
        """Hold the connection without a word until the hold ends."""
        for _ in self.hold():
            pass

    def page(
        self,
        path: str,
        body: bytes,
        content_type: str | None = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            if content_type is not None:
                handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = route

    def redirect(self, path: str, location: str, status: int = 302, headers: dict[str, str] | None = None) -> None:
        self.page(
            path,
            b"",
            content_type="text/html",
            status=status,
            headers={"Location": location, **(headers or {})},
        )


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                self.send_error(404)
                return
            # The fetcher hangs up on purpose (size cap, timeout).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The fetcher hangs up on purpose (size cap, timeouts); that is not a server failure.
        return


def _serve(server: LocalServer) -> Iterator[LocalServer]:
    httpd = _QuietServer(("127.0.0.1", 0), _handler_for(server))
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from _serve(LocalServer())


@pytest.fixture
def other_server() -> Iterator[LocalServer]:
    """A second local server: a different origin (another port) for cross-origin redirects."""
    yield from _serve(LocalServer())


@pytest.fixture
def local_policy(server: LocalServer, other_server: LocalServer) -> FetchPolicy:
    """The tests' loopback switch on, the local servers' ports allowed, short timeouts."""
    return FetchPolicy(
        connect_timeout=1.0,
        read_timeout=2.0,
        total_timeout=10.0,
        allowed_ports=(80, 443, server.port, other_server.port),
        allow_private_addresses=True,
    )
