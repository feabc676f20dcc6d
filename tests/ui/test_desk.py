"""The claim desk: context, take/release/take over, evidence decisions, sources, the verdict form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from evidence.models import EvidenceCandidate, FetchRun
from factcheck.models import ReviewEvent
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceCandidateFactory,
    EvidenceDocumentFactory,
    FetchRunFactory,
    QuantityFactory,
    SpeakerFactory,
    rating,
)
from tests.ui.conftest import client_for

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Budget day in the city.\n\n"
    "The mayor, Ann Lee, spoke at noon. The city spent $4 million on buses last year, Lee said. <b>Bold</b> move.\n\n"
    "Critics disagreed.\n\nA fourth paragraph far away."
)


def _claim_in_article(**kwargs: Any) -> Claim:
    article = ArticleFactory(text=ARTICLE)
    text = "The city spent $4 million on buses last year"
    start = ARTICLE.index(text)
    claim = ClaimFactory(
        article=article, text=text, start=start, end=start + len(text), speaker=SpeakerFactory(name="Ann Lee"), **kwargs
    )
    q_start = ARTICLE.index("$4 million")
    QuantityFactory(claim=claim, text="$4 million", start=q_start, end=q_start + len("$4 million"))
    return claim


def desk(claim: Claim) -> str:
    return reverse("claims:desk", args=[claim.pk])


def test_the_claim_is_marked_in_its_paragraph_with_quantities_and_speaker(fc_client: Any) -> None:
    claim = _claim_in_article()
    html = fc_client.get(desk(claim)).content.decode()
    context = html[html.index('class="article-context"') : html.index('class="legend')]
    assert '<mark class="claim" id="claim-mark">The city spent <mark class="quantity"' in context
    assert ">$4 million</mark> on buses last year</mark>" in context
    assert '<mark class="speaker" title="Speaker: Ann Lee (Minister)">Ann Lee</mark>' in context
    assert '<mark class="speaker" title="Speaker: Ann Lee (Minister)">Lee</mark> said' in context
    # Article text is escaped; neighbouring paragraphs are shown, far ones are not.
    assert "&lt;b&gt;Bold&lt;/b&gt;" in context and "<b>" not in context
    assert "Budget day" in context and "Critics disagreed" in context
    assert "fourth paragraph" not in context


def test_an_earlier_published_verdict_shows_as_already_checked(fc_client: Any, factchecker: Any) -> None:
    from django.utils import timezone

    earlier = ClaimFactory(status=Claim.Status.PUBLISHED)
    Verdict.objects.create(
        claim=earlier,
        author=factchecker,
        rating=rating("false"),
        summary="It was $2.5m.",
        status=Verdict.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    claim = ClaimFactory(duplicate_of=earlier, match_score=0.91)
    html = fc_client.get(desk(claim)).content.decode()
    assert "Already checked" in html
    assert "It was $2.5m." in html
    assert reverse("claims:verdict-public", args=[earlier.pk]) in html


def test_taking_a_claim_assigns_it_and_a_second_taker_is_told_who_has_it(factchecker: Any, factchecker2: Any) -> None:
    claim = ClaimFactory()
    response = client_for(factchecker).post(reverse("claims:take", args=[claim.pk]))
    assert response.status_code == 303
    claim.refresh_from_db()
    assert claim.assignee == factchecker
    late = client_for(factchecker2).post(reverse("claims:take", args=[claim.pk]), follow=True)
    assert "taken by fc" in late.content.decode()


def test_only_the_assignee_or_an_editor_releases(taken_claim: Claim, factchecker2: Any, fc_client: Any) -> None:
    assert client_for(factchecker2).post(reverse("claims:release", args=[taken_claim.pk])).status_code == 403
    assert fc_client.post(reverse("claims:release", args=[taken_claim.pk])).status_code == 303
    taken_claim.refresh_from_db()
    assert taken_claim.status == Claim.Status.NEW and taken_claim.assignee is None


def test_someone_elses_draft_needs_a_take_over_which_is_recorded(taken_claim: Claim, factchecker2: Any) -> None:
    other = client_for(factchecker2)
    page = other.get(desk(taken_claim)).content.decode()
    assert 'id="verdict-form"' not in page
    assert "Take over from fc" in page
    refused = other.post(reverse("claims:verdict-save", args=[taken_claim.pk]), {"summary": "Mine now"})
    assert refused.status_code == 403
    assert "take it over first" in refused.content.decode()
    assert 'value="Mine now"' in refused.content.decode()  # what they typed is still there
    assert not Verdict.objects.exists()

    assert other.post(reverse("claims:take-over", args=[taken_claim.pk])).status_code == 303
    taken_claim.refresh_from_db()
    assert taken_claim.assignee == factchecker2
    assert ReviewEvent.objects.filter(action="claim.taken_over", claim=taken_claim, actor=factchecker2).exists()
    assert other.post(reverse("claims:verdict-save", args=[taken_claim.pk]), {"summary": "Mine now"}).status_code == 303


def _decide(client: Any, item: EvidenceCandidate, **data: Any) -> Any:
    return client.post(reverse("claims:evidence-decide", args=[item.pk]), data, HTTP_HX_REQUEST="true")


def test_accepting_evidence_swaps_the_card_and_offers_it_as_a_citation(fc_client: Any, taken_claim: Claim) -> None:
    ticked = EvidenceCandidateFactory(claim=taken_claim, decision=EvidenceCandidate.Decision.ACCEPTED)
    item = EvidenceCandidateFactory(claim=taken_claim, title="Budget report")
    response = _decide(
        fc_client, item, decision="accepted", stance="refutes", note="Says $2.5m", citations=[str(ticked.pk)]
    )
    html = " ".join(response.content.decode().split())  # a tag's attributes may span lines
    assert response.status_code == 200
    assert html.startswith(f'<article id="evidence-{item.pk}" class="evidence-card decision-accepted"')
    assert "Accepted: refutes" in html
    # The citation list is refreshed out of band, keeping what was ticked.
    assert 'id="citation-choices" class="citations" hx-swap-oob="true"' in html
    assert f'value="{item.pk}" form="verdict-form">' in html
    assert f'value="{ticked.pk}" form="verdict-form" checked>' in html
    assert '<span id="accepted-count" hx-swap-oob="true">2 accepted</span>' in html
    item.refresh_from_db()
    assert (item.decision, item.stance, item.note) == ("accepted", "refutes", "Says $2.5m")


def test_the_ranking_reason_reads_as_one_sentence_with_the_relevance(fc_client: Any, taken_claim: Claim) -> None:
    EvidenceCandidateFactory(
        claim=taken_claim,
        title="U.S. Forces Japan",
        reasons=["matches 'troops stationed in Japan'", "numbers disagree: 60,000 vs 55,000"],
        extra={"relevance": 0.6816},
    )
    old_style = ["Shares 6 of 7 claim terms.", "Names Japan."]
    EvidenceCandidateFactory(claim=taken_claim, title="Old note", reasons=old_style)
    html = fc_client.get(reverse("claims:desk", args=[taken_claim.pk])).content.decode()
    assert "Why: Matches &#x27;troops stationed in Japan&#x27;; numbers disagree: 60,000 vs 55,000.</p>" in html
    assert "relevance 0.68" in html
    assert "Why: Shares 6 of 7 claim terms; Names Japan.</p>" in html and ".;" not in html


def test_rejecting_without_javascript_goes_back_to_the_card(fc_client: Any, taken_claim: Claim) -> None:
    item = EvidenceCandidateFactory(claim=taken_claim)
    response = fc_client.post(reverse("claims:evidence-decide", args=[item.pk]), {"decision": "rejected"})
    assert response.status_code == 303
    assert response["Location"].endswith(f"#evidence-{item.pk}")
    item.refresh_from_db()
    assert item.decision == "rejected"


def test_a_fact_checker_cannot_decide_on_someone_elses_claim(taken_claim: Claim, factchecker2: Any) -> None:
    item = EvidenceCandidateFactory(claim=taken_claim)
    response = _decide(client_for(factchecker2), item, decision="accepted")
    assert response.status_code == 403
    assert "Take the claim first" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "pending"


def test_adding_a_source_by_url(fc_client: Any, taken_claim: Claim) -> None:
    response = fc_client.post(
        reverse("claims:add-source", args=[taken_claim.pk]),
        {"url": "https://stats.example/report", "title": "Stats", "note": "Table 3"},
    )
    assert response.status_code == 303
    item = EvidenceCandidate.objects.get(claim=taken_claim)
    assert (item.url, item.decision, item.provider) == ("https://stats.example/report", "accepted", "manual")


def test_a_refused_source_keeps_what_was_typed(fc_client: Any, taken_claim: Claim) -> None:
    response = fc_client.post(
        reverse("claims:add-source", args=[taken_claim.pk]), {"url": "javascript:alert(1)", "title": "Typed title"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The source must be an http(s) URL." in html
    assert 'value="Typed title"' in html
    assert not EvidenceCandidate.objects.exists()


def test_adding_a_library_document_found_by_search(fc_client: Any, taken_claim: Claim) -> None:
    document = EvidenceDocumentFactory(title="Transit budget 2024", text="Buses cost the city 2.5 million dollars.")
    hits = fc_client.get(
        reverse("claims:library-search", args=[taken_claim.pk]), {"q": "buses"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Transit budget 2024" in hits
    assert f'name="document" value="{document.pk}"' in hits
    fc_client.post(reverse("claims:add-source", args=[taken_claim.pk]), {"document": document.pk})
    item = EvidenceCandidate.objects.get(claim=taken_claim)
    assert item.document == document and item.title == "Transit budget 2024"


def test_fetch_evidence_again_starts_the_providers_and_records_who_asked(
    fc_client: Any, taken_claim: Claim, monkeypatch: Any
) -> None:
    import evidence.services.gathering

    # The runs themselves (providers, the network) are the gathering tests' business.
    started: list[tuple[int, Any]] = []
    monkeypatch.setattr(
        evidence.services.gathering,
        "fetch_runs_start",
        lambda claim_id, *, providers: started.append((claim_id, providers)) or [],
    )
    response = fc_client.post(reverse("claims:gather", args=[taken_claim.pk]))
    assert response.status_code == 303
    assert started == [(taken_claim.pk, None)]
    assert ReviewEvent.objects.filter(action="evidence.gather", claim=taken_claim, actor=taken_claim.assignee).exists()


def test_provider_status_shows_the_latest_run_of_each_provider(fc_client: Any, taken_claim: Claim) -> None:
    FetchRunFactory(claim=taken_claim, provider="wikipedia", status=FetchRun.Status.FAILED, error="timed out")
    FetchRunFactory(claim=taken_claim, provider="library", status=FetchRun.Status.SUCCEEDED, candidates_found=3)
    html = fc_client.get(desk(taken_claim)).content.decode()
    assert "wikipedia: failed" in html and "timed out" in html
    assert "library: succeeded" in html and "3 found" in html


def _verdict_data(claim: Claim, **overrides: Any) -> dict[str, Any]:
    accepted = EvidenceCandidate.objects.filter(claim=claim, decision="accepted").values_list("pk", flat=True)
    data = {
        "rating": rating("false").pk,
        "summary": "It was $2.5 million.",
        "explanation": "The **budget** says otherwise.",
        "citations": [str(pk) for pk in accepted],
    }
    data.update(overrides)
    return data


def test_saving_a_draft_then_submitting_it(fc_client: Any, taken_claim: Claim) -> None:
    EvidenceCandidateFactory(claim=taken_claim, decision=EvidenceCandidate.Decision.ACCEPTED)
    url = reverse("claims:verdict-save", args=[taken_claim.pk])
    assert fc_client.post(url, _verdict_data(taken_claim, action="save")).status_code == 303
    verdict = Verdict.objects.get(claim=taken_claim)
    assert verdict.status == Verdict.Status.DRAFT and verdict.citations.count() == 1
    response = fc_client.post(url, _verdict_data(taken_claim, action="submit", version=verdict.version))
    assert response.status_code == 303
    verdict.refresh_from_db()
    taken_claim.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert taken_claim.status == Claim.Status.SUBMITTED


def test_submitting_an_incomplete_verdict_saves_the_draft_and_says_what_is_missing(
    fc_client: Any, taken_claim: Claim
) -> None:
    response = fc_client.post(
        reverse("claims:verdict-save", args=[taken_claim.pk]),
        {"summary": "Half done", "explanation": "Draft *text*", "action": "submit"},
    )
    html = response.content.decode()
    verdict = Verdict.objects.get(claim=taken_claim)
    assert response.status_code == 400
    assert "Draft saved, but not submitted: Choose a rating." in html
    assert 'value="Half done"' in html and "Draft *text*" in html
    # The form now carries the saved version, so the next save is not refused as stale.
    assert f'name="version" value="{verdict.version}"' in html
    assert verdict.status == Verdict.Status.DRAFT


def test_a_stale_form_is_refused_with_the_changes_and_keeps_what_was_typed(fc_client: Any, taken_claim: Claim) -> None:
    url = reverse("claims:verdict-save", args=[taken_claim.pk])
    fc_client.post(url, _verdict_data(taken_claim, summary="First summary", action="save"))
    loaded_version = Verdict.objects.get().version
    # Another tab (or a take-over) saves first.
    fc_client.post(url, _verdict_data(taken_claim, summary="Changed elsewhere", version=loaded_version))
    response = fc_client.post(url, _verdict_data(taken_claim, summary="My careful edit", version=loaded_version))
    html = response.content.decode()
    assert response.status_code == 412
    assert "Someone else changed this verdict" in html
    assert "<del>First</del><ins>Changed</ins> <del>summary</del><ins>elsewhere</ins>" in html
    assert 'value="My careful edit"' in html
    assert Verdict.objects.get().summary == "Changed elsewhere"
    current = Verdict.objects.get().version
    assert re.search(rf'name="version" value="{current}"', html)


def test_markdown_preview_is_sanitised(fc_client: Any) -> None:
    response = fc_client.post(
        reverse("claims:markdown-preview"), {"explanation": "**ok** <script>alert(1)</script> [x](javascript:alert(1))"}
    )
    html = response.content.decode()
    assert "<strong>ok</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<a " not in html  # the javascript: link is left as text, never a link


def test_desk_queries_do_not_grow_with_evidence(
    fc_client: Any, taken_claim: Claim, django_assert_max_num_queries: Any
) -> None:
    EvidenceCandidateFactory.create_batch(2, claim=taken_claim)
    with django_assert_max_num_queries(30) as few:
        fc_client.get(desk(taken_claim))
    EvidenceCandidateFactory.create_batch(25, claim=taken_claim, decision=EvidenceCandidate.Decision.ACCEPTED)
    FetchRunFactory.create_batch(5, claim=taken_claim)
    with django_assert_max_num_queries(len(few.captured_queries)):
        fc_client.get(desk(taken_claim))
