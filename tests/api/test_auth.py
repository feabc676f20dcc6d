"""Tokens, 401 vs 403, the error body of auth failures, throttling per token."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIClient

from factcheck.api.pagination import ClaimCursorPagination
from factcheck.models import ApiToken
from factcheck.services.tokens import api_token_create, hash_key
from factcheck.users import signed_in_user

pytestmark = pytest.mark.django_db


def test_no_credentials_is_401_with_a_challenge_and_the_error_body(anon: APIClient) -> None:
    response = anon.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {"detail": "Authentication credentials were not provided.", "errors": {}}


@pytest.mark.parametrize("header", ["Bearer fcw_not-a-real-key", "Token fcw_nope", "Bearer", "Bearer a b"])
def test_a_wrong_or_malformed_token_is_401(anon: APIClient, header: str) -> None:
    anon.credentials(HTTP_AUTHORIZATION=header)
    response = anon.get("/api/v1/claims/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_a_user_without_a_role_is_403_not_401(client_for: Any, outsider: Any) -> None:
    response = client_for(outsider).get("/api/v1/claims/")
    assert response.status_code == 403
    assert "fact-checkers" in response.json()["detail"]


def test_both_token_keywords_are_accepted(factchecker: Any) -> None:
    key = api_token_create(user=factchecker, name="cms").key
    for keyword in ("Token", "Bearer"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
        assert client.get("/api/v1/me/").json()["role"] == "fact-checker"


def test_password_exchange_creates_a_token_whose_key_is_shown_once_and_stored_hashed(
    anon: APIClient, factchecker: Any
) -> None:
    response = anon.post(
        "/api/v1/auth/token/", {"username": "fc", "password": "correct horse battery staple", "name": "CMS"}
    )
    assert response.status_code == 201, response.json()
    key = response.json()["key"]
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert token.prefix == key[:12]
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    listed = anon.get("/api/v1/auth/tokens/").json()["results"]
    assert [t["id"] for t in listed] == [token.pk]
    assert "key" not in listed[0]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_wrong_password_is_401(anon: APIClient, factchecker: Any) -> None:
    response = anon.post("/api/v1/auth/token/", {"username": "fc", "password": "wrong", "name": "CMS"})
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_token_creation_needs_a_name(anon: APIClient, factchecker: Any) -> None:
    response = anon.post("/api/v1/auth/token/", {"username": "fc", "password": "correct horse battery staple"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["This field is required."]}


def test_a_revoked_token_stops_working(client_for: Any, factchecker: Any) -> None:
    client = client_for(factchecker)
    token = ApiToken.objects.get(user=factchecker)
    assert client.delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_nobody_revokes_another_users_token(client_for: Any, factchecker: Any, editor: Any) -> None:
    other = api_token_create(user=editor, name="x").token
    assert client_for(factchecker).delete(f"/api/v1/auth/tokens/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_me_names_role_permissions_and_the_token_used(client_for: Any, editor: Any) -> None:
    body = client_for(editor).get("/api/v1/me/").json()
    assert body["role"] == "editor"
    assert "claims.approve_verdict" in body["permissions"]
    assert body["token"]["name"] == "tests"


def test_session_login_works_for_the_browsable_api(factchecker: Any) -> None:
    client = APIClient()
    client.force_login(factchecker)
    assert client.get("/api/v1/me/").status_code == 200


def test_each_token_has_its_own_budget_and_429_says_when_to_retry(settings: Any, factchecker: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "2/minute", "anon": "60/hour"},
    }
    first, second = (api_token_create(user=factchecker, name=n).key for n in ("a", "b"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {first}")
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
    limited = client.get("/api/v1/me/")
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in limited.json()["detail"].lower()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {second}")
    assert client.get("/api/v1/me/").status_code == 200


def test_anonymous_calls_are_limited_per_address(settings: Any, anon: APIClient) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "1000/hour", "anon": "1/minute"},
    }
    assert anon.get("/api/v1/claimreviews/").status_code == 200
    assert anon.get("/api/v1/claimreviews/").status_code == 429


def test_repeated_wrong_passwords_are_locked_out_with_429_in_the_api_body(
    anon: APIClient, factchecker: Any, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    wrong = {"username": "fc", "password": "wrong", "name": "CMS"}
    assert anon.post("/api/v1/auth/token/", wrong).status_code == 401
    locked = anon.post("/api/v1/auth/token/", wrong)
    assert locked.status_code == 429 and locked["Content-Type"] == "application/json"
    assert "Too many failed log-ins" in locked.json()["detail"] and int(locked["Retry-After"]) > 0
    right = {**wrong, "password": "correct horse battery staple"}
    assert anon.post("/api/v1/auth/token/", right).status_code == 429  # locked even with the right password


def test_an_unknown_api_address_is_a_json_404(anon: APIClient) -> None:
    response = anon.post("/api/v1/claims/abc/take")
    assert response.status_code == 404 and response.json()["errors"] == {}


def test_signed_in_user_is_the_request_user_and_refuses_an_anonymous_one(factchecker: Any) -> None:
    request = RequestFactory().get("/")
    request.user = factchecker
    assert signed_in_user(request) == factchecker
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        signed_in_user(request)


def test_keyset_pagination_refuses_a_list_it_cannot_seek_in(factchecker: Any) -> None:
    request = Request(RequestFactory().get("/api/v1/claims/"))
    with pytest.raises(TypeError, match="queryset"):
        ClaimCursorPagination().paginate_queryset([1, 2, 3], request)
