"""The one retry policy of the project's outgoing HTTP: urllib3's ``Retry`` with three rules added.

Mounted on the evidence providers' session (``evidence.providers.http``) and on the article
fetcher's connections (:func:`factcheck.fetching.fetch`); webhook deliveries keep their own
schedule on the delivery row and send each attempt once.

* Only what may succeed on the next try is retried: timeouts, connection errors, 429 and 5xx
  (:data:`RETRY_STATUSES`), GET only. Any other status is final at once.
* Backoff: :data:`BACKOFF_BASE` before the second try, doubling, with ±25% jitter, never above
  ``max_wait``. A ``Retry-After`` (429, 503) is waited as asked, unless it is longer than
  ``max_wait``: then the retries end there and that answer goes back to the caller.
* A retry whose wait would end after ``deadline`` (a ``time.monotonic()`` value) is not made: the
  last answer or error goes back to the caller. ``before_retry`` runs after each wait, before the
  next try (the providers take a rate-limit slot there).

The retries of one request happen inside urllib3's connection pool, so each try connects to the
address the fetcher checked and pinned for that request; nothing here resolves a name.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

BACKOFF_BASE = 0.5  # seconds before the second try; doubles each time, with jitter
# What may succeed on the next try: the service asked us to slow down, or failed on its side.
RETRY_STATUSES = frozenset({429, *range(500, 600)})

# Tests replace this to record the waits instead of sleeping them.
sleep = time.sleep


class HTTPRetry(Retry):
    """urllib3's ``Retry`` with the rules in the module docstring. Build one with :meth:`policy`."""

    max_wait: float = 10.0
    deadline: float | None = None
    before_retry: Callable[[], None] | None = None
    pause: Callable[[float], None] | None = None  # how to wait; None: this module's ``sleep``
    planned_wait: float = 0.0

    @classmethod
    def policy(
        cls,
        *,
        max_attempts: int,
        max_wait: float,
        deadline: float | None = None,
        before_retry: Callable[[], None] | None = None,
        pause: Callable[[float], None] | None = None,
    ) -> HTTPRetry:
        """At most ``max_attempts`` tries in all, whatever failed (connect, read, status)."""
        retry = cls(
            total=max_attempts - 1,
            allowed_methods=frozenset({"GET"}),
            status_forcelist=RETRY_STATUSES,
            raise_on_status=False,  # the last answer comes back; its status says what went wrong
            respect_retry_after_header=True,
        )
        retry.max_wait = max_wait
        retry.deadline = deadline
        retry.before_retry = before_retry
        retry.pause = pause
        return retry

    def new(self, **kw: Any) -> HTTPRetry:
        retry = super().new(**kw)
        retry.max_wait = self.max_wait
        retry.deadline = self.deadline
        retry.before_retry = self.before_retry
        retry.pause = self.pause
        return retry

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> HTTPRetry:
        asked = self.asked_wait(response)
        if asked is not None and asked > self.max_wait:
            raise MaxRetryError(_pool, url or "", ResponseError(f"asked to wait {asked:.0f} s"))
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        retry.planned_wait = asked if asked is not None else retry.get_backoff_time()
        if self.deadline is not None and time.monotonic() + retry.planned_wait > self.deadline:
            # No time left for another try: the error, or the answer, is the caller's to report.
            raise MaxRetryError(_pool, url or "", error or ResponseError("no time left for another try"))
        return retry

    def get_backoff_time(self) -> float:
        tries = len(self.history)
        if tries == 0:
            return 0.0
        return float(min(self.max_wait, BACKOFF_BASE * 2.0 ** (tries - 1) * random.uniform(0.75, 1.25)))

    def sleep(self, response: Any = None) -> None:
        if self.planned_wait > 0:
            (self.pause or sleep)(self.planned_wait)
        if self.before_retry is not None:
            self.before_retry()

    @staticmethod
    def asked_wait(response: Any) -> float | None:
        """Seconds the answer's ``Retry-After`` asks for (429 and 503 only), or None."""
        if response is None or getattr(response, "status", None) not in Retry.RETRY_AFTER_STATUS_CODES:
            return None
        return parse_retry_after(response.headers.get("Retry-After"))


def timed_out(exc: requests.RequestException) -> bool:
    """Whether a requests error is a timeout, also when the retries wrapped it in a ConnectionError."""
    if isinstance(exc, requests.Timeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    # urllib3 makes a refused connection (NewConnectionError) a kind of ConnectTimeoutError; it is not one.
    return isinstance(reason, (ReadTimeoutError, ConnectTimeoutError)) and not isinstance(reason, NewConnectionError)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta seconds or an HTTP date); None if absent or invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
