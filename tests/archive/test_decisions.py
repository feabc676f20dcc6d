"""A reviewer's decisions on matches: confirm, reject, undo; audited, announced, refused when stale."""

from __future__ import annotations

from typing import Any

import pytest

from archive.models import ClaimMatch, FactCheck
from archive.services.decisions import match_confirm, match_reject, match_undo
from factcheck.errors import Forbidden, TransitionError
from factcheck.models import ReviewEvent, WebhookDelivery, WebhookSubscription
from factcheck.webhooks.signing import new_secret
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

State = ClaimMatch.State


def _match(state: str = State.SUGGESTED, external_id: str = "1") -> ClaimMatch:
    factcheck = FactCheck.objects.create(source="t", external_id=external_id, claim_reviewed="The bridge cost twice.")
    return ClaimMatch.objects.create(claim=ClaimFactory(), factcheck=factcheck, score=0.8, state=state, reason="x")


def test_confirm_links_the_pair_audits_it_and_tells_the_webhooks(
    factchecker: Any, admin_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    WebhookSubscription.objects.create(
        owner=admin_user, url="https://hooks.example/x", events=["match.confirmed"], secret=new_secret()
    )
    match = _match()
    with django_capture_on_commit_callbacks(execute=True):
        match_confirm(match=match, user=factchecker)
    match.refresh_from_db()
    assert (match.state, match.decided_by) == (State.CONFIRMED, factchecker)
    assert match.decided_at is not None
    event = ReviewEvent.objects.get(action="match.confirm")
    assert (event.actor, event.claim_id, event.before, event.after["state"]) == (
        factchecker,
        match.claim_id,
        {"state": "suggested"},
        "confirmed",
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.event_type == "match.confirmed"
    assert delivery.payload["data"]["match"]["target"] == {
        "kind": "factcheck",
        "id": match.factcheck_id,
        "external_id": "1",
        "source": "t",
        "url": "",
    }


def test_undo_takes_a_decision_back_to_a_suggestion_and_unlinks_an_automatic_match(factchecker: Any) -> None:
    match = _match()
    match_reject(match=match, user=factchecker)
    assert match_undo(match=match, user=factchecker).state == State.SUGGESTED
    assert match.decided_by is None
    automatic = _match(State.AUTOMATIC, external_id="2")
    assert match_undo(match=automatic, user=factchecker).state == State.REJECTED
    assert [e.action for e in ReviewEvent.objects.order_by("id")] == ["match.reject", "match.undo", "match.undo"]


def test_a_decision_on_a_match_decided_meanwhile_is_refused(factchecker: Any, factchecker2: Any) -> None:
    match = _match()
    stale_copy = ClaimMatch.objects.get(pk=match.pk)
    match_confirm(match=match, user=factchecker)
    with pytest.raises(TransitionError, match="confirmed already"):
        match_reject(match=stale_copy, user=factchecker2)
    with pytest.raises(TransitionError, match="suggested already; it cannot be undone"):
        match_undo(match=_match(external_id="2"), user=factchecker)
    assert ClaimMatch.objects.get(pk=match.pk).state == State.CONFIRMED


def test_people_without_the_role_cannot_decide(outsider: Any) -> None:
    match = _match()
    with pytest.raises(Forbidden):
        match_confirm(match=match, user=outsider)
    assert ClaimMatch.objects.get(pk=match.pk).state == State.SUGGESTED
