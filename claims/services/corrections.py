"""After publishing: correct a published verdict or retract it, in public and on the record.

A correction changes the rating, summary or explanation of a published verdict, with a note the
public page shows ("Corrected on …: …") next to what it replaced; the ClaimReview gains
``dateModified``. A retraction withdraws the verdict: the public page says so and its ClaimReview
leaves the feed and the API. Both are versioned like every other verdict change (If-Match, 412),
leave a :class:`VerdictRevision`, a :class:`VerdictCorrection`, a ReviewEvent and a webhook.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from claims.models import Claim, Rating, Verdict, VerdictCorrection
from claims.services.locking import locked_claim
from claims.services.verdicts import transition, verdict_event_payload
from factcheck import clock, roles
from factcheck.errors import DomainError, Forbidden, TransitionError
from factcheck.events import emit_on_commit


def _published_verdict(claim: Claim, user: Any, wanted: str) -> Verdict:
    if not roles.can_correct_verdict(user):
        raise Forbidden(f"Only editors can {wanted} published verdicts.")
    verdict = Verdict.objects.select_related("rating").filter(claim=claim).first()
    if verdict is None or verdict.status != Verdict.Status.PUBLISHED:
        state = verdict.get_status_display().lower() if verdict else "not written yet"
        raise TransitionError(f"Only a published verdict can be {wanted}ed; this one is {state}.")
    return verdict


def _required_note(note: str, what: str) -> str:
    note = (note or "").strip()
    if not note:
        raise DomainError(f"Write the public {what} note: readers see it on the verdict's page.", field="note")
    return note


def _correction_payload(verdict_id: int, correction_id: int) -> dict[str, Any]:
    correction = VerdictCorrection.objects.select_related("previous_rating").get(pk=correction_id)
    return {
        **verdict_event_payload(verdict_id),
        "correction": {
            "kind": correction.kind,
            "note": correction.note,
            "previous_rating": correction.previous_rating.name if correction.previous_rating else None,
            "previous_summary": correction.previous_summary,
            "at": correction.created_at.isoformat(),
        },
    }


def _record(*, verdict: Verdict, user: Any, kind: str, note: str, previous: tuple[Any, str, str]) -> None:
    """The public record of the change and its webhook (``verdict.<kind>ed``); the audit event is the
    transition's."""
    correction = VerdictCorrection.objects.create(
        verdict=verdict,
        kind=kind,
        note=note,
        version=verdict.version,
        previous_rating=previous[0],
        previous_summary=previous[1],
        previous_explanation=previous[2],
        created_by=user,
    )
    action = "verdict.corrected" if kind == VerdictCorrection.Kind.CORRECTION else "verdict.retracted"
    emit_on_commit(action, lambda: _correction_payload(verdict.pk, correction.pk))


@transaction.atomic
def verdict_correct(
    *,
    claim: Claim,
    user: Any,
    rating: Rating | None,
    summary: str,
    explanation: str,
    note: str,
    expected_version: int | None = None,
) -> Verdict:
    """An editor corrects a published verdict; it stays published, the previous version is kept in public."""
    claim = locked_claim(claim.pk)
    verdict = _published_verdict(claim, user, "correct")
    note = _required_note(note, "correction")
    summary, explanation = (summary or "").strip(), (explanation or "").strip()
    if rating is None:
        raise DomainError("A published verdict needs a rating.", field="rating")
    if not rating.is_active:
        raise DomainError(f"The rating “{rating.name}” is no longer in use.", field="rating")
    if not summary:
        raise DomainError("Write a one-line summary.", field="summary")
    if len(summary) > 300:
        raise DomainError("The summary must be at most 300 characters.", field="summary")
    if not explanation:
        raise DomainError("Write the explanation.", field="explanation")
    if (rating.pk, summary, explanation) == (verdict.rating_id, verdict.summary, verdict.explanation):
        raise DomainError("Nothing changed: change the rating, the summary or the explanation.", field="rating")
    previous = (verdict.rating, verdict.summary, verdict.explanation)
    now = clock.now()
    transition(
        verdict=verdict,
        user=user,
        from_statuses=(Verdict.Status.PUBLISHED,),
        expected_version=expected_version,
        action="verdict.corrected",
        note=note,
        rating=rating,
        summary=summary,
        explanation=explanation,
        corrected_at=now,
    )
    _record(verdict=verdict, user=user, kind=VerdictCorrection.Kind.CORRECTION, note=note, previous=previous)
    return verdict


@transaction.atomic
def verdict_retract(*, claim: Claim, user: Any, note: str, expected_version: int | None = None) -> Verdict:
    """An editor withdraws a published verdict; its page says so and its ClaimReview is no longer served."""
    claim = locked_claim(claim.pk)
    verdict = _published_verdict(claim, user, "retract")
    note = _required_note(note, "retraction")
    previous = (verdict.rating, verdict.summary, verdict.explanation)
    transition(
        verdict=verdict,
        user=user,
        from_statuses=(Verdict.Status.PUBLISHED,),
        expected_version=expected_version,
        action="verdict.retracted",
        note=note,
        status=Verdict.Status.RETRACTED,
        retracted_at=clock.now(),
    )
    _record(verdict=verdict, user=user, kind=VerdictCorrection.Kind.RETRACTION, note=note, previous=previous)
    return verdict
