"""The list's plain-function rows are exactly what the documented ClaimSerializer writes."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from claims.api.rows import claim_detail_row, claim_row, taken_claim_detail
from claims.api.serializers import ClaimDetailSerializer, ClaimSerializer
from claims.models import Claim
from claims.selectors.claim_rows import ShapedQuery, claim_detail_values, claim_rows
from claims.selectors.desk import claims_with_details
from claims.selectors.queue import QueueFilters, claim_list, queue_rows
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


QUEUE_SHAPES = [
    QueueFilters(),
    QueueFilters(status=()),
    QueueFilters(status=("new", "in_progress", "new")),
    QueueFilters(status=(), q="wages"),
    QueueFilters(status=("new",), kind="quote", score_min=0.0, score_max=0.8, has_duplicate=False),
    QueueFilters(status=(), created_from=date(2000, 1, 1), created_to=date(2100, 1, 1), has_duplicate=True),
]


@pytest.mark.parametrize("filters", QUEUE_SHAPES)
def test_queue_rows_are_the_querysets_rows_for_any_values_of_a_shape(filters: QueueFilters, factchecker: Any) -> None:
    """The first page read with SQL compiled once per shape: the same rows as the queryset, also
    when a later call of the same shape has other values (each value goes to its own places)."""
    article = ArticleFactory()
    [
        ClaimFactory(text="Real wages fell", article=article, checkworthiness=0.5, priority=1),
        ClaimFactory(text="Wages rose", status=Claim.Status.IN_PROGRESS, assignee=factchecker, checkworthiness=0.9),
        ClaimFactory(text="Exports doubled", kind="quote", checkworthiness=0.2),
    ]
    order = ["-checkworthiness", "id"]
    others = replace_values(filters)
    for shaped in (filters, others, filters):
        expected = list(claim_rows(claim_list(filters=shaped, for_values=True)).order_by(*order)[:2])
        assert queue_rows(filters=shaped, order=order, limit=2) == expected


def replace_values(filters: QueueFilters) -> QueueFilters:
    """Filters of the same shape as ``filters`` with other values."""
    return dataclasses.replace(
        filters,
        status=tuple("in_progress" if s == "new" else "new" for s in filters.status),
        kind="statistic" if filters.kind else "",
        q="exports" if filters.q else "",
        score_min=None if filters.score_min is None else 0.3,
        score_max=None if filters.score_max is None else 1.0,
        created_from=filters.created_from and date(2100, 1, 1),
    )


def test_a_query_whose_values_the_database_layer_rewrites_is_run_uncached(factchecker: Any) -> None:
    """``icontains`` wraps its word in ``%``: that shape cannot put a value in place, so it is not
    cached, and each call builds its own query (the right rows, whatever the values)."""
    ClaimFactory(text="Wages rose")
    ClaimFactory(text="Exports doubled")
    shaped = ShapedQuery()

    def build(args: tuple[Any, ...]) -> Any:
        return Claim.objects.filter(text__icontains=args[0]).order_by("id").values("text")

    assert shaped.rows(("icontains",), build, ("wage",)) == [{"text": "Wages rose"}]
    assert shaped.rows(("icontains",), build, ("port",)) == [{"text": "Exports doubled"}]
    assert shaped._compiled == {("default", "icontains"): None}
