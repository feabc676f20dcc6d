"""The fact-check archive over the API: list and search, import a file or a JSON-LD body, match a text."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from archive.formats import Parsed, UnreadableFile, parse, parse_claimreview
from archive.models import FactCheck
from archive.selectors.search import factcheck_list
from archive.services.imports import factchecks_import
from archive.services.matching import matches_for_text
from factcheck.api.docs import ERRORS_READ, ERRORS_WRITE
from factcheck.api.parsers import DepthLimitedJSONParser
from factcheck.api.permissions import CanImportFactChecks, CanReadArchive
from factcheck.api.query import parse_body, parse_query
from factcheck.errors import DomainError

# A request imports this many rows at most: each new row is embedded before the answer.
# Larger archives go through `manage.py import_factchecks` or a configured feed.
API_IMPORT_MAX_ROWS = 1000


class FactCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = FactCheck
        fields = [
            "id",
            "source",
            "external_id",
            "claim_reviewed",
            "title",
            "rating",
            "url",
            "publisher",
            "published",
            "language",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class FactCheckListInputSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=500, required=False, allow_blank=True, help_text='Words, "a phrase", -excluded, OR (best first).'
    )
    # A field named "source" (the import's name); DRF's stubs type Field.source as the attribute path.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=100, required=False, allow_blank=True, help_text="One import's name."
    )


class FactCheckImportInputSerializer(serializers.Serializer):
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="The import's name; re-importing under it updates rows by id. Default: the file's name.",
    )
    file = serializers.FileField(
        required=False, help_text="ClaimReview JSON-LD, or CSV/TSV with a header (id, claim, ...): multipart only."
    )
    claimreview = serializers.JSONField(
        required=False, help_text="ClaimReview JSON-LD: one object, a list, or a schema.org DataFeed (JSON body)."
    )


class RowErrorSerializer(serializers.Serializer):
    unit = serializers.ChoiceField(choices=["line", "item"], help_text="A line of a CSV/TSV, an item of JSON-LD.")
    position = serializers.IntegerField()
    reason = serializers.CharField()


class FactCheckImportResultSerializer(serializers.Serializer):
    import_source = serializers.CharField(help_text="The import's name the rows are stored under.")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Unchanged rows plus rows with errors.")
    skip_reasons = serializers.DictField(child=serializers.IntegerField())
    row_errors = RowErrorSerializer(many=True, help_text="The rows not imported, in file order, with why.")


class FactCheckListApi(generics.ListAPIView):
    """Archived fact-checks: newest first, or best first for a search."""

    serializer_class = FactCheckSerializer
    permission_classes = [CanReadArchive]
    filter_backends: list[Any] = []  # `q` orders by relevance; the selector does the filtering

    def get_queryset(self) -> QuerySet[FactCheck]:
        query = parse_query(FactCheckListInputSerializer, self.request)
        return factcheck_list(q=query.get("q", ""), source=query.get("source", ""))

    @extend_schema(
        operation_id="factchecks_list",
        parameters=[FactCheckListInputSerializer],
        responses={200: FactCheckSerializer(many=True), **ERRORS_READ},
        tags=["archive"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class FactCheckImportApi(APIView):
    permission_classes = [CanImportFactChecks]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="factchecks_import",
        request={
            "application/json": FactCheckImportInputSerializer,
            "multipart/form-data": FactCheckImportInputSerializer,
        },
        responses={200: FactCheckImportResultSerializer, **ERRORS_WRITE},
        tags=["archive"],
        description="Exactly one of `file` (multipart) or `claimreview` (JSON). Rows are created or updated by "
        f"(source, id); bad rows are listed in `errors` and never stop the rest. At most {API_IMPORT_MAX_ROWS} "
        "rows a request (use `manage.py import_factchecks` for more).",
    )
    def post(self, request: Request) -> Response:
        values = parse_body(FactCheckImportInputSerializer, request)
        parsed, default_source = _parsed(values)
        if len(parsed.records) + len(parsed.errors) > API_IMPORT_MAX_ROWS:
            field = "file" if values.get("file") else "claimreview"
            raise DomainError(f"At most {API_IMPORT_MAX_ROWS} rows a request; split the file.", field=field)
        source = values.get("source") or default_source
        report = factchecks_import(parsed=parsed, source=source, user=request.user)
        body = {
            "import_source": source,
            "created": report.created,
            "updated": report.updated,
            "skipped": report.skipped,
            "skip_reasons": report.skip_reasons(),
            "row_errors": [{"unit": e.unit, "position": e.position, "reason": e.reason} for e in report.errors],
        }
        return Response(FactCheckImportResultSerializer(body).data)


def _parsed(values: dict[str, Any]) -> tuple[Parsed, str]:
    """The parsed rows and the default source name; a DomainError on the field that is wrong."""
    upload, document = values.get("file"), values.get("claimreview")
    if (upload is None) == (document is None):
        raise DomainError("Send exactly one of file (multipart) or claimreview (JSON).", field="file")
    try:
        if upload is not None:
            name = upload.name or "upload"
            return parse(name, upload.read()), name.rsplit(".", 1)[0].replace(" ", "_")[:100]
        if not isinstance(document, dict | list):
            raise DomainError("Send ClaimReview JSON-LD: an object, a list or a DataFeed.", field="claimreview")
        return parse_claimreview(json.dumps(document)), ""
    except UnreadableFile as exc:
        raise DomainError(str(exc), field="file" if upload is not None else "claimreview") from None


class MatchTextInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000, help_text="A claim, as said or written.")
    top = serializers.IntegerField(min_value=1, max_value=20, default=5)


class TextMatchSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["factcheck", "claim"])
    id = serializers.IntegerField()
    external_id = serializers.CharField(allow_null=True, help_text="The imported id (fact-checks only).")
    score = serializers.FloatField()
    numbers = serializers.ChoiceField(choices=["agree", "disagree", "none"])
    decision = serializers.ChoiceField(choices=["auto", "suggest"])
    reason = serializers.CharField()


def match_text_response(request: Request) -> Response:
    """``GET /api/v1/matches/?text=...`` (served by :class:`archive.api.matches.MatchListApi`): what a
    text matches in the archive and among published verdicts, best first (at or above the suggest threshold)."""
    query = parse_query(MatchTextInputSerializer, request)
    rows = [
        {
            "kind": found.kind,
            "id": found.factcheck.pk if found.factcheck else getattr(found.claim, "pk", None),
            "external_id": found.factcheck.external_id if found.factcheck else None,
            "score": round(found.scored.score, 4),
            "numbers": found.scored.numbers,
            "decision": "auto" if found.automatic else "suggest",
            "reason": found.scored.reason,
        }
        for found in matches_for_text(query["text"], limit=query["top"])
    ]
    # The list's shape (one page, no links), so the endpoint has one answer shape with or without ``text``.
    return Response({"next": None, "previous": None, "results": TextMatchSerializer(rows, many=True).data})


urlpatterns = [
    path("factchecks/", FactCheckListApi.as_view(), name="factcheck-list"),
    path("factchecks/import", FactCheckImportApi.as_view(), name="factcheck-import"),
]
