"""Fixtures of the archive tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "archive"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


_VECTORS: dict[tuple[str, str, str], np.ndarray] = {}


@pytest.fixture(autouse=True)
def _encode_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real encoder, but each text encoded once per test session (the archive tests re-import
    the same fixture files many times)."""
    from archive.services import embedding
    from claims.semantic import retrieval

    def documents(texts: Sequence[str], titles: Sequence[str]) -> np.ndarray:
        missing = [(t, h) for t, h in zip(texts, titles, strict=True) if ("d", t, h) not in _VECTORS]
        if missing:
            fresh = retrieval.document_vectors([t for t, _ in missing], [h for _, h in missing])
            for (t, h), vector in zip(missing, fresh, strict=True):
                _VECTORS[("d", t, h)] = vector
        return np.array([_VECTORS[("d", t, h)] for t, h in zip(texts, titles, strict=True)], dtype=np.float32)

    def queries(texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in texts if ("q", t, "") not in _VECTORS]
        if missing:
            for t, vector in zip(missing, retrieval.query_vectors(missing), strict=True):
                _VECTORS[("q", t, "")] = vector
        return np.array([_VECTORS[("q", t, "")] for t in texts], dtype=np.float32).reshape(len(texts), -1)

    monkeypatch.setattr(embedding, "document_vectors", documents)
    monkeypatch.setattr(embedding, "query_vectors", queries)
