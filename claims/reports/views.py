"""Report pages. Each parses the filters, calls one selector, draws the charts and renders.

Every report table can be downloaded as CSV from its own page: ``?export=csv&table=<key>`` with
the page's filters. Only editors and admins (``claims.view_reports``) see reports.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString

from claims.claimreview import CONTENT_TYPE, claimreview_for
from claims.models import Speaker, Verdict
from claims.reports import charts
from claims.reports.filters import ClaimsBehindForm, ReportFilterForm, ReportFilters, parse_filters
from claims.reports.selectors.article import article_report
from claims.reports.selectors.claims_behind import claims_behind
from claims.reports.selectors.reviewers import reviewers_report
from claims.reports.selectors.shared import active_ratings
from claims.reports.selectors.speakers import speaker_card, speakers_report
from claims.reports.selectors.throughput import throughput_report
from claims.reports.selectors.verdicts import VerdictReport, claimreview_verdicts, verdict_report
from claims.reports.tables import Table, to_csv
from claims.selectors.articles import articles_with_counts
from claims.selectors.verdicts import rating_scale

logger = logging.getLogger(__name__)

PeriodView = Callable[[HttpRequest, ReportFilterForm, ReportFilters], HttpResponse]

PAGE_SIZE = 50
STEP_COLOURS = {
    "extracted": "c7",
    "taken": "c5",
    "submitted": "c2",
    "returned": "c4",
    "published": "c0",
    "dismissed": "c6",
}


def reports_permission(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Log-in first (anonymous users go to the log-in page), then 403 without the reports permission."""
    return login_required(permission_required("claims.view_reports", raise_exception=True)(view))


@dataclass(frozen=True)
class Section:
    table: Table
    chart: SafeString | None
    csv_url: str

    @property
    def wide(self) -> bool:
        """Tables of many columns (rating pivots) get the full width, with the chart above."""
        return len(self.table.columns) > 4


class CountedPaginator(Paginator):
    """A paginator told how many objects there are (when a report has counted them already)."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # what the ``count`` cached_property would hold


def _csv_url(request: HttpRequest, key: str) -> str:
    params = request.GET.copy()
    params["export"], params["table"] = "csv", key
    return "?" + params.urlencode()


def _sections(request: HttpRequest, pairs: list[tuple[Table, SafeString | None]]) -> list[Section]:
    return [Section(table, chart, _csv_url(request, table.key)) for table, chart in pairs]


def _csv_export(
    request: HttpRequest, name: str, tables: list[Table] | VerdictReport, f: ReportFilters | None
) -> HttpResponse | None:
    """The CSV of one of ``tables`` when the request asks for an export (``?export=csv&table=…``), else
    None. A report that builds its tables as they are read builds only the one asked for."""
    if request.GET.get("export") != "csv":
        return None
    wanted = request.GET.get("table", "")
    if isinstance(tables, VerdictReport):
        keys = list(tables.KEYS)
        table = tables.table(wanted) if wanted in keys else None
    else:
        keys = [t.key for t in tables]
        table = next((t for t in tables if t.key == wanted), None)
    if table is None:
        return HttpResponseBadRequest(f"Say which table to export: table={', '.join(keys)}.", content_type="text/plain")
    period = f"-{f.date_from}-{f.date_to}" if f else ""
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{table.key}{period}.csv"'
    return response


def _invalid(request: HttpRequest, template: str, form: ReportFilterForm, **context: Any) -> HttpResponse:
    return render(request, template, {"form": form, "sections": [], **context}, status=400)


def _period_page(template: str, *, active: str) -> Callable[[PeriodView], Callable[..., HttpResponseBase]]:
    """A report page of the filtered period: the view gets the parsed filters; filters that do not
    parse are the page with the form's errors (400), never a report of a period nobody asked for."""

    def decorate(view: PeriodView) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def page(request: HttpRequest) -> HttpResponse:
            form, f = parse_filters(request.GET)
            if f is None:
                return _invalid(request, template, form, active=active)
            return view(request, form, f)

        return reports_permission(page)

    return decorate


