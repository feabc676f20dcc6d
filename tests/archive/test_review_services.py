"""The reviewer's decisions on matches: reusing a verdict, and bulk decisions with partial refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from archive.models import ClaimMatch
from archive.services.bulk import BulkAction, Outcome, matches_decide, outcome_summary
from archive.services.decisions import match_confirm, match_undo
from claims.claimreview import claimreview_for
from claims.models import Claim, Verdict
from claims.selectors.queue import QueueFilters, claim_list
from factcheck.errors import ErrorKind, TransitionError
from factcheck.events import workbench_event
from factcheck.models import ReviewEvent
from tests.archive.factories import ClaimMatchFactory, FactCheckFactory
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db
State = ClaimMatch.State


def test_confirm_with_reuse_publishes_the_rating_and_cites_the_fact_check(editor: Any) -> None:
    match = ClaimMatchFactory(factcheck=FactCheckFactory(rating="false", url="https://checks.example/buses"))
    match_confirm(match=match, user=editor, reuse_verdict=True)
    claim = Claim.objects.get(pk=match.claim_id)
    verdict = Verdict.objects.get(claim=claim)
    assert (claim.status, verdict.status, verdict.rating.slug) == ("published", "published", "false")
    assert "Example Checks" in verdict.summary
    assert [c.url for c in verdict.citations.all()] == ["https://checks.example/buses"]
    # The link is in the claim's ClaimReview.
    assert claimreview_for(verdict)["citation"] == ["https://checks.example/buses"]
    actions = set(ReviewEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert {"match.confirm", "verdict.published"} <= actions


def test_confirm_with_reuse_of_an_earlier_verdict_links_its_public_page(editor: Any) -> None:
    earlier = VerdictFactory(status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    Claim.objects.filter(pk=earlier.claim_id).update(status=Claim.Status.PUBLISHED)
    match = ClaimMatchFactory(factcheck=None, matched_claim=earlier.claim)
    match_confirm(match=match, user=editor, reuse_verdict=True)
    verdict = Verdict.objects.get(claim_id=match.claim_id)
    assert verdict.rating_id == earlier.rating_id
    assert verdict.citations.get().url.endswith(f"/verdicts/{earlier.claim_id}/")


@pytest.mark.parametrize(
    ("rating", "url", "reason"),
    [
        ("Pants on fire", "https://x.example/1", "not on this workbench's scale"),
        ("", "https://x.example/1", "no rating to reuse"),
        ("False", "", "no address to cite"),
    ],
)
def test_a_verdict_that_cannot_be_reused_leaves_the_match_unconfirmed(
    editor: Any, rating: str, url: str, reason: str
) -> None:
    match = ClaimMatchFactory(factcheck=FactCheckFactory(rating=rating, url=url))
    with pytest.raises(TransitionError, match=reason):
        match_confirm(match=match, user=editor, reuse_verdict=True)
    assert ClaimMatch.objects.get(pk=match.pk).state == State.SUGGESTED
    assert not Verdict.objects.filter(claim_id=match.claim_id).exists()


def test_only_editors_reuse_a_verdict_and_a_draft_is_never_overwritten(factchecker: Any, editor: Any) -> None:
    match = ClaimMatchFactory()
    with pytest.raises(Exception) as refused:
        match_confirm(match=match, user=factchecker, reuse_verdict=True)
    assert getattr(refused.value, "kind", None) == ErrorKind.FORBIDDEN
    assert ClaimMatch.objects.get(pk=match.pk).state == State.SUGGESTED
    drafted = ClaimMatchFactory(claim=VerdictFactory().claim)
    with pytest.raises(TransitionError, match="has a verdict already"):
        match_confirm(match=drafted, user=editor, reuse_verdict=True)
    # Confirming alone is a fact-checker's decision.
    assert match_confirm(match=match, user=factchecker).state == State.CONFIRMED


def test_bulk_decides_each_match_and_says_why_the_others_were_refused(factchecker: Any) -> None:
    fresh = ClaimMatchFactory.create_batch(2)
    decided = ClaimMatchFactory(state=State.REJECTED)
    ids = [fresh[0].pk, decided.pk, 999_999, fresh[1].pk, fresh[0].pk]
    outcomes = matches_decide(action=BulkAction.CONFIRM, match_ids=ids, user=factchecker)
    assert [(o.match, o.ok) for o in outcomes] == [
        (fresh[0].pk, True),
        (decided.pk, False),
        (999_999, False),
        (fresh[1].pk, True),
    ]
    assert "rejected already" in outcomes[1].detail
    assert outcomes[2].detail == "No such match."
    assert set(ClaimMatch.objects.filter(pk__in=[m.pk for m in fresh]).values_list("state", flat=True)) == {
        State.CONFIRMED
    }
    assert ClaimMatch.objects.get(pk=decided.pk).state == State.REJECTED


def test_bulk_summary_counts_and_groups_the_reasons() -> None:
    outcomes = [
        Outcome(1, True, "Confirmed."),
        Outcome(2, False, "No such match."),
        Outcome(3, False, "No such match."),
    ]
    assert outcome_summary(outcomes) == "1 done, 2 refused (2× No such match.)."


def test_undoing_an_automatic_match_unlinks_it_and_it_is_never_suggested_again(editor: Any) -> None:
    match = ClaimMatchFactory(state=State.AUTOMATIC)
    assert match_undo(match=match, user=editor).state == State.REJECTED
    assert ReviewEvent.objects.filter(action="match.undo", claim=match.claim).exists()


def test_the_queue_filter_already_checked_means_a_live_match() -> None:
    suggested = ClaimMatchFactory().claim
    rejected = ClaimMatchFactory(state=State.REJECTED).claim
    plain = ClaimFactory()
    for for_values in (False, True):  # annotated for the UI's badge, or not (the API's values() rows)
        yes = set(
            claim_list(filters=QueueFilters(has_duplicate=True), for_values=for_values).values_list("pk", flat=True)
        )
        no = set(
            claim_list(filters=QueueFilters(has_duplicate=False), for_values=for_values).values_list("pk", flat=True)
        )
        assert suggested.pk in yes and rejected.pk not in yes and plain.pk not in yes
        assert {rejected.pk, plain.pk} <= no and suggested.pk not in no


def test_every_decision_is_announced_to_webhooks_after_commit(
    editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []

    def listen(*, event_type: str, payload: dict[str, Any], **_: Any) -> None:
        sent.append((event_type, payload))

    workbench_event.connect(listen, dispatch_uid="tests.listen")
    try:
        one = ClaimMatchFactory(factcheck=FactCheckFactory(rating="False"))
        two = ClaimMatchFactory()
        with django_capture_on_commit_callbacks(execute=True):
            matches_decide(action=BulkAction.CONFIRM, match_ids=[one.pk], user=editor, reuse_verdict=True)
            matches_decide(action=BulkAction.REJECT, match_ids=[two.pk], user=editor)
            matches_decide(action=BulkAction.UNDO, match_ids=[two.pk], user=editor)
    finally:
        workbench_event.disconnect(dispatch_uid="tests.listen")
    assert [event for event, _ in sent] == ["match.confirmed", "verdict.published", "match.rejected", "match.undone"]
    assert sent[0][1]["match"]["state"] == "confirmed" and sent[0][1]["match"]["decided_by"] == editor.username
    assert sent[1][1]["claim"]["id"] == one.claim_id
