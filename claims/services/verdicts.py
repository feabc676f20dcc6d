"""Verdicts: draft, save, submit, approve (publish), return — versioned and audited.

Each save bumps ``Verdict.version`` with a conditional UPDATE on the version the editor
started from, so of two concurrent edits exactly one wins and the other gets
:class:`StaleVersion` (HTTP 412 / a form error showing what changed); nothing is silently
overwritten. Every version is kept as a :class:`VerdictRevision` for history and diffs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict, Unpack

from django.db import transaction
from django.db.models import F

from claims.models import EDITABLE_VERDICTS, Citation, Claim, Rating, Verdict, VerdictRevision
from claims.services.locking import locked_claim
from evidence.models import EvidenceCandidate
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, Forbidden, StaleVersion, TransitionError
from factcheck.events import emit_on_commit
from factcheck.public_urls import public_url


@dataclass(frozen=True)
class CitationInput:
    """A citation as a form or API sends it: accepted evidence by id, or a URL."""

    evidence_id: int | None = None
    url: str = ""
    title: str = ""
    note: str = ""


def _require_assignee(claim: Claim, user: Any) -> None:
    if not roles.can_take(user):
        raise Forbidden("Only fact-checkers and editors can write verdicts.")
    if not roles.can_edit_verdict(user, claim):
        raise Forbidden("Only the reviewer the claim is assigned to can edit its verdict; take it over first.")


def verdict_audit_fields(verdict: Verdict) -> dict[str, Any]:
    return {
        "status": verdict.status,
        "version": verdict.version,
        "rating": verdict.rating.slug if verdict.rating else None,
        "summary": verdict.summary,
    }


def _citations_json(verdict: Verdict) -> list[dict[str, Any]]:
    return [
        {"evidence": c.evidence_id, "url": c.url, "title": c.title, "note": c.note}
        for c in verdict.citations.all().order_by("order", "id")
    ]


def verdict_revision_write(verdict: Verdict, user: Any) -> None:
    VerdictRevision.objects.create(
        verdict=verdict,
        version=verdict.version,
        status=verdict.status,
        rating=verdict.rating,
        summary=verdict.summary,
        explanation=verdict.explanation,
        citations=_citations_json(verdict),
        changed_by=user,
    )


def _replace_citations(verdict: Verdict, citations: list[CitationInput]) -> None:
    verdict.citations.all().delete()
    rows = []
    for order, item in enumerate(citations):
        if item.evidence_id is not None:
            candidate = EvidenceCandidate.objects.filter(pk=item.evidence_id, claim_id=verdict.claim_id).first()
            if candidate is None:
                raise DomainError(f"Evidence #{item.evidence_id} does not belong to this claim.", field="citations")
            if candidate.decision != EvidenceCandidate.Decision.ACCEPTED:
                raise DomainError(
                    f"Only accepted evidence can be cited; “{candidate.title or candidate.url}” is not accepted.",
                    field="citations",
                )
            rows.append(
                Citation(
                    verdict=verdict,
                    evidence=candidate,
                    url=candidate.url,
                    title=item.title or candidate.title,
                    note=item.note,
                    order=order,
                )
            )
        elif item.url:
            url = public_url(item.url, field="citations")  # shown and linked on the public verdict
            rows.append(Citation(verdict=verdict, url=url, title=item.title, note=item.note, order=order))
        else:
            raise DomainError("A citation needs accepted evidence or a URL.", field="citations")
    Citation.objects.bulk_create(rows)


@transaction.atomic
def verdict_save_draft(
    *,
    claim: Claim,
    user: Any,
    rating: Rating | None,
    summary: str,
    explanation: str,
    citations: list[CitationInput] | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Create or update the claim's verdict draft.

    ``expected_version`` is the version the editor loaded; when the verdict exists and it
    differs (or another save won the race), :class:`StaleVersion` is raised and nothing is
    written. ``None`` is only accepted when creating the first draft.
    """
    claim = locked_claim(claim.pk)  # the claim row first: the lock order every service keeps
    _require_assignee(claim, user)
    if claim.status != Claim.Status.IN_PROGRESS:
        raise TransitionError(f"The claim is {claim.get_status_display().lower()}; its verdict cannot be edited.")
    if rating is not None and not rating.is_active:
        raise DomainError(f"The rating “{rating.name}” is no longer in use.", field="rating")
    if len(summary) > 300:
        raise DomainError("The summary must be at most 300 characters.", field="summary")
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is None:
        verdict = Verdict.objects.create(
            claim=claim, author=user, rating=rating, summary=summary.strip(), explanation=explanation.strip()
        )
        action, before = "verdict.drafted", {}
    else:
        if not verdict.is_editable:
            raise TransitionError(f"The verdict is {verdict.get_status_display().lower()}; it can no longer be edited.")
        if expected_version is None:
            raise StaleVersion(
                "Say which version you edited (the verdict already exists).", current_version=verdict.version
            )
        before = verdict_audit_fields(verdict)
        changed = Verdict.objects.filter(pk=verdict.pk, version=expected_version, status__in=EDITABLE_VERDICTS).update(
            rating=rating,
            summary=summary.strip(),
            explanation=explanation.strip(),
            author=user,
            status=Verdict.Status.DRAFT,
            version=F("version") + 1,
            updated_at=clock.now(),
        )
        if not changed:
            verdict.refresh_from_db()
            raise StaleVersion(
                f"The verdict was changed by someone else (now version {verdict.version}, you edited "
                f"version {expected_version}). Reload it to see the changes, then edit again.",
                current_version=verdict.version,
            )
        verdict.refresh_from_db()
        action = "verdict.saved"
    if citations is not None:
        _replace_citations(verdict, citations)
    verdict_revision_write(verdict, user)
    record_event(actor=user, action=action, obj=verdict, before=before, after=verdict_audit_fields(verdict))
    return verdict


