"""Parse a URL into a target the fetcher may request, refusing every trick on the way.

The URL that goes out is rebuilt from checked parts (ASCII host, IPv4 in dotted form, no
userinfo, no fragment) so that the parser that checked it and the library that sends it
cannot read it differently.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from factcheck.fetching.addresses import (
    IPAddress,
    Resolver,
    ascii_host,
    check_host,
    check_host_without_lookup,
    host_literal,
    system_resolver,
)
from factcheck.fetching.errors import UnsafeURLError
from factcheck.fetching.policy import FetchPolicy

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Target:
    """A checked URL: what will be requested and the parts its safety was judged on."""

    url: str
    scheme: str
    host: str  # lowercase ASCII; IPv4 in dotted form; IPv6 without brackets
    port: int
    literal: IPAddress | None
    written_host: str  # as the URL spelled it (after IDNA), for refusal messages: "0x7f000001"

    @property
    def origin(self) -> tuple[str, str, int]:
        """Scheme, host and port: what decides whether credentials may follow a redirect."""
        return (self.scheme, self.host, self.port)


def parse_target(url: str, policy: FetchPolicy) -> Target:
    """Validate and normalise `url`; raise UnsafeURLError with a readable reason if refused.

    Surrounding whitespace (from pasting) is dropped; whitespace, control or invisible
    formatting characters and backslashes inside are refused, as are schemes other than
    http/https, userinfo, ports outside the allow-list and invalid host names. The fragment
    is dropped. No DNS lookup happens here (see `check_target`).
    """
    text = url.strip()
    if not text:
        raise UnsafeURLError("No address was given.")
    for character in text:
        if character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp"):
            raise UnsafeURLError(
                "The address contains a space, line break or invisible control character; "
                "paste the address again without it."
            )
    if "\\" in text:
        # urllib reads "http://127.0.0.1:80\@example.org/" as example.org, urllib3 and
        # browsers as 127.0.0.1: refuse rather than pick a side.
        raise UnsafeURLError("The address contains a backslash, which servers and browsers read differently.")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise UnsafeURLError("The address is not a valid web address.") from exc
    scheme = parts.scheme.lower()
    if not scheme or "." in scheme:
        # "example.org/page" has no scheme; "example.org:80/page" parses as scheme "example.org".
        raise UnsafeURLError("The address must start with http:// or https://.")
    if scheme not in ALLOWED_SCHEMES:
        raise UnsafeURLError(f"Only http and https addresses can be fetched, not \u201c{scheme}:\u201d.")
    if "@" in parts.netloc:
        raise UnsafeURLError(
            "The address contains a user name or password before the site name; such addresses are refused."
        )
    host, literal, written_host = _host(parts)
    port = _port(parts, scheme, policy)
    shown_host = f"[{host}]" if ":" in host else host
    netloc = shown_host if port == DEFAULT_PORTS[scheme] else f"{shown_host}:{port}"
    normalised = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(url=normalised, scheme=scheme, host=host, port=port, literal=literal, written_host=written_host)


def _host(parts: SplitResult) -> tuple[str, IPAddress | None, str]:
    raw = parts.hostname
    if not raw:
        raise UnsafeURLError("The address has no site name.")
    if "%" in raw:
        raise UnsafeURLError("The site name contains a percent sign or an interface name; such addresses are refused.")
    written = raw if ":" in raw else ascii_host(raw)
    literal = host_literal(written)
    # Send the canonical dotted or compressed form, never "0x7f000001" or "127.1".
    host = written if literal is None else str(literal)
    return host, literal, written


def _port(parts: SplitResult, scheme: str, policy: FetchPolicy) -> int:
    try:
        explicit = parts.port
    except ValueError as exc:
        raise UnsafeURLError("The address has an invalid port number.") from exc
    port = explicit if explicit is not None else DEFAULT_PORTS[scheme]
    if port not in policy.allowed_ports:
        allowed = ", ".join(str(allowed_port) for allowed_port in policy.allowed_ports)
        raise UnsafeURLError(f"Port {port} is not allowed; only ports {allowed} can be fetched.")
    return port


def check_target(target: Target, policy: FetchPolicy, resolver: Resolver | None = None) -> None:
    """Resolve the target's host and refuse it unless every address is public."""
    check_host(
        target.written_host,
        target.port,
        allow_loopback=policy.allow_private_addresses,
        resolver=resolver or system_resolver,
    )


def check_url(url: str, policy: FetchPolicy | None = None, *, resolver: Resolver | None = None) -> None:
    """Refuse `url` (UnsafeURLError) unless it is an http(s) URL whose host is entirely public.

    For URLs stored now and called later (webhook targets): check at save time and again at
    each delivery. Every address the host resolves to must be public, not just the first.
    A name that does not resolve raises FetchError (transient for a temporary DNS failure).
    """
    policy = policy or FetchPolicy.from_settings()
    check_target(parse_target(url, policy), policy, resolver)


def check_url_without_lookup(url: str, policy: FetchPolicy | None = None) -> str:
    """Refuse `url` (UnsafeURLError) for everything decidable without DNS; return it normalised.

    For URLs taken in now and fetched (or only shown and linked) later: article submissions,
    citations, library sources. A private, loopback or metadata address in any spelling
    (``2130706433``, ``0x7f000001``, ``127.1``, ``0``), a local name, a bad port or scheme is
    refused with the sentence a fetch would give; names are resolved only when fetched.
    """
    policy = policy or FetchPolicy.from_settings()
    target = parse_target(url, policy)
    check_host_without_lookup(target.written_host, allow_loopback=policy.allow_private_addresses)
    return target.url
