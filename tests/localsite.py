"""A small HTTP server on 127.0.0.1 for tests that fetch pages end to end."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before answering (to trip timeouts)
    hold: threading.Event | None = None  # answer only once the test sets this event


@dataclass
class LocalSite:
    port: int = 0
    pages: dict[str, Page | list[Page]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, page: Page | list[Page]) -> str:
        """Serve ``page`` at ``path`` (a list: one page per request, the last one repeating)."""
        self.pages[path] = page
        return self.url(path)


def _handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits.append(self.path)
            # The exact path first, else the path without its query string (API look-ups).
            entry = site.pages.get(self.path) or site.pages.get(self.path.split("?", 1)[0])
            if isinstance(entry, list):
                page = entry.pop(0) if len(entry) > 1 else entry[0]
            else:
                page = entry or Page(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
            if page.hold is not None:
                page.hold.wait(timeout=120)
            if page.delay:
                time.sleep(page.delay)
            try:
                self.send_response(page.status)
                for key, value in page.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):  # the client died meanwhile (fault tests)
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """Serve ``handler`` on a free 127.0.0.1 port in a background thread; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def local_site() -> Iterator[LocalSite]:
    site = LocalSite()
    with serving(_handler(site)) as site.port:
        yield site
