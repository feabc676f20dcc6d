"""The desk and the article page shape claims: edit, split, merge, add; the article shows every claim."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimRevision
from claims.services import claim_edit
from factcheck.models import ReviewEvent
from tests.factories import ArticleFactory, ClaimFactory, QuantityFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

COMPOUND = (
    "Asked about Xi Jinping's order to be ready to annex Taiwan by 2027, Mr. Hegseth said deterrence of China was "
    "weakened under the Biden administration."
)
OTHER = "The ministry said 55,000 troops are based in Japan."
TEXT = f"Talks opened in Tokyo.\n\n{COMPOUND} {OTHER}\n\nThe visit ends on Friday, officials said."


@pytest.fixture
def article_claims(factchecker: Any) -> tuple[Claim, Claim]:
    article = ArticleFactory(text=TEXT)
    speaker = SpeakerFactory(name="Pete Hegseth")
    first = ClaimFactory(
        article=article,
        text=COMPOUND,
        start=TEXT.index(COMPOUND),
        end=TEXT.index(COMPOUND) + len(COMPOUND),
        speaker=speaker,
        kind=Claim.Kind.PROMISE,
    )
    second = ClaimFactory(
        article=article, text=OTHER, start=TEXT.index(OTHER), end=TEXT.index(OTHER) + len(OTHER), speaker=None
    )
    return first, second


def _edit_data(claim: Claim, **values: Any) -> dict[str, Any]:
    quantities = [
        {"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind, "bound": q.bound}
        for q in claim.quantities.all()
    ]
    data: dict[str, Any] = {
        "text": claim.text,
        "speaker": claim.speaker.name if claim.speaker else "",
        "kind": claim.kind,
        "version": claim.version,
        "q-TOTAL_FORMS": len(quantities) + 1,
        "q-INITIAL_FORMS": len(quantities),
        "q-MIN_NUM_FORMS": 0,
        "q-MAX_NUM_FORMS": 30,
    }
    for i, row in enumerate(quantities):
        data.update({f"q-{i}-{key}": "" if value is None else value for key, value in row.items()})
    data.update({f"q-{len(quantities)}-kind": "count"})
    data.update(values)
    return data


def test_the_desk_edits_a_claim_and_keeps_the_extracted_text_visible(
    fc_client: Client, article_claims: tuple[Claim, Claim], factchecker: Any
) -> None:
    claim = article_claims[0]
    desk = reverse("claims:desk", args=[claim.pk])
    page = fc_client.get(desk).content.decode()
    assert 'action="{}"'.format(reverse("claims:claim-edit", args=[claim.pk])) in page
    edited = "Xi Jinping ordered the military to be ready to annex Taiwan by 2027."
    response = fc_client.post(
        reverse("claims:claim-edit", args=[claim.pk]),
        _edit_data(claim, text=edited, speaker="Pete Hegseth", kind="event"),
    )
    assert response.status_code == 303
    claim.refresh_from_db()
    assert claim.text == edited and claim.version == 2 and claim.kind == "event"
    page = fc_client.get(desk).content.decode()
    assert "As extracted:" in page and "weakened under the Biden administration" in page
    # The passage the claim came from stays marked in its context (the edited words are not the article's).
    context = page[page.index('class="article-context"') : page.index('class="legend')]
    assert "Talks opened in Tokyo." in context and '<mark class="claim" id="claim-mark">Asked about Xi' in context
    assert ReviewEvent.objects.filter(action="claim.edited", claim=claim, actor=factchecker).exists()


def test_a_stale_edit_is_a_412_that_keeps_what_was_typed(
    fc_client: Client, ed_client: Client, article_claims: tuple[Claim, Claim]
) -> None:
    claim = article_claims[0]
    form = _edit_data(claim, text="My version of the claim, typed slowly.")
    assert (
        ed_client.post(reverse("claims:claim-edit", args=[claim.pk]), _edit_data(claim, kind="opinion")).status_code
        == 303
    )
    response = fc_client.post(reverse("claims:claim-edit", args=[claim.pk]), form)
    assert response.status_code == 412
    page = response.content.decode()
    assert "changed meanwhile" in page and "My version of the claim, typed slowly." in page
    assert 'name="version" value="2"' in page


def test_quantities_are_corrected_by_hand_on_the_desk(fc_client: Client, factchecker: Any) -> None:
    claim = ClaimFactory(text="The city spent $4 million on buses last year")
    QuantityFactory(claim=claim, start=claim.start + 15, end=claim.start + 25)
    data = _edit_data(claim)
    data.update({"q-0-value": "4500000", "q-1-text": "last year", "q-1-value": "2025", "q-1-kind": "date"})
    assert fc_client.post(reverse("claims:claim-edit", args=[claim.pk]), data).status_code == 303
    assert sorted((q.text, q.value) for q in claim.quantities.all()) == [("$4 million", 4.5e6), ("last year", 2025)]
    fc_client.post(
        reverse("claims:claim-edit", args=[claim.pk]),
        _edit_data(Claim.objects.get(pk=claim.pk)) | {"q-0-DELETE": "on", "version": 2},
    )
    assert [q.text for q in claim.quantities.all()] == ["last year"]
    assert ClaimRevision.objects.filter(claim=claim).count() == 2


def test_the_desk_splits_a_compound_claim(fc_client: Client, article_claims: tuple[Claim, Claim]) -> None:
    claim = article_claims[0]
    response = fc_client.post(
        reverse("claims:claim-split", args=[claim.pk]),
        {
            "parts": "Xi Jinping's order to be ready to annex Taiwan by 2027\n"
            "deterrence of China was weakened under the Biden administration\n"
        },
    )
    assert response.status_code == 303
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SPLIT
    parts = list(claim.parts.order_by("pk"))
    assert len(parts) == 2 and all(TEXT[p.start : p.end] == p.text for p in parts)
    page = fc_client.get(reverse("claims:desk", args=[claim.pk])).content.decode()
    assert "Closed as split into" in page and reverse("claims:desk", args=[parts[1].pk]) in page
    refused = fc_client.post(reverse("claims:claim-split", args=[parts[0].pk]), {"parts": "only one part"})
    assert refused.status_code == 400 and "at least two parts" in refused.content.decode()


def test_the_desk_merges_duplicates_into_the_claim(ed_client: Client, article_claims: tuple[Claim, Claim]) -> None:
    first, second = article_claims
    response = ed_client.post(reverse("claims:claim-merge", args=[first.pk]), {"claims": f"#{second.pk}"})
    assert response.status_code == 303
    second.refresh_from_db()
    assert second.status == Claim.Status.MERGED and second.merged_into == first
    missing = ed_client.post(reverse("claims:claim-merge", args=[first.pk]), {"claims": "999999"})
    assert missing.status_code == 404 and "No claim #999999" in missing.content.decode()


def test_another_reviewers_claim_cannot_be_reshaped(
    client: Client, factchecker2: Any, article_claims: tuple[Claim, Claim], factchecker: Any
) -> None:
    claim = article_claims[0]
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    client.force_login(factchecker2)
    assert "Edit claim" not in client.get(reverse("claims:desk", args=[claim.pk])).content.decode()
    response = client.post(reverse("claims:claim-split", args=[claim.pk]), {"parts": "a b c\nd e f"})
    assert response.status_code == 403


def test_the_article_page_marks_every_claim_in_place(fc_client: Client, article_claims: tuple[Claim, Claim]) -> None:
    first, second = article_claims
    inner = ClaimFactory(
        article=first.article,
        text="Xi Jinping's order",
        start=TEXT.index("Xi Jinping's order"),
        end=TEXT.index("Xi Jinping's order") + len("Xi Jinping's order"),
        origin=Claim.Origin.ADDED,
    )
    page = fc_client.get(reverse("claims:article-detail", args=[first.article_id])).content.decode()
    marks = re.findall(r'<mark class="claim[^"]*" data-claims="([0-9 ]+)"', page)
    covered = {int(pk) for ids in marks for pk in ids.split()}
    assert {first.pk, second.pk, inner.pk} <= covered
    assert f"{inner.pk} {first.pk}" in marks or f"{first.pk} {inner.pk}" in marks  # the overlap is one piece
    for claim in (first, second, inner):
        assert f'id="claim-{claim.pk}"' in page
    # The paragraph holding the claims starts where the article says it does.
    assert f'<p data-offset="{TEXT.index(COMPOUND)}">' in page
    desk = fc_client.get(reverse("claims:desk", args=[first.pk])).content.decode()
    assert f"{reverse('claims:article-detail', args=[first.article_id])}#claim-{first.pk}" in desk


def test_a_selected_passage_is_added_as_a_claim(fc_client: Client, article_claims: tuple[Claim, Claim]) -> None:
    article = article_claims[0].article
    passage = "The visit ends on Friday, officials said."
    start = TEXT.index(passage)
    response = fc_client.post(
        reverse("claims:claim-add", args=[article.pk]), {"start": start, "end": start + len(passage), "text": ""}
    )
    assert response.status_code == 303
    claim = Claim.objects.get(origin=Claim.Origin.ADDED)
    assert (claim.start, claim.end, claim.text) == (start, start + len(passage), passage)
    assert response["Location"] == reverse("claims:desk", args=[claim.pk])
    again = fc_client.post(
        reverse("claims:claim-add", args=[article.pk]), {"start": start, "end": start + len(passage)}
    )
    assert again.status_code == 409 and f"claim #{claim.pk} already" in again.content.decode()
    typed = fc_client.post(
        reverse("claims:claim-add", args=[article.pk]), {"text": "Japan pays for the bases.", "speaker": "A new person"}
    )
    assert typed.status_code == 303
    assert Claim.objects.get(text="Japan pays for the bases.").speaker.name == "A new person"
    empty = fc_client.post(reverse("claims:claim-add", args=[article.pk]), {"text": " "})
    assert empty.status_code == 400
    outside = fc_client.post(reverse("claims:claim-add", args=[article.pk]), {"start": 5, "end": 99_999})
    assert outside.status_code == 400 and "not a passage of this article" in outside.content.decode()


def test_the_marked_article_and_the_edited_desk_cost_the_same_queries_however_many_claims(
    fc_client: Client, factchecker: Any, django_assert_max_num_queries: Any
) -> None:
    article = ArticleFactory(text=" ".join(f"Sentence number {i} says {i} things." for i in range(40)))
    spans = [(m.start(), m.end()) for m in re.finditer(r"Sentence number \d+ says \d+ things\.", article.text)]
    claims = [ClaimFactory(article=article, text=article.text[a:b], start=a, end=b) for a, b in spans[:3]]
    page = reverse("claims:article-detail", args=[article.pk])
    with django_assert_max_num_queries(16) as few:
        fc_client.get(page)
    for a, b in spans[3:]:
        ClaimFactory(article=article, text=article.text[a:b], start=a, end=b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert fc_client.get(page).content.decode().count('class="claim-link"') == 40
    claim = claims[0]
    desk = reverse("claims:desk", args=[claim.pk])
    with django_assert_max_num_queries(40) as desk_queries:
        fc_client.get(desk)
    for version in range(1, 6):
        claim_edit(claim=claim, user=factchecker, kind="opinion" if version % 2 else "event")
    with django_assert_max_num_queries(len(desk_queries.captured_queries) + 1):  # + the revisions, once
        assert "History (5 earlier versions)" in fc_client.get(desk).content.decode()
