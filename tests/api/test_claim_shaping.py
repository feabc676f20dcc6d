"""The API shapes claims: PATCH with If-Match (428/412), split, merge, add; each audited, each a webhook."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Claim
from factcheck.models import ReviewEvent, WebhookDelivery, WebhookSubscription
from factcheck.webhooks.signing import new_secret
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory, VerdictFactory

pytestmark = pytest.mark.django_db

COMPOUND = "Russia invaded Ukraine, Hamas terrorized Israel and the U.S. left Afghanistan in 2021."
TEXT = f"Talks opened.\n\n{COMPOUND}\n\nThe ministry said 55,000 troops are based in Japan."


@pytest.fixture
def claim() -> Claim:
    article = ArticleFactory(text=TEXT)
    start = TEXT.index(COMPOUND)
    return ClaimFactory(article=article, text=COMPOUND, start=start, end=start + len(COMPOUND), kind=Claim.Kind.EVENT)


def test_patch_needs_if_match_and_refuses_a_stale_one(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    read = client.get(f"/api/v1/claims/{claim.pk}/")
    assert read["ETag"] == '"1"' and read.json()["version"] == 1 and read.json()["origin"] == "extracted"
    assert client.patch(f"/api/v1/claims/{claim.pk}/", {"kind": "opinion"}, format="json").status_code == 428
    first = client.patch(f"/api/v1/claims/{claim.pk}/", {"kind": "opinion"}, format="json", HTTP_IF_MATCH='"1"')
    assert first.status_code == 200 and first["ETag"] == '"2"' and first.json()["kind"] == "opinion"
    stale = client.patch(f"/api/v1/claims/{claim.pk}/", {"kind": "quote"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current_version"] == 2
    assert Claim.objects.get(pk=claim.pk).kind == "opinion"


def test_patch_edits_text_speaker_and_quantities(client_for: Any, factchecker: Any, claim: Claim) -> None:
    speaker = SpeakerFactory(name="Pete Hegseth")
    client = client_for(factchecker)
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "The U.S. left Afghanistan in 2021.", "speaker": speaker.pk},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["speaker"]["id"] == speaker.pk and [q["text"] for q in body["quantities"]] == ["2021"]
    assert (body["start"], body["end"]) == (claim.start, claim.end)  # not words of the article: span kept
    corrected = client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"quantities": [{"text": "2021", "value": 2021, "kind": "date"}], "new_speaker": "Another Person"},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert corrected.status_code == 200
    assert (
        corrected.json()["quantities"][0]["kind"] == "date" and corrected.json()["speaker"]["name"] == "Another Person"
    )
    bad = client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"quantities": [{"text": "1999", "value": 1999}]},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert bad.status_code == 400 and "quantities" in str(bad.json())
    revisions = client.get(f"/api/v1/claims/{claim.pk}/revisions/").json()["results"]
    assert [r["version"] for r in revisions] == [1, 2] and revisions[0]["text"] == COMPOUND
    assert revisions[1]["speaker_name"] == "Pete Hegseth" and revisions[1]["changed_by"]["id"] == factchecker.pk
    assert ReviewEvent.objects.filter(claim=claim, action="claim.edited").count() == 2


def test_split_answers_with_the_closed_claim_and_its_parts(client_for: Any, factchecker: Any, claim: Claim) -> None:
    response = client_for(factchecker).post(
        f"/api/v1/claims/{claim.pk}/split",
        {"parts": ["Russia invaded Ukraine", "Hamas terrorized Israel", "the U.S. left Afghanistan in 2021"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["claim"]["status"] == "split" and len(body["parts"]) == 3
    assert all(part["split_from"] == claim.pk and part["origin"] == "split" for part in body["parts"])
    assert {TEXT[p["start"] : p["end"]] for p in body["parts"]} == {
        "Russia invaded Ukraine",
        "Hamas terrorized Israel",
        "the U.S. left Afghanistan in 2021",
    }
    again = client_for(factchecker).post(f"/api/v1/claims/{claim.pk}/split", {"parts": ["a b", "c d"]}, format="json")
    assert again.status_code == 409


def test_merge_and_its_refusals(client_for: Any, factchecker: Any, editor: Any) -> None:
    survivor, twin = ClaimFactory.create_batch(2)
    with_verdict = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=factchecker)
    VerdictFactory(claim=with_verdict, author=factchecker)
    client = client_for(editor)
    missing = client.post("/api/v1/claims/merge", {"survivor": survivor.pk, "claims": [999_999]}, format="json")
    assert missing.status_code == 404
    refused = client.post("/api/v1/claims/merge", {"survivor": survivor.pk, "claims": [with_verdict.pk]}, format="json")
    assert refused.status_code == 409
    merged = client.post("/api/v1/claims/merge", {"survivor": survivor.pk, "claims": [twin.pk]}, format="json")
    assert merged.status_code == 200 and merged.json()["id"] == survivor.pk
    assert client.get(f"/api/v1/claims/{twin.pk}/").json()["merged_into"] == survivor.pk


def test_add_a_claim_by_span_or_text(client_for: Any, factchecker: Any, claim: Claim, outsider: Any) -> None:
    passage = "The ministry said 55,000 troops are based in Japan."
    start = TEXT.index(passage)
    client = client_for(factchecker)
    added = client.post(
        "/api/v1/claims/", {"article": claim.article_id, "start": start, "end": start + len(passage)}, format="json"
    )
    assert added.status_code == 201, added.json()
    assert added.json()["text"] == passage and added.json()["origin"] == "added"
    assert added.json()["quantities"][0]["value"] == 55_000
    out_of_range = client.post(
        "/api/v1/claims/", {"article": claim.article_id, "start": 5, "end": 99_999}, format="json"
    )
    assert out_of_range.status_code == 400
    assert client.post("/api/v1/claims/", {"article": claim.article_id}, format="json").status_code == 400
    assert (
        client_for(outsider).post("/api/v1/claims/", {"article": claim.article_id, "text": "x y z"}).status_code == 403
    )


def test_claim_changes_go_out_as_webhooks(
    client_for: Any, factchecker: Any, claim: Claim, django_capture_on_commit_callbacks: Any
) -> None:
    WebhookSubscription.objects.create(
        owner=factchecker,
        url="https://hooks.example.org/in",
        secret=new_secret(),
        events=["claim.edited", "claim.split", "claim.created"],
    )
    client = client_for(factchecker)
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(f"/api/v1/claims/{claim.pk}/", {"kind": "opinion"}, format="json", HTTP_IF_MATCH='"2"')
        client.patch(f"/api/v1/claims/{claim.pk}/", {"kind": "opinion"}, format="json", HTTP_IF_MATCH='"1"')
        client.post(
            f"/api/v1/claims/{claim.pk}/split", {"parts": ["Russia invaded Ukraine", "Hamas terrorized Israel"]}
        )
    types = sorted(WebhookDelivery.objects.values_list("event_type", flat=True))
    assert types == ["claim.created", "claim.created", "claim.edited", "claim.split"]
    edited = WebhookDelivery.objects.get(event_type="claim.edited").payload["data"]
    assert (
        edited["claim"]["id"] == claim.pk
        and edited["claim"]["kind"] == "opinion"
        and edited["before"]["kind"] == "event"
    )


def test_split_by_spans_keeps_them_exactly(client_for: Any, factchecker: Any, claim: Claim) -> None:
    client = client_for(factchecker)
    first = (claim.start, claim.start + len("Russia invaded Ukraine"))
    second_at = TEXT.index("Hamas terrorized Israel")
    second = (second_at - 1, second_at + len("Hamas terrorized Israel"))  # a blank edge is trimmed
    outside = client.post(f"/api/v1/claims/{claim.pk}/split", {"spans": [[0, 5], list(first)]}, format="json")
    assert outside.status_code == 400 and "spans" in outside.json()["errors"]
    both = client.post(
        f"/api/v1/claims/{claim.pk}/split",
        {"spans": [list(first), list(second)], "parts": ["a b", "c d"]},
        format="json",
    )
    assert both.status_code == 400
    response = client.post(f"/api/v1/claims/{claim.pk}/split", {"spans": [list(first), list(second)]}, format="json")
    assert response.status_code == 201, response.json()
    spans = [(p["start"], p["end"]) for p in response.json()["parts"]]
    assert spans == [first, (second_at, second[1])]
