"""Every query parameter of every GET endpoint, read from the served schema: a value the schema
does not allow is a 400 whose ``errors`` name the parameter, never a 200 that ignores it
(``/claims/?speaker=0.5`` once returned the whole queue). Hypothesis writes the values.

Path ids cannot be "invalid" the same way: a path that is not a number matches no endpoint and
is the API's JSON 404 (also checked here). Report dates (``from``, ``to``) are covered with the
reports.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.test import APIClient

from factcheck.models import WebhookSubscription
from factcheck.validation import ID_MAX
from factcheck.webhooks.signing import new_secret
from tests.factories import EvidenceCandidateFactory, VerdictFactory
from tests.served_schema import served_schema

pytestmark = pytest.mark.django_db

# The report period belongs to the report tests (its bounds are a rule of their own).
SKIPPED = {"from", "to"}

PROPERTY = settings(
    max_examples=12, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


def _query_parameters() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path, operations in served_schema()["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] == "query" and parameter["name"] not in SKIPPED:
                out.append((path, parameter["name"], parameter["schema"]))
    return out


PARAMETERS = _query_parameters()


def test_the_schema_lists_the_filters_this_test_is_about() -> None:
    names = {(path, name) for path, name, _ in PARAMETERS}
    for expected in [
        ("/api/v1/claims/", "speaker"),
        ("/api/v1/claims/", "article"),
        ("/api/v1/claims/", "cursor"),
        ("/api/v1/articles/", "page"),
        ("/api/v1/articles/", "ordering"),
        ("/api/v1/claims/{claim_id}/evidence/", "provider"),
        ("/api/v1/library/", "page_size"),
        ("/api/v1/webhooks/", "page"),
        ("/api/v1/auth/tokens/", "page_size"),
        ("/api/v1/reports/verdicts/", "speaker"),
        ("/api/v1/claimreviews/", "since"),
    ]:
        assert expected in names


def _is_whole(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\+?[0-9]+(\.0*)?\s*", text))


def _is_number(text: str) -> bool:
    try:
        return Decimal(text.strip()).is_finite()
    except InvalidOperation:
        return False


def _reads(parse: Any, text: str) -> bool:
    """Whether the server's own field would accept ``text``."""
    try:
        parse(text)
    except (forms.ValidationError, serializers.ValidationError):
        return False
    return True


def _is_date(text: str) -> bool:
    return _reads(forms.DateField().clean, text)


def _is_datetime(text: str) -> bool:
    return _reads(serializers.DateTimeField().run_validation, text)


