"""Reads for the evidence app: candidates, library documents, earlier checked claims that say the same thing.

Each list selector sets its own ``select_related`` so a page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from claims import matching
from claims.models import Claim, ClaimBand, Verdict
from evidence.models import EvidenceCandidate, EvidenceDocument, LibraryPassage
from evidence.relevance import TermStats

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


# --------------------------------------------------------------------------------------------
# Library passages and their embeddings: the one place that knows how vectors are stored
# --------------------------------------------------------------------------------------------

DIMENSIONS = 384


@dataclass(frozen=True)
class PassageVectors:
    """Embedded passages: ``matrix[i]`` is the L2-normalised vector of passage ``ids[i]``."""

    ids: list[int]
    document_ids: list[int]
    texts: list[str]
    matrix: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return len(self.ids)


def vector_to_bytes(vector: npt.NDArray[np.float32]) -> bytes:
    """How a passage's embedding is stored: float32, little-endian, 384 values."""
    return np.asarray(vector, dtype="<f4").tobytes()


def passage_vectors(*, encoder: str, document_ids: Iterable[int] | None = None) -> PassageVectors:
    """Passages embedded by ``encoder`` (of ``document_ids``, or of the whole library), in document order.

    Exact search over the library is a matrix product with these rows; the library is small (the
    fact-check archive, at a million rows, keeps its vectors in pgvector instead). One query.
    """
    rows = LibraryPassage.objects.filter(encoder=encoder, embedding__isnull=False)
    if document_ids is not None:
        rows = rows.filter(document_id__in=list(document_ids))
    found = list(rows.order_by("document_id", "position").values_list("id", "document_id", "text", "embedding"))
    matrix = np.zeros((len(found), DIMENSIONS), dtype=np.float32)
    for i, (_, _, _, blob) in enumerate(found):
        if blob is not None:  # excluded by the filter; the check is for the type
            matrix[i] = np.frombuffer(bytes(blob), dtype="<f4")
    return PassageVectors([r[0] for r in found], [r[1] for r in found], [r[2] for r in found], matrix)


def passages_to_embed(*, encoder: str, document_ids: Iterable[int] | None = None) -> QuerySet[LibraryPassage]:
    """Passages without an embedding, or with one from another encoder."""
    rows = LibraryPassage.objects.filter(Q(embedding__isnull=True) | ~Q(encoder=encoder))
    if document_ids is not None:
        rows = rows.filter(document_id__in=list(document_ids))
    return rows.order_by("id")


def documents_without_passages() -> QuerySet[EvidenceDocument]:
    """Library documents never split into passages (added before passages existed)."""
    return EvidenceDocument.objects.filter(passages__isnull=True).only("id", "text").order_by("id")


TERM_STATS_SECONDS = 24 * 60 * 60


def library_term_stats() -> TermStats:
    """How many library passages hold each term (for the rarity weights of the lexical overlap).

    Cached under the library's shape: the passages' count and highest id and the documents' count and
    latest change. Adding, changing (its passages are replaced) or deleting a document changes the
    documents' part even where SQLite reuses the ids of deleted rows, so a stale table is never
    read. Two aggregate queries when cached; otherwise one more to read the passages' texts.
    """
    passages = LibraryPassage.objects.aggregate(count=Count("id"), last=Max("id"))
    documents = EvidenceDocument.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    changed = documents["changed"].isoformat() if documents["changed"] else "-"
    key = f"evidence:term-stats:{passages['count']}:{passages['last']}:{documents['count']}:{changed}"
    stats = cache.get(key)
    if stats is None:
        stats = TermStats.from_texts(LibraryPassage.objects.values_list("text", flat=True).iterator())
        cache.set(key, stats, TERM_STATS_SECONDS)
    return stats
