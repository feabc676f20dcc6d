"""The local reference library: full-text search of the documents editors added."""

from __future__ import annotations

from evidence.providers.base import Candidate, ClaimInput, Provider
from evidence.ranking import query_terms

MAX_HITS = 10


class LibraryProvider(Provider):
    name = "library"
    label = "Reference library"

    def search(self, claim: ClaimInput) -> list[Candidate]:
        """Documents sharing any of the claim's key terms, best first (the engine's own ranking)."""
        from evidence.search import any_of, search_library  # the one search interface (uses the ORM)

        hits = search_library(any_of(query_terms(claim.text)), limit=MAX_HITS, match_any=True)
        return [
            Candidate(
                url=hit.document.url or f"library:{hit.document.pk}",
                title=hit.document.title,
                snippet=hit.snippet_text,
                source_name=hit.document.publisher,
                published=hit.document.published,
                document_id=hit.document.pk,
                provider_score=hit.relevance,
                extra={"highlighted": hit.snippet},
            )
            for hit in hits
        ]
