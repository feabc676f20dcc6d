"""Helpers for the API tests: clients that authenticate with a real API token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck.services.tokens import api_token_create


@pytest.fixture(autouse=True)
def _fresh_throttle_counters() -> None:
    # Throttle counters live in the cache, and ids repeat between tests on a rolled-back database.
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_urls(settings: Any) -> None:
    # Tests run with DEBUG off, whose manifest storage needs `collectstatic`; pages only need URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def client_for(db: Any) -> Callable[[Any], APIClient]:
    """``client_for(user)``: an APIClient sending ``Authorization: Bearer <a new token of user>``."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            key = api_token_create(user=user, name="tests").key
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def read_within(django_assert_max_num_queries: Any) -> Callable[..., Any]:
    """``read_within(client, url, params, queries=N)``: GET as that client, failing when it takes
    more than N database queries or does not answer 200; the JSON body (the query-count pins)."""

    def read(client: APIClient, url: str, params: dict[str, Any], *, queries: int) -> Any:
        with django_assert_max_num_queries(queries):
            response = client.get(url, params)
        assert response.status_code == 200, response.content
        return response.json()

    return read
