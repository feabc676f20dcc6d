"""schema.org ClaimReview (JSON-LD) of published verdicts, for search engines and aggregators.

Published verdicts are public, so these two endpoints need no token (the anonymous rate limit
applies). They answer ``application/ld+json`` unless the client asks for ``application/json``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.claimreview import CONTENT_TYPE, claimreview_for
from claims.models import Verdict
from claims.selectors.verdicts import published_verdict, published_verdicts, rating_scale
from factcheck.api.docs import errors
from factcheck.api.pagination import ClaimReviewCursorPagination
from factcheck.api.query import parse_query
from factcheck.shortcuts import found_or_404


class JSONLDRenderer(JSONRenderer):
    media_type = CONTENT_TYPE
    format = "jsonld"


CLAIMREVIEW_SCHEMA = OpenApiResponse(OpenApiTypes.OBJECT, description="A schema.org ClaimReview (JSON-LD).")


class ClaimReviewApi(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(
        operation_id="claims_claimreview",
        responses={200: CLAIMREVIEW_SCHEMA, **errors(404, 429)},
        description="The ClaimReview of the claim's published verdict (404 until it is published).",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        verdict = found_or_404(published_verdict, claim_id, missing="Not found.")
        return Response(claimreview_for(verdict))


class SinceSerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False, help_text="Only verdicts published or corrected at or after this time."
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="claimreviews_list",
        parameters=[OpenApiParameter("since", OpenApiTypes.DATETIME, description="ISO 8601, e.g. 2026-01-31T00:00Z")],
        responses={200: OpenApiTypes.OBJECT, **errors(400, 429)},
    )
)
class ClaimReviewListApi(generics.ListAPIView):
    """Every published verdict's ClaimReview, oldest first; `since` for incremental syncs."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    pagination_class = ClaimReviewCursorPagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Verdict]:
        return published_verdicts(since=parse_query(SinceSerializer, self.request).get("since"))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        scale = rating_scale()  # once per page, not once per verdict
        return self.get_paginated_response([claimreview_for(verdict, scale=scale) for verdict in page or []])