def _page(
    request: HttpRequest,
    template: str,
    form: ReportFilterForm,
    f: ReportFilters,
    sections: list[Section],
    **context: Any,
) -> HttpResponse:
    """A report page: the filters it was drawn with, its sections (tables with charts) and the rest of ``context``."""
    return render(request, template, {"form": form, "filters": f, "sections": sections, **context})


def _rating_series(report_ratings: list[Any], table: Table) -> list[charts.Series]:
    return charts.series_from(table, [(r.slug, charts.colour(r.order)) for r in report_ratings])


@_period_page("reports/verdicts.html", active="verdicts")
def verdicts(request: HttpRequest, form: ReportFilterForm, f: ReportFilters) -> HttpResponse:
    report = verdict_report(f)
    if (export := _csv_export(request, "verdicts", report, f)) is not None:
        return export
    by_rating = report.by_rating
    rating_bars = [
        charts.Series(
            name=r.name,
            css=charts.colour(r.order),
            values=[float(row[1].value) if i == j else 0.0 for j in range(len(report.ratings))],
            hrefs=[row[1].href] * len(report.ratings),
        )
        for i, (r, row) in enumerate(zip(report.ratings, by_rating.rows, strict=False))
    ]
    pivots = [
        (
            table,
            charts.hbar_chart(
                table.title,
                charts.labels_of(table),
                _rating_series(report.ratings, table),
                chart_id=f"chart-{table.key}",
            ),
        )
        for table in (report.by_speaker, report.by_outlet, report.by_kind)
    ]
    sections = _sections(
        request,
        [
            (
                by_rating,
                charts.hbar_chart(
                    by_rating.title, [r.name for r in report.ratings], rating_bars, chart_id="chart-by-rating"
                ),
            ),
            (
                report.by_period,
                charts.column_chart(
                    report.by_period.title,
                    charts.labels_of(report.by_period),
                    _rating_series(report.ratings, report.by_period),
                    chart_id="chart-by-period",
                ),
            ),
            *pivots,
        ],
    )
    return _page(request, "reports/verdicts.html", form, f, sections, active="verdicts")


@_period_page("reports/throughput.html", active="throughput")
def throughput(request: HttpRequest, form: ReportFilterForm, f: ReportFilters) -> HttpResponse:
    report = throughput_report(f)
    if (export := _csv_export(request, "throughput", report.tables, f)) is not None:
        return export
    table = report.per_period
    chart = charts.line_chart(
        table.title,
        charts.labels_of(table),
        charts.series_from(table, list(STEP_COLOURS.items())),
        chart_id="chart-throughput",
    )
    sections = _sections(request, [(table, chart), (report.timing, None), (report.returns, None)])
    return _page(request, "reports/throughput.html", form, f, sections, report=report, active="throughput")


@_period_page("reports/reviewers.html", active="reviewers")
def reviewers(request: HttpRequest, form: ReportFilterForm, f: ReportFilters) -> HttpResponse:
    table = reviewers_report(f)
    if (export := _csv_export(request, "reviewers", [table], f)) is not None:
        return export
    series = charts.series_from(
        table, [("in_progress", "c5"), ("submitted", "c2"), ("published", "c0"), ("returned", "c4")]
    )
    chart = charts.hbar_chart(table.title, charts.labels_of(table), series, chart_id="chart-reviewers")
    return _page(request, "reports/reviewers.html", form, f, _sections(request, [(table, chart)]), active="reviewers")


@_period_page("reports/speakers.html", active="speakers")
def speakers(request: HttpRequest, form: ReportFilterForm, f: ReportFilters) -> HttpResponse:
    ratings = active_ratings()
    table = speakers_report(f)
    if (export := _csv_export(request, "speakers", [table], f)) is not None:
        return export
    chart = charts.hbar_chart(
        table.title,
        charts.labels_of(table)[:40],
        [charts.Series(s.name, s.css, s.values[:40], s.hrefs[:40]) for s in _rating_series(ratings, table)],
        chart_id="chart-speakers",
    )
    sections = _sections(request, [(table, chart)])
    return _page(request, "reports/speakers.html", form, f, sections, active="speakers", params=f.as_params())


