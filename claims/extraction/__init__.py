"""Pure claim extraction: text in, :mod:`claims.extraction.types` dataclasses out (no Django imports)."""

from claims.extraction.pipeline import extract_claims
from claims.extraction.quantities import extract_quantities

__all__ = ["extract_claims", "extract_quantities"]
