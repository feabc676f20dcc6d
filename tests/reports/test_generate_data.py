"""generate_data: the bulk data set is as consistent as the one the services write."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from claims.models import Citation, Claim, Verdict, VerdictRevision
from factcheck.models import ReviewEvent
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_data_is_internally_consistent():
    out = io.StringIO()
    call_command(
        "generate_data",
        "--claims",
        "3000",
        "--verdicts",
        "400",
        "--speakers",
        "50",
        "--outlets",
        "5",
        "--reviewers",
        "6",
        "--editors",
        "2",
        "--days",
        "60",
        stdout=out,
    )
    assert "Generated" in out.getvalue()
    assert Claim.objects.count() == 3000 and Verdict.objects.count() == 400
    # The claim's status follows its verdict, as the services keep them.
    for verdict_status, claim_status in (
        ("published", "published"),
        ("draft", "in_progress"),
        ("returned", "in_progress"),
    ):
        assert not Verdict.objects.filter(status=verdict_status).exclude(claim__status=claim_status).exists()
    assert not Verdict.objects.filter(status="submitted").exclude(claim__status="submitted").exists()
    assert not Claim.objects.filter(status="in_progress", assignee__isnull=True).exists()
    statuses = set(Verdict.objects.values_list("status", flat=True))
    assert {"published", "submitted", "draft"} <= statuses
    # One revision per version; a citation for every verdict.
    assert not Verdict.objects.annotate(n=Count("revisions")).exclude(n=F("version")).exists()
    assert Citation.objects.count() == 400
    # The audit trail matches the rows: one publication event at the publication time, returns
    # only for verdicts that went back, every dismissal recorded.
    published = Verdict.objects.filter(status="published")
    events = ReviewEvent.objects.filter(action="verdict.published")
    assert events.count() == published.count()
    assert not published.exclude(
        pk__in=events.filter(created_at=F("claim__verdict__published_at")).values("object_id")
    ).exists()
    assert (
        ReviewEvent.objects.filter(action="claim.dismissed").count() == Claim.objects.filter(status="dismissed").count()
    )
    taken = ReviewEvent.objects.filter(action="claim.taken").values("claim_id")
    assert not Claim.objects.filter(status__in=["in_progress", "submitted", "published"]).exclude(pk__in=taken).exists()
    # Time runs forward.
    assert not Verdict.objects.filter(
        Q(submitted_at__lt=F("created_at")) | Q(published_at__lt=F("submitted_at"))
    ).exists()
    assert not Claim.objects.filter(assigned_at__lt=F("created_at")).exists()
    assert VerdictRevision.objects.filter(status="published").count() == published.count()
    # Ids were allocated by the command; the database's own sequences still work afterwards.
    ClaimFactory(article=ArticleFactory())
