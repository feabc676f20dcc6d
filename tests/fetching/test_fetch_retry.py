"""The fetcher's retries: the project's one retry policy (factcheck.fetching.retry), per hop,
never past the deadline, each try to the address checked for that hop. Local servers only."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

from factcheck.fetching import FetchHTTPError, FetchPolicy, FetchTimeout, fetch
from tests.fetching.conftest import FakeDNS, LocalServer


def _answers(server: LocalServer, path: str, statuses: Sequence[int], headers: dict[str, str] | None = None) -> None:
    """Answer ``path`` with each status in turn (the last one repeated)."""
    routes = []
    for status in statuses:
        server.page(path, b"<p>the story</p>" if status == 200 else b"busy", status=status, headers=headers)
        routes.append(server.routes[path])
    hits = iter(range(10_000))
    server.routes[path] = lambda handler: routes[min(next(hits), len(routes) - 1)](handler)


def test_a_server_error_is_tried_again_with_growing_backoff_then_fetched(
    server: LocalServer, local_policy: FetchPolicy, waits: list[float]
) -> None:
    _answers(server, "/story", [503, 502, 200])
    result = fetch(server.url("/story"), policy=local_policy)
    assert result.content == b"<p>the story</p>"
    assert len(server.seen) == 3
    assert len(waits) == 2 and waits[1] > waits[0] > 0


def test_a_site_that_keeps_failing_gets_max_attempts_tries_then_its_answer_is_the_error(
    server: LocalServer, local_policy: FetchPolicy
) -> None:
    _answers(server, "/down", [500])
    with pytest.raises(FetchHTTPError) as failed:
        fetch(server.url("/down"), policy=dataclasses.replace(local_policy, max_attempts=4))
    assert failed.value.status == 500 and failed.value.transient
    assert len(server.seen) == 4


def test_retry_after_is_waited_as_asked_and_a_longer_one_ends_the_fetch(
    server: LocalServer, local_policy: FetchPolicy, waits: list[float]
) -> None:
    _answers(server, "/limited", [429, 200], headers={"Retry-After": "3"})
    assert fetch(server.url("/limited"), policy=local_policy).status == 200
    assert waits == [3.0]

    _answers(server, "/later", [503], headers={"Retry-After": "120"})
    with pytest.raises(FetchHTTPError) as failed:
        fetch(server.url("/later"), policy=dataclasses.replace(local_policy, max_wait=10))
    assert failed.value.retry_after == 120.0
    assert [seen.path for seen in server.seen].count("/later") == 1 and waits == [3.0]


def test_a_client_error_is_not_tried_again(server: LocalServer, local_policy: FetchPolicy) -> None:
    _answers(server, "/gone", [404, 200])
    with pytest.raises(FetchHTTPError):
        fetch(server.url("/gone"), policy=local_policy)
    assert len(server.seen) == 1


def test_no_retry_starts_that_could_not_finish_before_the_deadline(
    server: LocalServer, local_policy: FetchPolicy, waits: list[float]
) -> None:
    # 0.9 s in all, 0.3 s connect + 0.3 s read: after the first answer no try fits behind a backoff (at least 0.375 s).
    policy = dataclasses.replace(local_policy, connect_timeout=0.3, read_timeout=0.3, total_timeout=0.9)
    _answers(server, "/busy", [503, 200])
    with pytest.raises(FetchHTTPError):
        fetch(server.url("/busy"), policy=policy)
    assert len(server.seen) == 1 and waits == []


def test_a_read_timeout_on_every_try_is_named_a_timeout(server: LocalServer, local_policy: FetchPolicy) -> None:
    server.routes["/hang"] = lambda handler: server.wait_out()
    policy = dataclasses.replace(local_policy, read_timeout=0.2, max_attempts=2)
    with pytest.raises(FetchTimeout, match=r"did not answer within 0\.2 seconds"):
        fetch(server.url("/hang"), policy=policy)
    assert len(server.seen) == 2


def test_each_retry_goes_to_the_address_checked_for_that_hop(
    server: LocalServer, local_policy: FetchPolicy, dns: FakeDNS
) -> None:
    """A retry reuses the pinned address: the name is not looked up again (it would now say 10.0.0.5)."""
    dns.sequence("retry.example.com", ["127.0.0.1"], ["127.0.0.1"], ["10.0.0.5"])
    _answers(server, "/", [503, 200])
    result = fetch(f"http://retry.example.com:{server.port}/", policy=local_policy)
    assert result.status == 200 and len(server.seen) == 2
    assert [name for name in dns.calls if name == "retry.example.com"] == ["retry.example.com"] * 2
