"""Fetch one web page safely: the project's one HTTP client for URLs that strangers paste.

Built on requests-hardened, which resolves the host once per connection, refuses private
addresses and pins the connection to the address it checked (so DNS rebinding between the
check and the connect cannot work). On top of it, each hop is checked before any socket
opens (scheme, port, userinfo, every resolved address), the pinned address is checked again
with this package's stricter rules, redirects are followed by hand, credentials never cross
origins, proxies from the environment are ignored, and the body is streamed under a size
cap and a total deadline. Timeouts, connection errors, 429 and 5xx are tried again by the
project's one retry policy (:mod:`factcheck.fetching.retry`, at most ``max_attempts`` tries per
hop, never past the deadline), each try to the address checked and pinned for that hop.
Decoding is not done here: the raw bytes and the declared charset go to claims/extraction.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import requests
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress
from requests_hardened.ip_filter_adapter import IPFilterAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from factcheck.fetching.addresses import ONLY_PUBLIC, Resolver, unsafe_address_reason
from factcheck.fetching.errors import (
    FetchError,
    FetchHTTPError,
    FetchTimeout,
    FetchTooLarge,
    UnsafeURLError,
    UnsupportedContentType,
)
from factcheck.fetching.policy import FetchPolicy
from factcheck.fetching.retry import HTTPRetry, parse_retry_after, timed_out
from factcheck.fetching.targets import Target, check_target, parse_target

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_SIZE = 64 * 1024
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
_ONLY_PAGES = "only web pages and plain text can be fetched."


@dataclass(frozen=True)
class FetchResult:
    """A fetched page: raw bytes plus what the server declared about them.

    `url` is the address as given; `final_url` the normalised address of the page that
    answered; `redirects` every redirect target followed, in order. `charset` is the one
    declared in Content-Type (lowercased), or None: detection is the reader's job.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    content: bytes
    redirects: list[str] = field(default_factory=list)


class _PinnedAddressAdapter(IPFilterAdapter):  # type: ignore[misc]  # requests-hardened ships no types
    """requests-hardened's adapter, plus this package's stricter check of the pinned address.

    requests-hardened refuses private, multicast and a list of special ranges; it lets
    through some that are not public either (fec0::/10 site-local, ::2 and other reserved
    IPv6, NAT64 wrapping a public address). The address it pinned is the one connected to,
    so checking it here keeps "checked" and "connected" the same address.
    """

    def __init__(self, *, is_https_proto: bool, allow_loopback: bool, retry: Retry | None = None) -> None:
        super().__init__(is_https_proto=is_https_proto, allow_loopback=allow_loopback)
        self._allow_loopback_addresses = allow_loopback
        if retry is not None:
            self.max_retries = retry

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: bool | str, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        try:
            host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        except InvalidIPAddress as exc:
            raise UnsafeURLError(
                _refusal_for(exc.args[0] if exc.args else None, self._allow_loopback_addresses)
            ) from exc
        pinned = ipaddress.ip_address(str(host_params["host"]).strip("[]"))
        reason = unsafe_address_reason(pinned, allow_loopback=self._allow_loopback_addresses)
        if reason is not None:
            raise UnsafeURLError(f"At connection time the site resolved to {pinned}. {reason}")
        return host_params, pool_kwargs


def _refusal_for(address: object, allow_loopback: bool) -> str:
    """A readable reason for an address requests-hardened refused."""
    try:
        parsed = ipaddress.ip_address(str(address))
    except ValueError:
        return f"At connection time the site resolved to an address that is not public; {ONLY_PUBLIC}"
    reason = unsafe_address_reason(parsed, allow_loopback=allow_loopback)
    detail = reason or f"The address {parsed} is not a public internet address; {ONLY_PUBLIC}"
    return f"At connection time the site resolved to {parsed}. {detail}"


class _ManualRedirectSession(HTTPSession):  # type: ignore[misc]  # requests-hardened ships no types
    """requests-hardened's session with requests' own redirect machinery switched off.

    Even with allow_redirects=False, requests prepares the next hop to offer it as
    `response.next` (re-encoding the Location header and rebuilding auth and proxies on
    the way). Redirects are followed by `fetch` alone, so there is no next hop to prepare.
    """

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


