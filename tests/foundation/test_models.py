"""Database-level guarantees: constraints hold even when a service is bypassed."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from claims.models import Article, Claim, Rating
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_checkworthiness_outside_zero_to_one_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(checkworthiness=1.5)


def test_claim_in_progress_without_assignee_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=None)


def test_unknown_claim_status_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(status="lost")


def test_claim_span_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(start=50, end=10)


def test_the_same_span_of_an_article_is_one_claim():
    claim = ClaimFactory(start=0, end=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(article=claim.article, start=0, end=10)


def test_two_articles_cannot_share_a_canonical_url_but_may_both_have_none():
    ArticleFactory(source=Article.Source.URL, url="https://a.example/x", canonical_url="https://a.example/x")
    ArticleFactory(canonical_url="")
    ArticleFactory(canonical_url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(
            source=Article.Source.URL, url="https://a.example/x?utm_source=y", canonical_url="https://a.example/x"
        )


def test_two_articles_cannot_share_a_content_hash():
    ArticleFactory(content_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(content_hash="a" * 64)


def test_url_article_needs_a_url():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(source=Article.Source.URL, url="")


def test_published_verdict_needs_rating_and_date():
    verdict = VerdictFactory()
    verdict.status = "published"
    with pytest.raises(IntegrityError), transaction.atomic():
        verdict.save()


def test_default_rating_scale_is_installed_in_order():
    names = list(Rating.objects.values_list("name", flat=True))
    assert names[:5] == ["True", "Mostly true", "Half true", "Mostly false", "False"]
    assert set(names[5:]) == {"Misleading", "Unverifiable"}
    assert Rating.objects.get(slug="misleading").value is None


def test_models_describe_themselves_readably():
    claim = ClaimFactory(text="x" * 100)
    assert str(claim).endswith("...") and len(str(claim)) == 80
    assert str(claim.speaker).startswith("Speaker")
    assert str(UserFactory(username="zed")) == "zed"
