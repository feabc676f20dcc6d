"""PostgreSQL + pgvector: the vector column, its HNSW index serving nearest-neighbour queries.

Service tests: outside CI they skip without PostgreSQL and the ``vector`` extension; in CI they fail.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.db import connection, transaction

from archive.models import FactCheck
from archive.selectors.vectors import Corpus, nearest, postgres_nearest_sql, postgres_search_settings
from factcheck.vectors import as_text
from tests.conftest import require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def pgvector(db: Any) -> None:
    require_service(connection.vendor == "postgresql", "needs PostgreSQL; set DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cursor.fetchone()
    require_service(row is not None, "needs the pgvector extension (see README: Installing pgvector)")


def _rows(n: int, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    FactCheck.objects.bulk_create(
        [FactCheck(source="g", external_id=str(i), claim_reviewed=f"c{i}", embedding=v) for i, v in enumerate(vectors)],
        batch_size=500,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_factcheck")
    return vectors


def test_the_embedding_column_is_a_pgvector_vector_with_an_hnsw_index(pgvector: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'archive_factcheck'::regclass AND attname = 'embedding'"
        )
        assert cursor.fetchone() == ("vector(384)",)
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'archive_factcheck_embedding_hnsw'")
        assert "hnsw (embedding vector_cosine_ops)" in cursor.fetchone()[0]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_embedding_hnsw'")
        assert cursor.fetchone() is not None


def test_nearest_is_answered_by_the_hnsw_index(pgvector: None) -> None:
    vectors = _rows(1000)
    query = vectors[17]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in postgres_search_settings(10):
            cursor.execute(statement)
        cursor.execute("EXPLAIN " + postgres_nearest_sql(Corpus.FACTCHECK), [as_text(query), 10])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "archive_factcheck_embedding_hnsw" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_nearest_on_postgres_finds_the_true_neighbours(pgvector: None) -> None:
    vectors = _rows(800, seed=9)
    ids = list(FactCheck.objects.order_by("id").values_list("id", flat=True))
    query = vectors[123] + 0.05 * vectors[7]
    query /= np.linalg.norm(query)
    exact = [ids[i] for i in np.argsort(-(vectors @ query))[:10]]
    found = nearest(query, 10)
    assert found[0][0] == ids[123]
    assert len(set(exact) & {pk for pk, _ in found}) >= 8  # HNSW is approximate; recall stays high
    assert found[0][1] == pytest.approx(float(vectors[123] @ query), abs=1e-4)
