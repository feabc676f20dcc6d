"""Errors Django answers before or after a view keep the API's JSON body under /api/v1/."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _assert_api_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/%0A",
        "/api/v1/claims/1%0A/",
        "/api/v1/%0A%0D",
        "/api/v1/articles/%0A/reingest",
        "/api/v1/nothing-here",
    ],
)
def test_a_path_with_a_line_break_or_no_route_is_the_apis_json_404(client_for: Any, editor: Any, path: str) -> None:
    ClaimFactory()
    _assert_api_error(client_for(editor).get(path), 404)
    _assert_api_error(Client().get(path), 404)


def test_pages_outside_the_api_keep_djangos_html_404(client: Client) -> None:
    response = client.get("/no-such-page/%0A")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("path", "anonymous"), [("/api/v1/articles/", False), ("/api/v1/auth/token/", True), ("/api/v1/library/", False)]
)
def test_a_body_over_the_upload_limit_is_413_in_the_api_body(
    client_for: Any, editor: Any, settings: Any, path: str, anonymous: bool
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client = client_for(None if anonymous else editor)
    body = b'{"text": "' + b"a" * (20 * 1024 * 1024) + b'"}'
    response = client.generic("POST", path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="big-body")
    error = _assert_api_error(response, 413)
    assert "1,048,576 bytes" in error["detail"]


def test_an_oversized_form_body_is_413_too(client_for: Any, editor: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_for(editor).post("/api/v1/articles/", {"text": "a" * 5000}, format="multipart")
    _assert_api_error(response, 413)


def test_a_disallowed_host_under_the_api_is_a_json_400(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["factcheck.example"]
    response = Client(HTTP_HOST="evil.example").get("/api/v1/claims/")
    _assert_api_error(response, 400)
