"""Claim and verdict transitions: the legal ones work and are audited, the illegal ones are refused."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, Verdict
from claims.services import CitationInput
from factcheck import roles
from factcheck.errors import DomainError, ErrorKind, Forbidden, StaleVersion, TransitionError
from factcheck.models import ReviewEvent
from tests.factories import ClaimFactory, EvidenceCandidateFactory, rating
from tests.workflow import accepted_evidence, draft_ready, ready_fields

pytestmark = pytest.mark.django_db


def events(action: str) -> list[ReviewEvent]:
    return list(ReviewEvent.objects.filter(action=action))


# --- taking claims ------------------------------------------------------------------------------


def test_take_assigns_the_claim_and_records_who_and_when(factchecker):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    assert claim.status == Claim.Status.IN_PROGRESS and claim.assignee == factchecker and claim.assigned_at
    (event,) = events("claim.taken")
    assert event.actor == factchecker and event.before["status"] == "new" and event.after["status"] == "in_progress"


def test_taking_a_claim_someone_else_holds_names_the_holder(factchecker, factchecker2):
    claim = ClaimFactory()
    services.claim_take(claim=claim, user=factchecker)
    with pytest.raises(TransitionError, match="taken by fc"):
        services.claim_take(claim=Claim.objects.get(pk=claim.pk), user=factchecker2)


def test_user_without_role_cannot_take(outsider):
    with pytest.raises(Forbidden):
        services.claim_take(claim=ClaimFactory(), user=outsider)


def test_take_next_gives_the_highest_priority_then_most_checkworthy_claim(factchecker):
    ClaimFactory(checkworthiness=0.9)
    top = ClaimFactory(checkworthiness=0.2, priority=5)
    ClaimFactory(checkworthiness=0.95)
    assert services.claim_take_next(user=factchecker) == top


def test_take_next_skips_claims_already_taken(factchecker, factchecker2):
    first, second = ClaimFactory(checkworthiness=0.9), ClaimFactory(checkworthiness=0.8)
    assert services.claim_take_next(user=factchecker) == first
    assert services.claim_take_next(user=factchecker2) == second


def test_take_next_on_an_empty_queue_says_so(factchecker):
    with pytest.raises(DomainError, match="queue is empty") as err:
        services.claim_take_next(user=factchecker)
    assert err.value.kind == ErrorKind.NOT_FOUND


def test_release_puts_the_claim_back_in_the_queue(factchecker):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    claim = services.claim_release(claim=claim, user=factchecker)
    assert claim.status == Claim.Status.NEW and claim.assignee is None
    assert events("claim.released")


def test_only_the_assignee_or_an_editor_can_release(factchecker, factchecker2, editor):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    with pytest.raises(Forbidden):
        services.claim_release(claim=claim, user=factchecker2)
    assert services.claim_release(claim=claim, user=editor).status == Claim.Status.NEW


def test_take_over_is_recorded_with_the_previous_holder(factchecker, factchecker2):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    claim = services.claim_take_over(claim=claim, user=factchecker2)
    assert claim.assignee == factchecker2
    (event,) = events("claim.taken_over")
    assert event.before["assignee"] == factchecker.pk and event.after["assignee"] == factchecker2.pk


def test_editor_assigns_and_factchecker_cannot(editor, factchecker, factchecker2):
    claim = ClaimFactory()
    with pytest.raises(Forbidden):
        services.claim_assign(claim=claim, user=factchecker, assignee=factchecker2)
    claim = services.claim_assign(claim=claim, user=editor, assignee=factchecker2)
    assert claim.assignee == factchecker2 and claim.status == Claim.Status.IN_PROGRESS


def test_assigning_to_someone_without_a_role_is_a_field_error(editor, outsider):
    with pytest.raises(DomainError) as err:
        services.claim_assign(claim=ClaimFactory(), user=editor, assignee=outsider)
    assert err.value.field == "assignee"


def test_dismiss_needs_an_editor_and_a_reason(editor, factchecker):
    claim = ClaimFactory()
    with pytest.raises(Forbidden):
        services.claim_dismiss(claim=claim, user=factchecker, reason="opinion")
    with pytest.raises(DomainError) as err:
        services.claim_dismiss(claim=claim, user=editor, reason="  ")
    assert err.value.field == "reason"
    claim = services.claim_dismiss(claim=claim, user=editor, reason="An opinion, not checkable.")
    assert claim.status == Claim.Status.DISMISSED and claim.dismiss_reason == "An opinion, not checkable."
    assert services.claim_reopen(claim=claim, user=editor).status == Claim.Status.NEW


def test_a_published_claim_cannot_be_dismissed(editor):
    with pytest.raises(TransitionError, match="published"):
        services.claim_dismiss(claim=ClaimFactory(status=Claim.Status.PUBLISHED), user=editor, reason="x")


def test_priority_is_bounded(editor):
    claim = ClaimFactory()
    with pytest.raises(DomainError):
        services.claim_set_priority(claim=claim, user=editor, priority=1000)
    assert services.claim_set_priority(claim=claim, user=editor, priority=10).priority == 10


# --- verdicts -----------------------------------------------------------------------------------


def test_full_path_from_draft_to_published(factchecker, editor):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    verdict = draft_ready(claim, factchecker)
    assert verdict.version == 1 and verdict.status == Verdict.Status.DRAFT
    verdict = services.verdict_submit(claim=claim, user=factchecker, expected_version=1)
    assert verdict.status == Verdict.Status.SUBMITTED and verdict.version == 2
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.SUBMITTED
    verdict = services.verdict_approve(claim=claim, user=editor, expected_version=2)
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.editor == editor and verdict.published_at
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PUBLISHED
    assert [r.version for r in verdict.revisions.all()] == [1, 2, 3]
    assert {e.action for e in ReviewEvent.objects.all()} >= {
        "claim.taken",
        "verdict.drafted",
        "verdict.submitted",
        "verdict.published",
    }


def test_only_the_assignee_edits_the_draft(factchecker, factchecker2):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    with pytest.raises(Forbidden, match="take it over"):
        services.verdict_save_draft(claim=claim, user=factchecker2, rating=None, summary="x", explanation="y")


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(factchecker):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    services.verdict_save_draft(claim=claim, user=factchecker, rating=None, summary="first", explanation="")
    services.verdict_save_draft(
        claim=claim, user=factchecker, rating=None, summary="second", explanation="", expected_version=1
    )
    with pytest.raises(StaleVersion) as err:
        services.verdict_save_draft(
            claim=claim, user=factchecker, rating=None, summary="stale", explanation="", expected_version=1
        )
    assert err.value.current_version == 2
    assert Verdict.objects.get(claim=claim).summary == "second"


def test_submit_lists_what_is_missing(factchecker):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    services.verdict_save_draft(claim=claim, user=factchecker, rating=None, summary="", explanation="")
    with pytest.raises(DomainError) as err:
        services.verdict_submit(claim=claim, user=factchecker)
    assert err.value.field == "rating"
    assert "Choose a rating" in err.value.message and "Cite at least one source" in err.value.message


def test_save_and_submit_is_one_step_that_keeps_an_incomplete_draft_and_says_why(factchecker):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    result = services.verdict_save_and_submit(
        claim=claim, user=factchecker, rating=None, summary="Half done", explanation=""
    )
    assert not result.submitted and result.refusal is not None and result.refusal.field == "rating"
    assert Verdict.objects.get(claim=claim).status == Verdict.Status.DRAFT
    assert result.verdict.version == 1

    result = services.verdict_save_and_submit(
        claim=claim, user=factchecker, **ready_fields(accepted_evidence(claim)), expected_version=1
    )
    assert result.submitted and result.refusal is None
    assert result.verdict.status == Verdict.Status.SUBMITTED and result.verdict.version == 3
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.SUBMITTED


def test_save_and_submit_writes_nothing_when_the_submission_fails_midway(factchecker, monkeypatch):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    evidence = accepted_evidence(claim)

    def broken_emit(*args, **kwargs):
        raise RuntimeError("the event bus broke")

    monkeypatch.setattr("claims.services.verdicts.emit_on_commit", broken_emit)
    with pytest.raises(RuntimeError):
        services.verdict_save_and_submit(claim=claim, user=factchecker, **ready_fields(evidence))
    # One transaction: neither the draft nor the submission stayed.
    assert not Verdict.objects.filter(claim=claim).exists()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_PROGRESS


def test_only_accepted_evidence_can_be_cited(factchecker):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    pending = EvidenceCandidateFactory(claim=claim)
    with pytest.raises(DomainError, match="Only accepted evidence"):
        services.verdict_save_draft(
            claim=claim,
            user=factchecker,
            rating=None,
            summary="s",
            explanation="e",
            citations=[CitationInput(evidence_id=pending.pk)],
        )


def test_factchecker_cannot_approve(factchecker, factchecker2):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    draft_ready(claim, factchecker)
    services.verdict_submit(claim=claim, user=factchecker)
    with pytest.raises(Forbidden):
        services.verdict_approve(claim=claim, user=factchecker2)


def test_editor_cannot_approve_their_own_verdict(editor, editor2):
    claim = services.claim_take(claim=ClaimFactory(), user=editor)
    draft_ready(claim, editor)
    services.verdict_submit(claim=claim, user=editor)
    with pytest.raises(Forbidden, match="another editor"):
        services.verdict_approve(claim=claim, user=editor)
    assert services.verdict_approve(claim=claim, user=editor2).status == Verdict.Status.PUBLISHED


def test_return_sends_the_verdict_back_to_its_author_with_the_comment(factchecker, editor):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    draft_ready(claim, factchecker)
    services.verdict_submit(claim=claim, user=factchecker)
    with pytest.raises(DomainError) as err:
        services.verdict_return(claim=claim, user=editor, comment="")
    assert err.value.field == "comment"
    verdict = services.verdict_return(claim=claim, user=editor, comment="Cite the 2024 budget too.")
    assert verdict.status == Verdict.Status.RETURNED and verdict.return_comment == "Cite the 2024 budget too."
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_PROGRESS and claim.assignee == factchecker
    # The author edits and resubmits.
    verdict = services.verdict_save_draft(
        claim=claim,
        user=factchecker,
        rating=rating("false"),
        summary="s2",
        explanation="e2",
        expected_version=verdict.version,
    )
    assert services.verdict_submit(claim=claim, user=factchecker).status == Verdict.Status.SUBMITTED


def test_a_published_verdict_cannot_be_edited_or_approved_again(factchecker, editor):
    claim = services.claim_take(claim=ClaimFactory(), user=factchecker)
    draft_ready(claim, factchecker)
    services.verdict_submit(claim=claim, user=factchecker)
    verdict = services.verdict_approve(claim=claim, user=editor)
    with pytest.raises(TransitionError):
        services.verdict_approve(claim=claim, user=editor)
    claim.refresh_from_db()
    with pytest.raises(Forbidden):  # no longer assigned work: the claim is published
        services.verdict_save_draft(
            claim=claim, user=editor, rating=None, summary="x", explanation="", expected_version=verdict.version
        )


def test_take_next_is_one_locking_update_and_the_audit_insert(factchecker, django_assert_num_queries):
    """The CTE that locks, updates and returns the claim, plus the event (and the test's savepoint pair)."""
    ClaimFactory(checkworthiness=0.1)
    top = ClaimFactory(checkworthiness=0.9, text="The top claim of the queue.")
    roles.can_take(factchecker)  # the role resolution is its own (cached) concern
    with django_assert_num_queries(4):
        taken = services.claim_take_next(user=factchecker)
    assert taken.pk == top.pk and taken.text == "The top claim of the queue."
    assert taken.status == Claim.Status.IN_PROGRESS and taken.assignee_id == factchecker.pk and taken.assigned_at
    stored = Claim.objects.get(pk=top.pk)
    assert (stored.status, stored.assignee_id, stored.assigned_at) == (taken.status, factchecker.pk, taken.assigned_at)
    (event,) = events("claim.taken")
    assert event.actor == factchecker and event.before == {"status": "new", "assignee": None}
    assert event.after == {"status": "in_progress", "assignee": factchecker.pk}


def test_take_next_respects_the_queue_filter_and_refuses_outsiders(factchecker, outsider):
    ClaimFactory(checkworthiness=0.9, kind="statistic")
    quote = ClaimFactory(checkworthiness=0.1, kind="quote")
    assert services.claim_take_next(user=factchecker, queryset=Claim.objects.filter(kind="quote")) == quote
    with pytest.raises(DomainError, match="queue is empty"):
        services.claim_take_next(user=factchecker, queryset=Claim.objects.filter(kind="quote"))
    with pytest.raises(Forbidden):
        services.claim_take_next(user=outsider)
