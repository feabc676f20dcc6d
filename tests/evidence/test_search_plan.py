"""A claim's terms on PostgreSQL: the rarest of them pick a bounded candidate set through the GIN index.

Service tests: outside CI they skip without PostgreSQL; in CI they fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from evidence import search
from evidence.models import EvidenceDocument
from evidence.search import any_of, search_library
from tests.conftest import require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db]

COMMON = "Japan's defence spending report number {n}: the ministry's budget and the yen."


@pytest.fixture
def crowded_library(db: Any) -> EvidenceDocument:
    """2,000 documents sharing the claim's common words, and one holding its rare ones, analysed."""
    require_service(connection.vendor == "postgresql", "the library's GIN index exists only on PostgreSQL")
    EvidenceDocument.objects.bulk_create(
        EvidenceDocument(title=f"Report {n}", text=COMMON.format(n=n), content_hash=f"{n:064x}") for n in range(2000)
    )
    rare = EvidenceDocument.objects.create(
        title="Okinawa", text="Marines on Okinawa: Japan hosts most of them.", content_hash="f" * 64
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE evidence_evidencedocument")
    return rare


def terms_of(words: list[str]) -> list[search._Term]:
    return [t for g in search.parse_query(any_of(words)) for t in g]


def test_a_claim_search_ranks_the_rare_documents_first_within_the_cap(
    crowded_library: EvidenceDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "CANDIDATE_CAP", 100)
    hits = search_library(any_of(["Japan", "defence", "Okinawa", "marines"]), limit=10, match_any=True)
    # The rare words' document is among the 100 candidates (the common words' fill the rest), ranked first.
    assert hits[0].document == crowded_library and len(hits) == 10
    assert "\ue000Okinawa\ue001" in hits[0].snippet
    # Only common words: the candidates are capped, and still ranked and returned.
    hits = search_library(any_of(["Japan", "defence", "ministry"]), limit=10, match_any=True)
    assert len(hits) == 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_stopwords_and_phrases_among_the_terms(
    crowded_library: EvidenceDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "CANDIDATE_CAP", 100)
    hits = search_library(any_of(["the", "Japan", "on Okinawa"]), limit=10, match_any=True)
    assert hits[0].document == crowded_library


def test_the_cap_bounds_what_is_ranked(crowded_library: EvidenceDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    hits = search_library(any_of(["report", "Okinawa"]), limit=3000, match_any=True)
    assert len(hits) == search.CANDIDATE_CAP < 2001
    assert hits[0].document == crowded_library  # the rare word, in its title too
    monkeypatch.setattr(search, "CANDIDATE_CAP", 5000)
    assert len(search_library(any_of(["report", "Okinawa"]), limit=3000, match_any=True)) == 2001


def test_the_candidates_are_found_through_the_gin_index(crowded_library: EvidenceDocument) -> None:
    sql, params = search.ranked_any_sql(terms_of(["Japan", "Okinawa", "marines"]), 10)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "evidence_document_search_gin" in plan, plan
