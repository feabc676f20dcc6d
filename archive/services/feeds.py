"""Pulling configured ClaimReview feeds into the archive, through the safe fetcher.

``FACTCHECK_FEEDS`` lists ``name=url`` pairs; each feed is fetched with the project's one HTTP
client (public addresses only, size and time limits), read as ClaimReview JSON-LD (a DataFeed, a
list or one review) and imported under its name as the source, so a feed updates its own rows.
"""

from __future__ import annotations

import dataclasses
import logging

from django.conf import settings

from archive.formats import UnreadableFile, parse
from archive.services.imports import factchecks_import
from factcheck.errors import DomainError
from factcheck.fetching import FetchError, FetchPolicy, fetch

logger = logging.getLogger(__name__)

JSON_TYPES = ("application/json", "application/ld+json", "text/plain")


def configured_feeds() -> dict[str, str]:
    """``FACTCHECK_FEEDS`` as name → URL (a pair without ``=`` is named by its position)."""
    feeds: dict[str, str] = {}
    for position, item in enumerate(settings.FACTCHECK_FEEDS, start=1):
        name, sep, url = item.partition("=")
        feeds[name.strip() if sep else f"feed{position}"] = (url if sep else name).strip()
    return feeds


def feed_pull(name: str, url: str) -> str:
    """Fetch and import one feed; the import's summary, or raises DomainError with the reason."""
    base = FetchPolicy.from_settings()
    policy = dataclasses.replace(base, allowed_content_types=JSON_TYPES)
    try:
        result = fetch(url, policy=policy)
    except FetchError as exc:
        raise DomainError(f"{name}: {exc.reason}") from None
    try:
        parsed = parse(f"{name}.json", result.content)
    except UnreadableFile as exc:
        raise DomainError(f"{name}: {exc}") from None
    return factchecks_import(parsed=parsed, source=name, user=None).summary()


def feeds_pull() -> dict[str, str]:
    """Pull every configured feed; one failing feed is logged and reported, the others still run."""
    outcome: dict[str, str] = {}
    for name, url in configured_feeds().items():
        try:
            outcome[name] = feed_pull(name, url)
        except DomainError as exc:
            logger.warning("Fact-check feed not imported: %s", exc.message)
            outcome[name] = f"failed: {exc.message}"
    return outcome