def invalid_values(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    """Values the parameter's schema does not allow (beside the always-invalid NUL)."""
    kind = schema.get("type")
    nul = st.just("\x00")
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        options = [
            TEXT.filter(lambda t: not _is_whole(t)),
            st.integers(0, 10**6).map(lambda n: f"{n}.5"),
            st.sampled_from(["", "null", "1e3", "0x10", " "]),
        ]
        if low is not None:
            options.append(st.integers(max_value=low - 1).map(str))
        if high is not None:
            options.append(st.integers(min_value=high + 1, max_value=high * 1000 + 10**30).map(str))
        return st.one_of(*options, nul)
    if kind == "number":
        low, high = schema.get("minimum", 0), schema.get("maximum", 1)
        return st.one_of(
            TEXT.filter(lambda t: not _is_number(t)),
            st.sampled_from(["nan", "inf", "", "-0.01"]),
            st.floats(min_value=high, exclude_min=True, allow_infinity=False).map(str),
            st.floats(max_value=low, exclude_max=True, allow_infinity=False).map(str),
            nul,
        )
    if kind == "boolean":
        return st.one_of(TEXT.filter(lambda t: t.strip().lower() not in {"true", "false", "1", "0"}), nul)
    if kind == "array":
        allowed = set(schema["items"].get("enum", []))
        return st.one_of(TEXT.filter(lambda t: t not in allowed and t.strip()), st.just(""), nul)
    if schema.get("enum"):
        allowed = set(schema["enum"])
        return st.one_of(TEXT.filter(lambda t: t not in allowed), st.just(""), nul)
    if schema.get("format") == "date":
        return st.one_of(TEXT.filter(lambda t: not _is_date(t)), st.sampled_from(["2025-13-01", "2025-02-30"]), nul)
    if schema.get("format") == "date-time":
        return st.one_of(TEXT.filter(lambda t: not _is_datetime(t)), st.just("2025-01-01T25:00"), nul)
    return nul  # free text: anything but NUL is a value to search for


@pytest.fixture
def admin_client(admin_user: Any, settings: Any) -> tuple[APIClient, dict[str, str]]:
    """An admin's client (every endpoint answers) and ids that exist, for the path parameters."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"},
    }
    verdict = VerdictFactory(author=admin_user, claim__assignee=admin_user)
    claim = verdict.claim
    EvidenceCandidateFactory(claim=claim)
    subscription = WebhookSubscription.objects.create(
        owner=admin_user, url="https://hooks.example.org/in", secret=new_secret(), events=["verdict.published"]
    )
    client = APIClient()
    client.force_authenticate(admin_user)
    ids = {
        "claim_id": str(claim.pk),
        "article_id": str(claim.article_id),
        "speaker_id": str(claim.speaker_id),
        "subscription_id": str(subscription.pk),
    }
    return client, ids


def _url(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "1"), path)


@pytest.mark.parametrize(("path", "name", "schema"), PARAMETERS, ids=[f"{p} {n}" for p, n, _ in PARAMETERS])
def test_an_invalid_query_value_is_a_400_naming_the_parameter(
    admin_client: tuple[APIClient, dict[str, str]], path: str, name: str, schema: dict[str, Any]
) -> None:
    client, ids = admin_client
    url = _url(path, ids)
    extra = {"q": "budget"} if path.endswith("/library/search") and name != "q" else {}

    @PROPERTY
    @given(value=invalid_values(schema))
    def check(value: str) -> None:
        response = client.get(url, {**extra, name: value})
        assert response.status_code == 400, (name, value, response.status_code, response.content[:300])
        body = response.json()
        assert set(body) >= {"detail", "errors"} and name in body["errors"], (name, value, body)

    check()


ID_PARAMETERS = [(p, n) for p, n, s in PARAMETERS if s.get("type") == "integer" and s.get("maximum") == ID_MAX]


def test_every_id_filter_is_listed_as_a_64_bit_id() -> None:
    assert {
        ("/api/v1/claims/", "speaker"),
        ("/api/v1/claims/", "article"),
        ("/api/v1/claims/", "outlet"),
        ("/api/v1/claims/", "assignee"),
        ("/api/v1/articles/", "outlet"),
    } <= set(ID_PARAMETERS)


@pytest.mark.parametrize(("path", "name"), ID_PARAMETERS)
def test_a_valid_id_filter_is_applied_never_refused(
    admin_client: tuple[APIClient, dict[str, str]], path: str, name: str
) -> None:
    client, ids = admin_client

    @PROPERTY
    @given(value=st.integers(1, ID_MAX))
    def check(value: int) -> None:
        response = client.get(_url(path, ids), {name: str(value)})
        assert response.status_code == 200, (name, value, response.content[:300])

    check()


def test_a_filter_given_twice_is_refused_not_half_read(admin_client: tuple[APIClient, dict[str, str]]) -> None:
    client, _ = admin_client
    for url, name, values in [
        ("/api/v1/claims/", "speaker", ["1", "2"]),
        ("/api/v1/articles/", "page", ["1", "1"]),
        ("/api/v1/claims/", "cursor", ["a", "b"]),
        ("/api/v1/articles/", "search", ["a", "b"]),
        ("/api/v1/articles/", "ordering", ["title", "status"]),
    ]:
        response = client.get(f"{url}?{name}={values[0]}&{name}={values[1]}")
        assert response.status_code == 400 and name in response.json()["errors"], (url, name)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/claims/?speaker=0.5", "speaker"),
        ("/api/v1/claims/?article=1.5", "article"),
        ("/api/v1/claims/?page_size=null", "page_size"),
        ("/api/v1/articles/?page=abc", "page"),
        ("/api/v1/articles/?ordering=x", "ordering"),
        ("/api/v1/articles/?page_size=0", "page_size"),
        ("/api/v1/claims/?has_duplicate=maybe", "has_duplicate"),
        ("/api/v1/claims/?score_min=5", "score_min"),
        (f"/api/v1/claims/?speaker={2**64}", "speaker"),
        (f"/api/v1/reports/verdicts/?speaker={2**64}", "speaker"),
        (f"/api/v1/reports/verdicts/?outlet={2**64}", "outlet"),
        ("/api/v1/speakers/?ordering=-nope", "ordering"),
    ],
)
def test_the_values_once_ignored_or_coerced_are_refused(
    admin_client: tuple[APIClient, dict[str, str]], url: str, field: str
) -> None:
    client, _ = admin_client
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["errors"].keys() == {field}


@given(segment=st.one_of(TEXT.filter(lambda t: not t.strip().isdigit()), st.integers(ID_MAX, 10**30).map(str)))
@PROPERTY
def test_a_path_id_that_is_not_an_id_is_the_apis_json_404(segment: str) -> None:
    response = APIClient().get(
        "/api/v1/claims/" + segment.replace("/", "%2F").replace("?", "%3F").replace("#", "%23") + "/"
    )
    assert response.status_code in (401, 404), response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/claims/{claim_id}/assign", {"assignee": 2**64}, "assignee"),
        ("/api/v1/claims/take-next", {"speaker": 2**63}, "speaker"),
        ("/api/v1/claims/take-next", {"outlet": 0}, "outlet"),
        ("/api/v1/claims/{claim_id}/evidence/", {"document": 2**70}, "document"),
        ("/api/v1/claims/{claim_id}/verdict", {"citations": [{"evidence": 2**64}]}, "citations.0.evidence"),
    ],
)
def test_an_id_in_a_body_that_is_not_an_id_is_a_400_naming_it(
    admin_client: tuple[APIClient, dict[str, str]], path: str, body: dict[str, Any], field: str
) -> None:
    client, ids = admin_client
    response = client.post(_url(path, ids), body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
