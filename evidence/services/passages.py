"""Library passages and their embeddings, and the relevance of what providers find.

* :func:`library_passages_split` cuts a document into passages (no vectors yet); the library
  service calls it whenever a document is added or its text changes, in the same transaction.
* :func:`library_passages_embed` gives every passage lacking one an embedding from the current
  encoder, in batches; :func:`library_embed_backfill` also splits documents added before passages
  existed (``python manage.py embed_library``).
* :func:`candidates_relevance` scores a provider's candidates against a claim: full-text overlap and
  the dense cosine, fused (:mod:`evidence.relevance`); a library candidate is scored by its best
  passage, which becomes its snippet. The gathering service lists nothing below
  ``EVIDENCE_MIN_RELEVANCE``.

Without the encoder (its weights not installed) passages stay unembedded and candidates get no
relevance: they are ranked and listed the old way, never hidden, and a warning is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from claims.semantic import encoder as semantic_encoder
from evidence import relevance, selectors
from evidence.models import EvidenceDocument, LibraryPassage
from evidence.providers.base import Candidate

logger = logging.getLogger(__name__)

ENCODER_NAME = f"all-MiniLM-L6-v2@{semantic_encoder.BASE_WEIGHTS_SHA256[:12]}"
EMBED_BATCH = 64
SNIPPET_PASSAGES = 2


def library_passages_split(*, document: EvidenceDocument) -> int:
    """Replace ``document``'s passages with those of its current text (unembedded). Returns how many.

    Run inside the transaction that writes the text, so passages never describe another text.
    """
    LibraryPassage.objects.filter(document=document).delete()
    passages = relevance.split_passages(document.text)
    LibraryPassage.objects.bulk_create(
        LibraryPassage(document=document, position=i, start=p.start, end=p.end, text=p.text)
        for i, p in enumerate(passages)
    )
    return len(passages)


def library_passages_embed(
    *, document_ids: Iterable[int] | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Embed every passage (of ``document_ids``, or of the library) that lacks a current vector.

    Idempotent: passages already embedded by this encoder are left alone. Each batch is written
    with a conditional update on the text it was computed from, so a passage whose document
    changed meanwhile is not given a stale vector. Raises ``EncoderUnavailable``. Returns how many
    passages got a vector.
    """
    pending = list(
        selectors.passages_to_embed(encoder=ENCODER_NAME, document_ids=document_ids).values_list("id", "text")
    )
    done = 0
    for start in range(0, len(pending), EMBED_BATCH):
        batch = pending[start : start + EMBED_BATCH]
        vectors = semantic_encoder.encode([text for _, text in batch])
        with transaction.atomic():
            for (pk, text), vector in zip(batch, vectors, strict=True):
                done += LibraryPassage.objects.filter(pk=pk, text=text).update(
                    embedding=selectors.vector_to_bytes(vector), encoder=ENCODER_NAME
                )
        if progress is not None:
            progress(len(batch))
    return done


def library_passages_refresh(*, document: EvidenceDocument) -> None:
    """Split ``document`` and, once the transaction commits, embed its passages (logged if the encoder is missing)."""
    library_passages_split(document=document)
    transaction.on_commit(lambda: _embed_quietly([document.pk]))


def _embed_quietly(document_ids: list[int]) -> None:
    try:
        library_passages_embed(document_ids=document_ids)
    except semantic_encoder.EncoderUnavailable as exc:
        logger.warning("Library passages left without embeddings: %s", exc)


@dataclass(frozen=True)
class BackfillResult:
    split: int  # documents split into passages for the first time
    embedded: int  # passages given a vector


def library_embed_backfill(
    *, progress: Callable[[int], None] | None = None, to_embed: Callable[[int], None] | None = None
) -> BackfillResult:
    """Split documents that have no passages yet, then embed every passage lacking a current vector.

    ``to_embed`` hears how many passages are about to be embedded; ``progress`` each batch done.
    """
    split = 0
    for document in selectors.documents_without_passages():
        with transaction.atomic():
            library_passages_split(document=document)
        split += 1
    if to_embed is not None:
        to_embed(selectors.passages_to_embed(encoder=ENCODER_NAME).count())
    return BackfillResult(split=split, embedded=library_passages_embed(progress=progress))


# --------------------------------------------------------------------------------------------
# Relevance of candidates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relevance:
    """A candidate's fused relevance and dense cosine (None without the encoder), and its best passage."""

    value: float | None = None
    similarity: float | None = None
    passage: str | None = None


def candidates_relevance(claim_text: str, candidates: Sequence[Candidate], *, minimum: float) -> list[Relevance]:
    """How relevant each candidate is to the claim, in order.

    A library candidate (with ``document_id``) is scored by the best of its document's passages
    (splitting a document without passages and embedding any passage that lacks a vector first);
    its snippet is that passage and, when it also reaches ``minimum``, the next best (up to
    :data:`SNIPPET_PASSAGES`), in the document's order. Any other candidate is scored by its title
    and snippet.
    """
    if not candidates:
        return []
    documents = {c.document_id for c in candidates if c.document_id is not None}
    # Documents restored from an export (which leaves out passages, derived data) or added before
    # passages existed are split now; any passage lacking a vector is embedded below.
    for document in selectors.documents_without_passages().filter(pk__in=documents):
        library_passages_split(document=document)
    try:
        if documents:
            library_passages_embed(document_ids=documents)
        others = [f"{c.title}. {c.snippet}" for c in candidates if c.document_id is None]
        vectors = semantic_encoder.encode([claim_text, *others])
    except semantic_encoder.EncoderUnavailable as exc:
        logger.warning("Evidence ranked without relevance (no minimum applied): %s", exc)
        return [Relevance() for _ in candidates]
    claim_vector, other_vectors = vectors[0], iter(vectors[1:])
    stored = selectors.passage_vectors(encoder=ENCODER_NAME, document_ids=documents) if documents else None
    stats = selectors.library_term_stats()
    results: list[Relevance] = []
    for candidate in candidates:
        if candidate.document_id is None:
            text = f"{candidate.title}. {candidate.snippet}"
            cosine = float(next(other_vectors) @ claim_vector)
            value = relevance.fuse(relevance.lexical_overlap(claim_text, text, stats), cosine)
            results.append(Relevance(value, round(cosine, 4)))
            continue
        results.append(_best_passage(claim_text, claim_vector, candidate, stored, stats, minimum))
    return results


def _best_passage(
    claim_text: str,
    claim_vector: np.ndarray,
    candidate: Candidate,
    stored: selectors.PassageVectors | None,
    stats: relevance.TermStats,
    minimum: float,
) -> Relevance:
    rows = [i for i, doc in enumerate(stored.document_ids) if doc == candidate.document_id] if stored else []
    if not rows or stored is None:
        return Relevance()  # a document without text to embed: ranked the old way
    cosines = stored.matrix[rows] @ claim_vector
    scored = sorted(
        (
            (relevance.fuse(relevance.lexical_overlap(claim_text, stored.texts[i], stats), float(c)), float(c), i)
            for i, c in zip(rows, cosines, strict=True)
        ),
        key=lambda item: (-item[0], item[2]),
    )
    best_value, best_cosine, _ = scored[0]
    # The snippet: the best passage, and the next best when it is relevant too (a note's troop count
    # and its headquarters plan are often in two paragraphs), in the document's order.
    shown = sorted(i for value, _, i in scored[:SNIPPET_PASSAGES] if value >= minimum or i == scored[0][2])
    return Relevance(best_value, round(best_cosine, 4), " … ".join(stored.texts[i] for i in shown))
