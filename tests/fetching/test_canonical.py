"""canonicalize_url: one identity per article, idempotent, and never another site's host."""

from __future__ import annotations

from urllib.parse import urlsplit

import idna
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.fetching import canonicalize_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com/story#comments", "https://example.com/story"),
        (
            "https://example.com/story?utm_source=tw&utm_medium=social&UTM_Campaign=x",
            "https://example.com/story",
        ),
        (
            "https://example.com/s?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5&ref_src=twsrc&msclkid=6&id=7",
            "https://example.com/s?id=7",
        ),
        ("https://example.com/s?b=2&a=1&c=3", "https://example.com/s?a=1&b=2&c=3"),
        ("https://example.com/s?a=2&a=1", "https://example.com/s?a=1&a=2"),
        ("https://example.com/s?flag&a=1", "https://example.com/s?a=1&flag"),
        ("https://example.com/s?q=a+b&r=a%2bb", "https://example.com/s?q=a+b&r=a%2Bb"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/%7euser/%2e%2e/x", "https://example.com/x"),
        ("https://example.com/caf\u00e9 au lait", "https://example.com/caf%C3%A9%20au%20lait"),
        ("https://example.com/100%", "https://example.com/100%25"),
        ("https://user:pw@example.com/", "https://example.com/"),
        ("https://B\u00fccher.example/", "https://xn--bcher-kva.example/"),
        ("https://[2001:DB8::1]:443/", "https://[2001:db8::1]/"),
        ("  https://example.com/x  ", "https://example.com/x"),
    ],
)
def test_examples(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


@pytest.mark.parametrize("url", ["ftp://example.com/", "example.com/page", "javascript:alert(1)", "http:///x"])
def test_non_web_urls_have_no_canonical_form(url: str) -> None:
    with pytest.raises(ValueError):
        canonicalize_url(url)


@pytest.mark.parametrize(
    ("url", "link", "expected"),
    [
        (
            "https://www.example.co.uk/story?utm_source=x",
            "https://example.co.uk/story",
            "https://example.co.uk/story",
        ),
        (
            "https://amp.theguardian.com/world/1",
            "https://www.theguardian.com/world/1",
            "https://www.theguardian.com/world/1",
        ),
        ("https://example.com/a?page=2", "/a", "https://example.com/a"),
        ("http://example.com/a", "https://example.com/a#x", "https://example.com/a"),
    ],
)
def test_a_same_site_canonical_link_names_the_page(url: str, link: str, expected: str) -> None:
    assert canonicalize_url(url, canonical_link=link) == expected


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://www.example.co.uk/story", "https://evil.co.uk/story"),  # same public suffix only
        ("https://reporter.blogspot.com/p", "https://victim.blogspot.com/p"),  # private suffix
        ("https://example.com/story", "https://nytimes.com/story"),
        ("https://example.com/story", "//nytimes.com/story"),
        ("https://example.com/story", "ftp://example.com/story"),
        ("https://example.com/story", "javascript:alert(1)"),
        ("https://127.0.0.1/story", "https://127.0.0.2/story"),
        ("https://example.com/story", "http://[::1"),
    ],
)
def test_a_canonical_link_to_another_site_is_ignored(url: str, link: str) -> None:
    assert canonicalize_url(url, canonical_link=link) == canonicalize_url(url)


# Properties ----------------------------------------------------------------------------------------

# IDNA reserves "--" in a label's third and fourth characters (R-LDH labels such as "00--0"): the
# canonicaliser refuses such hosts with a ValueError (a 400 at every door), so they are not URLs it
# must round-trip.
_ascii_label = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?", fullmatch=True).filter(
    lambda label: label[2:4] != "--"
)
_unicode_label = st.sampled_from(
    ["b\u00fccher", "\u043f\u0440\u0438\u043c\u0435\u0440", "\u4f8b\u3048", "M\u00fcnchen"]
)
_hosts = st.lists(st.one_of(_ascii_label, _unicode_label), min_size=1, max_size=3).map(
    lambda labels: ".".join([*labels, "example"])
)
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="#?&=\\"), max_size=12)
_param_names = st.one_of(
    st.sampled_from(["utm_source", "UTM_medium", "fbclid", "gclid", "mc_eid", "igshid", "ref_src", "id", "page", "q"]),
    _text.filter(bool),
)
_queries = st.lists(st.tuples(_param_names, _text), max_size=5).map(
    lambda pairs: "&".join(f"{name}={value}" for name, value in pairs)
)
_paths = st.lists(st.one_of(_text, st.sampled_from([".", "..", "%2e", "%41", "%zz", "%"])), max_size=5).map(
    lambda segments: "/".join(["", *segments])
)


@st.composite
def urls(draw: st.DrawFn) -> tuple[str, str]:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "HtTpS"]))
    host = draw(_hosts)
    port = draw(st.one_of(st.none(), st.sampled_from([80, 443, 8080])))
    netloc = host if port is None else f"{host}:{port}"
    query = draw(_queries)
    fragment = draw(st.one_of(st.just(""), _text))
    url = f"{scheme}://{netloc}{draw(_paths)}" + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
    return url, host


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(urls())
def test_canonicalisation_is_idempotent(case: tuple[str, str]) -> None:
    url, _host = case
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(urls())
def test_canonicalisation_never_changes_the_host_beyond_case_and_idna(case: tuple[str, str]) -> None:
    url, host = case
    expected = idna.encode(host, uts46=True).decode("ascii").lower()
    assert urlsplit(canonicalize_url(url)).hostname == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(urls())
def test_canonical_urls_carry_no_tracking_no_fragment_no_default_port(case: tuple[str, str]) -> None:
    url, _host = case
    parts = urlsplit(canonicalize_url(url))
    names = [item.partition("=")[0].lower() for item in parts.query.split("&") if item]
    assert not any(
        name.startswith("utm_") or name in {"fbclid", "gclid", "mc_eid", "igshid", "ref_src"} for name in names
    )
    assert parts.fragment == ""
    assert parts.port not in (80, 443) or (parts.scheme, parts.port) in (("http", 443), ("https", 80))
    assert parts.path.startswith("/")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    urls(),
    st.one_of(
        _ascii_label.map(lambda label: f"{label}.test"),
        st.sampled_from(["nytimes.com", "www.nytimes.com", "evil.co.uk", "127.0.0.1", "[::1]"]),
    ),
)
def test_a_canonical_link_never_moves_the_page_to_another_site(case: tuple[str, str], other_host: str) -> None:
    url, host = case
    result = canonicalize_url(url, canonical_link=f"https://{other_host}/claimed")
    assert urlsplit(result).hostname == idna.encode(host, uts46=True).decode("ascii").lower()


def test_a_reserved_hyphen_label_next_to_a_unicode_label_is_refused_not_mangled() -> None:
    # The property generator leaves these out; here is what happens to them instead.
    with pytest.raises(ValueError, match="not a valid host name"):
        canonicalize_url("http://b\u00fccher.00--0.example/")
