"""Reads for the evidence app: earlier checked claims, candidates and provider status of a claim.

Each list selector sets its own ``select_related`` so a page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from claims import matching
from claims.models import Claim, ClaimBand, Verdict
from evidence.models import EvidenceCandidate, FetchRun

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
        found.append(ArchiveMatch(
            claim_id=claim.pk, text=claim.text, similarity=score.similarity,
            rating=verdict.rating.name if verdict.rating else "",
            summary=verdict.summary, published=verdict.published_at.date() if verdict.published_at else None,
            speaker=claim.speaker.name if claim.speaker else None,
        ))
    found.sort(key=lambda m: (-m.similarity, m.claim_id))
    return found[:limit]


def candidates_for_claim(claim: Claim) -> QuerySet[EvidenceCandidate]:
    """The claim's evidence, best first, with what the desk shows about each (one query)."""
    return (EvidenceCandidate.objects.filter(claim=claim)
            .select_related("document", "decided_by").order_by("rank", "-score", "id"))


@dataclass(frozen=True)
class ProviderStatus:
    name: str
    label: str
    configured: bool
    reason: str  # why not configured, or the last run's error
    run: FetchRun | None


def provider_status(claim: Claim) -> list[ProviderStatus]:
    """Every registered provider with its latest run for ``claim`` (one query), in registry order."""
    from evidence.providers import registry

    latest: dict[str, FetchRun] = {}
    for each in FetchRun.objects.filter(claim=claim).order_by("provider", "-queued_at", "-id"):
        latest.setdefault(each.provider, each)
    statuses = []
    for provider in registry().values():
        reason = provider.not_configured_reason()
        run = latest.get(provider.name)
        statuses.append(ProviderStatus(provider.name, provider.label, reason is None,
                                       reason or (run.error if run else ""), run))
    return statuses
