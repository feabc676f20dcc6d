"""Claims are the reviewer's to shape: edit (versioned, audited), split, merge and add."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Claim, ClaimRevision, Quantity, Speaker
from claims.services import KEEP, QuantityInput, claim_add, claim_edit, claim_split, claims_merge
from factcheck.errors import DomainError, ErrorKind, StaleVersion
from factcheck.models import ReviewEvent
from tests.factories import ArticleFactory, ClaimFactory, QuantityFactory, SpeakerFactory, VerdictFactory

pytestmark = pytest.mark.django_db

COMPOUND = (
    "Mr. Hegseth said deterrence of China was weakened under the Biden administration, during which Russia "
    "invaded Ukraine, Hamas terrorized Israel and the U.S. made a deadly withdrawal from Afghanistan."
)
ARTICLE_TEXT = (
    f"Defense talks opened in Tokyo on Monday.\n\n{COMPOUND}\n\nThe ministry said 55,000 troops are based in Japan."
)


@pytest.fixture
def compound(factchecker: Any) -> Claim:
    article = ArticleFactory(text=ARTICLE_TEXT)
    start = ARTICLE_TEXT.index(COMPOUND)
    return ClaimFactory(
        article=article,
        text=COMPOUND,
        start=start,
        end=start + len(COMPOUND),
        kind=Claim.Kind.EVENT,
        speaker=SpeakerFactory(name="Pete Hegseth"),
    )


def test_edit_keeps_the_claim_as_extracted_and_bumps_the_version(compound: Claim, factchecker: Any) -> None:
    claim_edit(
        claim=compound,
        user=factchecker,
        expected_version=1,
        text="Russia invaded Ukraine under the Biden administration in 2022.",
        new_speaker="Defense Secretary Office",
        kind=Claim.Kind.EVENT,
    )
    compound.refresh_from_db()
    assert compound.version == 2
    assert compound.text.startswith("Russia invaded Ukraine")
    assert compound.speaker == Speaker.objects.get(name="Defense Secretary Office")
    first = ClaimRevision.objects.get(claim=compound)
    assert first.version == 1 and first.text == COMPOUND and first.speaker_name == "Pete Hegseth"
    assert first.changed_by is None or first.changed_by == factchecker
    # Quantities are read again from the edited text: the year.
    assert [q.text for q in compound.quantities.all()] == ["2022"]
    event = ReviewEvent.objects.get(action="claim.edited", claim=compound)
    assert event.actor == factchecker and event.before["text"] == COMPOUND and event.after["version"] == 2


def test_edit_from_an_old_version_is_refused_as_stale(compound: Claim, factchecker: Any) -> None:
    claim_edit(claim=compound, user=factchecker, expected_version=1, kind=Claim.Kind.OPINION)
    with pytest.raises(StaleVersion) as refused:
        claim_edit(claim=compound, user=factchecker, expected_version=1, kind=Claim.Kind.QUOTE)
    assert refused.value.current_version == 2
    compound.refresh_from_db()
    assert compound.kind == Claim.Kind.OPINION


def test_quantities_can_be_corrected_by_hand(factchecker: Any) -> None:
    claim = ClaimFactory(text="The city spent $4 million on buses last year")
    QuantityFactory(claim=claim, start=claim.start + 15, end=claim.start + 25)
    claim_edit(
        claim=claim,
        user=factchecker,
        expected_version=1,
        quantities=[QuantityInput(text="$4 million", value=4.2e6, unit="USD", kind=Quantity.Kind.MONEY)],
    )
    (quantity,) = claim.quantities.all()
    assert quantity.value == 4.2e6 and quantity.start == claim.start + claim.text.index("$4 million")
    assert ClaimRevision.objects.get(claim=claim).quantities[0]["value"] == 4_000_000
    with pytest.raises(DomainError) as refused:
        claim_edit(claim=claim, user=factchecker, quantities=[QuantityInput(text="12 trains", value=12)])
    assert refused.value.field == "quantities"


def test_an_unchanged_edit_makes_no_version(compound: Claim, factchecker: Any) -> None:
    claim_edit(claim=compound, user=factchecker, text=COMPOUND, speaker=KEEP, kind=compound.kind)
    compound.refresh_from_db()
    assert compound.version == 1 and not ClaimRevision.objects.exists()


def test_only_the_holder_or_an_editor_edits_a_held_claim(
    compound: Claim, factchecker: Any, factchecker2: Any, editor: Any
) -> None:
    Claim.objects.filter(pk=compound.pk).update(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    compound.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        claim_edit(claim=compound, user=factchecker2, kind=Claim.Kind.OPINION)
    assert refused.value.kind == ErrorKind.FORBIDDEN
    claim_edit(claim=compound, user=editor, kind=Claim.Kind.OPINION)


def test_split_closes_the_compound_and_makes_parts_with_sub_spans(compound: Claim, factchecker: Any) -> None:
    parts = claim_split(
        claim=compound,
        user=factchecker,
        parts=[
            "Russia invaded Ukraine",
            "Hamas terrorized Israel",
            "the U.S. made a deadly withdrawal from Afghanistan",
        ],
    )
    compound.refresh_from_db()
    assert compound.status == Claim.Status.SPLIT
    assert list(compound.parts.order_by("pk")) == parts
    for part in parts:
        assert ARTICLE_TEXT[part.start : part.end] == part.text
        assert part.article_id == compound.article_id and part.speaker == compound.speaker
        assert part.origin == Claim.Origin.SPLIT and part.status == Claim.Status.NEW
        assert 0 <= part.checkworthiness <= 1
    assert ReviewEvent.objects.filter(action="claim.split", claim=compound).exists()
    assert ReviewEvent.objects.filter(action="claim.created", claim__in=parts).count() == 3


def test_split_needs_two_parts_and_no_verdict(compound: Claim, factchecker: Any) -> None:
    with pytest.raises(DomainError):
        claim_split(claim=compound, user=factchecker, parts=["Russia invaded Ukraine", "  "])
    Claim.objects.filter(pk=compound.pk).update(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    compound.refresh_from_db()
    VerdictFactory(claim=compound, author=factchecker)
    with pytest.raises(DomainError) as refused:
        claim_split(claim=compound, user=factchecker, parts=["a b c", "d e f"])
    assert refused.value.kind == ErrorKind.CONFLICT


def test_merge_closes_the_others_as_merged_into_the_survivor(factchecker: Any) -> None:
    survivor, twin, third = ClaimFactory.create_batch(3)
    later = ClaimFactory(duplicate_of=twin)
    claims_merge(claims=[twin, third], survivor=survivor, user=factchecker)
    for merged in (twin, third):
        merged.refresh_from_db()
        assert merged.status == Claim.Status.MERGED and merged.merged_into == survivor
    later.refresh_from_db()
    assert later.duplicate_of == survivor
    assert ReviewEvent.objects.filter(action="claim.merged").count() == 3


def test_add_keeps_the_selected_span(compound: Claim, factchecker: Any) -> None:
    start = ARTICLE_TEXT.index("The ministry said")
    end = len(ARTICLE_TEXT)
    claim = claim_add(article=compound.article, user=factchecker, start=start - 2, end=end)
    assert (claim.start, claim.end) == (start, end)  # the selection's blank edges are trimmed
    assert claim.text == ARTICLE_TEXT[start:end] and claim.origin == Claim.Origin.ADDED
    assert [q.value for q in claim.quantities.all()] == [55_000]
    with pytest.raises(DomainError) as again:
        claim_add(article=compound.article, user=factchecker, start=start, end=end)
    assert again.value.kind == ErrorKind.CONFLICT
    typed = claim_add(article=compound.article, user=factchecker, text="Japan hosts more US troops than Korea.")
    assert typed.start == typed.end  # not words of the article: no span
    assert ReviewEvent.objects.filter(action="claim.added").count() == 2
