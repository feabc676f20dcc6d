"""The local reference library: full-text search of the documents editors added."""

from __future__ import annotations

from evidence.providers.base import Candidate, ClaimInput, Provider
from evidence.ranking import best_sentences, query_terms, terms
from evidence.search import any_of, search_library

MAX_HITS = 10


class LibraryProvider(Provider):
    name = "library"
    label = "Reference library"

    def search(self, claim: ClaimInput) -> list[Candidate]:
        """Documents sharing any of the claim's key terms, best first (the engine's own ranking)."""
        hits = search_library(any_of(query_terms(claim.text)), limit=MAX_HITS, match_any=True)
        claim_terms = set(terms(claim.text))
        return [
            Candidate(
                url=hit.document.url or f"library:{hit.document.pk}",
                title=hit.document.title,
                # The sentences nearest the claim, numbers preferred, so the number check can read
                # them; the engine's snippet (around any matching word) is kept for display.
                snippet=best_sentences(hit.document.text, claim_terms) or hit.snippet_text,
                source_name=hit.document.publisher,
                published=hit.document.published,
                document_id=hit.document.pk,
                provider_score=hit.relevance,
                extra={"highlighted": hit.snippet},
            )
            for hit in hits
        ]
