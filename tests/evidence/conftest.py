"""Fixtures for the evidence tests: a clean cache, no real waiting, claims with real quantities."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from claims.extraction.quantities import extract_quantities
from claims.models import Claim
from claims.services.claims_store import quantity_row
from evidence.providers import cache as provider_cache
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.services.conftest import redis_url  # noqa: F401 - the Redis fixture, for test_worker.py

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "providers"

DEFENSE_CLAIM = (
    "The Trump administration is reportedly considering pressure on Tokyo to increase defense "
    "spending from 2% of Japan’s gross domestic product to at least 3%."
)
TROOPS_CLAIM = "A joint force headquarters is being established to upgrade the 55,000 troops of the U.S. Forces Japan."


def recorded(provider: str, name: str) -> Any:
    """A recorded response from tests/fixtures/providers/<provider>/<name>.json, parsed."""
    return json.loads((FIXTURES / provider / f"{name}.json").read_text(encoding="utf-8"))


class Sleeps(list[float]):
    """The waits the HTTP client asked for, instead of sleeping them."""


@pytest.fixture(autouse=True)
def _clean_cache_and_no_sleep(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Sleeps:
    cache.clear()
    provider_cache.clear()
    sleeps = Sleeps()
    monkeypatch.setattr("evidence.providers.http.sleep", sleeps.append)
    settings.PROVIDER_MAX_ATTEMPTS = 3
    settings.PROVIDER_MAX_WAIT = 10.0
    settings.FACTCHECK_TOOLS_API_KEY = ""
    # Every provider runs here: their HTTP is answered by recorded responses or local stand-ins.
    settings.EVIDENCE_PROVIDERS = ["library", "archive", "wikipedia", "worldbank", "factcheck_tools"]
    # Pages render without a collectstatic manifest (tests run with DEBUG off).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield sleeps
    cache.clear()
    provider_cache.clear()


@pytest.fixture
def sleeps(_clean_cache_and_no_sleep: Sleeps) -> Sleeps:
    return _clean_cache_and_no_sleep


def claim_with_quantities(text: str, *, speaker: str | None = "Pete Hegseth", **kwargs: Any) -> Claim:
    """A stored claim whose Quantity rows are what the extraction pipeline reads in ``text``."""
    article = kwargs.pop("article", None) or ArticleFactory(published=dt.date(2025, 3, 30))
    claim = ClaimFactory(
        text=text, article=article, speaker=SpeakerFactory(name=speaker) if speaker else None, **kwargs
    )
    claim.quantities.all().delete()
    for q in extract_quantities(text):
        quantity_row(claim, q).save()
    return claim
