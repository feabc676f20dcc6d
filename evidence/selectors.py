"""Reads for the evidence app: candidates, library documents, earlier checked claims that say the same thing.

Each list selector sets its own ``select_related`` so a page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, QuerySet

from claims import matching
from claims.models import Claim, ClaimBand, Verdict
from evidence.models import EvidenceCandidate, EvidenceDocument

MAX_ARCHIVE_CANDIDATES = 50


@dataclass(frozen=True)
class ArchiveMatch:
    """An earlier claim with a published verdict that says the same thing."""

    claim_id: int
    text: str
    similarity: float
    rating: str
    summary: str
    published: dt.date | None
    speaker: str | None


def archive_matches(text: str, *, exclude_claim: int | None = None, limit: int = 5) -> list[ArchiveMatch]:
    """Earlier claims with a published verdict matching ``text`` (MinHash bands, then verified), best first."""
    keys = matching.band_keys(matching.tokens_of(text))
    if not keys:
        return []
    bands = ClaimBand.objects.filter(key__in=keys, claim__verdict__status=Verdict.Status.PUBLISHED)
    if exclude_claim is not None:
        bands = bands.exclude(claim_id=exclude_claim)
    shared = Counter(bands.values_list("claim_id", flat=True)[:5000])
    ids = [cid for cid, _ in shared.most_common(MAX_ARCHIVE_CANDIDATES)]
    found: list[ArchiveMatch] = []
    for claim in Claim.objects.filter(pk__in=ids).select_related("verdict__rating", "speaker"):
        score = matching.compare(text, claim.text)
        if not score.is_match:
            continue
        verdict = claim.verdict
        found.append(
            ArchiveMatch(
                claim_id=claim.pk,
                text=claim.text,
                similarity=score.similarity,
                rating=verdict.rating.name if verdict.rating else "",
                summary=verdict.summary,
                published=verdict.published_at.date() if verdict.published_at else None,
                speaker=claim.speaker.name if claim.speaker else None,
            )
        )
    found.sort(key=lambda m: (-m.similarity, m.claim_id))
    return found[:limit]


def candidates_with_decider() -> QuerySet[EvidenceCandidate]:
    """Evidence candidates with who decided on them joined (the API's list and detail)."""
    return EvidenceCandidate.objects.select_related("decided_by")


def claim_candidates(claim_id: int) -> QuerySet[EvidenceCandidate]:
    """One claim's candidates (raises Claim.DoesNotExist for an unknown claim)."""
    claim = Claim.objects.only("id").get(pk=claim_id)
    return candidates_with_decider().filter(claim=claim)


def candidate_with_claim(pk: int) -> EvidenceCandidate:
    """A candidate and its claim (raises EvidenceCandidate.DoesNotExist)."""
    return EvidenceCandidate.objects.select_related("claim").get(pk=pk)


def documents_without_text() -> QuerySet[EvidenceDocument]:
    """Library documents without their (long) text, newest first, with who added them."""
    return EvidenceDocument.objects.defer("text").select_related("added_by").order_by("-created_at", "-id")


def document_with_adder(pk: int) -> EvidenceDocument:
    """One library document with who added it (raises EvidenceDocument.DoesNotExist)."""
    return EvidenceDocument.objects.select_related("added_by").get(pk=pk)


def document_use_count(document: EvidenceDocument) -> int:
    """How many evidence candidates cite the library document (shown before it is changed or deleted)."""
    return document.candidates.count()


def claims_due_for_evidence_refresh(*, older_than: dt.datetime, limit: int) -> list[int]:
    """Open, check-worthy, original claims whose latest provider run was queued before ``older_than``,
    the oldest first (at most ``limit``)."""
    return list(
        Claim.objects.filter(
            status__in=(Claim.Status.NEW, Claim.Status.IN_PROGRESS),
            duplicate_of__isnull=True,
            checkworthiness__gte=settings.EVIDENCE_AUTO_THRESHOLD,
        )
        .annotate(last_run=Max("fetch_runs__queued_at"))
        .filter(last_run__lt=older_than)
        .order_by("last_run")
        .values_list("pk", flat=True)[:limit]
    )
