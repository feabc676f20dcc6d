"""Dense search: the archived fact-checks or published claims nearest to a vector, one interface, two engines.

* PostgreSQL: the pgvector ``<=>`` (cosine distance) operator, served by the HNSW index of each
  table (``archive_factcheck_embedding_hnsw``, ``claim_embedding_hnsw``); approximate, as HNSW is.
* SQLite: every stored vector read as float32 bytes and scored with one numpy dot product: exact,
  and fast enough at demo scale (20,000 rows in tens of milliseconds; see ``bench/archive_match.py``).

Vectors are L2-normalised (the encoder writes them so), so cosine similarity is the dot product.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from factcheck.vectors import Embedding, as_text

# HNSW explores this many candidates at least (pgvector's default is 40); it must be >= k.
EF_SEARCH_MIN = 100
DIMENSIONS = 384


class Corpus(StrEnum):
    """What is searched: fact-checks from elsewhere, or the workbench's claims with a published verdict."""

    FACTCHECK = "factcheck"
    CLAIM = "claim"


# (table and joins, the filter) per corpus; the claim corpus is the claims whose verdict is published.
_FROM = {
    Corpus.FACTCHECK: ("archive_factcheck t", "t.embedding IS NOT NULL"),
    Corpus.CLAIM: (
        "claims_claim t JOIN claims_verdict v ON v.claim_id = t.id AND v.status = 'published'",
        "t.embedding IS NOT NULL",
    ),
}


def nearest(
    vector: Sequence[float] | Embedding, k: int, *, corpus: Corpus = Corpus.FACTCHECK, exclude: int | None = None
) -> list[tuple[int, float]]:
    """The ``k`` rows of ``corpus`` nearest to ``vector``: ``(id, cosine similarity)``, best first.

    ``exclude`` leaves one id out (a claim is never its own match). Rows without an embedding are
    not searched. One query on PostgreSQL (inside a transaction, for its ``SET LOCAL``s), one on SQLite.
    """
    if k <= 0:
        return []
    query = np.asarray(vector, dtype=np.float32).reshape(-1)
    if query.shape[0] != DIMENSIONS:
        raise ValueError(f"Expected a vector of {DIMENSIONS} values, got {query.shape[0]}.")
    if connection.vendor == "postgresql":
        return _nearest_postgres(query, k, corpus, exclude)
    if connection.vendor == "sqlite":
        return _nearest_sqlite(query, k, corpus, exclude)
    raise ImproperlyConfigured(f"Vector search supports PostgreSQL and SQLite, not {connection.vendor}.")


def cosines(vector: Sequence[float] | Embedding, ids: Sequence[int], *, corpus: Corpus) -> dict[int, float]:
    """Cosine similarity of ``vector`` to each of ``ids`` that has an embedding (exact, both engines)."""
    if not ids:
        return {}
    query = np.asarray(vector, dtype=np.float32).reshape(-1)
    table = "archive_factcheck" if corpus == Corpus.FACTCHECK else "claims_claim"
    placeholders = ",".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT id, 1 - (embedding <=> %s::vector) FROM {table} "  # noqa: S608 - fixed table names; values are placeholders
            f"WHERE embedding IS NOT NULL AND id IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [as_text(query), *ids])
            return {int(pk): float(score) for pk, score in cursor.fetchall()}
    sql = f"SELECT id, embedding FROM {table} WHERE embedding IS NOT NULL AND id IN ({placeholders})"  # noqa: S608 - fixed table names; values are placeholders
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    return {int(pk): float(np.frombuffer(blob, dtype="<f4") @ query) for pk, blob in rows}


def postgres_nearest_sql(corpus: Corpus, *, exclude: bool = False) -> str:
    """The statement :func:`nearest` runs on PostgreSQL (params: the vector's text[, the id left out], k)."""
    source, where = _FROM[corpus]
    if exclude:
        where += " AND t.id <> %s"
    return (
        f"SELECT t.id, t.embedding <=> q.v AS distance FROM {source}, (SELECT %s::vector AS v) q "  # noqa: S608 - fixed table names; values are placeholders
        f"WHERE {where} ORDER BY t.embedding <=> q.v LIMIT %s"
    )


def postgres_search_settings(k: int) -> list[str]:
    """The ``SET LOCAL``s a search of ``k`` rows runs first (inside its transaction)."""
    return [
        f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH_MIN, int(k))}",
        # A filtered search (published claims only) keeps walking the graph until k rows pass.
        "SET LOCAL hnsw.iterative_scan = relaxed_order",
    ]


def _nearest_postgres(query: Embedding, k: int, corpus: Corpus, exclude: int | None) -> list[tuple[int, float]]:
    params: list[str | int] = [as_text(query)]
    if exclude is not None:
        params.append(exclude)
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in postgres_search_settings(k):
            cursor.execute(statement)
        cursor.execute(postgres_nearest_sql(corpus, exclude=exclude is not None), [*params, k])
        rows = cursor.fetchall()
    found = [(int(pk), 1.0 - float(distance)) for pk, distance in rows]
    found.sort(key=lambda row: (-row[1], row[0]))  # relaxed order: put the few swaps back
    return found


def _nearest_sqlite(query: Embedding, k: int, corpus: Corpus, exclude: int | None) -> list[tuple[int, float]]:
    ids, matrix = _sqlite_matrix(corpus)
    if exclude is not None and len(ids):
        keep = ids != exclude
        ids, matrix = ids[keep], matrix[keep]
    if not len(ids):
        return []
    scores = matrix @ query
    top = np.argpartition(-scores, k - 1)[:k] if k < len(ids) else np.arange(len(ids))
    order = sorted(top.tolist(), key=lambda i: (-float(scores[i]), int(ids[i])))
    return [(int(ids[i]), float(scores[i])) for i in order]


# The archive's matrix, kept per process between searches while the table's stamp (row count, largest
# id, latest update: three index look-ups) is the same, instead of reading every vector again. Any
# write that adds, removes or replaces a vector changes the stamp (factchecks_embed stamps
# updated_at; the admin cannot edit vectors), so a search never sees a stale matrix.
_CACHE: dict[tuple[str, str], tuple[tuple[object, ...], np.ndarray, np.ndarray]] = {}
_STAMP_SQL = "SELECT count(*), max(id), max(updated_at) FROM archive_factcheck"


def _sqlite_matrix(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    source, where = _FROM[corpus]
    key = (str(connection.settings_dict["NAME"]), corpus.value)
    with connection.cursor() as cursor:
        stamp: tuple[object, ...] | None = None
        if corpus == Corpus.FACTCHECK:  # published claims are few: always read fresh
            cursor.execute(_STAMP_SQL)
            stamp = tuple(cursor.fetchone() or ())
            cached = _CACHE.get(key)
            if cached is not None and cached[0] == stamp:
                return cached[1], cached[2]
        cursor.execute(f"SELECT t.id, t.embedding FROM {source} WHERE {where}")  # noqa: S608 - fixed table names
        rows = cursor.fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype="<f4").reshape(len(rows), DIMENSIONS)
    if stamp is not None:
        _CACHE[key] = (stamp, ids, matrix)
    return ids, matrix
