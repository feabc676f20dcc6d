"""Helpers for the API tests: clients that authenticate with a real API token."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck import roles
from factcheck.models import ApiToken
from factcheck.services.tokens import KEY_PREFIX, PREFIX_LENGTH, api_token_create, hash_key


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


def token_key(user: Any) -> str:
    """A new API token of ``user``. A user without a role cannot create one (the service refuses), but
    may still hold one made while they had a role: that is the token the permission tests send."""
    if roles.can_create_api_tokens(user):
        return api_token_create(user=user, name="tests").key
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="tests", prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key))
    return key


@pytest.fixture
def client_for(db: Any) -> Callable[[Any], APIClient]:
    """``client_for(user)``: an APIClient sending ``Authorization: Bearer <a new token of user>``."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_key(user)}")
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
