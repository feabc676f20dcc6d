"""Wikipedia through the MediaWiki action API: ``list=search``, then ``prop=extracts`` of the hits.

No key is needed. Two requests per claim: the search (titles, page ids, edit times) and the plain
text introductions of the pages found, from which the sentences nearest the claim become the
snippet (so the ranking can read their numbers).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from urllib.parse import quote, urljoin

from django.conf import settings

from evidence.providers.base import Candidate, ClaimInput, Provider, ProviderError, RateLimit
from evidence.providers.http import ProviderHTTP
from evidence.ranking import best_sentences, query_terms, terms

MAX_PAGES = 5
SEARCH_TERMS = 6
_TAG = re.compile(r"<[^>]+>")


class WikipediaProvider(Provider):
    name = "wikipedia"
    label = "Wikipedia"
    # Wikimedia asks API clients to keep request rates modest; all workers share this budget.
    rate_limit = RateLimit(requests=5, per_seconds=1)

    def search(self, claim: ClaimInput) -> list[Candidate]:
        """Up to five articles for the claim's key terms, each with its most relevant intro sentences."""
        words = query_terms(claim.text, limit=SEARCH_TERMS)
        if not words:
            return []
        client = ProviderHTTP(name=self.name, label=self.label, rate_limit=self.rate_limit)
        api = settings.WIKIPEDIA_API_URL
        found = self._hits(
            client.get_json(
                api,
                {
                    "action": "query",
                    "list": "search",
                    "srsearch": " ".join(words),
                    "srlimit": MAX_PAGES,
                    "srprop": "snippet|timestamp",
                    "format": "json",
                    "formatversion": 2,
                },
            )
        )
        if not found:
            return []
        extracts = self._extracts(
            client.get_json(
                api,
                {
                    "action": "query",
                    "prop": "extracts",
                    "exintro": 1,
                    "explaintext": 1,
                    "exlimit": MAX_PAGES,
                    "pageids": "|".join(str(hit["pageid"]) for hit in found),
                    "format": "json",
                    "formatversion": 2,
                },
            )
        )
        wiki_base = urljoin(api, "/wiki/")
        claim_terms = set(terms(claim.text))
        candidates = []
        for hit in found:
            title = str(hit["title"])
            text = extracts.get(int(hit["pageid"])) or _TAG.sub("", html.unescape(str(hit.get("snippet", ""))))
            candidates.append(
                Candidate(
                    url=wiki_base + quote(title.replace(" ", "_")),
                    title=title,
                    snippet=best_sentences(text, claim_terms),
                    source_name="Wikipedia",
                    published=_date(hit.get("timestamp")),
                    extra={"pageid": hit["pageid"]},
                )
            )
        return candidates

    def _hits(self, data: Any) -> list[dict[str, Any]]:
        query = _query_part(data)
        search = query.get("search")
        if not isinstance(search, list):
            raise ProviderError("Wikipedia answered without a search result list.")
        hits = [h for h in search if isinstance(h, dict) and "pageid" in h and "title" in h]
        if len(hits) != len(search):
            raise ProviderError("Wikipedia answered with search results missing their page id or title.")
        return hits

    def _extracts(self, data: Any) -> dict[int, str]:
        pages = _query_part(data).get("pages", [])
        if not isinstance(pages, list):
            raise ProviderError("Wikipedia answered with page extracts in an unexpected format.")
        return {int(p["pageid"]): str(p.get("extract") or "") for p in pages if isinstance(p, dict) and "pageid" in p}


def _query_part(data: Any) -> dict[str, Any]:
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        raise ProviderError(f"Wikipedia refused the search: {str(data['error'].get('info', 'no reason given'))[:200]}")
    if not isinstance(data, dict) or not isinstance(data.get("query"), dict):
        raise ProviderError("Wikipedia answered without a query result (unexpected format).")
    query: dict[str, Any] = data["query"]
    return query


def _date(value: Any) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        return None
