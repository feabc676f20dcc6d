"""A re-ingest replaces only claims nobody has touched; every kind of work keeps its claim."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from claims import services
from claims.models import Claim
from claims.services.claims_store import claims_store
from evidence.services import evidence_add_source, evidence_decide
from factcheck.audit import record_event
from factcheck.models import ReviewEvent
from tests.factories import ArticleFactory, ClaimFactory, EvidenceCandidateFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _accept_one_of_two(claim: Claim, user: Any) -> None:
    accepted, _pending = EvidenceCandidateFactory(claim=claim), EvidenceCandidateFactory(claim=claim)
    evidence_decide(candidate=accepted, user=user, decision="accepted")


def _reject_the_only_candidate(claim: Claim, user: Any) -> None:
    evidence_decide(candidate=EvidenceCandidateFactory(claim=claim), user=user, decision="rejected")


def _decide_then_reset_to_pending(claim: Claim, user: Any) -> None:
    candidate = EvidenceCandidateFactory(claim=claim)
    evidence_decide(candidate=candidate, user=user, decision="accepted")
    evidence_decide(candidate=candidate, user=user, decision="pending")


def _add_a_source(claim: Claim, user: Any) -> None:
    evidence_add_source(claim=claim, user=user, url="https://budget.example/2025")


def _take_and_release(claim: Claim, user: Any) -> None:
    services.claim_release(claim=services.claim_take(claim=claim, user=user), user=user)


def _take(claim: Claim, user: Any) -> None:
    services.claim_take(claim=claim, user=user)


def _draft_a_verdict(claim: Claim, user: Any) -> None:
    VerdictFactory(claim=claim, author=user)


def _raise_priority(claim: Claim, user: Any) -> None:
    services.claim_set_priority(claim=claim, user=user, priority=10)


def _dismiss_and_reopen(claim: Claim, user: Any) -> None:
    services.claim_reopen(claim=services.claim_dismiss(claim=claim, user=user, reason="Opinion"), user=user)


def _edit_in_the_admin(claim: Claim, user: Any) -> None:
    claim.text = "Corrected: the council spent $4.2 million on buses."
    claim.save()


def _fetch_evidence_again(claim: Claim, user: Any) -> None:
    record_event(actor=user, action="evidence.gather", obj=claim, after={"providers": []})


TOUCHES: dict[str, Callable[[Claim, Any], None]] = {
    "one accepted and one pending candidate": _accept_one_of_two,
    "its only candidate rejected": _reject_the_only_candidate,
    "evidence decided then reset to pending": _decide_then_reset_to_pending,
    "a source added by hand": _add_a_source,
    "taken and released again": _take_and_release,
    "taken": _take,
    "a verdict drafted": _draft_a_verdict,
    "priority raised": _raise_priority,
    "dismissed and reopened": _dismiss_and_reopen,
    "edited in the admin": _edit_in_the_admin,
    "evidence fetched again by a reviewer": _fetch_evidence_again,
}


def _extracted_an_hour_ago() -> Claim:
    claim = ClaimFactory(article=ArticleFactory())
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Claim.objects.filter(pk=claim.pk).update(created_at=an_hour_ago, updated_at=an_hour_ago)
    claim.refresh_from_db()
    return claim


@pytest.mark.parametrize("touch", TOUCHES.values(), ids=TOUCHES.keys())
def test_a_reingest_never_deletes_a_claim_someone_touched(touch: Callable[[Claim, Any], None]) -> None:
    editor = UserFactory(username="desk-editor", role="editor")
    claim = _extracted_an_hour_ago()
    touch(claim, editor)
    events = ReviewEvent.objects.filter(claim=claim).count()

    claims_store(article=claim.article, extracted=[])

    assert Claim.objects.filter(pk=claim.pk).exists()
    assert ReviewEvent.objects.filter(claim=claim).count() == events


def test_a_reingest_replaces_claims_nobody_touched() -> None:
    claim = _extracted_an_hour_ago()
    EvidenceCandidateFactory(claim=claim)  # found by a provider, never looked at
    record_event(actor=None, action="evidence.gather", obj=claim)  # the system's own work

    claims_store(article=claim.article, extracted=[])

    assert not Claim.objects.filter(pk=claim.pk).exists()
