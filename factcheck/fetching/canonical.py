"""One identity per article URL, so the same page is not stored twice.

`canonicalize_url` lowercases scheme and host, encodes the host with IDNA, drops default
ports, userinfo, the fragment and tracking parameters, sorts the remaining query parameters,
normalises percent-escapes and dot segments (RFC 3986, section 6.2.2) and turns an empty
path into "/". It is idempotent and never changes the host beyond case and IDNA, unless a
same-site `<link rel=canonical>` is given, which then names the page.
"""

from __future__ import annotations

import string
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from tld import get_fld

from factcheck.fetching.addresses import ascii_host
from factcheck.fetching.errors import UnsafeURLError

DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that say how a reader arrived, never which page they read.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "li_fat_id", "mc_cid", "mc_eid", "igshid", "igsh", "ref_src", "ref_url", "_hsenc", "_hsmi",
        "mkt_tok", "_ga", "_gl", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "__twitter_impression",
        "wt_mc", "wt.mc_id", "cmpid", "ocid", "sr_share", "s_cid", "at_medium", "at_campaign",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")

# Subdomains that name another rendering of the same site's pages.
_EDITION_PREFIXES = ("www.", "m.", "mobile.", "amp.")

_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS) | set(":@/"))
# In the query, "&" and "=" separate parameters and "+" means a space to many servers:
# they stay as they are, and their escaped forms stay escaped.
_QUERY_SAFE = frozenset(_UNRESERVED | set("!$'()*,;:@/?+"))
_HEX_DIGITS = frozenset(string.hexdigits)


def canonicalize_url(url: str, *, canonical_link: str | None = None) -> str:
    """The canonical form of an http(s) URL; raise ValueError for anything else.

    `canonical_link` is the page's `<link rel=canonical>` href. It is used when it is an
    http(s) URL (relative ones are resolved against `url`) on the same site: the same
    registrable domain, or the same host up to a `www.`/`m.`/`amp.` prefix when the domain
    is not in the public suffix list. Otherwise it is ignored, so a page cannot take the
    identity of another site's article.
    """
    canonical = _canonicalize(url)
    if canonical_link:
        try:
            candidate = _canonicalize(urljoin(canonical, canonical_link.strip()))
        except ValueError:
            return canonical
        if _same_site(urlsplit(canonical).hostname or "", urlsplit(candidate).hostname or ""):
            return candidate
    return canonical


def _canonicalize(url: str) -> str:
    # Every refusal is a ValueError whose message is a sentence a reader can act on.
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname or ""
    except ValueError as exc:  # "http://[::1/", "http://[zz]/"
        raise ValueError("The address is not a valid web address (check the brackets around the site name).") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError("Only http:// and https:// addresses can be submitted.")
    host = _host(hostname)
    try:
        port = parts.port
    except ValueError as exc:  # ":99999", ":-1", ":80a"
        raise ValueError("The port in the address must be a number from 0 to 65535.") from exc
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = _remove_dot_segments(_normalize_escapes(parts.path, _PATH_SAFE)) or "/"
    if not path.startswith("/"):
        path = "/" + path
    return urlunsplit((scheme, netloc, path, _canonical_query(parts.query), ""))


def _host(raw: str) -> str:
    if not raw:
        raise ValueError("The address has no site name.")
    if ":" in raw:
        return raw.lower()  # IPv6 literal, already validated by urlsplit
    try:
        return ascii_host(raw)
    except UnsafeURLError as exc:
        raise ValueError(exc.reason) from exc


def _canonical_query(query: str) -> str:
    kept: list[tuple[str, str]] = []
    for item in query.split("&"):
        if not item:
            continue
        raw_name, separator, raw_value = item.partition("=")
        if _is_tracking(unquote_plus(raw_name)):
            continue
        name = _normalize_escapes(raw_name, _QUERY_SAFE)
        value = _normalize_escapes(raw_value, _QUERY_SAFE | {"="})
        kept.append((name, separator + value))
    return "&".join(name + rest for name, rest in sorted(kept))


def _is_tracking(name: str) -> bool:
    lowered = name.strip().lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def _normalize_escapes(text: str, safe: frozenset[str]) -> str:
    """Uppercase percent-escapes, decode escaped unreserved characters, escape everything unsafe.

    A "%" not followed by two hex digits becomes "%25"; characters outside `safe` (spaces,
    non-ASCII) are UTF-8 percent-encoded. The result is a fixed point of this function.
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        character = text[index]
        escape = text[index + 1 : index + 3]
        if character == "%" and len(escape) == 2 and set(escape) <= _HEX_DIGITS:
            decoded = chr(int(escape, 16))
            out.append(decoded if decoded in _UNRESERVED else "%" + escape.upper())
            index += 3
            continue
        if character in safe:
            out.append(character)
        else:
            out.extend(f"%{byte:02X}" for byte in character.encode("utf-8", "surrogatepass"))
        index += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, for an absolute path."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for position, segment in enumerate(segments):
        is_last = position == len(segments) - 1
        if segment == ".":
            if is_last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if is_last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _same_site(page_host: str, link_host: str) -> bool:
    if page_host == link_host:
        return True
    page_domain = get_fld(page_host, fix_protocol=True, fail_silently=True)
    link_domain = get_fld(link_host, fix_protocol=True, fail_silently=True)
    if page_domain is not None and link_domain is not None:
        return bool(page_domain == link_domain)
    return _without_edition_prefix(page_host) == _without_edition_prefix(link_host)


def _without_edition_prefix(host: str) -> str:
    for prefix in _EDITION_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host
