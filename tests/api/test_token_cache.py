"""The token → user → permissions resolution is cached across requests and forgotten on changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from factcheck import roles
from factcheck.models import ApiToken
from factcheck.services.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

AUTH_TABLES = tuple(f'FROM "{t}"' for t in ("factcheck_apitoken", "auth_user", "auth_permission", "auth_group"))


def _client(user: Any) -> tuple[APIClient, ApiToken]:
    created = api_token_create(user=user, name="cache")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.key}")
    return client, created.token


def _auth_queries(client: APIClient, path: str = "/api/v1/claims/") -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as seen:
        status = client.get(path).status_code
    return status, [q["sql"] for q in seen.captured_queries if any(t in q["sql"] for t in AUTH_TABLES)]


def test_a_known_token_reads_no_token_user_or_permission_rows(factchecker: Any) -> None:
    client, _ = _client(factchecker)
    status, first = _auth_queries(client)
    assert status == 200 and first  # the first request resolves and stores it
    status, second = _auth_queries(client)
    assert status == 200 and second == []


def test_revoking_a_token_refuses_it_at_once(factchecker: Any) -> None:
    client, token = _client(factchecker)
    assert client.get("/api/v1/claims/").status_code == 200
    api_token_revoke(token=token, user=factchecker)
    assert client.get("/api/v1/claims/").status_code == 401


def test_deleting_a_token_refuses_it_at_once(factchecker: Any) -> None:
    client, token = _client(factchecker)
    assert client.get("/api/v1/claims/").status_code == 200
    token.delete()
    assert client.get("/api/v1/claims/").status_code == 401


def test_deactivating_the_user_refuses_the_token_at_once(factchecker: Any) -> None:
    client, _ = _client(factchecker)
    assert client.get("/api/v1/claims/").status_code == 200
    factchecker.is_active = False
    factchecker.save()
    assert client.get("/api/v1/claims/").status_code == 401


def test_losing_the_role_is_seen_at_once_from_either_side(factchecker: Any, factchecker2: Any) -> None:
    client, _ = _client(factchecker)
    client2, _ = _client(factchecker2)
    assert client.get("/api/v1/claims/").status_code == 200
    assert client2.get("/api/v1/claims/").status_code == 200
    factchecker.groups.clear()
    Group.objects.get(name=roles.FACT_CHECKER).user_set.remove(factchecker2)
    assert client.get("/api/v1/claims/").status_code == 403
    assert client2.get("/api/v1/claims/").status_code == 403


def test_gaining_a_role_back_is_seen_at_once(factchecker: Any) -> None:
    client, _ = _client(factchecker)  # tokens are only made for users with a role
    group = Group.objects.get(name=roles.FACT_CHECKER)
    factchecker.groups.remove(group)
    assert client.get("/api/v1/claims/").status_code == 403
    factchecker.groups.add(group)
    assert client.get("/api/v1/claims/").status_code == 200


def test_a_permission_taken_from_the_role_is_seen_at_once(factchecker: Any) -> None:
    client, _ = _client(factchecker)
    assert client.get("/api/v1/claims/").status_code == 200
    view_claim = Permission.objects.get(codename="view_claim", content_type__app_label="claims")
    Group.objects.get(name=roles.FACT_CHECKER).permissions.remove(view_claim)
    assert client.get("/api/v1/claims/").status_code == 403


def test_the_cache_can_be_turned_off(factchecker: Any, settings: Any) -> None:
    settings.API_TOKEN_CACHE_SECONDS = 0
    client, _ = _client(factchecker)
    client.get("/api/v1/claims/")
    _, second = _auth_queries(client)
    assert any('FROM "factcheck_apitoken"' in sql for sql in second)
