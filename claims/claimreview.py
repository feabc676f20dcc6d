"""schema.org ClaimReview for published verdicts (Google Fact Check markup).

Google's required fields: ``claimReviewed``, ``reviewRating`` (with ``alternateName``; numeric
ratings also carry ``ratingValue``, ``bestRating`` and ``worstRating``), ``url`` and ``author``;
recommended: ``datePublished``, ``itemReviewed`` (a ``Claim`` with ``author``, ``datePublished``
and ``appearance``). ``citation`` lists the verdict's sources cited by address (a verdict reused
from an earlier fact-check cites it there).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from claims.models import Verdict
from claims.selectors.verdicts import rating_scale

CONTENT_TYPE = "application/ld+json"


def verdict_url(verdict: Verdict) -> str:
    return settings.ORGANISATION_URL.rstrip("/") + reverse("claims:verdict-public", args=[verdict.claim_id])


def claimreview_for(verdict: Verdict, *, scale: tuple[int, int] | None = None) -> dict[str, Any]:
    """The ClaimReview JSON-LD object of a published verdict."""
    if verdict.status != Verdict.Status.PUBLISHED or verdict.rating is None or verdict.published_at is None:
        raise ValueError("Only published verdicts have a ClaimReview.")
    claim = verdict.claim
    article = claim.article
    best, worst = scale or rating_scale()
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.rating.name}
    if verdict.rating.value is not None:
        rating.update(ratingValue=verdict.rating.value, bestRating=best, worstRating=worst)
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if article.address:  # an uploaded page's canonical URL too
        appearance["url"] = article.address
    if article.title:
        appearance["headline"] = article.title
    outlet = article.outlet  # None without a query when the article has no outlet
    if outlet is not None:
        appearance["publisher"] = {"@type": "Organization", "name": outlet.name}
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    speaker = claim.speaker
    if speaker is not None:
        item["author"] = {
            "@type": "Organization" if speaker.is_organisation else "Person",
            "name": speaker.name,
            **({"jobTitle": speaker.title} if speaker.title and not speaker.is_organisation else {}),
        }
    elif outlet is not None:
        item["author"] = {"@type": "Organization", "name": outlet.name}
    if article.published:
        item["datePublished"] = article.published.isoformat()
    # Sources cited by address: for a verdict reused from an earlier fact-check, the link to it.
    cited = [c.url for c in verdict.citations.all() if c.url]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": verdict_url(verdict),
        "claimReviewed": claim.text,
        "datePublished": verdict.published_at.date().isoformat(),
        # Set by a correction after publishing; a retracted verdict has no ClaimReview at all.
        **({"dateModified": verdict.corrected_at.date().isoformat()} if verdict.corrected_at else {}),
        "author": {"@type": "Organization", "name": settings.ORGANISATION_NAME, "url": settings.ORGANISATION_URL},
        "reviewRating": rating,
        "itemReviewed": item,
        **({"headline": verdict.summary} if verdict.summary else {}),
        **({"citation": cited} if cited else {}),
    }
