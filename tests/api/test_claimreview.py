"""ClaimReview JSON-LD: Google's required fields, the content type, `since`, and public access."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim, Rating, Verdict
from tests.factories import SpeakerFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _published(**claim_fields: Any) -> Verdict:
    verdict = VerdictFactory(**{f"claim__{k}": v for k, v in claim_fields.items()})
    Verdict.objects.filter(pk=verdict.pk).update(status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    Claim.objects.filter(pk=verdict.claim_id).update(status=Claim.Status.PUBLISHED)
    verdict.refresh_from_db()
    return verdict


def assert_google_claimreview(review: dict[str, Any]) -> None:
    """The fields Google's Fact Check markup requires (developers.google.com/search/docs/.../factcheck)."""
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["url"].startswith("http")
    assert review["author"]["@type"] in {"Organization", "Person"} and review["author"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert len(review["datePublished"]) == 10  # ISO date
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]["@type"] == "CreativeWork"
    if "author" in item:
        assert item["author"]["@type"] in {"Organization", "Person"} and item["author"]["name"]


def test_a_published_verdict_is_valid_google_claimreview_json_ld(anon: APIClient) -> None:
    verdict = _published(speaker=SpeakerFactory(name="Jane Minister"))
    response = anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    review = response.json()
    assert_google_claimreview(review)
    assert review["itemReviewed"]["author"]["name"] == "Jane Minister"
    assert review["reviewRating"]["alternateName"] == "False"


def test_ratings_off_the_scale_name_themselves_without_a_value(anon: APIClient) -> None:
    verdict = _published()
    Verdict.objects.filter(pk=verdict.pk).update(rating=Rating.objects.filter(value__isnull=True).first())
    review = anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview").json()
    assert_google_claimreview(review)
    assert "ratingValue" not in review["reviewRating"]


def test_plain_json_is_available_on_request(anon: APIClient) -> None:
    verdict = _published()
    response = anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview", HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"


def test_unpublished_verdicts_have_no_claimreview(anon: APIClient) -> None:
    verdict = VerdictFactory()
    response = anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview")
    assert response.status_code == 404 and response.json()["detail"]


@pytest.mark.parametrize("count", [2, 12])
def test_the_feed_pages_by_publication_time_and_honours_since(anon: APIClient, count: int,
                                                              django_assert_max_num_queries: Any) -> None:
    verdicts = [_published() for _ in range(count)]
    old = verdicts[0]
    Verdict.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=10))
    with django_assert_max_num_queries(4):
        page = anon.get("/api/v1/claimreviews/", {"page_size": 5})
    assert page["Content-Type"] == "application/ld+json"
    body = page.json()
    assert body["results"][0]["claimReviewed"] == old.claim.text
    for review in body["results"]:
        assert_google_claimreview(review)
    seen = len(body["results"])
    while body["next"]:
        cursor = parse_qs(urlsplit(body["next"]).query)["cursor"][0]
        body = anon.get("/api/v1/claimreviews/", {"page_size": 5, "cursor": cursor}).json()
        seen += len(body["results"])
    assert seen == count
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert len(anon.get("/api/v1/claimreviews/", {"since": since}).json()["results"]) == count - 1
    assert anon.get("/api/v1/claimreviews/", {"since": "last tuesday"}).status_code == 400
