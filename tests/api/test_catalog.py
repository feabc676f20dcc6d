"""Speakers, outlets and ratings: read by every role, constant queries."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [2, 20])
def test_speakers_with_claim_counts(client_for: Any, factchecker: Any, size: int, read_within: Any) -> None:
    for n in range(size):
        ClaimFactory(speaker=SpeakerFactory(name=f"Person {n:02d}"))
    client = client_for(factchecker)
    body = read_within(client, "/api/v1/speakers/", {"page_size": size}, queries=6)
    assert [s["claim_count"] for s in body["results"]] == [1] * size
    first = body["results"][0]
    assert client.get(f"/api/v1/speakers/{first['id']}/").json()["name"] == "Person 00"
    assert client.get("/api/v1/speakers/", {"search": "Person 01"}).json()["count"] == 1


@pytest.mark.parametrize("size", [2, 20])
def test_outlets_with_article_counts(client_for: Any, factchecker: Any, size: int, read_within: Any) -> None:
    for n in range(size):
        ArticleFactory(outlet=OutletFactory(name=f"Outlet {n:02d}"))
    client = client_for(factchecker)
    body = read_within(client, "/api/v1/outlets/", {"page_size": size, "ordering": "-name"}, queries=6)
    assert body["results"][0]["name"] == f"Outlet {size - 1:02d}"
    assert client.get(f"/api/v1/outlets/{body['results'][0]['id']}/").json()["article_count"] == 1


def test_ratings_are_the_scale_in_order(
    client_for: Any, factchecker: Any, outsider: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(factchecker)
    with django_assert_max_num_queries(6):
        slugs = [r["slug"] for r in client.get("/api/v1/ratings/").json()["results"]]
    assert slugs[0] == "true" and "false" in slugs
    assert client_for(outsider).get("/api/v1/ratings/").status_code == 403
