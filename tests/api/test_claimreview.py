"""ClaimReview JSON-LD: Google's required fields, the content type, `since`, and public access."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.claimreview import verdict_url
from claims.models import Article, Claim, Rating, Verdict
from claims.services.articles import article_submit
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
def test_the_feed_pages_by_publication_time_and_honours_since(
    anon: APIClient, count: int, django_assert_max_num_queries: Any
) -> None:
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


def test_appearance_carries_the_articles_address_a_fetched_url_or_an_uploads_canonical_url(anon: APIClient) -> None:
    fetched = _published()
    Article.objects.filter(pk=fetched.claim.article_id).update(url="https://news.example.org/a", canonical_url="")
    uploaded = _published()
    Article.objects.filter(pk=uploaded.claim.article_id).update(
        url="", canonical_url="https://news.example.org/b", source=Article.Source.HTML
    )
    pasted = _published()
    Article.objects.filter(pk=pasted.claim.article_id).update(url="", canonical_url="")
    feed = {r["url"]: r["itemReviewed"]["appearance"] for r in anon.get("/api/v1/claimreviews/").json()["results"]}
    assert feed[verdict_url(fetched)]["url"] == "https://news.example.org/a"
    assert feed[verdict_url(uploaded)]["url"] == "https://news.example.org/b"
    assert "url" not in feed[verdict_url(pasted)]


UNDATED_PAGE = """<html><head><title>Budget row - Daily Example</title>
<link rel="canonical" href="https://daily.example.org/budget-row"></head><body><article><h1>Budget row</h1>
<p>The minister said unemployment fell to 3.2 percent in March, the lowest level since 1990. The opposition
leader said wages fell by 4 percent last year.</p>
<p>The finance ministry said the deficit was 3 percent of GDP in 2024, while economists expected 2.5
percent.</p></article><footer>&copy; 2025 Daily Example</footer></body></html>"""


def test_an_uploaded_page_without_a_date_gets_none_and_keeps_its_canonical_url(factchecker: Any) -> None:
    result = article_submit(user=factchecker, html=UNDATED_PAGE.encode())
    article = Article.objects.get(pk=result.article.pk)
    assert article.published is None  # not 2025-01-01 from the copyright line, nor 2024-01-01 from the text
    assert article.address == "https://daily.example.org/budget-row"


def test_a_canonical_link_to_a_private_address_is_dropped_not_published(factchecker: Any) -> None:
    page = UNDATED_PAGE.replace("https://daily.example.org/budget-row", "http://169.254.169.254/latest")
    result = article_submit(user=factchecker, html=page.encode())
    assert Article.objects.get(pk=result.article.pk).address == ""
