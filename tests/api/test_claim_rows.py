"""The list's plain-function rows are exactly what the documented ClaimSerializer writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claims.api.rows import claim_detail_row, claim_row, taken_claim_detail
from claims.api.serializers import ClaimDetailSerializer, ClaimSerializer
from claims.models import Claim
from claims.selectors.claim_rows import claim_detail_values, claim_rows
from claims.selectors.desk import claims_with_details
from claims.selectors.queue import QueueFilters, claim_list
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceCandidateFactory,
    FetchRunFactory,
    QuantityFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def test_claim_row_matches_the_serializer_field_for_field(factchecker: Any) -> None:
    original = ClaimFactory()
    ClaimFactory(
        status=Claim.Status.IN_PROGRESS,
        assignee=factchecker,
        speaker=None,
        article=ArticleFactory(outlet=None, published=date(2026, 3, 1)),
        duplicate_of=original,
        match_score=0.875,
        checkworthiness=1,
        priority=-3,
    )
    rows = list(claim_rows(claim_list(filters=QueueFilters(status=()))))
    assert len(rows) == 2
    for row in rows:
        assert claim_row(row) == ClaimSerializer(Claim.objects.get(pk=row["id"])).data


def test_the_list_answers_with_those_rows(client_for: Any, factchecker: Any) -> None:
    claim = ClaimFactory()
    body = client_for(factchecker).get("/api/v1/claims/").json()
    assert body["results"] == [ClaimSerializer(claim_list().get(pk=claim.pk)).data]


def test_claim_detail_row_matches_the_detail_serializer(factchecker: Any) -> None:
    verdict = VerdictFactory()
    claim = verdict.claim
    QuantityFactory(claim=claim)
    QuantityFactory(claim=claim, value_to=5_000_000, text="$4-5 million", start=30, end=42)
    ClaimFactory(duplicate_of=claim)
    EvidenceCandidateFactory(claim=claim, decision="accepted")
    EvidenceCandidateFactory(claim=claim)
    FetchRunFactory(claim=claim, provider="library", status="succeeded")
    FetchRunFactory(claim=claim, provider="library", status="failed")  # the latest run of its provider
    FetchRunFactory(claim=claim, provider="web", status="queued")
    plain = ClaimFactory(speaker=None)
    rows = {pk: claim_detail_values(pk) for pk in (claim.pk, plain.pk)}
    for pk in (claim.pk, plain.pk):
        expected = ClaimDetailSerializer(claims_with_details().get(pk=pk)).data
        assert claim_detail_row(rows[pk]) == expected
        # Take-next's body: the claim's own columns from an instance, the rest from one query.
        assert taken_claim_detail(Claim.objects.get(pk=pk)) == expected
    summary = claim_detail_row(rows[claim.pk])["evidence_summary"]
    assert summary == {"pending": 1, "accepted": 1, "rejected": 0, "providers": {"library": "failed", "web": "queued"}}
    assert [q["text"] for q in claim_detail_row(rows[claim.pk])["quantities"]][-1] == "$4-5 million"
    assert claim_detail_values(plain.pk + 1000) is None
