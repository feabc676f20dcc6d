"""After publishing: correcting and retracting a published verdict through the API (If-Match,
roles, the public record, the ClaimReview's dateModified, the feed, and the webhooks)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Verdict, VerdictCorrection, VerdictRevision
from factcheck.events import workbench_event
from factcheck.models import ReviewEvent
from tests.factories import VerdictFactory

pytestmark = pytest.mark.django_db


def published() -> Verdict:
    verdict = VerdictFactory()
    Verdict.objects.filter(pk=verdict.pk).update(
        status=Verdict.Status.PUBLISHED, published_at=timezone.now(), version=3
    )
    Claim.objects.filter(pk=verdict.claim_id).update(status=Claim.Status.PUBLISHED)
    verdict.refresh_from_db()
    return verdict


@pytest.fixture
def sent() -> Any:
    events: list[tuple[str, dict[str, Any]]] = []

    def receive(sender: Any, event_type: str, payload: dict[str, Any], **kwargs: Any) -> None:
        events.append((event_type, payload))

    workbench_event.connect(receive, weak=False)
    yield events
    workbench_event.disconnect(receive)


def test_an_editor_corrects_a_published_verdict_and_the_previous_version_is_kept(
    client_for: Any, editor: Any, sent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    verdict = published()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            f"/api/v1/claims/{verdict.claim_id}/verdict/correct",
            {"rating": "mostly-false", "note": "The budget figure was for 2024, not 2025."},
            format="json",
            HTTP_IF_MATCH='"3"',
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "published" and body["version"] == 4 and response["ETag"] == '"4"'
    assert body["rating"]["slug"] == "mostly-false" and body["corrected_at"]
    assert body["corrections"][0]["note"] == "The budget figure was for 2024, not 2025."
    assert body["corrections"][0]["previous_rating"]["slug"] == "false"
    correction = VerdictCorrection.objects.get(verdict=verdict)
    assert correction.previous_summary == verdict.summary and correction.version == 4
    assert VerdictRevision.objects.filter(verdict=verdict, version=4, rating__slug="mostly-false").exists()
    event = ReviewEvent.objects.get(action="verdict.corrected")
    assert event.actor == editor and event.note.startswith("The budget figure")
    assert [kind for kind, _ in sent] == ["verdict.corrected"]
    assert sent[0][1]["correction"]["previous_rating"] == "False"


def test_a_correction_needs_a_note_a_change_and_the_current_version(client_for: Any, editor: Any) -> None:
    verdict = published()
    client = client_for(editor)
    url = f"/api/v1/claims/{verdict.claim_id}/verdict/correct"
    no_note = client.post(url, {"rating": "true"}, format="json")
    assert no_note.status_code == 400 and "note" in str(no_note.json())
    blank_note = client.post(url, {"rating": "true", "note": "   "}, format="json")
    assert blank_note.status_code == 400
    unchanged = client.post(url, {"note": "Nothing really."}, format="json")
    assert unchanged.status_code == 400 and "Nothing changed" in str(unchanged.json())
    stale = client.post(url, {"rating": "true", "note": "A fix."}, format="json", HTTP_IF_MATCH='"2"')
    assert stale.status_code == 412
    verdict.refresh_from_db()
    assert verdict.version == 3 and verdict.rating.slug == "false" and not verdict.corrections.exists()


def test_only_editors_correct_and_only_published_verdicts(client_for: Any, factchecker: Any, editor: Any) -> None:
    verdict = published()
    response = client_for(factchecker).post(
        f"/api/v1/claims/{verdict.claim_id}/verdict/correct", {"rating": "true", "note": "x"}, format="json"
    )
    assert response.status_code == 403
    draft = VerdictFactory()
    response = client_for(editor).post(
        f"/api/v1/claims/{draft.claim_id}/verdict/correct", {"rating": "true", "note": "x"}, format="json"
    )
    assert response.status_code == 409 and "published" in response.json()["detail"]


def test_the_claimreview_of_a_corrected_verdict_has_date_modified(client_for: Any, editor: Any, anon: Any) -> None:
    verdict = published()
    before = anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview").json()
    assert "dateModified" not in before
    client_for(editor).post(
        f"/api/v1/claims/{verdict.claim_id}/verdict/correct",
        {"summary": "It was $2.4 million.", "note": "A typo in the figure."},
        format="json",
    )
    after = anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview").json()
    assert after["dateModified"] == timezone.now().date().isoformat()
    assert after["headline"] == "It was $2.4 million."


def test_a_retracted_verdict_leaves_the_feed_and_the_api_and_says_so_in_public(
    client_for: Any, editor: Any, anon: Any, sent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    verdict, other = published(), published()
    assert anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            f"/api/v1/claims/{verdict.claim_id}/verdict/retract",
            {"note": "The quote was misattributed."},
            format="json",
            HTTP_IF_MATCH='"3"',
        )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "retracted" and response.json()["retracted_at"]
    assert [kind for kind, _ in sent] == ["verdict.retracted"]
    assert anon.get(f"/api/v1/claims/{verdict.claim_id}/claimreview").status_code == 404
    listed = anon.get("/api/v1/claimreviews/", HTTP_ACCEPT="application/json").json()["results"]
    assert [r["url"].rsplit("/", 2)[-2] for r in listed] == [str(other.claim_id)]
    reports = Client()
    reports.force_login(editor)
    today = timezone.now().date().isoformat()
    feed = reports.get(reverse("reports:claimreview"), {"date_from": "2000-01-01", "date_to": today})
    claims_in_feed = [item["url"] for item in json.loads(b"".join(feed.streaming_content))]
    assert len(claims_in_feed) == 1 and claims_in_feed[0].endswith(f"/verdicts/{other.claim_id}/")
    page = anon.get(reverse("claims:verdict-public", args=[verdict.claim_id]))
    html = page.content.decode()
    assert page.status_code == 200 and "Retracted on" in html and "The quote was misattributed." in html
    assert "application/ld+json" not in html
    again = client_for(editor).post(
        f"/api/v1/claims/{verdict.claim_id}/verdict/retract", {"note": "Twice."}, format="json"
    )
    assert again.status_code == 409
