"""load_demo --history: months of consistent, audited activity; running it twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from claims.models import Article, Claim, Rating, Verdict
from factcheck.models import ReviewEvent

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_history_is_consistent_and_loaded_once():
    out = io.StringIO()
    call_command("load_demo", "--history", "--password", "pw-for-tests-only", stdout=out)
    claims, published = Claim.objects.count(), Verdict.objects.filter(status=Verdict.Status.PUBLISHED).count()
    assert published >= 100
    # Every rating, every kind, returns and dismissals show up.
    assert set(Verdict.objects.filter(status="published").values_list("rating__slug", flat=True)) == set(
        Rating.objects.values_list("slug", flat=True)
    )
    assert set(
        Claim.objects.filter(article__content_hash__startswith="demo-history-").values_list("kind", flat=True)
    ) == set(Claim.Kind.values)
    assert ReviewEvent.objects.filter(action="verdict.returned").count() >= 10
    assert Claim.objects.filter(status=Claim.Status.DISMISSED).count() >= 10
    # The audit trail agrees with the rows: one publication event per published verdict, at its time.
    events = ReviewEvent.objects.filter(action="verdict.published", object_type="verdict")
    assert events.count() == published
    assert (
        not Verdict.objects.filter(status="published")
        .exclude(pk__in=events.filter(created_at=F("claim__verdict__published_at")).values("object_id"))
        .exists()
    )
    assert not Verdict.objects.filter(published_at__lt=F("submitted_at")).exists()
    assert not Verdict.objects.filter(submitted_at__lt=F("claim__created_at")).exists()
    # Months of activity, not one afternoon.
    months = Verdict.objects.filter(status="published").dates("published_at", "month")
    assert len(months) >= 4
    call_command("load_demo", "--history", stdout=out)
    assert Claim.objects.count() == claims
    assert Article.objects.filter(content_hash__startswith="demo-history-").aggregate(n=Count("id"))["n"] == 64
