"""Articles (list, page, re-ingest, print view) and the public verdict page with its ClaimReview JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim, Verdict
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, VerdictFactory, rating

pytestmark = pytest.mark.django_db


def test_article_list_pages_by_id_with_counts(
    fc_client: Any, django_assert_max_num_queries: Any, monkeypatch: Any
) -> None:
    from claims.selectors import articles

    monkeypatch.setattr(articles, "PAGE_SIZE", 2)
    articles = ArticleFactory.create_batch(3)
    ClaimFactory.create_batch(2, article=articles[2])
    with django_assert_max_num_queries(8):
        html = fc_client.get(reverse("claims:article-list")).content.decode()
    assert str(articles[2]) in html and str(articles[0]) not in html
    older = re.search(r'href="\?before=(\d+)"', html)
    assert older
    next_page = fc_client.get(reverse("claims:article-list"), {"before": older.group(1)})
    assert str(articles[0]) in next_page.content.decode()


def test_the_article_page_lists_every_claim_with_status_and_verdict(
    fc_client: Any, django_assert_max_num_queries: Any
) -> None:
    article = ArticleFactory()
    published = VerdictFactory(
        claim__article=article, status=Verdict.Status.PUBLISHED, published_at=timezone.now(), summary="Not so."
    )
    Claim.objects.filter(pk=published.claim_id).update(status=Claim.Status.PUBLISHED)
    ClaimFactory.create_batch(10, article=article)
    with django_assert_max_num_queries(14):
        html = fc_client.get(reverse("claims:article-detail", args=[article.pk])).content.decode()
    assert "11 claims" in html
    assert "Not so." in html
    assert reverse("claims:verdict-public", args=[published.claim_id]) in html
    assert "data-print" in html  # the print button; the print stylesheet hides the rest


def test_reingest_queues_a_finished_article_and_refuses_a_running_one(fc_client: Any) -> None:
    article = ArticleFactory(status=Article.Status.DONE)
    assert fc_client.post(reverse("claims:article-reingest", args=[article.pk])).status_code == 303
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED
    refused = fc_client.post(reverse("claims:article-reingest", args=[article.pk]), follow=True)
    assert "still being processed" in refused.content.decode()


def _published(**claim_kwargs: Any) -> Verdict:
    verdict = VerdictFactory(
        status=Verdict.Status.PUBLISHED,
        published_at=timezone.now(),
        rating=rating("false"),
        **{f"claim__{k}": v for k, v in claim_kwargs.items()},
    )
    Claim.objects.filter(pk=verdict.claim_id).update(status=Claim.Status.PUBLISHED)
    return verdict


def _ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_the_public_page_embeds_valid_claimreview(client: Any) -> None:
    verdict = _published(speaker=SpeakerFactory(name="Ann Lee"))
    response = client.get(reverse("claims:verdict-public", args=[verdict.claim_id]))
    data = _ld(response.content.decode())
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == verdict.claim.text
    assert data["reviewRating"]["alternateName"] == "False"
    assert data["itemReviewed"]["author"]["name"] == "Ann Lee"
    assert data["url"].endswith(reverse("claims:verdict-public", args=[verdict.claim_id]))


def test_claim_text_cannot_break_out_of_the_json_ld_block(client: Any) -> None:
    hostile = 'Tax cut </script><script>alert(1)</script> & "more"'
    verdict = _published(text=hostile)
    html = client.get(reverse("claims:verdict-public", args=[verdict.claim_id])).content.decode()
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<script>alert" not in block
    assert _ld(html)["claimReviewed"] == hostile


def test_the_csp_allows_no_inline_script_and_the_json_ld_is_data(client: Any) -> None:
    verdict = _published()
    response = client.get(reverse("claims:verdict-public", args=[verdict.claim_id]))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    # The only inline <script> on the page is the JSON-LD data block (a non-JavaScript type,
    # which browsers never execute, so the CSP does not need to allow it).
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline == [' type="application/ld+json"']


def test_the_public_page_shows_the_verdict_without_the_workbench(client: Any) -> None:
    verdict = _published()
    html = client.get(reverse("claims:verdict-public", args=[verdict.claim_id])).content.decode()
    assert "<strong>$2.5 million</strong>" in html  # explanation rendered from Markdown
    assert 'aria-label="Main"' not in html  # no navigation for visitors
