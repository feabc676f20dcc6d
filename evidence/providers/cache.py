"""The providers' response cache: Redis keys that expire by themselves, or a small local store.

With ``REDIS_URL`` set, every answer is one Redis key under :data:`PREFIX`, written with
``SET … EX`` (Redis drops it after ``PROVIDER_CACHE_SECONDS``), so every web and worker process
shares it and :func:`clear` (``manage.py clear_provider_cache``) empties it for all of them.
Without Redis (the embedded SQLite / eager default: one process does all the work) a
thread-safe dictionary in the process stands in; it drops expired entries when it is read and
when it grows past :data:`LOCAL_MAX_ENTRIES`, so no sweeper is needed in either case.

Values are JSON (what providers answer), never pickles.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

import redis
from django.conf import settings

PREFIX = "evidence:response:"
LOCAL_MAX_ENTRIES = 2048
SCAN_BATCH = 500


class ResponseCache(Protocol):
    def get(self, key: str) -> Any | None: ...

    def set(self, key: str, value: Any, seconds: int) -> None: ...

    def clear(self) -> int: ...


class RedisResponseCache:
    """Provider answers in Redis under :data:`PREFIX`, each with its own expiry."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)

    def get(self, key: str) -> Any | None:
        raw = self.client.get(PREFIX + key)
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: Any, seconds: int) -> None:
        self.client.set(PREFIX + key, json.dumps(value, separators=(",", ":")), ex=seconds)

    def clear(self) -> int:
        """Delete every cached answer (for all processes); returns how many."""
        removed = 0
        batch: list[bytes] = []
        for name in self.client.scan_iter(match=PREFIX + "*", count=SCAN_BATCH):
            batch.append(name)
            if len(batch) >= SCAN_BATCH:
                removed += int(self.client.delete(*batch))
                batch = []
        if batch:
            removed += int(self.client.delete(*batch))
        return removed


class LocalResponseCache:
    """The one-process stand-in: a dictionary of (expiry, JSON) with a size cap."""

    def __init__(self, *, max_entries: int = LOCAL_MAX_ENTRIES, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= self.clock():
                del self._entries[key]
                return None
        return json.loads(entry[1])

    def set(self, key: str, value: Any, seconds: int) -> None:
        raw = json.dumps(value, separators=(",", ":"))
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._drop_expired()
            while len(self._entries) >= self.max_entries:  # still full: the oldest written goes first
                del self._entries[next(iter(self._entries))]
            self._entries.pop(key, None)
            self._entries[key] = (self.clock() + seconds, raw)

    def clear(self) -> int:
        with self._lock:
            removed = len(self._entries)
            self._entries.clear()
        return removed

    def __len__(self) -> int:
        return len(self._entries)

    def _drop_expired(self) -> None:
        now = self.clock()
        for key in [k for k, (expires, _) in self._entries.items() if expires <= now]:
            del self._entries[key]


@lru_cache(maxsize=4)
def _cache_for(redis_url: str) -> ResponseCache:
    return RedisResponseCache(redis_url) if redis_url else LocalResponseCache()


def response_cache() -> ResponseCache:
    """The cache for this process's settings: Redis when ``REDIS_URL`` is set, else the local store."""
    return _cache_for(settings.REDIS_URL or "")


def clear() -> int:
    """Empty the provider cache (on Redis: for every process); returns how many answers were dropped."""
    return response_cache().clear()