@reports_permission
def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker, pk=pk)
    form, f = parse_filters(request.GET)
    if f is None:
        return _invalid(request, "reports/speaker.html", form, speaker=speaker, active="speakers")
    card = speaker_card(speaker, f)
    if (export := _csv_export(request, f"speaker-{speaker.pk}", [card.ratings, card.claims_by_status], f)) is not None:
        return export
    ratings = active_ratings()
    rows = card.ratings.rows[:-1]
    bars = [
        charts.Series(
            name=r.name,
            css=charts.colour(r.order),
            values=[float(row[1].value) if i == j else 0.0 for j in range(len(rows))],
            hrefs=[row[1].href] * len(rows),
        )
        for i, (r, row) in enumerate(zip(ratings, rows, strict=True))
    ]
    chart = charts.hbar_chart(card.ratings.title, [r.name for r in ratings], bars, chart_id="chart-speaker")
    page = CountedPaginator(card.verdicts, PAGE_SIZE, card.verdict_count).get_page(request.GET.get("page"))
    sections = _sections(request, [(card.ratings, chart), (card.claims_by_status, None)])
    return _page(
        request, "reports/speaker.html", form, f, sections, card=card, speaker=speaker, page=page, active="speakers"
    )


@reports_permission
def article(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(articles_with_counts(), pk=pk)
    report = article_report(obj)
    if (export := _csv_export(request, f"article-{obj.pk}", [report.ratings, report.claims], None)) is not None:
        return export
    return render(
        request,
        "reports/article.html",
        {
            "report": report,
            "article": obj,
            "active": "articles",
            "sections": _sections(request, [(report.claims, None), (report.ratings, None)]),
        },
    )


@reports_permission
def claims(request: HttpRequest) -> HttpResponse:
    """The claims behind a report figure (every count links here with its filters)."""
    form = ClaimsBehindForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/claims.html", {"form": form, "active": "claims"}, status=400)
    page = Paginator(claims_behind(form), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "reports/claims.html",
        {
            "form": form,
            "page": page,
            "active": "claims",
            "query": params.urlencode(),
            "applied": {k: v for k, v in form.cleaned_data.items() if v not in (None, "")},
        },
    )


@reports_permission
def claimreview_feed(request: HttpRequest) -> HttpResponseBase:
    """ClaimReview JSON-LD of the verdicts published in the period (outlet/speaker/reviewer/rating apply).

    Streamed as one JSON array, read from the database in chunks, so a long period does not
    build the whole document in memory. The query runs and the first item is serialised before
    the response starts: a failure there is an error response, never a 200 whose body is ``[``.
    """
    form, f = parse_filters(request.GET)
    if f is None:
        return HttpResponseBadRequest(json.dumps(form.errors), content_type="application/json")
    stream = claimreview_stream(f)
    first = next(stream)  # runs the query and renders the first item (or the whole empty array)
    response = StreamingHttpResponse(itertools.chain([first], stream), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="claimreview-{f.date_from}-{f.date_to}.jsonld"'
    return response


def claimreview_stream(f: ReportFilters) -> Iterator[str]:
    """The feed as chunks of one JSON array; every chunk holds whole items.

    The first chunk is the opening bracket with the first item (or ``[]`` when there is none).
    A failure after the response started cannot change its status: it is logged and the
    stream stops with the exception, so the server aborts the transfer (the client sees a
    broken download, not a shorter array that looks complete).
    """
    scale = rating_scale()
    # QuerySet.iterator() is a generator (typed as a plain Iterator): closing it frees the cursor.
    verdicts = cast(Generator[Verdict, None, None], claimreview_verdicts(f).iterator(chunk_size=2000))
    try:  # the finally closes the database cursor (a server-side one on PostgreSQL) however we stop
        first = next(verdicts, None)
        if first is None:
            yield "[]\n"
            return
        yield "[\n" + json.dumps(claimreview_for(first, scale=scale), ensure_ascii=False)
        try:
            for verdict in verdicts:
                yield ",\n" + json.dumps(claimreview_for(verdict, scale=scale), ensure_ascii=False)
        except Exception:
            logger.exception("The ClaimReview feed stopped midway; the transfer is aborted")
            raise
        yield "\n]\n"
    finally:
        verdicts.close()
