"""Embedding columns that work on both databases: pgvector ``vector(n)`` on PostgreSQL, float32 bytes on SQLite.

Python sees a 1-D ``numpy.float32`` array (or None) either way. On PostgreSQL the column is the
pgvector type, so an HNSW index (``vector_cosine_ops``) can serve nearest-neighbour queries; the
value travels as pgvector's text form, which needs no adapter registered on the connection. On
SQLite (no loadable extensions here, so no sqlite-vec) the column is a BLOB of little-endian
float32 values, searched exactly with numpy (see ``archive.selectors.vectors``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import models
from pgvector import Vector

Embedding = npt.NDArray[np.float32]


def as_bytes(vector: Any) -> bytes:
    """The SQLite storage form of a vector: little-endian float32."""
    return np.asarray(vector, dtype="<f4").reshape(-1).tobytes()


def as_text(vector: Any) -> str:
    """The pgvector text form of a vector (``[0.1,0.2,...]``), as COPY and casts read it."""
    return "[" + ",".join(repr(float(x)) for x in np.asarray(vector, dtype=np.float32).reshape(-1)) + "]"


class EmbeddingField(models.Field):  # type: ignore[type-arg]
    """A fixed-width float32 vector; ``vector(dimensions)`` on PostgreSQL, ``BLOB`` elsewhere."""

    description = "Embedding vector"
    empty_strings_allowed = False

    def __init__(self, *args: Any, dimensions: int = 384, **kwargs: Any) -> None:
        self.dimensions = dimensions
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["dimensions"] = self.dimensions
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def db_type(self, connection: Any) -> str:
        if connection.vendor == "postgresql":
            return f"vector({self.dimensions})"
        return "BLOB"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Embedding | None:
        return self.to_python(value)

    def to_python(self, value: Any) -> Embedding | None:
        if value is None:
            return None
        if isinstance(value, (bytes, bytearray, memoryview)):
            return np.frombuffer(bytes(value), dtype="<f4").astype(np.float32)
        if isinstance(value, str):
            return np.asarray(Vector._from_db(value), dtype=np.float32)
        if isinstance(value, Vector):
            return value.to_numpy().astype(np.float32)
        return np.asarray(value, dtype=np.float32).reshape(-1)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        array = np.asarray(value, dtype=np.float32).reshape(-1)
        if array.shape[0] != self.dimensions:
            raise ValueError(f"Expected a vector of {self.dimensions} values, got {array.shape[0]}.")
        if connection.vendor == "postgresql":
            return as_text(array)
        return as_bytes(array)

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else as_text(value)
