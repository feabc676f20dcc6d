"""The editor's review screen: accepted evidence with the reviewer's notes, no "Approve" on one's own
verdict, and correcting or retracting a published verdict, as the public page then shows it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from claims.services import verdict_approve
from tests.factories import ClaimFactory, EvidenceCandidateFactory, rating
from tests.ui.conftest import client_for
from tests.workflow import accepted_evidence, submitted_verdict

pytestmark = pytest.mark.django_db


def _submitted(author: Any) -> Verdict:
    claim = ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=author)
    evidence = accepted_evidence(
        claim, note="Table 4 of the budget book, line 12.", decided_by=author, title="City budget 2025"
    )
    EvidenceCandidateFactory(claim=claim, decision="rejected", title="An unrelated blog post")
    return submitted_verdict(author, claim=claim, evidence=evidence)


def test_the_review_screen_shows_the_accepted_evidence_with_the_reviewers_notes(
    ed_client: Any, factchecker: Any
) -> None:
    verdict = _submitted(factchecker)
    html = ed_client.get(reverse("claims:review-detail", args=[verdict.claim_id])).content.decode()
    assert "City budget 2025" in html and "Table 4 of the budget book, line 12." in html
    assert "An unrelated blog post" not in html


def test_an_editor_does_not_see_approve_on_a_verdict_they_wrote(editor: Any) -> None:
    verdict = _submitted(editor)
    html = client_for(editor).get(reverse("claims:review-detail", args=[verdict.claim_id])).content.decode()
    assert "Approve and publish" not in html and "another editor must approve" in html


def _published(factchecker: Any, editor: Any) -> Verdict:
    verdict = _submitted(factchecker)
    return verdict_approve(claim=verdict.claim, user=editor, expected_version=verdict.version)


def _correct(
    client: Any, verdict: Verdict, rating_slug: str, summary: str, note: str, explanation: str = "", version: int = 0
) -> Any:
    """Post the correction form: the explanation stays the verdict's own unless given, the version is
    the one loaded unless given."""
    form = {
        "rating": rating(rating_slug).pk,
        "summary": summary,
        "explanation": explanation or verdict.explanation,
        "note": note,
        "version": version or verdict.version,
    }
    return client.post(reverse("claims:correct", args=[verdict.claim_id]), form)


def test_correcting_from_the_review_screen_shows_the_correction_on_the_public_page(
    ed_client: Any, editor: Any, factchecker: Any, client: Any
) -> None:
    verdict = _published(factchecker, editor)
    screen = ed_client.get(reverse("claims:review-detail", args=[verdict.claim_id])).content.decode()
    assert "Publish the correction" in screen and "Retract the verdict" in screen
    response = _correct(
        ed_client,
        verdict,
        "mostly-false",
        "It was $2.4 million.",
        "We misread the budget table.",
        explanation="The budget shows $2.4 million.",
    )
    assert response.status_code == 303
    assert response["Location"] == reverse("claims:verdict-public", args=[verdict.claim_id])
    page = client.get(response["Location"]).content.decode()
    assert "Corrected on" in page and "We misread the budget table." in page
    assert "It was $2.4 million." in page and "Before: rated <strong>False</strong>" in page
    assert '"dateModified"' in page


def test_a_correction_without_a_note_keeps_the_form_and_says_why(ed_client: Any, editor: Any, factchecker: Any) -> None:
    verdict = _published(factchecker, editor)
    response = _correct(ed_client, verdict, "true", "S", note="", explanation="E")
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.rating.slug == "false"


def test_a_stale_correction_is_refused_on_the_form(ed_client: Any, editor: Any, factchecker: Any) -> None:
    verdict = _published(factchecker, editor)
    response = _correct(ed_client, verdict, "true", "S", note="N", explanation="E", version=1)
    assert response.status_code == 412 and "changed since you loaded it" in response.content.decode()


def test_retracting_from_the_review_screen(ed_client: Any, editor: Any, factchecker: Any, client: Any) -> None:
    verdict = _published(factchecker, editor)
    response = ed_client.post(
        reverse("claims:retract", args=[verdict.claim_id]),
        {"note": "The speaker never said it.", "version": verdict.version},
    )
    assert response.status_code == 303
    page = client.get(reverse("claims:verdict-public", args=[verdict.claim_id])).content.decode()
    assert "Retracted on" in page and "The speaker never said it." in page
    screen = ed_client.get(reverse("claims:review-detail", args=[verdict.claim_id])).content.decode()
    assert "Publish the correction" not in screen and "Retraction" in screen


def test_fact_checkers_cannot_correct(fc_client: Any, editor: Any, factchecker: Any) -> None:
    verdict = _published(factchecker, editor)
    response = fc_client.post(
        reverse("claims:retract", args=[verdict.claim_id]), {"note": "x", "version": verdict.version}
    )
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED


def test_the_review_screen_of_a_corrected_verdict_shows_what_the_correction_changed(
    ed_client: Any, editor: Any, factchecker: Any
) -> None:
    verdict = _published(factchecker, editor)
    _correct(ed_client, verdict, "false", "It was $2.4 million.", note="A typo.")  # the explanation as it was
    response = ed_client.get(reverse("claims:review-detail", args=[verdict.claim_id]))
    assert response.context["baseline"].version == verdict.version
    changed = {(c.old, c.new) for c in response.context["changes"] if c.changed}
    assert changed == {("It was $2.5 million.", "It was $2.4 million.")}
