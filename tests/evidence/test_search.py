"""Library search: the same behaviour on SQLite FTS5 and PostgreSQL full-text search.

The suite runs on whichever database DATABASE_URL names; CI runs it on both.
"""

from __future__ import annotations

import pytest
from django.db import connection

from evidence.models import EvidenceDocument
from evidence.search import LibraryHit, any_of, parse_query, search_library
from evidence.services import library_document_add, library_document_delete, library_document_update

pytestmark = pytest.mark.django_db

USFJ = (
    "U.S. Forces Japan",
    "About 55,000 American troops are stationed in Japan, most of them on Okinawa. "
    "The command is headquartered at Yokota Air Base near Tokyo.",
)
BUDGET = (
    "Japan's defence budget",
    "Japan's defence spending has been about 1% of GDP for decades; the 2022 "
    "strategy raises defence-related spending to 2% of GDP by 2027.",
)
NATO = (
    "NATO's 2% guideline",
    "NATO members agreed in 2014 to move towards spending 2% of GDP on defence "
    "within a decade. Poland and the Baltic states spend more.",
)


@pytest.fixture
def library(editor: object) -> dict[str, EvidenceDocument]:
    return {
        title: library_document_add(user=editor, title=title, text=text, publisher="Demo desk").document
        for title, text in (USFJ, BUDGET, NATO)
    }


def titles(query: str, **kwargs: object) -> list[str]:
    return [hit.document.title for hit in search_library(query, **kwargs)]


def test_every_word_must_match_and_stems_match(library: object) -> None:
    assert titles("troop stationed") == ["U.S. Forces Japan"]  # troops / stationed, stemmed
    assert titles("japan spending") == ["Japan's defence budget"]


def test_or_finds_either_and_minus_excludes(library: object) -> None:
    assert sorted(titles("okinawa or baltic")) == ["NATO's 2% guideline", "U.S. Forces Japan"]
    assert titles("gdp -nato") == ["Japan's defence budget"]


def test_quoted_phrases_match_in_order(library: object) -> None:
    assert titles('"Yokota Air Base"') == ["U.S. Forces Japan"]
    assert titles('"Base Air Yokota"') == []


def test_title_matches_rank_above_text_matches(library: object) -> None:
    assert titles("NATO or Japan")[0] in {"NATO's 2% guideline", "Japan's defence budget", "U.S. Forces Japan"}
    hits = titles("guideline or decades")
    assert hits[0] == "NATO's 2% guideline"


def test_match_any_finds_documents_sharing_any_claim_term(library: object) -> None:
    query = any_of(["Okinawa", "Baltic", "unrelatedword"])
    assert sorted(titles(query, match_any=True)) == ["NATO's 2% guideline", "U.S. Forces Japan"]
    assert titles("Okinawa Baltic") == []  # without match_any, all words must match


def test_snippets_mark_matches_and_escape_the_document(editor: object) -> None:
    library_document_add(user=editor, title="Markup", text="A <script>alert(1)</script> note about Okinawa bases.")
    hit = search_library("okinawa")[0]
    assert "<mark>Okinawa</mark>" in hit.snippet_html
    assert "<script>" not in hit.snippet_html  # PostgreSQL drops tags, SQLite keeps them: both escaped
    assert "Okinawa" in hit.snippet_text and "\ue000" not in hit.snippet_text
    made_up = LibraryHit(hit.document, 1.0, "x < y & \ue000z\ue001")
    assert made_up.snippet_html == "x &lt; y &amp; <mark>z</mark>"


def test_scores_are_positive_and_ordered(library: object) -> None:
    hits = search_library("japan")
    assert len(hits) == 2
    assert all(hit.score > 0 for hit in hits) or connection.vendor == "sqlite"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0 <= h.relevance < 1 for h in hits)


def test_changes_and_deletions_reach_the_index(library: dict[str, EvidenceDocument], editor: object) -> None:
    document = library["U.S. Forces Japan"]
    library_document_update(document=document, user=editor, title="USFJ", text="Misawa Air Base hosts F-35s.")
    assert titles("okinawa") == []
    assert titles("misawa") == ["USFJ"]
    library_document_delete(document=document, user=editor)
    assert titles("misawa") == []


def test_bulk_inserts_are_indexed_too() -> None:
    # The benchmark and imports insert with bulk_create: triggers, not save(), keep the index.
    EvidenceDocument.objects.bulk_create(
        [
            EvidenceDocument(
                title=f"Bulk {i}", text=f"Report number {i} on Hokkaido fisheries.", content_hash=f"{i:064x}"
            )
            for i in range(5)
        ]
    )
    assert len(search_library("hokkaido fisheries")) == 5


@pytest.mark.parametrize("query", ["", "   ", "-okinawa", '""', "or", "!!! ???", "*", "-okinawa -nato"])
def test_empty_or_unsearchable_queries_find_nothing_and_never_fail(library: object, query: str) -> None:
    assert search_library(query) == []


def test_search_syntax_characters_are_treated_as_text(library: object) -> None:
    assert titles('japan" OR "x') == titles("japan or x")
    assert titles("NEAR(japan troops)") == ["U.S. Forces Japan"]


def test_limit_caps_the_hits(library: object) -> None:
    assert len(search_library("japan or nato", limit=1)) == 1
    assert search_library("japan", limit=0) == []


def test_a_search_costs_two_queries(library: object, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(2):  # type: ignore[operator]
        search_library("japan or nato")


def test_parse_query_reads_web_search_syntax() -> None:
    groups = parse_query('troops "air base" or navy -okinawa')
    assert [[(t.text, t.phrase, t.negated) for t in g] for g in groups] == [
        [("troops", False, False)],
        [("air base", True, False), ("navy", False, False)],
        [("okinawa", False, True)],
    ]
