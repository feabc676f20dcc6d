"""Dense search on SQLite is exact; the embedding column round-trips on either database."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection

from archive.models import FactCheck
from archive.selectors.vectors import Corpus, cosines, nearest
from claims.models import Verdict
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.standard_normal((n, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _archive(vectors: np.ndarray) -> list[int]:
    rows = FactCheck.objects.bulk_create(
        [
            FactCheck(source="t", external_id=str(i), claim_reviewed=f"claim {i}", embedding=v)
            for i, v in enumerate(vectors)
        ]
    )
    return (
        [row.pk for row in rows] if rows[0].pk else list(FactCheck.objects.order_by("id").values_list("id", flat=True))
    )


def test_the_embedding_comes_back_as_the_float32_vector_that_was_stored() -> None:
    vector = _unit(np.random.default_rng(1), 1)[0]
    [pk] = _archive(vector[None, :])
    assert np.allclose(FactCheck.objects.get(pk=pk).embedding, vector, atol=1e-6)


def test_sqlite_nearest_is_the_exact_top_k_by_dot_product() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("exactness is the SQLite engine's promise; PostgreSQL's HNSW is approximate")
    rng = np.random.default_rng(7)
    vectors = _unit(rng, 300)
    ids = _archive(vectors)
    FactCheck.objects.create(source="t", external_id="no-vector", claim_reviewed="not embedded yet")
    query = _unit(rng, 1)[0]
    expected = sorted(zip(ids, (vectors @ query).tolist(), strict=True), key=lambda p: -p[1])[:10]
    found = nearest(query, 10)
    assert [pk for pk, _ in found] == [pk for pk, _ in expected]
    assert np.allclose([s for _, s in found], [s for _, s in expected], atol=1e-5)
    assert nearest(query, 1000)[-1][0] in ids  # k above the row count: every embedded row, no more
    assert len(nearest(query, 1000)) == 300


def test_the_claim_corpus_is_only_claims_with_a_published_verdict_and_never_the_claim_itself(editor: object) -> None:
    rng = np.random.default_rng(3)
    a, b, c = _unit(rng, 3)
    published = VerdictFactory(status=Verdict.Status.PUBLISHED, published_at="2026-11-01T00:00:00Z").claim
    draft = VerdictFactory().claim
    plain = ClaimFactory()
    for claim, vector in ((published, a), (draft, b), (plain, c)):
        claim.embedding = vector
        claim.save(update_fields=["embedding"])
    assert [pk for pk, _ in nearest(b, 5, corpus=Corpus.CLAIM)] == [published.pk]
    assert nearest(a, 5, corpus=Corpus.CLAIM, exclude=published.pk) == []
    assert cosines(a, [published.pk, plain.pk], corpus=Corpus.CLAIM) == pytest.approx(
        {published.pk: 1.0, plain.pk: float(a @ c)}, abs=1e-5
    )


def test_a_vector_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="384"):
        nearest(np.ones(10, dtype=np.float32), 3)
