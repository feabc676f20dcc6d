"""check_url: every address that is not on the public internet is refused, however it is written."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from factcheck.fetching import FetchError, FetchPolicy, UnsafeURLError, check_url
from factcheck.fetching.addresses import parse_ipv4_like, unsafe_address_reason
from tests.fetching.conftest import PUBLIC_V4, FakeResolver

POLICY = FetchPolicy()

NON_PUBLIC_ADDRESSES = [
    # IPv4
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "unspecified"),
    ("10.0.0.5", "private network"),
    ("172.16.0.1", "private network"),
    ("172.31.255.254", "private network"),
    ("192.168.1.10", "private network"),
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("169.254.169.254", "link-local"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("100.127.255.254", "carrier-grade NAT"),
    ("192.0.0.8", "IETF protocol"),
    ("192.0.2.1", "documentation"),
    ("198.51.100.7", "documentation"),
    ("203.0.113.9", "documentation"),
    ("198.18.0.1", "benchmarking"),
    ("192.88.99.1", "6to4 relay"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "broadcast"),
    # IPv6
    ("::", "unspecified"),
    ("::1", "loopback"),
    ("fc00::1", "unique local"),
    ("fd12:3456:789a::1", "unique local"),
    ("fe80::1", "link-local"),
    ("fec0::1", "site-local"),
    ("ff02::1", "multicast"),
    ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation"),
    ("100::1", "discard"),
    ("5f00::1", "segment routing"),
    ("2001:10::1", "IETF special-purpose"),
    ("::2", "IPv4-compatible"),
    ("4000::1", "not a public internet address"),
    # IPv6 forms that carry an IPv4 address
    ("::ffff:127.0.0.1", "IPv4-mapped"),
    ("::ffff:10.0.0.5", "IPv4-mapped"),
    ("::ffff:169.254.169.254", "IPv4-mapped"),
    ("::127.0.0.1", "IPv4-compatible"),
    ("64:ff9b::10.0.0.5", "NAT64"),
    ("64:ff9b::127.0.0.1", "NAT64"),
    ("64:ff9b::93.184.216.34", "NAT64"),
    ("64:ff9b:1::a00:5", "NAT64"),
    ("2002:a00:5::1", "6to4"),
    ("2002:7f00:1::1", "6to4"),
    ("2002:5db8:d822::1", "6to4"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
]


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address


@pytest.mark.parametrize(("address", "category"), NON_PUBLIC_ADDRESSES)
def test_every_non_public_range_is_refused_as_a_literal(address: str, category: str) -> None:
    with pytest.raises(UnsafeURLError) as refused:
        check_url(f"http://{_bracketed(address)}/", POLICY, resolver=FakeResolver())
    assert category in refused.value.reason
    assert refused.value.reason.endswith("only public web pages can be fetched.")
    assert refused.value.transient is False


@pytest.mark.parametrize(("address", "category"), NON_PUBLIC_ADDRESSES)
def test_a_hostname_resolving_to_a_non_public_address_is_refused(address: str, category: str) -> None:
    resolver = FakeResolver({"news.example.com": [address]})
    with pytest.raises(UnsafeURLError) as refused:
        check_url("https://news.example.com/story", POLICY, resolver=resolver)
    assert "news.example.com resolves to" in refused.value.reason
    assert category in refused.value.reason
    assert resolver.calls == ["news.example.com"]


def test_the_reason_reads_as_a_sentence_for_a_fact_checker() -> None:
    with pytest.raises(UnsafeURLError) as refused:
        check_url("http://10.0.0.5/", POLICY)
    assert refused.value.reason == (
        "The address 10.0.0.5 is a private network address; only public web pages can be fetched."
    )


def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    resolver = FakeResolver({"mixed.example.com": [PUBLIC_V4, "2606:2800:220:1::1", "10.0.0.5"]})
    with pytest.raises(UnsafeURLError, match=r"10\.0\.0\.5"):
        check_url("http://mixed.example.com/", POLICY, resolver=resolver)


@pytest.mark.parametrize(
    "address", [PUBLIC_V4, "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"]
)
def test_public_addresses_pass(address: str) -> None:
    assert unsafe_address_reason(ipaddress.ip_address(address)) is None
    check_url(f"http://{_bracketed(address)}/", POLICY, resolver=FakeResolver())
    check_url("https://public.example.com/", POLICY, resolver=FakeResolver({"public.example.com": [address]}))


ODD_LOOPBACK_SPELLINGS = [
    "2130706433",  # decimal
    "017700000001",  # octal, one part
    "0177.0.0.1",  # octal first part
    "0x7f000001",  # hex
    "0X7F000001",  # hex, upper case (the host is lowercased first)
    "0x7f.0.0.1",  # hex first part
    "127.1",  # short
    "127.0.1",  # short, three parts
    "0x7f.1",  # mixed hex and short
    "0177.0x0.0.01",  # mixed octal and hex
    "127.0.0.1.",  # trailing dot
    "\uff11\uff12\uff17.\uff10.\uff10.\uff11",  # full-width digits
    "127\u30020\u30020\u30021",  # ideographic full stops
    "127\uff0e0\uff0e0\uff0e1",  # full-width full stops
    "127\uff610\uff610\uff611",  # halfwidth ideographic full stops
    "\uff10\uff58\uff17\uff46\uff10\uff10\uff10\uff10\uff10\uff11",  # full-width hex
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:7f00:1]",
    "[0000::1]",
]


@pytest.mark.parametrize("host", ODD_LOOPBACK_SPELLINGS)
def test_odd_spellings_of_loopback_are_read_as_a_resolver_would_and_refused(host: str) -> None:
    resolver = FakeResolver()
    with pytest.raises(UnsafeURLError, match="loopback"):
        check_url(f"http://{host}/", POLICY, resolver=resolver)
    assert resolver.calls == [], "an address literal must be judged without asking DNS"


@pytest.mark.parametrize(
    ("host", "meaning"),
    [
        ("167772165", "10.0.0.5"),
        ("012.0.0.05", "10.0.0.5"),
        ("0xa.0.0.5", "10.0.0.5"),
        ("10.5", "10.0.0.5"),
        ("0xa9fea9fe", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"),
        ("0", "0.0.0.0"),
        ("0x0", "0.0.0.0"),
        ("0x00000000", "0.0.0.0"),
    ],
)
def test_odd_spellings_of_other_private_addresses_are_refused(host: str, meaning: str) -> None:
    with pytest.raises(UnsafeURLError, match=meaning.replace(".", r"\.")):
        check_url(f"http://{host}/", POLICY, resolver=FakeResolver())


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("1.2.3", "1.2.0.3"),
        ("1.2.3.4", "1.2.3.4"),
        ("0x", None),
        ("4294967295", "255.255.255.255"),
        ("4294967296", None),
        ("256.1.1.1", None),
        ("1.2.3.4.5", None),
        ("08.1.1.1", None),
        ("0xg1", None),
        ("1..1", None),
        ("example.com", None),
        ("1.2.3.com", None),
    ],
)
def test_ipv4_forms_follow_inet_aton(written: str, expected: str | None) -> None:
    parsed = parse_ipv4_like(written)
    assert (str(parsed) if parsed else None) == expected
    if expected is not None:
        assert socket.inet_aton(written) == ipaddress.IPv4Address(expected).packed


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST",
        "api.localhost",
        "printer.local",
        "metadata.google.internal",
        "nas.home.arpa",
        "metadata",
        "intranet",
    ],
)
def test_local_names_are_refused_without_asking_dns(host: str) -> None:
    resolver = FakeResolver({host.lower(): [PUBLIC_V4]})
    with pytest.raises(UnsafeURLError, match=r"not a public internet name|local network name"):
        check_url(f"http://{host}/", POLICY, resolver=resolver)
    assert resolver.calls == []


@pytest.mark.parametrize(
    ("url", "fragment_of_reason"),
    [
        ("http://a@127.0.0.1/", "user name or password"),
        ("http://user:pass@example.com/", "user name or password"),
        ("http://example.com@127.0.0.1/", "user name or password"),
        ("http://127.0.0.1:80\\@example.org/", "backslash"),
        ("http://example.org\\@127.0.0.1/", "backslash"),
        ("http://example.org/\r\nHost: 127.0.0.1", "line break"),
        ("http://exa\nmple.org/", "line break"),
        ("http://exa\rmple.org/", "line break"),
        ("http://example.org/a b", "space"),
        ("http://ex\tample.org/", "space"),
        ("http://example.org/\x00", "control"),
        ("http://example.org/\x7f", "control"),
        ("http://example.org/a\u2028b", "line break"),
        ("http://exam\u200bple.org/", "invisible"),
        ("http://example.org:8080/", "Port 8080 is not allowed"),
        ("http://example.org:22/", "Port 22 is not allowed"),
        ("https://example.org:0/", "Port 0 is not allowed"),
        ("http://example.org:99999/", "invalid port"),
        ("http://example.org:http/", "invalid port"),
        ("file:///etc/passwd", "not \u201cfile:\u201d"),
        ("ftp://example.org/file", "not \u201cftp:\u201d"),
        ("gopher://example.org:70/_SSRF", "not \u201cgopher:\u201d"),
        ("javascript:alert(1)", "not \u201cjavascript:\u201d"),
        ("data:text/html,hi", "not \u201cdata:\u201d"),
        ("dict://example.org:11211/stat", "not \u201cdict:\u201d"),
        ("example.org/page", "must start with http"),
        ("//example.org/page", "must start with http"),
        ("http:///path-only", "no site name"),
        ("http://[fe80::1%25eth0]/", "interface"),
        ("http://[::1/", "not a valid web address"),
        ("http://exa_mple..org/", "not a valid host name"),
        ("http://-bad-.example.org/", "not a valid host name"),
        ("", "No address"),
    ],
)
def test_url_tricks_are_refused_with_a_reason(url: str, fragment_of_reason: str) -> None:
    resolver = FakeResolver({"example.org": [PUBLIC_V4], "example.com": [PUBLIC_V4]})
    with pytest.raises(UnsafeURLError) as refused:
        check_url(url, POLICY, resolver=resolver)
    assert fragment_of_reason in refused.value.reason


def test_a_fragment_cannot_hide_the_real_host() -> None:
    """`http://example.org#@127.0.0.1/` is example.org with a fragment: checked as example.org."""
    resolver = FakeResolver({"example.org": [PUBLIC_V4]})
    check_url("http://example.org#@127.0.0.1/", POLICY, resolver=resolver)
    assert resolver.calls == ["example.org"]


def test_a_fragment_cannot_hide_a_private_host() -> None:
    with pytest.raises(UnsafeURLError):
        check_url("http://127.0.0.1#@example.org/", POLICY, resolver=FakeResolver({"example.org": [PUBLIC_V4]}))


def test_idna_hostnames_are_resolved_in_their_ascii_form() -> None:
    resolver = FakeResolver({"xn--bcher-kva.example.com": ["10.1.2.3"]})
    with pytest.raises(UnsafeURLError, match="private"):
        check_url("http://B\u00fccher.example.com/", POLICY, resolver=resolver)
    assert resolver.calls == ["xn--bcher-kva.example.com"]


def test_surrounding_whitespace_from_pasting_is_dropped() -> None:
    resolver = FakeResolver({"example.org": [PUBLIC_V4]})
    check_url("  https://example.org/story \n", POLICY, resolver=resolver)


def test_ports_come_from_the_policy() -> None:
    resolver = FakeResolver({"example.org": [PUBLIC_V4]})
    check_url("http://example.org:8080/", FetchPolicy(allowed_ports=(8080,)), resolver=resolver)
    with pytest.raises(UnsafeURLError, match="Port 80 is not allowed"):
        check_url("http://example.org/", FetchPolicy(allowed_ports=(8080,)), resolver=resolver)


def test_the_loopback_switch_allows_loopback_and_nothing_else() -> None:
    policy = FetchPolicy(allow_private_addresses=True)
    check_url("http://127.0.0.1/", policy, resolver=FakeResolver())
    check_url("http://[::1]/", policy, resolver=FakeResolver())
    check_url("http://0x7f000001/", policy, resolver=FakeResolver())
    check_url("http://localhost/", policy, resolver=FakeResolver({"localhost": ["127.0.0.1"]}))
    for private in ("10.0.0.5", "169.254.169.254", "[fc00::1]", "100.64.0.1", "[::ffff:10.0.0.5]"):
        with pytest.raises(UnsafeURLError):
            check_url(f"http://{private}/", policy, resolver=FakeResolver())


def test_an_unknown_name_is_a_fetch_error_not_a_refusal() -> None:
    with pytest.raises(FetchError) as failed:
        check_url("http://missing.example.com/", POLICY, resolver=FakeResolver())
    assert not isinstance(failed.value, UnsafeURLError)
    assert failed.value.transient is False
    assert "could not be found" in failed.value.reason


def test_a_temporary_dns_failure_is_transient() -> None:
    def flaky(host: str, port: int) -> list[tuple[object, ...]]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    with pytest.raises(FetchError) as failed:
        check_url("http://example.org/", POLICY, resolver=flaky)
    assert failed.value.transient is True


def test_the_default_resolver_is_the_system_one(dns: FakeResolver) -> None:
    dns.add("webhook.example.net", "192.168.0.20")
    with pytest.raises(UnsafeURLError, match=r"192\.168\.0\.20"):
        check_url("https://webhook.example.net/hook", POLICY)
    assert dns.calls == ["webhook.example.net"]
