"""What the semantic layer is told by its host: encoder threads and which check-worthiness model.

The package is pure of Django: the claims app feeds these from settings at start-up and again when a
setting changes (tests); offline tools that run without settings keep the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SemanticOptions", "configure", "options"]


@dataclass(frozen=True, slots=True)
class SemanticOptions:
    threads: int = 1
    checkworthiness_model: str = "v2"


_current = SemanticOptions()


def configure(*, threads: int | None = None, checkworthiness_model: str | None = None) -> SemanticOptions:
    """Set the options the next model load uses (models already loaded keep theirs)."""
    global _current
    _current = SemanticOptions(
        threads=max(1, int(threads)) if threads is not None else _current.threads,
        checkworthiness_model=checkworthiness_model or _current.checkworthiness_model,
    )
    return _current


def options() -> SemanticOptions:
    return _current
