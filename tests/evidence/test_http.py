"""The providers' HTTP client: no retry on 4xx, cache, shared rate limit (retries: test_retry_policy.py)."""

from __future__ import annotations

from typing import Any

import pytest
import responses

from evidence.providers.base import ProviderError, RateLimit
from evidence.providers.http import ProviderHTTP, acquire_slot, cache_key
from factcheck.fetching import parse_retry_after as retry_after_seconds

URL = "https://api.example.test/search"


def client(**kwargs: Any) -> ProviderHTTP:
    return ProviderHTTP(name="example", label="Example API", **kwargs)


@responses.activate
def test_a_client_error_is_final_and_not_retried(sleeps: list[float]) -> None:
    responses.get(URL, status=403, json={"error": {"code": "forbidden", "info": "You are blocked."}})
    with pytest.raises(ProviderError) as raised:
        client().get_json(URL)
    assert not raised.value.transient
    assert raised.value.reason == "Example API refused the request (HTTP 403): You are blocked."
    assert len(responses.calls) == 1 and sleeps == []


@responses.activate
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("", "Example API answered with an empty response."),
        ("<html>Service temporarily unavailable</html>", "Example API answered with malformed JSON."),
        ('{"query": {"search": [', "Example API answered with malformed JSON."),
    ],
)
def test_empty_and_malformed_bodies_are_final_errors_with_a_reason(body: str, reason: str) -> None:
    responses.get(URL, body=body, status=200)
    with pytest.raises(ProviderError) as raised:
        client().get_json(URL)
    assert raised.value.reason == reason and not raised.value.transient
    assert len(responses.calls) == 1


@responses.activate
def test_answers_are_cached_by_url_and_parameters(settings: Any) -> None:
    settings.PROVIDER_CACHE_SECONDS = 60
    responses.get(URL, json={"n": 1})
    assert client().get_json(URL, {"q": "a", "p": 1}) == {"n": 1}
    assert client().get_json(URL, {"p": 1, "q": "a"}) == {"n": 1}  # same parameters, other order
    assert len(responses.calls) == 1
    client().get_json(URL, {"q": "b"})
    assert len(responses.calls) == 2


@responses.activate
def test_a_cache_lifetime_of_zero_turns_the_cache_off(settings: Any) -> None:
    settings.PROVIDER_CACHE_SECONDS = 0
    responses.get(URL, json={"n": 1})
    client().get_json(URL)
    client().get_json(URL)
    assert len(responses.calls) == 2


def test_cache_keys_do_not_contain_api_keys() -> None:
    key = cache_key(URL, {"key": "SECRET-KEY-123"})
    assert "SECRET" not in key and len(key) == 64  # a sha256; the cache puts its prefix in front


def test_the_rate_limit_is_shared_through_the_cache_and_waits_for_the_next_window(
    sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = {"now": 1_000_000.25}
    monkeypatch.setattr("evidence.providers.http.time.time", lambda: clock["now"])

    def advance(seconds: float) -> None:
        sleeps.append(seconds)
        clock["now"] += seconds

    monkeypatch.setattr("evidence.providers.http.sleep", advance)
    limit = RateLimit(requests=2, per_seconds=1)
    acquire_slot("wiki", "Wiki", limit, max_wait=5)
    acquire_slot("wiki", "Wiki", limit, max_wait=5)
    assert sleeps == []
    acquire_slot("wiki", "Wiki", limit, max_wait=5)  # third in the same second: waits for the next
    assert sleeps == [pytest.approx(0.75)]
    # Another provider has its own budget.
    acquire_slot("worldbank", "WB", limit, max_wait=5)
    assert len(sleeps) == 1


def test_a_used_up_rate_limit_raises_a_transient_error_when_waiting_is_not_allowed() -> None:
    limit = RateLimit(requests=1, per_seconds=60)
    acquire_slot("ft", "Fact Check Tools", limit, max_wait=0)
    with pytest.raises(ProviderError) as raised:
        acquire_slot("ft", "Fact Check Tools", limit, max_wait=0)
    assert raised.value.transient and raised.value.retry_after is not None
    assert "rate limit (1 per minute) is used up" in raised.value.reason


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
