"""Matching claims against the archive and earlier verdicts: suggestions, automatic links, numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive.formats import Parsed, Record, parse
from archive.models import ClaimMatch, FactCheck
from archive.services.imports import factchecks_import
from archive.services.matching import matches_find, matches_for_text
from claims.models import Claim, Verdict
from claims.services.articles import article_submit
from factcheck.models import ReviewEvent
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db(transaction=False)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "archive"

TROOPS = "The United States keeps 60,000 troops stationed in Japan."
OTHERS = [
    "The new bridge cost twice its budget.",
    "Unemployment fell to 3.9 percent in March.",
    "The mayor doubled the police budget.",
    "Vaccines cause autism in children.",
]


def _archive(*claims: str) -> list[FactCheck]:
    """``claims`` as fact-checks, among 120 real ones (CheckThat! 2020 verified claims): the scorer
    compares each candidate with the others, so it needs an archive of some size to be itself."""
    background = parse("verified_claims.tsv", (FIXTURES / "verified_claims.120.tsv").read_bytes())
    factchecks_import(parsed=background, source="checkthat")
    records = [
        Record(position=i + 2, external_id=f"fc-{i}", claim=text, rating="False") for i, text in enumerate(claims)
    ]
    factchecks_import(parsed=Parsed(records=records), source="checks")
    return list(FactCheck.objects.filter(source="checks").order_by("external_id"))


def _claim(text: str) -> Claim:
    claim: Claim = ClaimFactory(text=text)
    return claim


def test_a_claim_repeating_a_fact_check_in_other_words_gets_it_as_a_match() -> None:
    troops, *_ = _archive(TROOPS, *OTHERS)
    claim = _claim("According to the senator, America has 60,000 troops based on Japanese soil")
    [match] = matches_find(claim.pk)
    assert match.factcheck == troops
    assert match.numbers == ClaimMatch.Numbers.AGREE
    assert match.state in (ClaimMatch.State.SUGGESTED, ClaimMatch.State.AUTOMATIC)
    assert "60,000" in match.reason
    assert Claim.objects.get(pk=claim.pk).embedding is not None


def test_numbers_that_disagree_never_make_a_match_automatic() -> None:
    _archive(TROOPS, *OTHERS)
    same = _claim("The United States keeps 60,000 troops stationed in Japan.")
    different = _claim("The United States keeps 55,000 troops stationed in Japan.")
    [exact] = matches_find(same.pk)
    assert exact.state == ClaimMatch.State.AUTOMATIC
    assert ReviewEvent.objects.filter(action="match.automatic", object_id=exact.pk, actor=None).exists()
    found = matches_find(different.pk)
    assert found, "the wording is the same: still worth a suggestion"
    assert found[0].numbers == ClaimMatch.Numbers.DISAGREE
    assert found[0].state == ClaimMatch.State.SUGGESTED
    assert "60,000" in found[0].reason and "55,000" in found[0].reason


def test_an_unrelated_claim_is_never_linked_nor_scored_as_likely() -> None:
    _archive(TROOPS, *OTHERS)
    claim = _claim("The museum opens a new wing devoted to medieval tapestries next spring.")
    found = matches_find(claim.pk)
    # The suggest threshold is low on purpose (a weak suggestion costs a reviewer one key); nothing
    # unrelated may be linked, nor scored as likely.
    assert all(m.state == ClaimMatch.State.SUGGESTED and m.score < 0.5 for m in found)


def test_an_earlier_claim_with_a_published_verdict_is_matched_too() -> None:
    _archive()
    verdict = VerdictFactory(status=Verdict.Status.PUBLISHED, published_at="2026-11-01T00:00:00Z")
    earlier = verdict.claim
    matches_find(earlier.pk)  # gives the earlier claim its embedding
    claim = _claim("Last year the city spent 4 million dollars on buses")
    [match] = matches_find(claim.pk)
    assert match.matched_claim == earlier and match.factcheck is None


def test_matching_again_keeps_decisions_and_a_rejected_pair_never_comes_back(factchecker: Any) -> None:
    from archive.services.decisions import match_reject

    _archive(TROOPS, *OTHERS)
    claim = _claim("America has 60,000 troops based in Japan, the senator said")
    [match] = matches_find(claim.pk)
    match_reject(match=match, user=factchecker)
    assert matches_find(claim.pk) == []
    assert ClaimMatch.objects.filter(claim=claim).count() == 1
    assert ClaimMatch.objects.get(claim=claim).state == ClaimMatch.State.REJECTED


def test_a_new_claim_is_matched_after_its_article_is_ingested(
    factchecker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _archive(TROOPS, *OTHERS)
    text = 'Senator Jane Doe said on Monday that "the United States keeps 60,000 troops stationed in Japan."'
    with django_capture_on_commit_callbacks(execute=True):
        article_submit(user=factchecker, text=text)
    claim = Claim.objects.get(text__contains="60,000")
    match = ClaimMatch.objects.get(claim=claim)
    assert match.factcheck is not None and match.factcheck.claim_reviewed == TROOPS


def test_text_matching_returns_the_fact_check_with_its_external_id() -> None:
    _archive(TROOPS, *OTHERS)
    [found] = matches_for_text("Are there really 60,000 US troops in Japan?")
    assert found.kind == "factcheck" and found.factcheck is not None
    assert found.factcheck.external_id == "fc-0"
