"""Report figures against hand-computed ones (see conftest.py for the desk and its arithmetic)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from claims.reports.filters import ReportFilters, parse_filters
from claims.reports.selectors.article import article_report
from claims.reports.selectors.reviewers import reviewers_report
from claims.reports.selectors.speakers import speaker_card, speakers_report
from claims.reports.selectors.throughput import throughput_report
from claims.reports.selectors.verdicts import verdict_report
from claims.reports.tables import Table
from tests.reports.conftest import PERIOD

pytestmark = pytest.mark.django_db


def filters(**extra: str) -> ReportFilters:
    query = QueryDict(mutable=True)
    query.update({**PERIOD, **extra})
    form, f = parse_filters(query)
    assert f is not None, form.errors
    return f


def column(table: Table, key: str) -> list[Any]:
    return [row[key] for row in table.records()]


def row_of(table: Table, label: str) -> dict[str, Any]:
    first = table.columns[0].key
    return next(row for row in table.records() if row[first] == label)


def test_verdicts_by_rating_count_published_verdicts_in_the_period(desk):
    report = verdict_report(filters())
    assert row_of(report.by_rating, "False")["verdicts"] == 2
    assert row_of(report.by_rating, "True")["verdicts"] == 1
    assert row_of(report.by_rating, "Mostly false")["verdicts"] == 0  # c7 is submitted, not published
    assert row_of(report.by_rating, "Total")["verdicts"] == 3
    assert row_of(report.by_rating, "False")["share"] == pytest.approx(200 / 3)


def test_verdicts_by_speaker_outlet_and_kind_pivot_ratings(desk):
    report = verdict_report(filters())
    assert row_of(report.by_speaker, "Ana") == {
        "label": "Ana",
        "true": 1,
        "mostly-true": 0,
        "half-true": 0,
        "mostly-false": 0,
        "false": 1,
        "misleading": 0,
        "unverifiable": 0,
        "total": 2,
    }
    assert row_of(report.by_speaker, "Ben")["false"] == 1 and row_of(report.by_speaker, "Ben")["total"] == 1
    assert row_of(report.by_outlet, "Ledger")["false"] == 2 and row_of(report.by_outlet, "Post")["true"] == 1
    assert row_of(report.by_kind, "Statistic")["false"] == 2 and row_of(report.by_kind, "Quote")["true"] == 1
    assert column(report.by_kind, "label") == ["Statistic", "Quote"]  # kinds without verdicts are not listed


def test_verdicts_per_day_follow_publication_dates(desk):
    report = verdict_report(filters(granularity="day"))
    assert column(report.by_period, "total") == [0, 1, 0, 1, 1, 0, 0]  # 3, 5 and 6 March


def test_filters_narrow_the_verdicts(desk):
    assert row_of(verdict_report(filters(speaker=str(desk.speakers["Ben"].pk))).by_rating, "Total")["verdicts"] == 1
    assert row_of(verdict_report(filters(outlet=str(desk.outlets["Post"].pk))).by_rating, "Total")["verdicts"] == 1
    assert row_of(verdict_report(filters(rating="false")).by_rating, "Total")["verdicts"] == 2
    assert row_of(verdict_report(filters(reviewer=str(desk.users["fc2"].pk))).by_rating, "Total")["verdicts"] == 0
    # Publications on 3 March only.
    assert (
        row_of(verdict_report(filters(**{"from": "2026-03-03", "to": "2026-03-03"})).by_rating, "Total")["verdicts"]
        == 1
    )


def test_throughput_per_day_counts_each_step_from_the_audit_trail(desk):
    table = throughput_report(filters(granularity="day")).per_period
    assert column(table, "extracted") == [2, 2, 3, 0, 0, 0, 0]
    assert column(table, "taken") == [2, 1, 2, 0, 0, 0, 0]
    assert column(table, "submitted") == [1, 0, 2, 2, 0, 0, 0]
    assert column(table, "returned") == [0, 0, 1, 0, 0, 0, 0]
    assert column(table, "published") == [0, 1, 0, 1, 1, 0, 0]
    assert column(table, "dismissed") == [0, 1, 0, 0, 0, 0, 0]


def test_throughput_per_week_counts_a_resubmitted_claim_once(desk):
    (week,) = throughput_report(filters(granularity="week")).per_period.records()
    assert week == {
        "period": "2 Mar 2026",
        "extracted": 7,
        "taken": 5,
        "submitted": 4,
        "returned": 1,
        "published": 3,
        "dismissed": 1,
    }


def test_time_to_verdict_median_and_90th_percentile(desk):
    report = throughput_report(filters())
    created, submitted = report.timing.records()
    assert created["verdicts"] == 3
    assert created["median_hours"] == pytest.approx(76, abs=0.01)
    assert created["p90_hours"] == pytest.approx(77.6, abs=0.01)
    assert submitted["median_hours"] == pytest.approx(14, abs=0.01)
    assert submitted["p90_hours"] == pytest.approx(25.2, abs=0.01)


def test_returned_rate_is_returns_over_editor_decisions(desk):
    report = throughput_report(filters())
    assert report.returns.records() == [{"returned": 1, "approved": 3, "rate": 25.0}]


def test_reviewers_report_desk_now_and_period_figures(desk):
    table = reviewers_report(filters())
    fc, fc2 = desk.users["fc"], desk.users["fc2"]
    rows = {row["reviewer"]: row for row in table.records()}
    assert rows[fc.username] == {
        "reviewer": fc.username,
        "in_progress": 0,
        "submitted": 1,
        "published": 3,
        "returned": 1,
        "median_hours": pytest.approx(42, abs=0.01),
    }
    assert rows[fc2.username] == {
        "reviewer": fc2.username,
        "in_progress": 1,
        "submitted": 0,
        "published": 0,
        "returned": 0,
        "median_hours": None,
    }
    assert desk.users["ed"].username not in rows  # approving is not reviewing


def test_speaker_card_and_speakers_report(desk):
    ana = desk.speakers["Ana"]
    card = speaker_card(ana, filters())
    assert row_of(card.ratings, "Total")["verdicts"] == 2
    assert {r["status"]: r["claims"] for r in card.claims_by_status.records()} == {
        "New": 1,
        "In progress": 0,
        "Submitted for review": 1,
        "Published": 2,
        "Dismissed": 0,
    }
    assert [v.claim_id for v in card.verdicts] == [desk.claims["c2"].pk, desk.claims["c1"].pk]
    assert column(speakers_report(filters()), "label") == ["Ana", "Ben"]


def test_article_report_shows_published_verdicts_only(desk):
    article = desk.claims["c1"].article  # Ledger: c1 (False), c3 (False), c4 (dismissed), c7 (submitted)
    report = article_report(article)
    assert [(r["status"], r["rating"]) for r in report.claims.records()] == [
        ("Published", "False"),
        ("Published", "False"),
        ("Dismissed", ""),
        ("Submitted for review", ""),
    ]
    assert row_of(report.ratings, "False")["verdicts"] == 2
