"""Safe fetching of untrusted URLs and URL canonicalisation.

Imports nothing from Django at import time; configuration is a `FetchPolicy`
(`FetchPolicy.from_settings()` reads the `FETCH_*` settings when asked).

- `fetch(url, policy=..., resolver=...)` returns a `FetchResult` or raises a `FetchError`.
- `check_url(url, policy)` only checks (webhook targets, at save time and at each delivery);
  `check_url_without_lookup(url, policy)` checks all but DNS (URLs taken in to fetch or show later).
- `HTTPRetry.policy(...)` is the one retry policy of outgoing HTTP (the fetcher's and the providers').
- `canonicalize_url(url, canonical_link=...)` gives the identity used to find duplicates.
"""

from factcheck.fetching.canonical import canonicalize_url
from factcheck.fetching.client import FetchResult, fetch, open_session
from factcheck.fetching.errors import (
    FetchError,
    FetchHTTPError,
    FetchTimeout,
    FetchTooLarge,
    UnsafeURLError,
    UnsupportedContentType,
)
from factcheck.fetching.policy import FetchPolicy
from factcheck.fetching.retry import HTTPRetry, parse_retry_after
from factcheck.fetching.targets import check_url, check_url_without_lookup

__all__ = [
    "FetchError",
    "FetchHTTPError",
    "FetchPolicy",
    "FetchResult",
    "FetchTimeout",
    "FetchTooLarge",
    "HTTPRetry",
    "UnsafeURLError",
    "UnsupportedContentType",
    "canonicalize_url",
    "check_url",
    "check_url_without_lookup",
    "fetch",
    "open_session",
    "parse_retry_after",
]
