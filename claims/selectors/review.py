"""Reads of the editors' review: verdicts waiting for review and what each is compared with."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Claim, Verdict, VerdictRevision
from evidence.models import EvidenceCandidate


def submitted_verdicts() -> QuerySet[Verdict]:
    """Verdicts waiting for an editor, oldest submission first."""
    return (
        Verdict.objects.filter(status=Verdict.Status.SUBMITTED)
        .select_related("rating", "author", "claim", "claim__speaker", "claim__article", "claim__article__outlet")
        .order_by("submitted_at", "id")
    )


def review_baseline(verdict: Verdict, against: int | None = None) -> VerdictRevision | None:
    """What the editor compares the submission with.

    ``against`` picks a version; by default it is the previous submission (the revision written
    when it was last submitted, returned or published), so a resubmitted verdict shows what its
    author changed after being returned. A first submission has no baseline; a verdict corrected or
    retracted after publishing is compared with the version before that change.
    """
    revisions = VerdictRevision.objects.select_related("rating").filter(verdict=verdict)
    if against is not None:
        return revisions.filter(version=against).first()
    if verdict.corrected_at is not None or verdict.status == Verdict.Status.RETRACTED:
        # Changed after publishing: compare with the version just before the last correction or retraction.
        return revisions.filter(version__lt=verdict.version).order_by("-version").first()
    return (
        revisions.filter(
            version__lt=verdict.version - 1,
            status__in=[Verdict.Status.SUBMITTED, Verdict.Status.RETURNED, Verdict.Status.PUBLISHED],
        )
        .order_by("-version")
        .first()
    )


def accepted_evidence(claim: Claim) -> list[EvidenceCandidate]:
    """The evidence the reviewer accepted, with their stance and note: what the editor checks the verdict against."""
    return list(
        EvidenceCandidate.objects.filter(claim=claim, decision=EvidenceCandidate.Decision.ACCEPTED)
        .select_related("decided_by")
        .order_by("-score", "id")
    )
