"""Fact-checks published by others: Google Fact Check Tools ``claims:search`` (needs an API key).

Answer: ``{"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher": {"name",
"site"}, "url", "title", "reviewDate", "textualRating", "languageCode"}]}], "nextPageToken"}``;
no matches is ``{}``. Each review becomes one candidate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from evidence.providers.base import Candidate, ClaimInput, Provider, ProviderError, RateLimit
from evidence.providers.http import ProviderHTTP
from evidence.ranking import query_terms

PAGE_SIZE = 10
QUERY_TERMS = 8


class FactCheckToolsProvider(Provider):
    name = "factcheck_tools"
    label = "Google Fact Check Tools"
    rate_limit = RateLimit(requests=60, per_seconds=60)

    def configuration_problem(self) -> str | None:
        if not settings.FACTCHECK_TOOLS_API_KEY:
            return "Not configured: set FACTCHECK_TOOLS_API_KEY to search other fact-checkers' verdicts."
        return None

    def search(self, claim: ClaimInput) -> list[Candidate]:
        """Published reviews of similar claims, one candidate per review, as the service orders them."""
        words = query_terms(claim.text, limit=QUERY_TERMS)
        if not words:
            return []
        client = ProviderHTTP(name=self.name, label=self.label, rate_limit=self.rate_limit)
        data = client.get_json(
            settings.FACTCHECK_TOOLS_API_URL,
            {
                "query": " ".join(words),
                "languageCode": "en",
                "pageSize": PAGE_SIZE,
                "key": settings.FACTCHECK_TOOLS_API_KEY,
            },
        )
        if not isinstance(data, dict):
            raise ProviderError("Google Fact Check Tools answered in an unexpected format (not an object).")
        claims = data.get("claims", [])
        if not isinstance(claims, list):
            raise ProviderError("Google Fact Check Tools answered with a claims field that is not a list.")
        candidates = []
        for item in claims:
            if not isinstance(item, dict):
                raise ProviderError("Google Fact Check Tools answered with a malformed claim entry.")
            for review in item.get("claimReview") or []:
                if isinstance(review, dict) and review.get("url"):
                    candidates.append(_candidate(item, review))
        return candidates


def _candidate(item: dict[str, Any], review: dict[str, Any]) -> Candidate:
    publisher = review.get("publisher") or {}
    name = str(publisher.get("name") or publisher.get("site") or "a fact-checker")
    rating = str(review.get("textualRating") or "no rating given")
    said = str(item.get("text") or "").strip()
    claimant = str(item.get("claimant") or "").strip()
    quoted = f"{claimant}: “{said}”" if claimant else f"“{said}”"
    return Candidate(
        url=str(review["url"]),
        title=str(review.get("title") or said or review["url"])[:500],
        snippet=f"{quoted} Rated “{rating}” by {name}.",
        source_name=name,
        published=_date(review.get("reviewDate")) or _date(item.get("claimDate")),
        extra={"rating": rating, "claimant": claimant, "claim_text": said, "language": review.get("languageCode", "")},
    )


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        return None
