"""Report dates are bounded at validation: a far-future or far-past date is a 400, never a 500.

The ClaimReview feed runs its query and renders its first item before the response starts, so a
failure is an error response, never a 200 whose body is ``[``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims.reports.filters import EARLIEST_DATE, LATEST_DATE

pytestmark = pytest.mark.django_db

PAGES = [
    "/reports/",
    "/reports/throughput/",
    "/reports/reviewers/",
    "/reports/speakers/",
    "/reports/claimreview.jsonld",
]
API = [
    "/api/v1/reports/verdicts/",
    "/api/v1/reports/throughput/",
    "/api/v1/reports/reviewers/",
    "/api/v1/reports/speakers/",
]
CLAIMS_BEHIND = ["published_from", "published_to", "created_from", "created_to"]
FAR = ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"]


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("param", ["from", "to"])
def test_report_pages_and_the_feed_refuse_a_far_date(client: Any, editor: Any, path: str, param: str, day: str) -> None:
    client.force_login(editor)
    response = client.get(path, {param: day})
    assert response.status_code == 400
    assert b"Give a date between 1900-01-01 and 2100-12-31." in response.content


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("path", API)
def test_the_report_api_refuses_a_far_date_naming_the_field(client_for: Any, editor: Any, path: str, day: str) -> None:
    response = client_for(editor).get(path, {"to": day})
    assert response.status_code == 400, response.content
    assert "to" in json.dumps(response.json())


@pytest.mark.parametrize("param", CLAIMS_BEHIND)
def test_the_claims_behind_a_figure_refuse_a_far_date(client: Any, editor: Any, param: str) -> None:
    client.force_login(editor)
    assert client.get("/reports/claims/", {param: "9999-12-31"}).status_code == 400


def test_the_bounds_themselves_are_accepted(client: Any, editor: Any) -> None:
    client.force_login(editor)
    response = client.get("/reports/claimreview.jsonld", {"from": "2100-12-01", "to": LATEST_DATE.isoformat()})
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content)) == []
    assert client.get("/reports/", {"from": EARLIEST_DATE.isoformat(), "to": "1900-02-01"}).status_code == 200


def test_a_feed_that_fails_before_its_first_item_is_not_a_200(
    client: Any, editor: Any, monkeypatch: Any, desk: Any
) -> None:
    from tests.reports.conftest import PERIOD

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("cannot render this verdict")

    monkeypatch.setattr("claims.reports.views.claimreview_for", broken)
    client.force_login(editor)
    client.raise_request_exception = False
    response = client.get("/reports/claimreview.jsonld", PERIOD)
    assert response.status_code == 500
    assert not getattr(response, "streaming", False)


def test_the_feed_is_one_valid_array_of_whole_items(client: Any, editor: Any, desk: Any) -> None:
    from tests.reports.conftest import PERIOD

    client.force_login(editor)
    response = client.get("/reports/claimreview.jsonld", PERIOD)
    items = json.loads(b"".join(response.streaming_content))
    assert response.status_code == 200 and len(items) >= 2
    assert all(item["@type"] == "ClaimReview" for item in items)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(date_from=st.dates() | st.none(), date_to=st.dates() | st.none())
def test_any_report_period_is_a_200_or_a_400_with_the_field(
    editor: Any, date_from: dt.date | None, date_to: dt.date | None
) -> None:
    params = {name: day.isoformat() for name, day in (("from", date_from), ("to", date_to)) if day is not None}
    client = APIClient()
    client.force_authenticate(editor)
    response = client.get("/api/v1/reports/verdicts/", params)
    bounded = all(EARLIEST_DATE <= day <= LATEST_DATE for day in (date_from, date_to) if day is not None)
    effective_to = date_to or dt.date.today()
    ordered = date_from is None or date_from <= effective_to
    if bounded and ordered:
        assert response.status_code == 200, (params, response.content)
    else:
        assert response.status_code == 400, (params, response.content)
        body = json.dumps(response.json())
        assert "from" in body or "to" in body or "start" in body, body
