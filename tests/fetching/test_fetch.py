"""fetch() against the tests' own loopback servers: limits, redirects, credentials, rebinding.

The loopback switch (`allow_private_addresses=True`) admits 127.0.0.1 only; every other
private range stays refused, so redirects from the local server to 10.0.0.5 or to a name
resolving to 192.168.1.10 exercise the real refusal path. Where the first hop must look
public, see test_fetch_public_names.py (mocked transport) and the rebinding tests below
(scripted DNS).
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from factcheck.fetching import (
    FetchError,
    FetchHTTPError,
    FetchPolicy,
    FetchTimeout,
    FetchTooLarge,
    UnsafeURLError,
    UnsupportedContentType,
    fetch,
)
from tests.fetching.conftest import PUBLIC_V4, FakeDNS, LocalServer


def test_fetches_a_page_with_its_raw_bytes_and_declared_charset(server: LocalServer, local_policy: FetchPolicy) -> None:
    body = "<html><body><p>Caf\u00e9 \u2013 \u201cquoted\u201d</p></body></html>".encode("cp1252")
    server.page("/story", body, content_type="text/html; charset=Windows-1252")

    result = fetch(server.url("/story"), policy=local_policy)

    assert result.status == 200
    assert result.content == body
    assert result.content_type == "text/html"
    assert result.charset == "windows-1252"
    assert result.url == server.url("/story")
    assert result.final_url == server.url("/story")
    assert result.redirects == []


@pytest.mark.parametrize(
    ("header", "charset"),
    [
        ('text/html; charset="Shift_JIS"', "shift_jis"),
        ("text/plain;charset=utf-8", "utf-8"),
        ("application/xhtml+xml; charset=ISO-8859-1; foo=bar", "iso-8859-1"),
        ("TEXT/HTML", None),
        ("text/html; charset=", None),
    ],
)
def test_charset_is_passed_through_as_declared_and_never_guessed(
    server: LocalServer, local_policy: FetchPolicy, header: str, charset: str | None
) -> None:
    body = "\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b".encode("shift_jis")
    server.page("/jp", body, content_type=header)
    result = fetch(server.url("/jp"), policy=local_policy)
    assert result.charset == charset
    assert result.content == body


def test_the_fragment_is_not_sent(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.page("/story", b"ok")
    result = fetch(server.url("/story?id=4#@10.0.0.5/"), policy=local_policy)
    assert [seen.path for seen in server.seen] == ["/story?id=4"]
    assert result.final_url == server.url("/story?id=4")


def test_an_odd_address_form_is_sent_in_dotted_form(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.page("/", b"ok")
    fetch(f"http://0x7f000001:{server.port}", policy=local_policy)
    assert server.seen[0].headers["host"] == f"127.0.0.1:{server.port}"


@pytest.mark.parametrize(
    "content_type",
    ["application/pdf", "image/png", "application/octet-stream", "application/json", "text/css"],
)
def test_content_types_outside_the_list_are_refused(
    server: LocalServer, local_policy: FetchPolicy, content_type: str
) -> None:
    server.page("/file", b"%PDF-1.7", content_type=content_type)
    with pytest.raises(UnsupportedContentType) as refused:
        fetch(server.url("/file"), policy=local_policy)
    assert content_type in refused.value.reason
    assert refused.value.transient is False


def test_a_page_without_a_content_type_is_refused(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.page("/untyped", b"<html></html>", content_type=None)
    with pytest.raises(UnsupportedContentType, match="did not say"):
        fetch(server.url("/untyped"), policy=local_policy)


def _html_headers(handler: BaseHTTPRequestHandler, header: str, value: str) -> None:
    """Start a 200 HTML answer with one more header (how its body is delimited)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header(header, value)
    handler.end_headers()


def _policy(base: FetchPolicy, **changes: object) -> FetchPolicy:
    values = {name: getattr(base, name) for name in base.__dataclass_fields__}
    values.update(changes)
    return FetchPolicy(**values)  # type: ignore[arg-type]


def test_a_declared_length_over_the_cap_is_refused_before_reading(
    server: LocalServer, local_policy: FetchPolicy
) -> None:
    def huge_then_stall(handler: BaseHTTPRequestHandler) -> None:
        _html_headers(handler, "Content-Length", str(50 * 1024 * 1024))
        handler.wfile.write(b"<html>")
        handler.wfile.flush()
        server.wait_out()

    server.routes["/huge"] = huge_then_stall
    with pytest.raises(FetchTooLarge, match="larger than the 1 MB limit") as refused:
        fetch(server.url("/huge"), policy=_policy(local_policy, max_bytes=1024 * 1024))
    assert not server.outwaited.is_set(), "refused only after the server let go"
    assert refused.value.transient is False