def transition(
    *,
    verdict: Verdict,
    user: Any,
    from_statuses: tuple[str, ...],
    expected_version: int | None,
    action: str,
    note: str = "",
    **values: Any,
) -> None:
    """Move ``verdict`` out of ``from_statuses`` by writing ``values`` (at ``expected_version`` when
    given), keep the new version as a revision and record ``action`` with the verdict before and after."""
    before = verdict_audit_fields(verdict)
    filters: dict[str, Any] = {"pk": verdict.pk, "status__in": from_statuses}
    if expected_version is not None:
        filters["version"] = expected_version
    changed = Verdict.objects.filter(**filters).update(version=F("version") + 1, updated_at=clock.now(), **values)
    if not changed:
        verdict.refresh_from_db()
        if expected_version is not None and verdict.version != expected_version:
            raise StaleVersion(
                f"The verdict changed since you loaded it (now version {verdict.version}).",
                current_version=verdict.version,
            )
        raise TransitionError(f"The verdict is {verdict.get_status_display().lower()}.")
    verdict.refresh_from_db()
    verdict_revision_write(verdict, user)
    record_event(actor=user, action=action, obj=verdict, before=before, after=verdict_audit_fields(verdict), note=note)


@transaction.atomic
def verdict_submit(*, claim: Claim, user: Any, expected_version: int | None = None) -> Verdict:
    """Send the draft to the editors. It needs a rating, a summary, an explanation and a citation."""
    claim = locked_claim(claim.pk)
    _require_assignee(claim, user)
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is None:
        raise TransitionError("There is no verdict draft to submit.")
    missing = [
        (field, message)
        for field, message, ok in (
            ("rating", "Choose a rating.", verdict.rating_id is not None),
            ("summary", "Write a one-line summary.", bool(verdict.summary)),
            ("explanation", "Write the explanation.", bool(verdict.explanation)),
            ("citations", "Cite at least one source.", verdict.citations.exists()),
        )
        if not ok
    ]
    if missing:
        raise DomainError(" ".join(message for _, message in missing), field=missing[0][0])
    transition(
        verdict=verdict,
        user=user,
        from_statuses=EDITABLE_VERDICTS,
        expected_version=expected_version,
        action="verdict.submitted",
        status=Verdict.Status.SUBMITTED,
        submitted_at=clock.now(),
        return_comment="",
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.SUBMITTED, updated_at=clock.now())
    emit_on_commit("verdict.submitted", lambda: verdict_event_payload(verdict.pk))
    return verdict