def open_session(policy: FetchPolicy, *, retry: Retry | None = None) -> requests.Session:
    """A session whose every connection passes the address checks; ``retry`` (none by default:
    one try per request, as webhook deliveries want) is how failed requests are tried again."""
    config = Config(
        ip_filter_enable=True,
        ip_filter_allow_loopback_ips=policy.allow_private_addresses,
        never_redirect=True,  # redirects are followed by hand, one checked hop at a time
        default_timeout=(policy.connect_timeout, policy.read_timeout),
        user_agent_override=policy.user_agent,
    )
    session = _ManualRedirectSession(config)
    # Proxy variables, .netrc credentials and CA bundles from the environment are ignored:
    # a proxy would be the one making the connection, out of reach of the address checks.
    session.trust_env = False
    session.proxies = {}
    for prefix, is_https in (("http://", False), ("https://", True)):
        session.mount(
            prefix,
            _PinnedAddressAdapter(is_https_proto=is_https, allow_loopback=policy.allow_private_addresses, retry=retry),
        )
    session.headers["Accept"] = ACCEPT
    return session


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    resolver: Resolver | None = None,
    headers: Mapping[str, str] | None = None,
) -> FetchResult:
    """GET `url` and return the page, or raise a FetchError subclass with a readable reason.

    `policy` defaults to `FetchPolicy.from_settings()`. `resolver` (getaddrinfo-compatible)
    is used for the check of each hop before connecting; the connection resolves again
    through requests-hardened and that address is checked too. `headers` (say,
    Authorization) are sent to the first origin only: after a redirect to another scheme,
    host or port they are dropped for good, and cookies the site set are forgotten.
    """
    policy = policy or FetchPolicy.from_settings()
    deadline = time.monotonic() + policy.total_timeout
    target = parse_target(url, policy)
    first_origin = target.origin
    caller_headers = dict(headers or {})
    redirects: list[str] = []
    check_target(target, policy, resolver)
    tries = [0]  # requests sent for the hop being fetched, retries included

    def one_more_try() -> None:
        tries[0] += 1

    # A retry must leave time for its own connect and read before the whole fetch's deadline.
    retry = HTTPRetry.policy(
        max_attempts=policy.max_attempts,
        max_wait=policy.max_wait,
        deadline=deadline - policy.connect_timeout - policy.read_timeout,
        before_retry=one_more_try,
    )
    try:
        with open_session(policy, retry=retry) as session:
            while True:
                if target.origin != first_origin:
                    caller_headers = {}
                tries[0] = 1
                response = _send(session, target, caller_headers, policy, deadline)
                try:
                    if response.status_code in REDIRECT_STATUSES:
                        next_target = _redirect_target(response, target, policy, resolver, len(redirects))
                        if next_target.origin != target.origin:
                            session.cookies.clear()
                        redirects.append(next_target.url)
                        target = next_target
                        continue
                    _raise_for_status(response)
                    content_type, charset = _content_type(response, policy)
                    content = _read_body(response, target, policy, deadline)
                finally:
                    response.close()
                return FetchResult(
                    url=url.strip(),
                    final_url=target.url,
                    status=response.status_code,
                    content_type=content_type,
                    charset=charset,
                    content=content,
                    redirects=redirects,
                )
    except FetchError as exc:
        exc.tries = max(tries[0], 1)
        raise


def _send(
    session: requests.Session,
    target: Target,
    caller_headers: Mapping[str, str],
    policy: FetchPolicy,
    deadline: float,
) -> requests.Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchTimeout(f"Fetching the page took longer than {policy.total_timeout:g} seconds.")
    prepared = session.prepare_request(requests.Request("GET", target.url, headers=dict(caller_headers)))
    timeout = (min(policy.connect_timeout, remaining), min(policy.read_timeout, remaining))
    try:
        return session.send(prepared, stream=True, allow_redirects=False, timeout=timeout, proxies={})
    except requests.ConnectTimeout as exc:
        raise FetchTimeout(
            f"The site {target.host} did not accept a connection within {timeout[0]:g} seconds."
        ) from exc
    except requests.ReadTimeout as exc:
        raise FetchTimeout(f"The site {target.host} did not answer within {timeout[1]:g} seconds.") from exc
    except requests.exceptions.SSLError as exc:
        raise FetchError(f"The secure connection to {target.host} could not be verified.") from exc
    except requests.ConnectionError as exc:
        if timed_out(exc):  # a read timeout on the last try, wrapped by the retries
            raise FetchTimeout(f"The site {target.host} did not answer within {timeout[1]:g} seconds.") from exc
        raise FetchError(f"Could not connect to {target.host}.") from exc
    except requests.RequestException as exc:
        raise FetchError(f"The page at {target.url} could not be requested.") from exc


