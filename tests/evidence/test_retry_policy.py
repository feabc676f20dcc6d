"""One retry policy for provider calls: urllib3's Retry on the providers' session, nothing on top.

These tests run the real stack (requests → urllib3 → a server on 127.0.0.1), not a mocked adapter,
so what is counted is what a provider would see. The waits are recorded, not slept.
"""

from __future__ import annotations

from typing import Any

import pytest

from evidence.models import FetchRun
from evidence.providers.base import ProviderError
from evidence.providers.http import ProviderHTTP
from evidence.tasks import fetch_from_provider
from tests.evidence.conftest import TROOPS_CLAIM, claim_with_quantities
from tests.localsite import LocalSite, Page, local_site

JSON = {"Content-Type": "application/json"}
UNAVAILABLE = Page(status=503, body=b'{"error": "down"}', headers=JSON)


@pytest.fixture
def site() -> Any:
    with local_site() as site:
        yield site


def client() -> ProviderHTTP:
    return ProviderHTTP(name="example", label="Example API")


def test_a_server_error_is_retried_with_growing_backoff_then_succeeds(site: LocalSite, sleeps: list[float]) -> None:
    url = site.serve("/api", [UNAVAILABLE, Page(status=502, body=b"", headers=JSON), Page(body=b"[1]", headers=JSON)])
    assert client().get_json(url) == [1]
    assert len(site.hits) == 3
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] > 0


def test_retry_after_is_waited_as_asked(site: LocalSite, sleeps: list[float]) -> None:
    limited = Page(status=429, body=b"{}", headers={**JSON, "Retry-After": "3"})
    url = site.serve("/api", [limited, Page(body=b'{"ok": 1}', headers=JSON)])
    assert client().get_json(url) == {"ok": 1}
    assert sleeps == [3.0] and len(site.hits) == 2


def test_a_retry_after_longer_than_the_max_wait_ends_the_look_up(
    site: LocalSite, sleeps: list[float], settings: Any
) -> None:
    settings.PROVIDER_MAX_WAIT = 5
    url = site.serve("/api", Page(status=429, body=b"{}", headers={**JSON, "Retry-After": "120"}))
    with pytest.raises(ProviderError) as raised:
        client().get_json(url)
    assert raised.value.transient and raised.value.retry_after == 120.0
    assert "asked us to wait 120 s" in raised.value.reason
    assert len(site.hits) == 1 and sleeps == []


def test_a_read_timeout_is_retried_then_named(site: LocalSite, settings: Any) -> None:
    settings.PROVIDER_READ_TIMEOUT = 0.2
    url = site.serve("/api", Page(body=b"[]", headers=JSON, delay=1.0))
    with pytest.raises(ProviderError) as raised:
        client().get_json(url)
    assert raised.value.reason == "Example API did not answer in time. (gave up after 3 tries)"
    assert len(site.hits) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("attempts", [1, 3, 4])
def test_a_provider_that_always_answers_503_is_tried_at_most_provider_max_attempts_times(
    site: LocalSite, sleeps: list[float], settings: Any, attempts: int
) -> None:
    """The whole way: the task, the service and the HTTP client together try PROVIDER_MAX_ATTEMPTS times."""
    settings.PROVIDER_MAX_ATTEMPTS = attempts
    settings.WIKIPEDIA_API_URL = site.serve("/w/api.php", UNAVAILABLE)
    claim = claim_with_quantities(TROOPS_CLAIM)
    run = FetchRun.objects.create(claim=claim, provider="wikipedia")
    # The task body as a worker's first delivery runs it (not eager, no retries yet): a failed
    # look-up is not handed back to the broker for another round of tries.
    assert not fetch_from_provider.request.is_eager and fetch_from_provider.request.retries == 0
    assert fetch_from_provider.run(run.pk) == "failed"
    run.refresh_from_db()
    assert len(site.hits) == attempts
    assert run.status == "failed" and run.attempts == 1
    tries = "try" if attempts == 1 else "tries"
    assert run.error == f"Wikipedia had a server error (HTTP 503). (gave up after {attempts} {tries})"
