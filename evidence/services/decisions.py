"""Reviewer decisions on evidence: accept or reject a candidate, add a source by hand."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from claims.models import Claim
from claims.services.locking import locked_claim
from evidence.models import EvidenceCandidate, EvidenceDocument
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import DomainError, Forbidden, TransitionError
from factcheck.public_urls import public_url
from factcheck.transactions import atomic_with_retry

MANUAL_PROVIDER = "manual"


def _require_desk(claim: Claim, user: Any) -> None:
    if not roles.can_gather_evidence(user):
        raise Forbidden("Only fact-checkers and editors can decide on evidence.")
    if not roles.can_decide_evidence(user, claim):
        raise Forbidden("Take the claim first: only its assignee (or an editor) decides on its evidence.")
    if not claim.is_open:
        raise TransitionError(f"The claim is {claim.get_status_display().lower()}; its evidence is settled.")


@atomic_with_retry
def evidence_decide(
    *, candidate: EvidenceCandidate, user: Any, decision: str, stance: str = "", note: str = ""
) -> EvidenceCandidate:
    """Accept (with a stance: supports, refutes, context) or reject a candidate, or reset it to pending.

    Locks the claim row first, then writes the candidate (the order gathering keeps too).
    """
    candidate.claim = locked_claim(candidate.claim_id)
    candidate.refresh_from_db(fields=["decision", "stance", "note"])
    _require_desk(candidate.claim, user)
    if decision not in EvidenceCandidate.Decision.values:
        raise DomainError("Decision must be accepted, rejected or pending.", field="decision")
    if stance and stance not in EvidenceCandidate.Stance.values:
        raise DomainError("Stance must be supports, refutes or context.", field="stance")
    if decision == EvidenceCandidate.Decision.ACCEPTED and not stance:
        stance = EvidenceCandidate.Stance.CONTEXT
    if decision != EvidenceCandidate.Decision.ACCEPTED:
        stance = ""
    before = {"decision": candidate.decision, "stance": candidate.stance}
    candidate.decision = decision
    candidate.stance = stance
    candidate.note = note.strip()
    candidate.decided_by = user if decision != EvidenceCandidate.Decision.PENDING else None
    candidate.decided_at = clock.now() if decision != EvidenceCandidate.Decision.PENDING else None
    candidate.save(update_fields=["decision", "stance", "note", "decided_by", "decided_at", "updated_at"])
    record_event(
        actor=user,
        action=f"evidence.{decision}",
        obj=candidate,
        before=before,
        after={"decision": decision, "stance": stance},
        note=candidate.note,
    )
    return candidate


@atomic_with_retry
def evidence_add_source(
    *,
    claim: Claim,
    user: Any,
    url: str,
    title: str = "",
    snippet: str = "",
    note: str = "",
    document_id: int | None = None,
) -> EvidenceCandidate:
    """Add a source the reviewer found (a URL, or a library document); it starts accepted as context."""
    claim = locked_claim(claim.pk)
    _require_desk(claim, user)

    document = None
    if document_id is not None:
        document = EvidenceDocument.objects.filter(pk=document_id).first()
        if document is None:
            raise DomainError("No library document with that id.", field="document")
        url = url or document.url or f"library:{document.pk}"
        title = title or document.title
        snippet = snippet or document.text[:400]
    url = (url or "").strip()
    if not url:
        raise DomainError("Give the source's URL or pick a library document.", field="url")
    if not url.startswith("library:"):
        if not url.lower().startswith(("http://", "https://")):
            raise DomainError("The source must be an http(s) URL.", field="url")
        # Never fetched, but shown and linked on the public verdict: the fetcher's address rules apply.
        url = public_url(url, field="url")
    try:
        with transaction.atomic():
            candidate = EvidenceCandidate.objects.create(
                claim=claim,
                provider=MANUAL_PROVIDER,
                url=url,
                title=title.strip()[:500],
                snippet=snippet,
                document=document,
                decision=EvidenceCandidate.Decision.ACCEPTED,
                stance=EvidenceCandidate.Stance.CONTEXT,
                note=note.strip(),
                decided_by=user,
                decided_at=clock.now(),
                added_by=user,
                source_name=document.publisher if document else "",
                reasons=["Added by a reviewer"],
            )
    except IntegrityError:
        raise DomainError("This source is already on the claim.", field="url") from None
    record_event(actor=user, action="evidence.added", obj=candidate, after={"url": url}, note=candidate.note)
    return candidate
