"""The queue's bulk bar: editors tick claims (or all matching the filters) and act once; the outcome
reads "N done, M refused (why)"; fact-checkers have no bar and cannot post to it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from claims.models import Claim
from factcheck.models import ReviewEvent
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_editors_see_the_bulk_bar_and_fact_checkers_do_not(ed_client: Any, fc_client: Any) -> None:
    claim = ClaimFactory()
    editor_page = ed_client.get(reverse("claims:queue")).content.decode()
    assert 'id="bulk"' in editor_page and f'aria-label="Select claim #{claim.pk}"' in editor_page
    assert "js/queue.js" in editor_page
    checker_page = fc_client.get(reverse("claims:queue")).content.decode()
    assert 'id="bulk"' not in checker_page and 'name="claims"' not in checker_page


def test_bulk_dismiss_from_the_queue_says_what_was_done_and_what_was_refused(ed_client: Any, editor: Any) -> None:
    first, second = ClaimFactory(), ClaimFactory()
    published = ClaimFactory(status=Claim.Status.PUBLISHED)
    response = ed_client.post(
        reverse("claims:queue-bulk"),
        {
            "action": "dismiss",
            "claims": [first.pk, second.pk, published.pk],
            "reason": "Not check-worthy",
            "filters": "status=any",
        },
        follow=True,
    )
    assert response.redirect_chain[0] == (reverse("claims:queue") + "?status=any", 303)
    (message,) = _messages(response)
    assert message.startswith(f"2 done, 1 refused (#{published.pk}: Cannot dismiss this claim: the claim is published")
    assert Claim.objects.filter(status=Claim.Status.DISMISSED, dismiss_reason="Not check-worthy").count() == 2
    assert ReviewEvent.objects.filter(action="claim.dismissed", actor=editor).count() == 2


def test_all_matching_the_filters_takes_every_page_of_the_filtered_queue(ed_client: Any) -> None:
    speaker_claims = [ClaimFactory() for _ in range(3)]
    speaker = speaker_claims[0].speaker
    Claim.objects.filter(pk__in=[c.pk for c in speaker_claims]).update(speaker=speaker)
    other = ClaimFactory()
    response = ed_client.post(
        reverse("claims:queue-bulk"),
        {"action": "priority", "priority": "30", "all_matching": "on", "filters": f"speaker={speaker.pk}"},
        follow=True,
    )
    assert _messages(response) == ["3 done, 0 refused."]
    assert set(Claim.objects.filter(priority=30).values_list("pk", flat=True)) == {c.pk for c in speaker_claims}
    assert Claim.objects.get(pk=other.pk).priority == 0


def test_a_bulk_action_without_its_field_or_claims_is_refused_whole(ed_client: Any) -> None:
    claim = ClaimFactory()
    no_reason = ed_client.post(reverse("claims:queue-bulk"), {"action": "dismiss", "claims": [claim.pk]}, follow=True)
    assert _messages(no_reason) == ["Say why the claims are dismissed."]
    nothing = ed_client.post(reverse("claims:queue-bulk"), {"action": "reopen"}, follow=True)
    assert _messages(nothing) == ["Select at least one claim."]
    bad_id = ed_client.post(reverse("claims:queue-bulk"), {"action": "reopen", "claims": ["x"]}, follow=True)
    assert "is not a claim number" in _messages(bad_id)[0]
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW


def test_fact_checkers_cannot_post_to_the_bulk_bar(fc_client: Any) -> None:
    claim = ClaimFactory()
    response = fc_client.post(reverse("claims:queue-bulk"), {"action": "dismiss", "claims": [claim.pk], "reason": "x"})
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW
