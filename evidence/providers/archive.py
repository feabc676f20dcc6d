"""Our own archive: earlier claims that already have a published verdict."""

from __future__ import annotations

import contextlib

from django.urls import NoReverseMatch

from claims.claimreview import verdict_url
from claims.models import Verdict
from evidence.providers.base import Candidate, ClaimInput, Provider
from evidence.selectors import archive_matches


class ArchiveProvider(Provider):
    name = "archive"
    label = "Our published verdicts"

    def search(self, claim: ClaimInput) -> list[Candidate]:
        """Earlier claims matching this one, each as "already checked on DATE: RATING"."""
        candidates = []
        for match in archive_matches(claim.text, exclude_claim=claim.claim_id):
            when = match.published.isoformat() if match.published else "an earlier date"
            extra: dict[str, object] = {
                "claim_id": match.claim_id,
                "rating": match.rating,
                "similarity": round(match.similarity, 3),
            }
            # The public verdict page, when this install routes one.
            with contextlib.suppress(NoReverseMatch):
                extra["link"] = verdict_url(Verdict(claim_id=match.claim_id))
            candidates.append(
                Candidate(
                    # A stable identity, not the page address: reruns update the same row.
                    url=f"claim:{match.claim_id}",
                    title=f"Already checked on {when}: {match.rating or 'unrated'}",
                    snippet=" ".join(p for p in (f"“{match.text}”", match.summary) if p),
                    source_name="Our verdicts",
                    published=match.published,
                    provider_score=match.similarity,
                    extra=extra,
                )
            )
        return candidates
