"""The list's plain-function rows are exactly what the documented ClaimSerializer writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claims.api.rows import LIST_COLUMNS, claim_detail_row, claim_row
from claims.api.serializers import ClaimDetailSerializer, ClaimSerializer
from claims.models import Claim
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
    claims = list(claim_list(filters=QueueFilters(status=())).only(*LIST_COLUMNS))
    assert len(claims) == 2
    for claim in claims:
        assert claim_row(claim) == ClaimSerializer(claim).data


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
    plain = ClaimFactory(speaker=None)
    for pk in (claim.pk, plain.pk):
        loaded = claims_with_details().get(pk=pk)
        assert claim_detail_row(loaded) == ClaimDetailSerializer(loaded).data
