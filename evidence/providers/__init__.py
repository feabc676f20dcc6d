"""Evidence providers: one module each, one registry (name → provider), in the order shown.

Add a provider by writing a :class:`~evidence.providers.base.Provider` subclass in its own module
and listing it in :data:`PROVIDER_CLASSES`.
"""

from __future__ import annotations

from evidence.providers.archive import ArchiveProvider
from evidence.providers.base import Candidate, ClaimInput, Provider, ProviderError, RateLimit
from evidence.providers.factcheck_tools import FactCheckToolsProvider
from evidence.providers.library import LibraryProvider
from evidence.providers.wikipedia import WikipediaProvider
from evidence.providers.worldbank import WorldBankProvider

PROVIDER_CLASSES: tuple[type[Provider], ...] = (
    LibraryProvider,
    ArchiveProvider,
    WikipediaProvider,
    WorldBankProvider,
    FactCheckToolsProvider,
)

# Providers that need no network: what the demo gathers on a machine without internet.
OFFLINE = ("library", "archive")


def registry() -> dict[str, Provider]:
    """Every provider by name, configured or not (the UI shows both)."""
    return {cls.name: cls() for cls in PROVIDER_CLASSES}


def get(name: str) -> Provider:
    """The provider called ``name``; KeyError if there is none."""
    return registry()[name]


__all__ = ["OFFLINE", "Candidate", "ClaimInput", "Provider", "ProviderError", "RateLimit", "get", "registry"]
