"""Verdicts taken along the review workflow through its services, for tests that need one at a given step."""

from __future__ import annotations

from typing import Any

from claims.models import Claim, Verdict
from claims.services import CitationInput, verdict_approve, verdict_save_draft, verdict_submit
from evidence.models import EvidenceCandidate
from tests.factories import ClaimFactory, EvidenceCandidateFactory, rating


def accepted_evidence(claim: Claim, stance: str = "refutes", **fields: Any) -> EvidenceCandidate:
    """Evidence the fact-checker accepted, so a verdict may cite it."""
    return EvidenceCandidateFactory(claim=claim, decision=EvidenceCandidate.Decision.ACCEPTED, stance=stance, **fields)


def ready_fields(evidence: EvidenceCandidate, **overrides: Any) -> dict[str, Any]:
    """A verdict's fields as the editors may have them: a rating, a summary, an explanation and a
    citation of ``evidence``; ``overrides`` replaces any of them."""
    return {
        "rating": rating("false"),
        "summary": "It was $2.5 million.",
        "explanation": "The budget shows $2.5 million.",
        "citations": [CitationInput(evidence_id=evidence.pk)],
        **overrides,
    }


def draft_ready(claim: Claim, author: Any, evidence: EvidenceCandidate | None = None, **overrides: Any) -> Verdict:
    """Save a draft that can be submitted as it is, citing ``evidence`` (newly accepted evidence if none)."""
    fields = ready_fields(evidence or accepted_evidence(claim), **overrides)
    return verdict_save_draft(claim=claim, user=author, **fields)


def submitted_verdict(
    author: Any, claim: Claim | None = None, evidence: EvidenceCandidate | None = None, **overrides: Any
) -> Verdict:
    """A verdict by ``author`` waiting for an editor (on a new claim they hold unless ``claim`` is given)."""
    claim = claim or ClaimFactory(status=Claim.Status.IN_PROGRESS, assignee=author)
    draft = draft_ready(claim, author, evidence, **overrides)
    return verdict_submit(claim=claim, user=author, expected_version=draft.version)


def published_verdict(author: Any, editor: Any, **overrides: Any) -> Verdict:
    """A verdict by ``author`` that ``editor`` approved."""
    verdict = submitted_verdict(author, **overrides)
    return verdict_approve(claim=verdict.claim, user=editor, expected_version=verdict.version)
