"""The provider response cache: Redis keys that expire by themselves, a local stand-in without Redis."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from evidence.providers import cache as provider_cache
from evidence.providers.cache import PREFIX, LocalResponseCache, RedisResponseCache, response_cache
from tests.waiting import wait_until


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_without_redis_the_local_cache_serves_answers_until_they_expire() -> None:
    clock = FakeClock()
    local = LocalResponseCache(clock=clock)
    local.set("a", {"n": 1}, 60)
    assert local.get("a") == {"n": 1}
    clock.now += 59
    assert local.get("a") == {"n": 1}
    clock.now += 2
    assert local.get("a") is None and len(local) == 0  # expired entries go when read


def test_the_local_cache_drops_expired_then_oldest_entries_when_full() -> None:
    clock = FakeClock()
    local = LocalResponseCache(max_entries=3, clock=clock)
    local.set("short", 1, 10)
    local.set("b", 2, 100)
    local.set("c", 3, 100)
    clock.now += 20
    local.set("d", 4, 100)  # full: the expired one makes room
    assert (local.get("b"), local.get("c"), local.get("d"), len(local)) == (2, 3, 4, 3)
    local.set("e", 5, 100)  # full, nothing expired: the oldest written goes
    assert local.get("b") is None and local.get("e") == 5
    assert local.clear() == 3 and len(local) == 0


def test_with_no_redis_url_the_process_uses_the_local_cache(settings: Any) -> None:
    settings.REDIS_URL = ""
    assert isinstance(response_cache(), LocalResponseCache)
    response_cache().set("k", [1], 60)
    assert provider_cache.clear() == 1 and response_cache().get("k") is None


@pytest.fixture
def shared_redis(redis_url: str, settings: Any) -> Any:
    settings.REDIS_URL = redis_url
    client = redis.Redis.from_url(redis_url)
    client.set("unrelated:key", "stays")
    yield client
    provider_cache.clear()
    client.delete("unrelated:key")


def test_on_redis_answers_expire_by_themselves_and_clearing_reaches_every_process(
    shared_redis: Any, redis_url: str
) -> None:
    cache = response_cache()
    assert isinstance(cache, RedisResponseCache)
    cache.set("fresh", {"n": 1}, 600)
    cache.set("brief", {"n": 2}, 1)
    assert 590 <= shared_redis.ttl(PREFIX + "fresh") <= 600  # SET … EX: Redis owns the expiry
    # Another process is another client of the same Redis: it sees the answer, and the clearing.
    other = RedisResponseCache(redis_url)
    assert other.get("fresh") == {"n": 1}
    wait_until(lambda: cache.get("brief") is None, timeout=10, every=0.1, message="a 1 s answer outlived its expiry")
    assert provider_cache.clear() == 1
    assert other.get("fresh") is None
    assert shared_redis.get("unrelated:key") == b"stays"  # only the provider answers go
