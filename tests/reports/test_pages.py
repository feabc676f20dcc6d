"""Report pages, exports and API: who may see them, what the CSV holds, links, query counts."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.reports.conftest import PERIOD

pytestmark = pytest.mark.django_db

PAGES = [
    "reports:index",
    "reports:throughput",
    "reports:reviewers",
    "reports:speakers",
    "reports:claims",
    "reports:claimreview",
]
API = ["api:report-verdicts", "api:report-throughput", "api:report-reviewers", "api:report-speakers"]


def url(name: str, *args: Any, **params: str) -> str:
    return reverse(name, args=args) + ("?" + urlencode(params) if params else "")


@pytest.mark.parametrize("name", PAGES + API)
def test_factcheckers_get_403(client, factchecker, name):
    client.force_login(factchecker)
    assert client.get(url(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_log_in(client, name):
    response = client.get(url(name))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", API)
def test_api_refuses_anonymous_callers(client, name):
    assert client.get(url(name)).status_code in (401, 403)


def test_detail_pages_are_editors_only(client, desk, factchecker, editor):
    article_url = url("reports:article", desk.claims["c1"].article_id)
    speaker_url = url("reports:speaker", desk.speakers["Ana"].pk, **PERIOD)
    client.force_login(factchecker)
    assert client.get(article_url).status_code == 403 and client.get(speaker_url).status_code == 403
    client.force_login(editor)
    assert client.get(article_url).status_code == 200 and client.get(speaker_url).status_code == 200


def test_admins_see_reports(client, desk, admin_user):
    client.force_login(admin_user)
    response = client.get(url("reports:index", **PERIOD))
    assert response.status_code == 200 and b"<svg" in response.content


def test_csv_of_verdicts_by_rating(client, desk, editor):
    client.force_login(editor)
    response = client.get(url("reports:index", export="csv", table="by_rating", **PERIOD))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="verdicts-by_rating-2026-03-02-2026-03-08.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Rating", "Verdicts", "Share (%)"],
        ["True", "1", "33.33"],
        ["Mostly true", "0", "0.0"],
        ["Half true", "0", "0.0"],
        ["Mostly false", "0", "0.0"],
        ["False", "2", "66.67"],
        ["Misleading", "0", "0.0"],
        ["Unverifiable", "0", "0.0"],
        ["Total", "3", "100.0"],
    ]


def test_csv_of_reviewers_and_unknown_table(client, desk, editor):
    client.force_login(editor)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(url("reports:reviewers", export="csv", table="reviewers", **PERIOD)).content.decode()
            )
        )
    )
    assert rows[0] == [
        "Reviewer",
        "In progress (now)",
        "Awaiting review (now)",
        "Published",
        "Returned",
        "Median hours, taken → submitted",
    ]
    assert rows[1] == [desk.users["fc"].username, "0", "1", "3", "1", "42.0"]
    assert client.get(url("reports:reviewers", export="csv", table="nope")).status_code == 400


def test_csv_cells_that_look_like_formulas_are_defused(client, desk, editor):
    desk.speakers["Ana"].name = '=HYPERLINK("http://evil.example")'
    desk.speakers["Ana"].save()
    client.force_login(editor)
    body = client.get(url("reports:speakers", export="csv", table="speakers", **PERIOD)).content.decode()
    assert "'=HYPERLINK" in body


def _counts_with_links(client: Any, name: str, *args: Any, **params: str) -> list[tuple[int, str]]:
    data = client.get(url(name, *args, **params)).context
    return [
        (cell.value, cell.href)
        for section in data["sections"]
        for row in section.table.rows
        for cell in row
        if cell.href and isinstance(cell.value, int) and not isinstance(cell.value, bool)
    ]


@pytest.mark.parametrize("name", ["reports:index", "reports:throughput", "reports:reviewers", "reports:speakers"])
def test_every_count_links_to_exactly_the_claims_behind_it(client, desk, editor, name):
    client.force_login(editor)
    links = _counts_with_links(client, name, granularity="day", **PERIOD)
    assert links, "the report should link its counts"
    for value, href in links:
        listed = client.get(href).context["page"].paginator.count
        assert listed == value, f"{href} lists {listed} claims, the report says {value}"


def test_claims_list_filters_by_event_period(client, desk, editor):
    client.force_login(editor)
    page = client.get(url("reports:claims", event="returned", event_from="2026-03-04", event_to="2026-03-04"))
    assert [c.pk for c in page.context["page"]] == [desk.claims["c2"].pk]
    assert client.get(url("reports:claims", event_from="2026-03-04")).status_code == 400


def _queries(client: Any, target: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["reports:index", "reports:throughput", "reports:reviewers", "reports:speakers", "reports:claims"]
)
def test_query_count_does_not_grow_with_the_data(client, desk, editor, name):
    client.force_login(editor)
    target = url(name, **PERIOD)
    before = _queries(client, target)
    from tests.reports.conftest import build_more

    build_more(desk)
    assert _queries(client, target) == before


def test_article_and_speaker_pages_query_count_is_constant(client, desk, editor):
    client.force_login(editor)
    article, speaker = desk.claims["c1"].article_id, desk.speakers["Ana"].pk
    targets = [url("reports:article", article), url("reports:speaker", speaker, **PERIOD)]
    before = [_queries(client, t) for t in targets]
    from tests.reports.conftest import build_more

    build_more(desk)
    assert [_queries(client, t) for t in targets] == before


def test_pages_render_charts_and_tables_without_inline_styles(client, desk, editor):
    client.force_login(editor)
    for name in ("reports:index", "reports:throughput", "reports:reviewers", "reports:speakers"):
        html = client.get(url(name, **PERIOD)).content.decode()
        assert "<svg" in html and "<table" in html and "style=" not in html and "<script>" not in html


def test_invalid_period_is_a_readable_400(client, editor):
    client.force_login(editor)
    response = client.get(url("reports:index", **{"from": "2026-03-08", "to": "2026-03-01"}))
    assert response.status_code == 400 and b"start must not be after its end" in response.content


def test_claimreview_feed_lists_published_verdicts_of_the_period(client, desk, editor):
    client.force_login(editor)
    response = client.get(url("reports:claimreview", **PERIOD))
    assert response["Content-Type"] == "application/ld+json"
    feed = json.loads(b"".join(response.streaming_content))
    assert [item["claimReviewed"] for item in feed] == [desk.claims[c].text for c in ("c1", "c2", "c3")]
    assert {item["reviewRating"]["alternateName"] for item in feed} == {"False", "True"}
    assert all(item["@type"] == "ClaimReview" for item in feed)
    one_day = json.loads(
        b"".join(client.get(url("reports:claimreview", **{"from": "2026-03-05", "to": "2026-03-05"})).streaming_content)
    )
    assert [item["claimReviewed"] for item in one_day] == [desk.claims["c2"].text]


def test_api_returns_the_same_figures_as_json(client, desk, editor):
    client.force_login(editor)
    body = client.get(url("api:report-throughput", **PERIOD)).json()
    assert body["filters"]["from"] == "2026-03-02"
    tables = {t["key"]: t for t in body["tables"]}
    assert tables["returns"]["rows"] == [{"returned": 1, "approved": 3, "rate": 25.0}]
    assert tables["timing"]["rows"][0]["median_hours"] == pytest.approx(76, abs=0.01)
    article = client.get(url("api:report-article", desk.claims["c1"].article_id)).json()
    assert [t["key"] for t in article["tables"]] == ["claims", "ratings"]
    assert client.get(url("api:report-verdicts", **{"from": "nonsense"})).status_code == 400


def test_the_claim_and_speaker_listings_render_their_rows(client, desk, editor):
    client.force_login(editor)
    claim = desk.claims["c2"]
    listing = client.get(url("reports:claims", event="returned", event_from="2026-03-04", event_to="2026-03-04"))
    html = listing.content.decode()
    assert re.search(r">\s*1 claim\s*<", html) and escape(claim.text) in html
    assert f'href="{reverse("reports:article", args=[claim.article_id])}"' in html
    assert f"({escape(claim.article.outlet.name)})" in html

    card = client.get(url("reports:speaker", desk.speakers["Ana"].pk, **PERIOD))
    rows = card.content.decode().split('id="listing-heading"', 1)[1]
    shown = rows.count('<span class="badge rating-')
    assert shown >= 1 and f"Published verdicts ({shown})" in rows, "the heading counts the rows listed"
    assert shown == len(card.context["page"])
