"""One address policy for every URL the workbench takes in, whether it fetches it now, later or
never (a citation is only shown and linked, but a link to 169.254.169.254 on a public page is
still a link into someone's network).

Everything decidable without DNS is decided here, by the fetcher's own rules
(:func:`factcheck.fetching.check_url_without_lookup`), so a refusal reads the same on every
door: article submission, the library, the desk's "Add a source", verdict citations and
webhooks. Names are resolved when the URL is fetched (and webhooks at save and delivery).
"""

from __future__ import annotations

from factcheck.errors import DomainError
from factcheck.fetching import FetchPolicy, UnsafeURLError, check_url_without_lookup

MAX_URL_LENGTH = 2000


def public_url(url: str, *, field: str) -> str:
    """``url`` without surrounding whitespace, if the address policy allows it.

    Raises DomainError naming ``field`` with the fetcher's sentence otherwise.
    """
    text = (url or "").strip()
    if len(text) > MAX_URL_LENGTH:
        raise DomainError(f"The URL is longer than {MAX_URL_LENGTH:,} characters.", field=field)
    try:
        check_url_without_lookup(text, FetchPolicy.from_settings())
    except UnsafeURLError as exc:
        raise DomainError(exc.reason, field=field) from None
    return text


def shown_url(url: str | None) -> str:
    """A URL a page declared about itself (its canonical link): kept when the policy allows it,
    dropped ("") when not, since the uploader did not type it and cannot correct it."""
    try:
        return public_url(url or "", field="url") if url else ""
    except DomainError:
        return ""
