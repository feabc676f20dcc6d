"""The one HTTP client of the evidence providers: timeouts, one retry policy, a response cache
and a rate limit shared by every worker.

* **Timeouts** on connect and read (``PROVIDER_CONNECT_TIMEOUT`` / ``PROVIDER_READ_TIMEOUT``).
* **Retries** happen here and nowhere else: the project's one retry policy on the session
  (:class:`factcheck.fetching.retry.HTTPRetry`, urllib3's ``Retry``) tries a look-up at most
  ``PROVIDER_MAX_ATTEMPTS`` times in all, on timeouts, connection errors, 429 and 5xx, with
  jittered exponential backoff, and honours ``Retry-After``. A 4xx other than 429 is final at
  once: asking again would get the same answer. A ``Retry-After`` longer than
  ``PROVIDER_MAX_WAIT`` ends the retries (a worker never sleeps that long): the look-up fails with
  the wait in its reason. The evidence task does not try a failed look-up again.
* **Cache**: successful JSON answers are kept for ``PROVIDER_CACHE_SECONDS`` in Redis keys that
  expire by themselves (:mod:`evidence.providers.cache`), keyed by URL and sorted parameters
  (hashed, so API keys never appear in key names).
* **Rate limit**: a fixed-window counter per provider in the Django cache (``cache.add`` then
  ``cache.incr``, both atomic on Redis), so all workers together stay under the provider's limit;
  every try takes a slot. When the first try's slot is further away than ``PROVIDER_MAX_WAIT``,
  :class:`RateLimited` is raised before anything is sent, and the task comes back later.

Malformed or empty bodies raise :class:`ProviderError` with a sentence naming the provider.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from requests.adapters import HTTPAdapter

from evidence.providers.base import ProviderError, RateLimit
from evidence.providers.cache import response_cache
from factcheck.fetching.retry import RETRY_STATUSES, HTTPRetry, parse_retry_after, timed_out

RATE_PREFIX = "evidence:rate:"
MAX_BODY_BYTES = 5 * 1024 * 1024

# Tests replace this to avoid real waiting; production sleeps.
sleep = time.sleep


def _sleep(seconds: float) -> None:
    sleep(seconds)  # looked up when called, so a test's replacement of ``sleep`` is used


class RateLimited(ProviderError):
    """The provider's shared budget has no slot within ``PROVIDER_MAX_WAIT``; nothing was sent."""

    def __init__(self, reason: str, *, retry_after: float) -> None:
        super().__init__(reason, transient=True, retry_after=retry_after)


def cache_key(url: str, params: Mapping[str, Any] | None) -> str:
    """The cache key of a GET: a hash of the URL and its parameters in sorted order."""
    query = urlencode(sorted((str(k), str(v)) for k, v in (params or {}).items()))
    return hashlib.sha256(f"{url}?{query}".encode()).hexdigest()


def acquire_slot(name: str, label: str, limit: RateLimit, *, max_wait: float) -> None:
    """Take one request from ``name``'s shared budget, waiting for the next window if it is short.

    Raises :class:`RateLimited` (with ``retry_after``) when the wait would exceed ``max_wait``.
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
            raise RateLimited(f"{label}'s rate limit ({limit}) is used up for now.", retry_after=wait)
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
        self.max_attempts: int = settings.PROVIDER_MAX_ATTEMPTS
        self.max_wait: float = settings.PROVIDER_MAX_WAIT
        self.timeout = (settings.PROVIDER_CONNECT_TIMEOUT, settings.PROVIDER_READ_TIMEOUT)
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxies or .netrc from the environment
        adapter = HTTPAdapter(max_retries=self.retry_policy())
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def retry_policy(self) -> HTTPRetry:
        """The project's one retry policy: at most ``max_attempts`` tries in all, whatever failed
        (connect, read, status); each retry takes a rate-limit slot first."""
        return HTTPRetry.policy(
            max_attempts=self.max_attempts, max_wait=self.max_wait, before_retry=self._take_retry_slot, pause=_sleep
        )

    def _take_slot(self) -> None:
        if self.rate_limit is not None:
            acquire_slot(self.name, self.label, self.rate_limit, max_wait=self.max_wait)

    def _take_retry_slot(self) -> None:
        try:
            self._take_slot()
        except RateLimited as exc:  # tries were sent already: this look-up ends here
            raise ProviderError(exc.reason, transient=True, retry_after=exc.retry_after) from None

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        """The parsed JSON body of ``GET url?params``, from the cache when fresh.

        Raises ProviderError: transient after the tries for timeouts, connection errors, 429
        and 5xx are used up; final at once for other 4xx, empty bodies and malformed JSON.
        """
        cache = response_cache()
        key = cache_key(url, params)
        cached = cache.get(key)
        if cached is not None:
            return cached
        data = self._fetch(url, params)
        if settings.PROVIDER_CACHE_SECONDS > 0:
            cache.set(key, data, settings.PROVIDER_CACHE_SECONDS)
        return data

    def _fetch(self, url: str, params: Mapping[str, Any] | None) -> Any:
        gave_up = f"(gave up after {self.max_attempts} {'try' if self.max_attempts == 1 else 'tries'})"
        self._take_slot()
        try:
            response = self.session.get(
                url,
                params=params,
                timeout=self.timeout,
                headers={"User-Agent": settings.FETCH_USER_AGENT, "Accept": "application/json"},
            )
        except requests.RequestException as exc:
            what = f"{self.label} did not answer in time." if timed_out(exc) else f"Could not connect to {self.label}."
            raise ProviderError(f"{what} {gave_up}", transient=True) from None
        status = response.status_code
        if status in RETRY_STATUSES:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            what = "is rate-limiting us" if status == 429 else "had a server error"
            if wait is not None and wait > self.max_wait:
                ending = f" and asked us to wait {wait:.0f} s; fetch evidence again later."
            else:
                ending = f". {gave_up}"
            raise ProviderError(f"{self.label} {what} (HTTP {status}){ending}", transient=True, retry_after=wait)
        if status >= 400:
            detail = _error_detail(response)
            raise ProviderError(
                f"{self.label} refused the request (HTTP {status})" + (f": {detail}" if detail else ".")
            )
        return self._parse(response)

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
