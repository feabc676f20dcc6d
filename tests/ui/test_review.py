"""Editor review: the list, diffs against the previous submission, approve, return, and claim management."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from claims.services import verdict_return, verdict_save_draft, verdict_submit
from factcheck.models import ReviewEvent
from tests.factories import ClaimFactory, rating
from tests.ui.conftest import client_for
from tests.workflow import submitted_verdict

pytestmark = pytest.mark.django_db


def _submitted(author: Any, summary: str = "It was $2.5 million.") -> Verdict:
    return submitted_verdict(author, summary=summary)


def test_the_review_list_shows_submitted_verdicts_oldest_first(
    ed_client: Any, factchecker: Any, django_assert_max_num_queries: Any
) -> None:
    first = _submitted(factchecker, "First one")
    second = _submitted(factchecker, "Second one")
    with django_assert_max_num_queries(10) as few:
        html = ed_client.get(reverse("claims:review")).content.decode()
    assert html.index(first.claim.text) <= html.index(second.claim.text)
    assert reverse("claims:review-detail", args=[first.claim_id]) in html
    for _ in range(10):
        _submitted(factchecker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        ed_client.get(reverse("claims:review"))


def test_approving_publishes_and_lands_on_the_public_page(ed_client: Any, editor: Any, factchecker: Any) -> None:
    verdict = _submitted(factchecker)
    response = ed_client.post(reverse("claims:approve", args=[verdict.claim_id]), {"version": verdict.version})
    assert response.status_code == 303
    assert response["Location"] == reverse("claims:verdict-public", args=[verdict.claim_id])
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.editor == editor
    assert ReviewEvent.objects.filter(action="verdict.published", actor=editor).exists()


def test_approving_an_outdated_page_is_refused(ed_client: Any, factchecker: Any) -> None:
    verdict = _submitted(factchecker)
    response = ed_client.post(
        reverse("claims:approve", args=[verdict.claim_id]), {"version": verdict.version - 1}, follow=True
    )
    assert "changed since you loaded it" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_an_editor_cannot_approve_their_own_verdict(editor: Any) -> None:
    verdict = _submitted(editor)
    response = client_for(editor).post(reverse("claims:approve", args=[verdict.claim_id]))
    assert response.status_code == 403
    assert "another editor must review it" in response.content.decode()


def test_returning_needs_a_comment_and_keeps_what_was_typed(ed_client: Any, factchecker: Any) -> None:
    verdict = _submitted(factchecker)
    url = reverse("claims:return", args=[verdict.claim_id])
    empty = ed_client.post(url, {"comment": "   ", "version": verdict.version})
    assert empty.status_code == 400
    response = ed_client.post(url, {"comment": "Cite the 2024 budget.", "version": verdict.version})
    assert response.status_code == 303
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.RETURNED
    assert verdict.return_comment == "Cite the 2024 budget."
    # The author sees the comment on the desk.
    desk = client_for(factchecker).get(reverse("claims:desk", args=[verdict.claim_id])).content.decode()
    assert "Cite the 2024 budget." in desk


def test_a_resubmission_shows_what_changed_since_it_was_returned(ed_client: Any, editor: Any, factchecker: Any) -> None:
    verdict = _submitted(factchecker, "It was 2.5 million.")
    claim = verdict.claim
    verdict = verdict_return(claim=claim, user=editor, comment="Say dollars.", expected_version=verdict.version)
    claim.refresh_from_db()
    verdict = verdict_save_draft(
        claim=claim,
        user=factchecker,
        rating=rating("mostly-false"),
        summary="It was 2.5 million dollars.",
        explanation=verdict.explanation,
        expected_version=verdict.version,
    )
    verdict_submit(claim=claim, user=factchecker, expected_version=verdict.version)
    html = ed_client.get(reverse("claims:review-detail", args=[claim.pk])).content.decode()
    assert "<del>million.</del><ins>million dollars.</ins>" in html
    assert "<del>False</del><ins>Mostly false</ins>" in html
    assert "(unchanged)" in html  # the explanation


def test_a_first_submission_has_nothing_to_compare_with(ed_client: Any, factchecker: Any) -> None:
    verdict = _submitted(factchecker)
    html = ed_client.get(reverse("claims:review-detail", args=[verdict.claim_id])).content.decode()
    assert "First submission" in html
    picked = ed_client.get(reverse("claims:review-detail", args=[verdict.claim_id]), {"against": 1}).content.decode()
    assert "Against v1" in picked


def test_editors_reassign_dismiss_reopen_and_prioritise(ed_client: Any, factchecker2: Any) -> None:
    claim = ClaimFactory()
    assert ed_client.post(reverse("claims:assign", args=[claim.pk]), {"assignee": factchecker2.pk}).status_code == 303
    claim.refresh_from_db()
    assert claim.assignee == factchecker2 and claim.status == Claim.Status.IN_PROGRESS

    assert ed_client.post(reverse("claims:priority", args=[claim.pk]), {"priority": 40}).status_code == 303
    claim.refresh_from_db()
    assert claim.priority == 40
    refused = ed_client.post(reverse("claims:priority", args=[claim.pk]), {"priority": 400}, follow=True)
    assert "less than or equal to 100" in refused.content.decode()

    no_reason = ed_client.post(reverse("claims:dismiss", args=[claim.pk]), {"reason": ""}, follow=True)
    assert "Say why the claim is dismissed." in no_reason.content.decode()
    ed_client.post(reverse("claims:dismiss", args=[claim.pk]), {"reason": "Opinion, not a fact."})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED and claim.dismiss_reason == "Opinion, not a fact."
    assert "Dismissed: Opinion, not a fact." in ed_client.get(reverse("claims:desk", args=[claim.pk])).content.decode()

    ed_client.post(reverse("claims:reopen", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW
    actions = set(ReviewEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert {"claim.assigned", "claim.priority_changed", "claim.dismissed", "claim.reopened"} <= actions