def _stream(total: int) -> object:
    def route(handler: BaseHTTPRequestHandler) -> None:
        _html_headers(handler, "Connection", "close")  # no Content-Length: the body ends when the socket closes
        sent = 0
        while sent < total:
            piece = b"x" * min(64 * 1024, total - sent)
            handler.wfile.write(piece)
            sent += len(piece)
        handler.close_connection = True

    return route


def test_a_streamed_body_over_the_cap_is_cut_off(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.routes["/endless"] = _stream(20 * 1024 * 1024)  # type: ignore[assignment]
    with pytest.raises(FetchTooLarge):
        fetch(server.url("/endless"), policy=_policy(local_policy, max_bytes=256 * 1024))


def test_a_body_exactly_at_the_cap_is_accepted(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.routes["/exact"] = _stream(256 * 1024)  # type: ignore[assignment]
    result = fetch(server.url("/exact"), policy=_policy(local_policy, max_bytes=256 * 1024))
    assert len(result.content) == 256 * 1024


def test_the_cap_applies_to_the_decompressed_body(server: LocalServer, local_policy: FetchPolicy) -> None:
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))
    server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < 64 * 1024
    with pytest.raises(FetchTooLarge):
        fetch(server.url("/bomb"), policy=_policy(local_policy, max_bytes=1024 * 1024))