@dataclass(frozen=True)
class SaveAndSubmitResult:
    verdict: Verdict
    submitted: bool
    refusal: DomainError | None = None  # why the saved draft was not submitted


class DraftFields(TypedDict):
    """What :func:`verdict_save_draft` takes besides the claim and the user, handed on as it is."""

    rating: Rating | None
    summary: str
    explanation: str
    citations: NotRequired[list[CitationInput] | None]
    expected_version: NotRequired[int | None]


@transaction.atomic
def verdict_save_and_submit(*, claim: Claim, user: Any, **draft: Unpack[DraftFields]) -> SaveAndSubmitResult:
    """Save the draft and send it to the editors, in one transaction (the desk's "Save and submit").

    A save that is refused (stale version, not the assignee) writes nothing and raises. A draft the
    editors cannot have yet (no rating, no citation, ...) is kept saved, and the result says why it
    was not submitted; later saves start from its new version.
    """
    verdict = verdict_save_draft(claim=claim, user=user, **draft)
    try:
        with transaction.atomic():  # a savepoint: a refused submission keeps the saved draft
            verdict = verdict_submit(claim=claim, user=user, expected_version=verdict.version)
    except StaleVersion:
        raise
    except DomainError as refusal:
        return SaveAndSubmitResult(verdict=verdict, submitted=False, refusal=refusal)
    return SaveAndSubmitResult(verdict=verdict, submitted=True)


def _require_reviewing_editor(verdict: Verdict, user: Any) -> None:
    if not roles.is_editor(user):
        raise Forbidden("Only editors can approve or return verdicts.")
    if not roles.can_review_verdict(user, verdict):
        raise Forbidden("You wrote this verdict; another editor must review it.")


@transaction.atomic
def verdict_approve(*, claim: Claim, user: Any, expected_version: int | None = None) -> Verdict:
    """An editor approves a submitted verdict, which publishes it."""
    claim = locked_claim(claim.pk)
    verdict = Verdict.objects.select_related("rating").filter(claim=claim).first()
    if verdict is None:
        raise TransitionError("This claim has no verdict to approve.")
    _require_reviewing_editor(verdict, user)
    now = clock.now()
    transition(
        verdict=verdict,
        user=user,
        from_statuses=(Verdict.Status.SUBMITTED,),
        expected_version=expected_version,
        action="verdict.published",
        status=Verdict.Status.PUBLISHED,
        editor=user,
        published_at=now,
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED, updated_at=now)
    emit_on_commit("verdict.published", lambda: verdict_event_payload(verdict.pk))
    return verdict


@transaction.atomic
def verdict_return(*, claim: Claim, user: Any, comment: str, expected_version: int | None = None) -> Verdict:
    """An editor sends a submitted verdict back to its author with a comment."""
    claim = locked_claim(claim.pk)
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is None:
        raise TransitionError("This claim has no verdict to return.")
    _require_reviewing_editor(verdict, user)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError("Say what needs to change.", field="comment")
    transition(
        verdict=verdict,
        user=user,
        from_statuses=(Verdict.Status.SUBMITTED,),
        expected_version=expected_version,
        action="verdict.returned",
        note=comment,
        status=Verdict.Status.RETURNED,
        editor=user,
        return_comment=comment,
    )
    # Back to the author's desk.
    Claim.objects.filter(pk=claim.pk).update(
        status=Claim.Status.IN_PROGRESS, assignee=verdict.author_id, updated_at=clock.now()
    )
    return verdict


def verdict_event_payload(verdict_id: int) -> dict[str, Any]:
    verdict = Verdict.objects.select_related("claim", "rating", "claim__speaker", "claim__article").get(pk=verdict_id)
    claim = verdict.claim
    return {
        "verdict": {
            "id": verdict.pk,
            "status": verdict.status,
            "version": verdict.version,
            "rating": verdict.rating.name if verdict.rating else None,
            "summary": verdict.summary,
            "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
            "corrected_at": verdict.corrected_at.isoformat() if verdict.corrected_at else None,
            "retracted_at": verdict.retracted_at.isoformat() if verdict.retracted_at else None,
        },
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "speaker": claim.speaker.name if claim.speaker else None,
            "article": claim.article_id,
            "url": claim.article.address or None,
        },
    }
