"""Embeddings of claims and archived fact-checks: the one encoder (:mod:`claims.semantic.encoder`), in batches."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np

from archive.models import FactCheck
from claims.models import Claim
from claims.semantic.encoder import BASE_WEIGHTS_SHA256, EncoderUnavailable
from claims.semantic.retrieval import TITLE_VECTOR_WEIGHT, document_vectors, query_vectors
from factcheck import clock
from factcheck.vectors import Embedding

logger = logging.getLogger(__name__)

# Stored beside every vector: a different model, weights or recipe means the vector must be recomputed.
# Fact-checks store claim + TITLE_VECTOR_WEIGHT x title (claims.semantic.retrieval.document_vectors);
# claims store their text's query vector (query_vectors).
ENCODER_NAME = f"all-MiniLM-L6-v2@{BASE_WEIGHTS_SHA256[:12]}+title{TITLE_VECTOR_WEIGHT:g}"
BATCH = 256


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Normalised query vectors of ``texts`` (shape ``(n, 384)``); raises EncoderUnavailable without the model."""
    return np.asarray(query_vectors(list(texts)), dtype=np.float32)


def embed_one(text: str) -> Embedding | None:
    """The query vector of one text, or None when the encoder cannot load (matching falls back to full text)."""
    try:
        return embed_texts([text])[0]
    except EncoderUnavailable as exc:
        logger.warning("No embedding (the encoder is unavailable): %s", exc)
        return None


def claim_embed(claim: Claim) -> Embedding | None:
    """The claim's vector, computed and stored if missing or written by another model."""
    if claim.embedding is not None and claim.embedding_model == ENCODER_NAME:
        return claim.embedding
    vector = embed_one(claim.text)
    if vector is not None:
        Claim.objects.filter(pk=claim.pk).update(embedding=vector, embedding_model=ENCODER_NAME)
        claim.embedding, claim.embedding_model = vector, ENCODER_NAME
    return vector


def factchecks_embed(ids: Sequence[int], *, progress: Callable[[int], None] | None = None) -> int:
    """Compute and store the vectors of the given fact-checks in batches; returns how many were written."""
    written = 0
    for start in range(0, len(ids), BATCH):
        rows = list(FactCheck.objects.filter(pk__in=ids[start : start + BATCH]).only("id", "claim_reviewed", "title"))
        vectors = document_vectors([row.claim_reviewed for row in rows], [row.title for row in rows])
        now = clock.now()  # a new vector is a change of the row (the SQLite search cache's stamp reads it)
        for row, vector in zip(rows, vectors, strict=True):
            row.embedding, row.embedding_model, row.updated_at = vector, ENCODER_NAME, now
        FactCheck.objects.bulk_update(rows, ["embedding", "embedding_model", "updated_at"])
        written += len(rows)
        if progress is not None:
            progress(len(rows))
    return written


def claims_embed(ids: Sequence[int], *, progress: Callable[[int], None] | None = None) -> int:
    """Compute and store the vectors of the given claims in batches; returns how many were written."""
    written = 0
    for start in range(0, len(ids), BATCH):
        rows = list(Claim.objects.filter(pk__in=ids[start : start + BATCH]).only("id", "text"))
        vectors = embed_texts([row.text for row in rows])
        for row, vector in zip(rows, vectors, strict=True):
            row.embedding, row.embedding_model = vector, ENCODER_NAME
        Claim.objects.bulk_update(rows, ["embedding", "embedding_model"])
        written += len(rows)
        if progress is not None:
            progress(len(rows))
    return written


def stale_embeddings() -> tuple[list[int], list[int]]:
    """Ids of the claims and fact-checks without a vector of the current model (new rows, a model change)."""
    claims = Claim.objects.exclude(embedding_model=ENCODER_NAME).values_list("id", flat=True)
    factchecks = FactCheck.objects.exclude(embedding_model=ENCODER_NAME).values_list("id", flat=True)
    return list(claims), list(factchecks)