def test_a_server_that_never_answers_times_out_quickly(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.routes["/hang"] = lambda handler: server.wait_out()
    with pytest.raises(FetchTimeout) as timed_out:
        fetch(server.url("/hang"), policy=_policy(local_policy, read_timeout=0.3))
    assert not server.outwaited.is_set(), "gave up only after the server let go"
    assert timed_out.value.transient is True
    assert "did not answer within 0.3 seconds" in timed_out.value.reason


def test_a_body_that_stalls_times_out(server: LocalServer, local_policy: FetchPolicy) -> None:
    def stall(handler: BaseHTTPRequestHandler) -> None:
        _html_headers(handler, "Content-Length", "1000")
        handler.wfile.write(b"<html>")
        handler.wfile.flush()
        server.wait_out()

    server.routes["/stall"] = stall
    with pytest.raises(FetchTimeout, match="stopped sending"):
        fetch(server.url("/stall"), policy=_policy(local_policy, read_timeout=0.3))
    assert not server.outwaited.is_set()


def test_a_slow_drip_is_stopped_by_the_total_deadline(server: LocalServer, local_policy: FetchPolicy) -> None:
    def drip(handler: BaseHTTPRequestHandler) -> None:
        _html_headers(handler, "Transfer-Encoding", "chunked")
        for _ in server.hold(tick=0.05):  # a byte every 50 ms never trips the 1 s read timeout
            handler.wfile.write(b"1\r\nx\r\n")
            handler.wfile.flush()

    server.routes["/drip"] = drip
    with pytest.raises(FetchTimeout, match=r"longer than 0\.6 seconds"):
        fetch(server.url("/drip"), policy=_policy(local_policy, read_timeout=1.0, total_timeout=0.6))
    assert not server.outwaited.is_set(), "stopped only after the server let go"


@pytest.fixture
def unaccepting_port() -> Iterator[int]:
    """A listening socket whose accept queue is full: new connections hang in SYN_SENT."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    held = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        held.append(filler)
    time.sleep(0.05)
    try:
        yield port
    finally:
        for sock in [*held, listener]:
            sock.close()


def test_a_connection_that_is_never_accepted_times_out(unaccepting_port: int) -> None:
    policy = FetchPolicy(connect_timeout=0.3, allowed_ports=(unaccepting_port,), allow_private_addresses=True)
    # The message comes only from our own connect timeout (requests' ConnectTimeout); the
    # kernel's much later SYN timeout would be a plain connection error.
    with pytest.raises(FetchTimeout, match=r"did not accept a connection within 0\.3 seconds") as timed_out:
        fetch(f"http://127.0.0.1:{unaccepting_port}/", policy=policy)
    assert timed_out.value.transient is True


@pytest.mark.parametrize(
    ("status", "transient"),
    [
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (410, False),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (429, True),
    ],
)
def test_http_errors_are_transient_only_for_5xx_and_429(
    server: LocalServer, local_policy: FetchPolicy, status: int, transient: bool
) -> None:
    server.page("/error", b"nope", status=status)
    with pytest.raises(FetchHTTPError) as failed:
        fetch(server.url("/error"), policy=local_policy)
    assert failed.value.status == status
    assert failed.value.transient is transient
    assert f"HTTP {status}" in failed.value.reason


def test_retry_after_seconds_are_parsed(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.page("/busy", b"", status=503, headers={"Retry-After": "120"})
    with pytest.raises(FetchHTTPError) as failed:
        fetch(server.url("/busy"), policy=local_policy)
    assert failed.value.retry_after == 120.0


def test_retry_after_as_a_date_is_parsed(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.page("/slow-down", b"", status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    with pytest.raises(FetchHTTPError) as failed:
        fetch(server.url("/slow-down"), policy=local_policy)
    assert failed.value.retry_after == 0.0  # a date in the past: retry now


def test_connection_refused_is_a_final_error(local_policy: FetchPolicy) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(FetchError, match="Could not connect") as failed:
        fetch(f"http://127.0.0.1:{port}/", policy=_policy(local_policy, allowed_ports=(port,)))
    assert failed.value.transient is False


# Redirects ------------------------------------------------------------------------------------

REDIRECT_STATUSES = [301, 302, 303, 307, 308]
REFUSED_REDIRECT_TARGETS = [
    ("http://10.0.0.5/admin", "private network"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fc00::1]/", "unique local"),
    ("http://[::ffff:10.0.0.5]/", "IPv4-mapped"),
    ("http://0x0a000005/", "private network"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://intranet.example.com/", "192.168.1.10"),
    ("file:///etc/passwd", "file:"),
    ("ftp://example.com/pub/file", "ftp:"),
    ("gopher://example.com:70/_stats", "gopher:"),
    ("http://127.0.0.1:22/", "Port 22 is not allowed"),
    ("http://user@127.0.0.1/", "user name or password"),
    ("http://metadata/computeMetadata/v1/", "not a public internet name"),
]


@pytest.mark.parametrize("status", REDIRECT_STATUSES)
@pytest.mark.parametrize(("location", "because"), REFUSED_REDIRECT_TARGETS)
def test_a_redirect_to_a_refused_target_is_not_followed(
    server: LocalServer, local_policy: FetchPolicy, dns: FakeDNS, status: int, location: str, because: str
) -> None:
    dns.add("intranet.example.com", "192.168.1.10")
    server.redirect("/go", location, status=status)
    with pytest.raises(UnsafeURLError) as refused:
        fetch(server.url("/go"), policy=local_policy)
    assert refused.value.reason.startswith("The page redirected to ")
    assert because in refused.value.reason
    assert refused.value.status == status
    assert [seen.path for seen in server.seen] == ["/go"]


def test_relative_redirects_are_followed_and_listed(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.redirect("/old", "/new?x=1#section", status=301)
    server.page("/new", b"here")
    result = fetch(server.url("/old"), policy=local_policy)
    assert result.content == b"here"
    assert result.final_url == server.url("/new?x=1")
    assert result.redirects == [server.url("/new?x=1")]


def _chain(server: LocalServer, hops: int) -> None:
    for hop in range(hops):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}", status=302)
    server.page(f"/hop{hops}", b"end")


def test_five_redirects_are_followed(server: LocalServer, local_policy: FetchPolicy) -> None:
    _chain(server, 5)
    result = fetch(server.url("/hop0"), policy=local_policy)
    assert result.content == b"end"
    assert len(result.redirects) == 5


def test_a_sixth_redirect_is_refused(server: LocalServer, local_policy: FetchPolicy) -> None:
    _chain(server, 6)
    with pytest.raises(FetchError, match="redirected more than 5 times") as failed:
        fetch(server.url("/hop0"), policy=local_policy)
    assert failed.value.transient is False
    assert len(server.seen) == 6


def test_a_redirect_loop_ends_at_the_limit(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.redirect("/loop", "/loop", status=307)
    with pytest.raises(FetchError, match="more than 2 times"):
        fetch(server.url("/loop"), policy=_policy(local_policy, max_redirects=2))
    assert len(server.seen) == 3


def test_a_redirect_without_a_location_is_an_error(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.page("/nowhere", b"", status=302)
    with pytest.raises(FetchHTTPError, match="did not say where"):
        fetch(server.url("/nowhere"), policy=local_policy)


# Credentials across origins --------------------------------------------------------------------

SECRET = "Bearer s3cret-token"


def test_authorization_and_cookies_are_not_sent_to_another_origin(
    server: LocalServer, other_server: LocalServer, local_policy: FetchPolicy
) -> None:
    server.redirect("/start", other_server.url("/land"), headers={"Set-Cookie": "session=abc; Path=/"})
    other_server.page("/land", b"landed")

    result = fetch(server.url("/start"), policy=local_policy, headers={"Authorization": SECRET, "Cookie": "pref=1"})

    assert result.content == b"landed"
    assert server.seen[0].headers["authorization"] == SECRET
    landed = other_server.seen[0].headers
    assert "authorization" not in landed
    assert "cookie" not in landed


def test_credentials_dropped_on_leaving_are_not_restored_on_return(
    server: LocalServer, other_server: LocalServer, local_policy: FetchPolicy
) -> None:
    server.redirect("/start", other_server.url("/bounce"))
    other_server.redirect("/bounce", server.url("/back"))
    server.page("/back", b"back")
    fetch(server.url("/start"), policy=local_policy, headers={"Authorization": SECRET})
    assert "authorization" not in server.seen[1].headers


def test_another_host_on_the_same_port_is_another_origin(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.redirect("/start", server.url("/land", host="localhost"))
    server.page("/land", b"ok")
    fetch(server.url("/start"), policy=local_policy, headers={"Authorization": SECRET})
    assert "authorization" not in server.seen[1].headers


def test_same_origin_redirects_keep_authorization_and_cookies(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.redirect("/login", "/article", headers={"Set-Cookie": "consent=yes; Path=/"})
    server.page("/article", b"text")
    fetch(server.url("/login"), policy=local_policy, headers={"Authorization": SECRET})
    arrived = server.seen[1].headers
    assert arrived["authorization"] == SECRET
    assert "consent=yes" in arrived["cookie"]


# The environment --------------------------------------------------------------------------------


def test_proxy_variables_in_the_environment_are_ignored(
    server: LocalServer, other_server: LocalServer, local_policy: FetchPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = other_server.url("/")
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    server.page("/direct", b"direct")

    result = fetch(server.url("/direct"), policy=local_policy)

    assert result.content == b"direct"
    assert other_server.seen == []
    assert len(server.seen) == 1


def test_netrc_credentials_in_the_environment_are_ignored(
    server: LocalServer, local_policy: FetchPolicy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login admin password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    server.page("/", b"ok")
    fetch(server.url("/"), policy=local_policy)
    assert "authorization" not in server.seen[0].headers


# Checked address == connected address ------------------------------------------------------------


def _public_policy(server: LocalServer) -> FetchPolicy:
    return FetchPolicy(connect_timeout=1.0, read_timeout=2.0, allowed_ports=(server.port,))


@pytest.mark.parametrize("second_answer", ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "fec0::1", "::2"])
def test_dns_rebinding_between_check_and_connect_is_refused(
    server: LocalServer, dns: FakeDNS, second_answer: str
) -> None:
    """First lookup (the check) answers a public address, the second (the connection) a private one."""
    dns.sequence("rebind.example.com", [PUBLIC_V4], [second_answer])
    server.page("/", b"internal")
    with pytest.raises(UnsafeURLError) as refused:
        fetch(f"http://rebind.example.com:{server.port}/", policy=_public_policy(server))
    assert refused.value.reason.startswith("At connection time the site resolved to")
    assert server.seen == []
    assert dns.calls == ["rebind.example.com", "rebind.example.com"]


def test_the_connection_goes_to_the_address_that_was_checked(
    server: LocalServer, local_policy: FetchPolicy, dns: FakeDNS
) -> None:
    """The pinned address is used: the name is not looked up a third time by the socket layer."""
    dns.sequence("pinned.example.com", ["127.0.0.1"], ["127.0.0.1"], ["10.0.0.5"])
    server.page("/", b"pinned")
    result = fetch(f"http://pinned.example.com:{server.port}/", policy=local_policy)
    assert result.content == b"pinned"
    assert dns.calls == ["pinned.example.com", "pinned.example.com", "127.0.0.1"]
    assert server.seen[0].headers["host"] == f"pinned.example.com:{server.port}"


def test_an_injected_resolver_is_used_for_the_check(server: LocalServer, dns: FakeDNS) -> None:
    from tests.fetching.conftest import FakeResolver

    resolver = FakeResolver({"news.example.com": ["10.9.8.7"]})
    dns.add("news.example.com", PUBLIC_V4)
    with pytest.raises(UnsafeURLError, match=r"10\.9\.8\.7"):
        fetch(f"http://news.example.com:{server.port}/", policy=_public_policy(server), resolver=resolver)
    assert dns.calls == []


def test_a_refused_first_address_opens_no_connection(dns: FakeDNS) -> None:
    with pytest.raises(UnsafeURLError):
        fetch("http://10.0.0.5/")
    assert dns.calls == []
