"""Reusing a match's verdict: the claim is closed as *already checked* with the earlier rating.

Called by :func:`archive.services.decisions.match_confirm` inside its transaction (the claim row is
locked first), so a refusal here leaves the match unconfirmed too. The new verdict is published at
once: it is an editor's decision (:func:`factcheck.roles.can_reuse_verdict`), like approving one.
Its one citation is the link to what was reused, which the claim's ClaimReview lists as ``citation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.text import slugify

from archive.models import ClaimMatch
from claims.claimreview import verdict_url
from claims.models import Citation, Claim, Rating, Verdict
from claims.services.verdicts import verdict_event_payload, verdict_revision_write
from factcheck import clock, roles
from factcheck.audit import record_event
from factcheck.errors import Forbidden, TransitionError
from factcheck.events import emit_on_commit

# The verdict's summary and citation note say where it came from.
CITATION_NOTE = "Already checked: the verdict is reused from here."


@dataclass(frozen=True)
class Reusable:
    """What a match lends the claim: the rating on this workbench's scale and the link to cite."""

    rating: Rating
    url: str
    title: str
    summary: str


def reusable(match: ClaimMatch) -> Reusable:
    """The verdict ``match`` can lend, or a :class:`TransitionError` saying why it has none."""
    if match.matched_claim_id is not None:
        verdict = (
            Verdict.objects.select_related("rating", "claim")
            .filter(claim_id=match.matched_claim_id, status=Verdict.Status.PUBLISHED)
            .first()
        )
        if verdict is None or verdict.rating is None:
            raise TransitionError("The earlier claim has no published verdict to reuse; confirm without reusing.")
        summary = f"Already checked: rated {verdict.rating.name} on {verdict.published_at:%d %b %Y}."
        return Reusable(verdict.rating, verdict_url(verdict), verdict.summary or str(verdict.claim), summary)
    fc = match.factcheck
    if fc is None:  # the check constraint makes this unreachable; a readable refusal all the same
        raise TransitionError("This match points at nothing to reuse.")
    if not fc.rating.strip():
        raise TransitionError("The fact-check has no rating to reuse; confirm without reusing and write the verdict.")
    rating = (
        Rating.objects.filter(is_active=True)
        .filter(Q(name__iexact=fc.rating.strip()) | Q(slug=slugify(fc.rating)))
        .first()
    )
    if rating is None:
        raise TransitionError(
            f"The fact-check's rating “{fc.rating}” is not on this workbench's scale; "
            "confirm without reusing and write the verdict."
        )
    if not fc.url:
        raise TransitionError("The fact-check has no address to cite; confirm without reusing.")
    by = f" by {fc.publisher}" if fc.publisher else ""
    summary = f"Already checked{by}: rated {fc.rating}."
    return Reusable(rating, fc.url, fc.title or str(fc), summary)


def verdict_reuse(*, match: ClaimMatch, user: Any) -> Verdict:
    """Publish the claim's verdict from ``match`` (the caller holds the claim's row lock).

    Refused (403) for anyone but editors; refused (409) when the claim is not open or already has a
    verdict (a draft is someone's work: it is never overwritten), or when the match has no rating
    on this workbench's scale or no link to cite.
    """
    if not roles.can_reuse_verdict(user):
        raise Forbidden("Only editors can publish a reused verdict; confirm the match without reusing it.")
    claim = Claim.objects.get(pk=match.claim_id)
    if claim.status not in (Claim.Status.NEW, Claim.Status.IN_PROGRESS):
        raise TransitionError(f"This claim is {claim.get_status_display().lower()}; its verdict cannot be reused.")
    if Verdict.objects.filter(claim=claim).exists():
        raise TransitionError("This claim has a verdict already; finish it on the desk instead of reusing one.")
    lent = reusable(match)
    now = clock.now()
    verdict = Verdict.objects.create(
        claim=claim,
        rating=lent.rating,
        summary=lent.summary[:300],
        explanation=f"This claim repeats one already checked: [{lent.title}]({lent.url}).",
        status=Verdict.Status.PUBLISHED,
        author=user,
        editor=user,
        submitted_at=now,
        published_at=now,
    )
    Citation.objects.create(verdict=verdict, url=lent.url, title=lent.title[:500], note=CITATION_NOTE)
    # The same revision record as every verdict save (history and diffs), written by the verdict services' helper.
    verdict_revision_write(verdict, user)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED, updated_at=now)
    record_event(
        actor=user,
        action="verdict.published",
        obj=verdict,
        before={"status": claim.status},
        after={"status": verdict.status, "rating": lent.rating.slug, "reused_from": lent.url},
        note=f"Reused from match #{match.pk}",
    )
    emit_on_commit("verdict.published", lambda: verdict_event_payload(verdict.pk))
    return verdict
