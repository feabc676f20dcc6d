"""The report figures as JSON: ``/api/v1/reports/…``, for editors' dashboards and spreadsheets.

One small view per report: parse the filters with the same form as the pages, call the same
selector, return its tables (``{key, title, columns, rows}``, rows as ``{column key: value}``).
Durations are hours; shares and rates are percentages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Article, Speaker
from claims.reports.filters import ReportFilters, parse_filters
from claims.reports.selectors.article import article_report
from claims.reports.selectors.reviewers import reviewers_report
from claims.reports.selectors.speakers import speaker_card, speakers_report
from claims.reports.selectors.throughput import throughput_report
from claims.reports.selectors.verdicts import verdict_report
from claims.reports.tables import Table
from factcheck import roles
from factcheck.api.docs import errors
from factcheck.api.permissions import RolePermission
from factcheck.api.query import single_value


class CanViewReports(RolePermission):
    rule = staticmethod(roles.can_view_reports)
    message = "Only editors and admins can see reports."


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    # A declared field named like Field.label: the metaclass takes it out of the class, the stubs cannot know.
    label = serializers.CharField()  # type: ignore[assignment]
    numeric = serializers.BooleanField()


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField(), help_text="One object per row, keyed by column.")


class ReportSerializer(serializers.Serializer):
    filters = serializers.DictField(child=serializers.CharField(), help_text="The filters as applied.")
    tables = TableSerializer(many=True)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First day (default: 89 days before `to`); 1900-01-01 to 2100-12-31, else 400.",
    ),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="Last day, inclusive (default: today); 1900-01-01 to 2100-12-31, else 400."
    ),
    OpenApiParameter("granularity", str, enum=["day", "week", "month"], description="Period size (default week)."),
    OpenApiParameter("outlet", int, description="Outlet id."),
    OpenApiParameter("speaker", int, description="Speaker id."),
    OpenApiParameter("reviewer", int, description="User id of the verdict's author."),
    OpenApiParameter("rating", str, description="Rating slug, e.g. `mostly-false`."),
]


STRICT_PARAMETERS = ("granularity", "outlet", "speaker", "reviewer", "rating")


def _filters(request: Request) -> ReportFilters:
    for name in STRICT_PARAMETERS:
        single_value(request, name)  # a blank or repeated filter is refused, not read as "all"
    form, f = parse_filters(request.query_params)
    if f is None:
        # {field: [sentence]}, the API's error shape (get_json_data() would nest {message, code} objects).
        raise ValidationError(
            {
                "non_field_errors" if field == "__all__" else field: [str(m) for m in messages]
                for field, messages in form.errors.items()
            }
        )
    return f


def _report(f: ReportFilters | None, tables: list[Table]) -> Response:
    return Response({"filters": f.as_params() if f else {}, "tables": [t.as_json() for t in tables]})


def _schema(operation_id: str, description: str, *, filtered: bool = True) -> Any:
    return extend_schema(
        operation_id=operation_id,
        description=description,
        parameters=FILTER_PARAMETERS if filtered else [],
        responses={200: ReportSerializer, **errors(400, 401, 403, 404, 429)},
        tags=["reports"],
    )


class ReportApi(APIView):
    permission_classes = [CanViewReports]


def _period_report(
    name: str, operation_id: str, description: str, tables: Callable[[ReportFilters], list[Table]]
) -> type[ReportApi]:
    """A report of the filtered period: parse the filters, call the report's selector, answer its tables."""

    def get(self: ReportApi, request: Request) -> Response:
        f = _filters(request)
        return _report(f, tables(f))

    api = type(name, (ReportApi,), {"get": get, "__module__": __name__})
    return extend_schema_view(get=_schema(operation_id, description))(api)  # type: ignore[no-any-return]


VerdictReportApi = _period_report(
    "VerdictReportApi",
    "reports_verdicts",
    "Published verdicts by rating, period, speaker, outlet and claim kind.",
    lambda f: verdict_report(f).tables,
)
ThroughputReportApi = _period_report(
    "ThroughputReportApi",
    "reports_throughput",
    "Claims extracted, taken, submitted, returned, published and dismissed per "
    "period; median and 90th percentile time to verdict; returned-verdict rate.",
    lambda f: throughput_report(f).tables,
)
ReviewerReportApi = _period_report(
    "ReviewerReportApi",
    "reports_reviewers",
    "Per reviewer: in progress and awaiting review now; published and returned in "
    "the period; median hours from taking a claim to submitting its verdict.",
    lambda f: [reviewers_report(f)],
)
SpeakerReportApi = _period_report(
    "SpeakerReportApi",
    "reports_speakers",
    "Speakers' report cards: verdicts published in the period by rating.",
    lambda f: [speakers_report(f)],
)


class SpeakerCardApi(ReportApi):
    @_schema("reports_speaker", "One speaker's verdicts by rating in the period, and all their claims by status.")
    def get(self, request: Request, speaker_id: int) -> Response:
        speaker = get_object_or_404(Speaker, pk=speaker_id)
        f = _filters(request)
        card = speaker_card(speaker, f)
        return _report(f, [card.ratings, card.claims_by_status])


class ArticleReportApi(ReportApi):
    @_schema(
        "reports_article",
        "One article's claims with their published verdicts, and its verdicts by rating.",
        filtered=False,
    )
    def get(self, request: Request, article_id: int) -> Response:
        report = article_report(get_object_or_404(Article, pk=article_id))
        return _report(None, [report.claims, report.ratings])
