"""Races through the API on PostgreSQL (issue 10, cases 5 and 6): concurrent requests on their own
connections, released together."""

from __future__ import annotations

from collections import Counter
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from rest_framework.test import APIClient

from claims import services
from claims.models import Article, Verdict, VerdictRevision
from claims.tasks import ingest_article
from factcheck.services.tokens import api_token_create
from tests.concurrency import run_together
from tests.conftest import require_service
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.services


@pytest.fixture
def postgres(transactional_db: Any) -> None:
    require_service(connection.vendor == "postgresql", "needs PostgreSQL; set DATABASE_URL=postgres://...")


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_twenty_concurrent_posts_with_one_idempotency_key_store_one_article(postgres: Any, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"},
    }
    user = UserFactory(username="desk", role="fact-checker")
    key = api_token_create(user=user, name="race").key
    body = {"text": "The minister said unemployment fell to 3.2 percent in March, the lowest since 1990."}
    with mock.patch.object(ingest_article, "apply_async"):  # only the submission race matters here
        responses = run_together(
            20, lambda i: _client(key).post("/api/v1/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
        )
    statuses = Counter(getattr(r, "status_code", type(r).__name__) for r in responses)
    assert set(statuses) <= {201, 409}, statuses
    assert Article.objects.count() == 1
    ids = {r.json()["id"] for r in responses if r.status_code == 201}
    assert ids == {Article.objects.get().pk}
    # After the race every retry gets the stored answer.
    replay = _client(key).post("/api/v1/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"


def test_twenty_concurrent_patches_with_one_if_match_one_wins(postgres: Any, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"},
    }
    author = UserFactory(username="author", role="fact-checker")
    claim = services.claim_take(claim=ClaimFactory(), user=author)
    services.verdict_save_draft(claim=claim, user=author, rating=None, summary="v1", explanation="")
    key = api_token_create(user=author, name="race").key
    responses = run_together(
        20,
        lambda i: _client(key).patch(
            f"/api/v1/claims/{claim.pk}/verdict", {"summary": f"edit {i}"}, format="json", HTTP_IF_MATCH='"1"'
        ),
    )
    statuses = Counter(getattr(r, "status_code", type(r).__name__) for r in responses)
    assert statuses == Counter({200: 1, 412: 19}), statuses
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.version == 2
    assert VerdictRevision.objects.filter(verdict=verdict).count() == 2
    assert all(r.json()["current_version"] == 2 for r in responses if r.status_code == 412)
