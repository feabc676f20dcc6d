"""What every provider takes and gives: plain dataclasses, one error type, one base class.

Providers never see ORM objects: the task turns a Claim into a :class:`ClaimInput` and stores the
:class:`Candidate` values they return. Library and archive look-ups that need the database go
through selectors (``evidence.search``, ``evidence.selectors``), which also return plain values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings

from claims.extraction.types import Quantity
from factcheck.errors import ReadableError


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` calls per ``per_seconds``, shared by every worker (see ``http.py``)."""

    requests: int
    per_seconds: int

    def __str__(self) -> str:
        unit = {1: "second", 60: "minute", 3600: "hour"}.get(self.per_seconds, f"{self.per_seconds} s")
        return f"{self.requests} per {unit}"


@dataclass(frozen=True)
class ClaimInput:
    """The parts of a claim a provider may use. Built by ``evidence.services.gathering.claim_input``."""

    claim_id: int
    text: str
    kind: str = ""
    speaker: str | None = None
    quantities: tuple[Quantity, ...] = ()
    # When the claim was made (the article's date), or None: providers use it to choose a year.
    date: dt.date | None = None
    article_id: int | None = None


@dataclass(frozen=True)
class Candidate:
    """One piece of evidence a provider found. ``url`` identifies it per claim and provider."""

    url: str
    title: str
    snippet: str = ""
    source_name: str = ""
    published: dt.date | None = None
    document_id: int | None = None
    # Numbers the provider read from structured data (World Bank values): the ranking compares
    # these besides the numbers it reads in the snippet.
    quantities: tuple[Quantity, ...] = ()
    # The provider's own relevance score, when it has one (full-text rank): a ranking signal.
    provider_score: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class ProviderError(ReadableError):
    """A look-up that produced no answer. ``reason`` is a sentence for the FetchRun and the UI.

    ``transient`` says whether trying again later may succeed (timeouts, 429, 5xx, connection
    errors); ``retry_after`` is how long the service asked us to wait, in seconds, if it said.
    """

    def __init__(self, reason: str, *, transient: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class Provider:
    """One source of evidence. Subclasses set the class attributes and implement :meth:`search`."""

    name: ClassVar[str]
    label: ClassVar[str]
    rate_limit: ClassVar[RateLimit | None] = None

    def not_configured_reason(self) -> str | None:
        """Why the provider cannot run (turned off, no API key), or None when it can."""
        if self.name not in settings.EVIDENCE_PROVIDERS:
            return "Turned off: not listed in the EVIDENCE_PROVIDERS setting."
        return self.configuration_problem()

    def configuration_problem(self) -> str | None:
        """What the provider itself lacks to run (an API key), or None."""
        return None

    def search(self, claim: ClaimInput) -> list[Candidate]:  # pragma: no cover - abstract
        """Candidates for ``claim``, best first. Raises :class:`ProviderError` with a readable reason."""
        raise NotImplementedError