def _redirect_target(
    response: requests.Response,
    current: Target,
    policy: FetchPolicy,
    resolver: Resolver | None,
    followed: int,
) -> Target:
    """The checked target of a redirect; refusals name the redirect so the reader sees where it came from."""
    location = _location(response)
    if not location:
        raise FetchHTTPError(
            f"The site answered with a redirect (HTTP {response.status_code}) but did not say where to.",
            status=response.status_code,
        )
    if followed >= policy.max_redirects:
        raise FetchError(
            f"The page redirected more than {policy.max_redirects} times; it was not followed further.",
            status=response.status_code,
        )
    absolute = urljoin(current.url, location)
    try:
        target = parse_target(absolute, policy)
        check_target(target, policy, resolver)
    except UnsafeURLError as exc:
        raise UnsafeURLError(f"The page redirected to {absolute}. {exc.reason}", status=response.status_code) from exc
    return target


def _location(response: requests.Response) -> str | None:
    """The Location header; UTF-8 sent as raw bytes (read by http.client as latin-1) is decoded as UTF-8."""
    location = response.headers.get("Location")
    if not location:
        return None
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _raise_for_status(response: requests.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if status == 429:
        reason = "The site is limiting requests (HTTP 429); try again later."
    elif status >= 500:
        reason = f"The site had a server error (HTTP {status}); try again later."
    elif status in (401, 403):
        reason = f"The site refused access to the page (HTTP {status})."
    elif status in (404, 410):
        reason = f"The page does not exist at that address (HTTP {status})."
    else:
        reason = f"The site answered HTTP {status} ({response.reason or 'no explanation'})."
    raise FetchHTTPError(reason, status=status, retry_after=parse_retry_after(response.headers.get("Retry-After")))


def parse_content_type(value: str) -> tuple[str, str | None]:
    """Split a Content-Type header into a lowercase media type and its charset parameter (or None)."""
    media_type, *parameters = value.split(";")
    charset: str | None = None
    for parameter in parameters:
        name, _, raw = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").strip().lower() or None
    return media_type.strip().lower(), charset


def _content_type(response: requests.Response, policy: FetchPolicy) -> tuple[str, str | None]:
    header = response.headers.get("Content-Type", "")
    media_type, charset = parse_content_type(header)
    if not media_type:
        raise UnsupportedContentType(
            f"The site did not say what kind of content the page is; {_ONLY_PAGES}",
            status=response.status_code,
        )
    if media_type not in policy.allowed_content_types:
        raise UnsupportedContentType(
            f"The address points to {media_type} content, not a web page; {_ONLY_PAGES}",
            status=response.status_code,
        )
    return media_type, charset


def _read_body(response: requests.Response, target: Target, policy: FetchPolicy, deadline: float) -> bytes:
    too_large = f"The page is larger than the {_megabytes(policy.max_bytes)} limit; it was not downloaded."
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchTooLarge(too_large, status=response.status_code)
    chunks: list[bytes] = []
    received = 0
    try:
        for chunk in response.iter_content(chunk_size=CHUNK_SIZE):
            received += len(chunk)
            if received > policy.max_bytes:
                raise FetchTooLarge(too_large, status=response.status_code)
            if time.monotonic() > deadline:
                raise FetchTimeout(f"Downloading the page took longer than {policy.total_timeout:g} seconds.")
            chunks.append(chunk)
    except requests.ConnectionError as exc:
        # requests reports a read timeout while streaming the body as a ConnectionError.
        if isinstance(exc.args[0] if exc.args else None, ReadTimeoutError):
            raise FetchTimeout(
                f"The site {target.host} stopped sending the page for {policy.read_timeout:g} seconds."
            ) from exc
        raise FetchError(f"The connection to {target.host} broke while downloading the page.") from exc
    except requests.RequestException as exc:
        raise FetchError(f"The site {target.host} sent a broken response.") from exc
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
