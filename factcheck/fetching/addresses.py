"""Which hosts and IP addresses the fetcher may reach, and why not when it may not.

Two jobs: turn a URL's host into the form a resolver would see (IDNA, full-width digits,
ideographic dots, and IPv4 written in decimal, octal, hex or short forms with inet_aton
semantics, which Python's `ipaddress` refuses but `getaddrinfo` accepts), and decide whether
an address is on the public internet. The connection itself is pinned and checked again by
requests-hardened (see client.py); these checks run first so a refusal never opens a socket.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from typing import Any

import idna
from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES

from factcheck.fetching.errors import FetchError, UnsafeURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# getaddrinfo-compatible: called as resolver(host, port) and returning its 5-tuples.
Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]

ONLY_PUBLIC = "only public web pages can be fetched."

_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_HEX = re.compile(r"^[0-9a-f]+$")
_OCTAL = re.compile(r"^[0-7]+$")
_DECIMAL = re.compile(r"^[0-9]+$")

# Names that never reach the public internet, whatever a resolver answers for them
# (RFC 6761 localhost, RFC 6762 mDNS, RFC 8375 home.arpa, ICANN's .internal).
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".localdomain")

_N = ipaddress.ip_network
# Ordered: the first match names the range in the refusal sentence.
_NAMED_RANGES: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = (
    # Connecting to 0.0.0.0 reaches the server itself on Linux and macOS.
    (_N("0.0.0.0/32"), "the unspecified address, which reaches the server itself (a loopback address)"),
    (_N("0.0.0.0/8"), "an unspecified (\u201cthis network\u201d) address"),
    (_N("10.0.0.0/8"), "a private network address"),
    (_N("172.16.0.0/12"), "a private network address"),
    (_N("192.168.0.0/16"), "a private network address"),
    (_N("127.0.0.0/8"), "a loopback address (the server itself)"),
    (_N("169.254.0.0/16"), "a link-local address (where cloud metadata services live)"),
    (_N("100.64.0.0/10"), "a carrier-grade NAT address (shared private address space)"),
    (_N("192.0.0.0/24"), "an IETF protocol assignment address"),
    (_N("192.0.2.0/24"), "a documentation example address"),
    (_N("198.51.100.0/24"), "a documentation example address"),
    (_N("203.0.113.0/24"), "a documentation example address"),
    (_N("198.18.0.0/15"), "a network benchmarking address"),
    (_N("192.88.99.0/24"), "a 6to4 relay address"),
    (_N("224.0.0.0/4"), "a multicast address"),
    (_N("255.255.255.255/32"), "the broadcast address"),
    (_N("240.0.0.0/4"), "a reserved address"),
    (_N("::/128"), "the unspecified address"),
    (_N("::1/128"), "a loopback address (the server itself)"),
    (_N("fc00::/7"), "a private (unique local) network address"),
    (_N("fe80::/10"), "a link-local address"),
    (_N("fec0::/10"), "a site-local (deprecated private) address"),
    (_N("ff00::/8"), "a multicast address"),
    (_N("2001:db8::/32"), "a documentation example address"),
    (_N("3fff::/20"), "a documentation example address"),
    (_N("100::/64"), "a discard-only address"),
    (_N("5f00::/16"), "a segment routing address"),
    (_N("2001::/23"), "an IETF special-purpose address"),
)
_NAT64 = (_N("64:ff9b::/96"), _N("64:ff9b:1::/48"))
_GLOBAL_UNICAST_V6 = _N("2000::/3")


def unsafe_address_reason(
    address: IPAddress, *, allow_loopback: bool = False, written_as: str | None = None
) -> str | None:
    """Why `address` must not be contacted, as a sentence; None when it is a public address.

    Addresses that wrap an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo)
    are judged by what they wrap, and the translation forms are refused outright because
    they reach IPv4 space through a gateway the checks cannot see. `allow_loopback` accepts
    127.0.0.0/8 and ::1 only (the tests' own server). `written_as` is how the URL spelled
    the address (`0x7f000001`), shown next to the address it means.
    """
    shown = f"{written_as} ({address})" if written_as and written_as != str(address) else str(address)
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return f"The address {shown} names a network interface of the server; {ONLY_PUBLIC}"
        wrapped = _wrapped_ipv4(address)
        if wrapped is not None:
            kind, inner = wrapped
            inner_reason = unsafe_address_reason(inner, allow_loopback=allow_loopback)
            if kind == "mapped" and inner_reason is None:
                return None  # ::ffff:a.b.c.d is how a dual-stack socket reaches a public IPv4 address
            what = _range_name(inner) or "a public address"
            return f"The address {shown} is {kind_phrase(kind)} wrapping {inner}, {what}; {ONLY_PUBLIC}"
    if allow_loopback and address.is_loopback:
        return None
    name = _range_name(address)
    if name is not None:
        return f"The address {shown} is {name}; {ONLY_PUBLIC}"
    if _is_outside_public_space(address):
        return f"The address {shown} is not a public internet address; {ONLY_PUBLIC}"
    return None


def kind_phrase(kind: str) -> str:
    """Readable name of an IPv6 form that carries an IPv4 address."""
    return {
        "mapped": "an IPv4-mapped IPv6 address",
        "compatible": "a deprecated IPv4-compatible IPv6 address",
        "nat64": "a NAT64 translation address",
        "6to4": "a 6to4 tunnel address",
        "teredo": "a Teredo tunnel address",
    }[kind]


def _wrapped_ipv4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    if address.ipv4_mapped is not None:
        return "mapped", address.ipv4_mapped
    if any(address in network for network in _NAT64):
        return "nat64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address.teredo is not None:
        return "teredo", address.teredo[1]
    if int(address) >> 32 == 0 and int(address) > 1:
        return "compatible", ipaddress.IPv4Address(int(address))
    return None


def _range_name(address: IPAddress) -> str | None:
    for network, name in _NAMED_RANGES:
        if address.version == network.version and address in network:
            return name
    return None


def _is_outside_public_space(address: IPAddress) -> bool:
    # Python's is_global alone is not enough: it calls multicast, ::2 and fec0::/10 global.
    if not address.is_global or address.is_multicast or address.is_reserved:
        return True
    if isinstance(address, ipaddress.IPv6Address) and address not in _GLOBAL_UNICAST_V6:
        return True
    return any(address.version == net.version and address in net for net in EXTRA_BLOCKED_NET_RANGES)


def parse_ipv4_like(host: str) -> ipaddress.IPv4Address | None:
    """Read `host` as inet_aton does: 1 to 4 parts, each decimal, octal (0...) or hex (0x...).

    `2130706433`, `0x7f000001`, `0177.0.0.1`, `127.1` and `0x7f.0.0.01` all give 127.0.0.1.
    Returns None when `host` is not such a number, which makes it a name for the resolver.
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        if part[:2] == "0x":
            if not _HEX.match(part[2:]):
                return None
            values.append(int(part[2:], 16))
        elif len(part) > 1 and part[0] == "0":
            if not _OCTAL.match(part):
                return None
            values.append(int(part, 8))
        elif _DECIMAL.match(part):
            values.append(int(part))
        else:
            return None
    *leading, last = values
    if any(value > 0xFF for value in leading) or last >= 256 ** (4 - len(leading)):
        return None
    number = 0
    for value in leading:
        number = number << 8 | value
    number = number << 8 * (4 - len(leading)) | last
    return ipaddress.IPv4Address(number)


def ascii_host(host: str) -> str:
    """The host as a resolver sees it: lowercase ASCII, IDNA-encoded, UTS 46 mapped.

    Full-width digits and ideographic dots fold to ASCII here (`１２７。０。０。１` becomes
    `127.0.0.1`). Raises UnsafeURLError for a name that is not a valid host name.
    """
    if host.isascii():
        folded = host.lower()
    else:
        try:
            folded = idna.encode(host, uts46=True, transitional=False).decode("ascii").lower()
        except (idna.IDNAError, UnicodeError) as exc:
            raise UnsafeURLError(f"The site name \u201c{host}\u201d is not a valid host name.") from exc
    labels = folded[:-1].split(".") if folded.endswith(".") else folded.split(".")
    if len(folded) > 253 or not all(_LABEL.match(label) for label in labels):
        raise UnsafeURLError(f"The site name \u201c{host}\u201d is not a valid host name.")
    return folded


def host_literal(host: str) -> IPAddress | None:
    """The IP address an ASCII host stands for, if it is written as one (any IPv4 form, or IPv6)."""
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise UnsafeURLError(f"\u201c{host}\u201d is not a valid IPv6 address.") from exc
    return parse_ipv4_like(host.removesuffix("."))


def system_resolver(host: str, port: int) -> Sequence[tuple[Any, ...]]:
    """socket.getaddrinfo, looked up at call time (so tests can replace it)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def check_host_without_lookup(host: str, *, allow_loopback: bool) -> IPAddress | None:
    """Everything `check_host` decides before asking DNS: an address written in the URL (in
    any form) must be public, and a name must not be a local or single-label one.

    Returns the address when `host` is one, None for a name still to be resolved. Raises
    UnsafeURLError with the same sentences as a fetch would.
    """
    literal = host_literal(host)
    if literal is not None:
        reason = unsafe_address_reason(literal, allow_loopback=allow_loopback, written_as=host)
        if reason is not None:
            raise UnsafeURLError(reason)
        return literal
    name = host.removesuffix(".")
    is_localhost = name == "localhost" or name.endswith(".localhost")
    if "." not in name and not (is_localhost and allow_loopback):
        # Single labels go through the resolver's search domains (think "metadata" or "intranet").
        raise UnsafeURLError(f"The site name \u201c{host}\u201d is not a public internet name; {ONLY_PUBLIC}")
    if name.endswith(_LOCAL_SUFFIXES) and not (is_localhost and allow_loopback):
        raise UnsafeURLError(f"The site name \u201c{host}\u201d is a local network name; {ONLY_PUBLIC}")
    return None


def check_host(host: str, port: int, *, allow_loopback: bool, resolver: Resolver) -> list[IPAddress]:
    """Refuse `host` unless every address it stands for or resolves to is public.

    `host` is ASCII (see `ascii_host`), an IPv6 address without brackets, or any IPv4 form.
    Returns the checked addresses. Raises UnsafeURLError for a refused host and FetchError
    (transient only for a temporary DNS failure) when the name does not resolve.
    """
    literal = check_host_without_lookup(host, allow_loopback=allow_loopback)
    if literal is not None:
        return [literal]
    addresses = _resolve(host, port, resolver)
    for address in addresses:
        reason = unsafe_address_reason(address, allow_loopback=allow_loopback)
        if reason is not None:
            raise UnsafeURLError(f"The site {host} resolves to {address}. {reason}")
    return addresses


def _resolve(host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    try:
        answers = resolver(host, port)
    except socket.gaierror as exc:
        temporary = exc.errno == socket.EAI_AGAIN
        raise FetchError(f"The site name {host} could not be found.", transient=temporary) from exc
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"The site name {host} could not be looked up.") from exc
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            address = ipaddress.ip_address(str(answer[4][0]))
        except (ValueError, IndexError, TypeError) as exc:
            raise UnsafeURLError(f"The site name {host} resolved to something that is not an address.") from exc
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"The site name {host} could not be found.")
    return addresses
