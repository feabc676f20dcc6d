"""The one HTTP client of the evidence providers: timeouts, bounded retries, a response cache
and a rate limit shared by every worker.

* **Timeouts** on connect and read (``PROVIDER_CONNECT_TIMEOUT`` / ``PROVIDER_READ_TIMEOUT``).
* **Retries**: up to ``PROVIDER_MAX_ATTEMPTS`` tries on timeouts, connection errors, 429 and 5xx,
  with jittered exponential backoff; a ``Retry-After`` header is honoured. A 4xx other than 429 is
  final at once: asking again would get the same answer. Waits longer than ``PROVIDER_MAX_WAIT``
  are not slept in the worker: the error is raised as transient with ``retry_after`` so the task
  can come back later through the broker instead of holding a worker slot.
* **Cache**: successful JSON answers are kept in the Django cache (Redis when ``REDIS_URL`` is
  set) for ``PROVIDER_CACHE_SECONDS``, keyed by URL and sorted parameters (hashed, so API keys
  never appear in key names).
* **Rate limit**: a fixed-window counter per provider in the Django cache (``cache.add`` then
  ``cache.incr``, both atomic on Redis), so all workers together stay under the provider's limit.

Malformed or empty bodies raise :class:`ProviderError` with a sentence naming the provider.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache

from evidence.providers.base import ProviderError, RateLimit
from factcheck.fetching import parse_retry_after

CACHE_PREFIX = "evidence:response:"
RATE_PREFIX = "evidence:rate:"
BACKOFF_BASE = 0.5  # seconds before the second try; doubles each time, with jitter
MAX_BODY_BYTES = 5 * 1024 * 1024

# Tests replace this to avoid real waiting; production sleeps.
sleep = time.sleep


def cache_key(url: str, params: Mapping[str, Any] | None) -> str:
    """The cache key of a GET: a hash of the URL and its parameters in sorted order."""
    query = urlencode(sorted((str(k), str(v)) for k, v in (params or {}).items()))
    return CACHE_PREFIX + hashlib.sha256(f"{url}?{query}".encode()).hexdigest()


def acquire_slot(name: str, label: str, limit: RateLimit, *, max_wait: float) -> None:
    """Take one request from ``name``'s shared budget, waiting for the next window if it is short.

    Raises a transient ProviderError (with ``retry_after``) when the wait would exceed ``max_wait``.
    """
    deadline = time.monotonic() + max_wait
    while True:
        now = time.time()
        window = int(now // limit.per_seconds)
        key = f"{RATE_PREFIX}{name}:{window}"
        # add() only creates the counter if it is missing; incr() is atomic on Redis, so two
        # workers never both get the last slot of a window.
        cache.add(key, 0, timeout=limit.per_seconds * 2)
        try:
            used = cache.incr(key)
        except ValueError:  # the counter expired between add and incr: this is a fresh window
            cache.add(key, 1, timeout=limit.per_seconds * 2)
            used = 1
        if used <= limit.requests:
            return
        wait = (window + 1) * limit.per_seconds - now
        if time.monotonic() + wait > deadline:
            raise ProviderError(f"{label}'s rate limit ({limit}) is used up for now.", transient=True, retry_after=wait)
        sleep(wait)


def _error_detail(response: requests.Response) -> str:
    """The service's own error sentence from a JSON error body (MediaWiki, Google), if any."""
    try:
        data = response.json()
    except ValueError:
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        detail = error.get("info") or error.get("message") or ""
        return str(detail)[:200]
    return ""


class ProviderHTTP:
    """GET JSON for one provider. Create one per look-up; it holds no state between calls."""

    def __init__(
        self, *, name: str, label: str, rate_limit: RateLimit | None = None, session: requests.Session | None = None
    ) -> None:
        self.name = name
        self.label = label
        self.rate_limit = rate_limit
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxies or .netrc from the environment
        self.max_attempts: int = settings.PROVIDER_MAX_ATTEMPTS
        self.max_wait: float = settings.PROVIDER_MAX_WAIT
        self.timeout = (settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT)

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        """The parsed JSON body of ``GET url?params``, from the cache when fresh.

        Raises ProviderError: transient after the retries for timeouts, connection errors, 429
        and 5xx are used up; final at once for other 4xx, empty bodies and malformed JSON.
        """
        key = cache_key(url, params)
        cached = cache.get(key)
        if cached is not None:
            return cached
        data = self._fetch(url, params)
        if settings.PROVIDER_CACHE_SECONDS > 0:
            cache.set(key, data, timeout=settings.PROVIDER_CACHE_SECONDS)
        return data

    def _fetch(self, url: str, params: Mapping[str, Any] | None) -> Any:
        last: ProviderError | None = None
        for attempt in range(1, self.max_attempts + 1):
            if self.rate_limit is not None:
                acquire_slot(self.name, self.label, self.rate_limit, max_wait=self.max_wait)
            try:
                response = self.session.get(
                    url,
                    params=params,
                    timeout=self.timeout,
                    headers={"User-Agent": settings.FETCH_USER_AGENT, "Accept": "application/json"},
                )
            except requests.Timeout:
                last = ProviderError(f"{self.label} did not answer in time.", transient=True)
            except requests.ConnectionError:
                last = ProviderError(f"Could not connect to {self.label}.", transient=True)
            else:
                if response.status_code == 429 or response.status_code >= 500:
                    wait = parse_retry_after(response.headers.get("Retry-After"))
                    what = "is rate-limiting us" if response.status_code == 429 else "had a server error"
                    last = ProviderError(
                        f"{self.label} {what} (HTTP {response.status_code}).", transient=True, retry_after=wait
                    )
                elif response.status_code >= 400:
                    detail = _error_detail(response)
                    raise ProviderError(
                        f"{self.label} refused the request (HTTP {response.status_code})"
                        + (f": {detail}" if detail else ".")
                    )
                else:
                    return self._parse(response)
            if attempt == self.max_attempts:
                break
            wait = last.retry_after if last.retry_after is not None else self._backoff(attempt)
            if wait > self.max_wait:
                # Too long to hold a worker: let the task come back through the broker.
                raise last
            sleep(wait)
        assert last is not None
        raise ProviderError(
            f"{last.reason} (gave up after {self.max_attempts} tries)", transient=True, retry_after=last.retry_after
        )

    def _backoff(self, attempt: int) -> float:
        return float(min(self.max_wait, BACKOFF_BASE * 2.0 ** (attempt - 1) * random.uniform(0.75, 1.25)))

    def _parse(self, response: requests.Response) -> Any:
        body = response.content
        if len(body) > MAX_BODY_BYTES:
            raise ProviderError(f"{self.label} answered with more than {MAX_BODY_BYTES // 1024 // 1024} MB.")
        if not body.strip():
            raise ProviderError(f"{self.label} answered with an empty response.")
        try:
            return json.loads(body)
        except ValueError:
            raise ProviderError(f"{self.label} answered with malformed JSON.") from None
