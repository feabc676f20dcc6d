"""A JSON body nested deeper than API_MAX_JSON_DEPTH is a JSON 400 before parsing, on every endpoint."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.api.parsers import json_depth_exceeds
from tests.factories import ClaimFactory, EvidenceCandidateFactory

DEEP = b"[" * 1000 + b"]" * 1000  # a 2 KB body that made the decoder recurse a thousand times
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def _json_operations() -> list[tuple[str, str]]:
    schema = yaml.safe_load(SCHEMA.read_text())
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                found.append((method, path))
    return found


JSON_OPERATIONS = _json_operations()


def _is_the_depth_refusal(response: Any) -> bool:
    return (
        response.status_code == 400
        and response["Content-Type"].startswith("application/json")
        and "nested more than 64 levels" in response.json()["detail"]
    )


def test_the_schema_lists_the_json_endpoints() -> None:
    assert ("post", "/api/v1/auth/token/") in JSON_OPERATIONS and len(JSON_OPERATIONS) > 15


@pytest.mark.django_db
def test_anonymous_token_request_with_deep_json_is_a_json_400(anon: Any) -> None:
    response = anon.generic("POST", "/api/v1/auth/token/", DEEP, content_type="application/json")
    assert _is_the_depth_refusal(response), response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), JSON_OPERATIONS, ids=[f"{m} {p}" for m, p in JSON_OPERATIONS])
def test_every_json_endpoint_refuses_deep_json_before_parsing(
    client_for: Any, admin_user: Any, method: str, path: str
) -> None:
    candidate = EvidenceCandidateFactory(claim=ClaimFactory())
    url = re.sub(r"\{[a-z_]+\}", str(candidate.pk if "evidence" in path else candidate.claim_id), path)
    response = client_for(admin_user).generic(
        method.upper(), url, DEEP, content_type="application/json", HTTP_IDEMPOTENCY_KEY="deep-1", HTTP_IF_MATCH='"1"'
    )
    # Some endpoints refuse earlier (404 for an id, 403 for a role, 412 for a version): never a 500,
    # and whenever the body is read, the depth refusal.
    assert response.status_code < 500, response.content
    if response.status_code == 400:
        assert _is_the_depth_refusal(response), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/articles/", "/api/v1/library/", "/api/v1/webhooks/"])
def test_submissions_with_deep_json_are_the_depth_refusal(client_for: Any, admin_user: Any, path: str) -> None:
    response = client_for(admin_user).generic(
        "POST", path, DEEP, content_type="application/json", HTTP_IDEMPOTENCY_KEY="deep-2"
    )
    assert _is_the_depth_refusal(response), response.content


@pytest.mark.django_db
def test_the_limit_is_a_setting(anon: Any, settings: Any) -> None:
    settings.API_MAX_JSON_DEPTH = 3
    body = b'{"username": [[["x"]]], "password": "y"}'
    response = anon.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400 and "nested more than 3 levels" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "deeper_than_two"),
    [
        (b"[[]]", False),
        (b"[[[]]]", True),
        (b'{"a": {"b": {"c": 1}}}', True),
        (b'["[[[[[[", "{{{{"]', False),  # brackets inside strings do not nest
        (b'["\\"[[[[", {"k": "]]]"}]', False),  # nor after an escaped quote
        (b"[1, [2], [3], [4], [5]]", False),  # siblings are not depth
    ],
)
def test_the_depth_count_reads_strings_and_siblings_right(body: bytes, deeper_than_two: bool) -> None:
    assert json_depth_exceeds(body, 2) is deeper_than_two
