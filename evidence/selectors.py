"""Reads for the evidence app: earlier checked claims that say the same thing.

Each list selector sets its own ``select_related`` so a page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from claims import matching
from claims.models import Claim, ClaimBand, Verdict

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
